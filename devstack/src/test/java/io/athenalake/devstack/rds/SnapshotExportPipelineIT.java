package io.athenalake.devstack.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.devstack.AwsClients;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.devstack.athena.Lake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.ExportTask;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline export-service drives, on the devstack, through the real clients: a
 * PostgreSQL database → automated snapshot (event) → export in RDS's layout (event) → crawl
 * (event) → an Athena query returns exactly the PostgreSQL rows.
 */
class SnapshotExportPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String schema;

    @BeforeAll
    static void database() throws Exception {
        schema = "pipeline_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection postgres = AwsClients.postgres(); Statement statement = postgres.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".customers (id integer PRIMARY KEY, name text, "
                    + "balance numeric(12,2), since date, vip boolean)");
            statement.execute("INSERT INTO " + schema + ".customers VALUES (1, 'Ada, \"the\" first', 1234.50, DATE '1990-12-31', true), "
                    + "(2, 'Grace', -0.01, DATE '2000-02-29', false), (3, NULL, NULL, NULL, NULL)");
            statement.execute("CREATE TABLE " + schema + ".orders (id bigint PRIMARY KEY, customer_id integer, "
                    + "placed_at timestamp, amount double precision, note text)");
            statement.execute("INSERT INTO " + schema + ".orders SELECT g, 1 + g % 3, TIMESTAMP '2024-01-01 00:00:00' "
                    + "+ g * INTERVAL '1 second' + (g % 1000) * INTERVAL '1 millisecond', g * 1.25, "
                    + "CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END FROM generate_series(1, 100000) AS g");
            statement.execute("CREATE TABLE " + schema + ".events (id integer PRIMARY KEY, kind text, happened_on date)");
            statement.execute("INSERT INTO " + schema + ".events VALUES (1, 'signup', DATE '2024-05-01'), (2, 'login', NULL)");
        }
    }

    @AfterAll
    static void purgeEvents() {
        try (SqsClient sqs = AwsClients.sqs()) {
            sqs.purgeQueue(b -> b.queueUrl(AwsClients.stack().queueUrls().get("rds-events")));
        }
    }

    @Test
    void snapshotExportCrawlQuery() throws Exception {
        String events = AwsClients.stack().queueUrls().get("rds-events");
        try (RdsClient rds = AwsClients.rds(); S3Client s3 = AwsClients.s3(); SqsClient sqs = AwsClients.sqs();
             GlueClient glue = AwsClients.glue(); AthenaClient athena = AwsClients.athena()) {
            // 1. RDS takes its automated snapshot, announced as RDS-EVENT-0091
            String snapshotArn = DevStackAdmin.on(AwsClients.stack()).automatedSnapshotOfInstance("app-db");
            JsonNode created = JSON.readTree(Lake.receive(sqs, events, body -> body.contains(snapshotArn)
                    && body.contains("RDS-EVENT-0091"), 1, 30_000).get(0));
            assertThat(created.get("detail-type").asText()).isEqualTo("RDS DB Snapshot Event");
            assertThat(created.at("/detail/SourceType").asText()).isEqualTo("SNAPSHOT");
            assertThat(created.at("/detail/EventCategories/0").asText()).isEqualTo("creation");
            assertThat(rds.describeDBSnapshots(b -> b.dbInstanceIdentifier("app-db").snapshotType("automated"))
                    .dbSnapshots()).anySatisfy(s -> assertThat(s.dbSnapshotArn()).isEqualTo(snapshotArn));

            // 2. export it
            String exportId = "export-" + schema.replace('_', '-');
            s3.createBucket(b -> b.bucket(exportId));
            rds.startExportTask(b -> b.exportTaskIdentifier(exportId).sourceArn(snapshotArn).s3BucketName(exportId)
                    .s3Prefix("daily").iamRoleArn("arn:aws:iam::000000000000:role/rds-export")
                    .kmsKeyId("arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab")
                    .exportOnly("app." + schema));
            ExportTask task = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(
                    () -> rds.describeExportTasks(b -> b.exportTaskIdentifier(exportId)).exportTasks().get(0),
                    t -> !t.status().equals("STARTING") && !t.status().equals("IN_PROGRESS"));
            assertThat(task.status()).as(task.failureCause()).isEqualTo("COMPLETE");
            Lake.receive(sqs, events, body -> body.contains(snapshotArn) && body.contains("RDS-EVENT-0161"), 1, 30_000);

            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(exportId).prefix("daily/" + exportId + "/"))
                    .contents().stream().map(S3Object::key).toList();
            for (String table : List.of("customers", "orders", "events")) {
                assertThat(keys).anyMatch(k -> k.matches("daily/" + exportId + "/app/" + schema + "\\." + table
                        + "/1/part-\\d{5}-[0-9a-f-]+-c000\\.parquet"));
            }
            assertThat(keys).contains("daily/" + exportId + "/export_info_" + exportId + ".json",
                    "daily/" + exportId + "/export_tables_info_" + exportId + "_from_1_to_3.json");
            JsonNode tablesInfo = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(exportId)
                    .key("daily/" + exportId + "/export_tables_info_" + exportId + "_from_1_to_3.json")).asByteArray());
            List<String> targets = new ArrayList<>();
            tablesInfo.get("perTableStatus").forEach(t -> targets.add(t.get("target").asText()));
            assertThat(targets).containsExactlyInAnyOrder("app." + schema + ".customers", "app." + schema + ".orders",
                    "app." + schema + ".events");

            // 3. crawl the export
            String database = "export_" + schema;
            String crawler = "crawl-" + exportId;
            glue.createCrawler(b -> b.name(crawler).role("arn:aws:iam::000000000000:role/glue").databaseName(database)
                    .targets(t -> t.s3Targets(x -> x.path("s3://" + exportId + "/daily/" + exportId + "/app/"))));
            glue.startCrawler(b -> b.name(crawler));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                var c = glue.getCrawler(b -> b.name(crawler)).crawler();
                return c.state() == CrawlerState.READY && c.lastCrawl() != null;
            });
            assertThat(glue.getCrawler(b -> b.name(crawler)).crawler().lastCrawl().status()).isEqualTo(LastCrawlStatus.SUCCEEDED);
            Lake.receive(sqs, events, body -> body.contains(crawler) && body.contains("Succeeded"), 1, 30_000);
            String table = schema + "_orders";
            assertThat(glue.getTable(b -> b.databaseName(database).name(table)).table().partitionKeys())
                    .extracting(k -> k.name()).containsExactly("partition_0");

            // 4. Athena returns exactly the PostgreSQL rows
            assertThat(Lake.rows(athena, "SELECT id, name, CAST(balance AS varchar), since, vip FROM " + database + "."
                    + schema + "_customers ORDER BY id"))
                    .isEqualTo(postgresRows("SELECT id, name, balance::text, since::text, CASE WHEN vip THEN 'true' "
                            + "WHEN NOT vip THEN 'false' END FROM " + schema + ".customers ORDER BY id"));
            assertThat(Lake.rows(athena, "SELECT id, customer_id, CAST(placed_at AS varchar), CAST(amount * 100 AS bigint), note FROM "
                    + database + "." + schema + "_orders ORDER BY id"))
                    .hasSize(100_000)
                    .isEqualTo(postgresRows("SELECT id, customer_id, to_char(placed_at, 'YYYY-MM-DD HH24:MI:SS.MS'), "
                            + "(amount * 100)::bigint, note FROM " + schema + ".orders ORDER BY id"));
            assertThat(Lake.rows(athena, "SELECT id, kind, happened_on FROM " + database + "." + schema + "_events ORDER BY id"))
                    .isEqualTo(postgresRows("SELECT id, kind, happened_on::text FROM " + schema + ".events ORDER BY id"));
        }
    }

    private static List<List<String>> postgresRows(String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection postgres = AwsClients.postgres(); Statement statement = postgres.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
