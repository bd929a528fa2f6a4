package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.export.RetiredFolders;
import io.athenalake.export.progress.ProgressStore;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.RDS;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real queues, in the {@code replace} layout: PostgreSQL tables → automated
 * snapshot → export → move → crawl → Athena returns exactly the PostgreSQL rows; then a second
 * snapshot after the data changed replaces the first in the lake. Along the way: the same
 * snapshot event twice starts one export, a completion event that arrives before the export
 * finished is retried, and a late duplicate of the snapshot event after everything is done changes nothing.
 */
@QuarkusTest
@TestProfile(ReplaceLayoutProfile.class)
class ReplaceLayoutPipelineTest {

    @Inject
    RetiredFolders retiredFolders;

    @Inject
    ProgressStore progress;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;

    @BeforeAll
    static void database() throws Exception {
        scenario = ReplaceLayoutProfile.scenario();
        String s = scenario.schema;
        sql("CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (id integer PRIMARY KEY, name text, balance numeric(12,2), since date, vip boolean)",
                "INSERT INTO " + s + ".customers VALUES (1, 'Ada, \"the\" first', 1234.50, DATE '1990-12-31', true), "
                        + "(2, 'Grace', -0.01, DATE '2000-02-29', false), (3, NULL, NULL, NULL, NULL)",
                "CREATE TABLE " + s + ".orders (id bigint PRIMARY KEY, customer_id integer, amount double precision, note text)",
                "INSERT INTO " + s + ".orders SELECT g, 1 + g % 3, g * 1.25, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END "
                        + "FROM generate_series(1, 5000) AS g");
    }

    @Test
    void snapshotToQueryableLakeThenReplacedByTheNextSnapshot() throws Exception {
        String snapshot = scenario.snapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        // the same event twice (EventBridge and SQS deliver at least once)
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));

        JsonNode started = JSON.readTree(Scenario.take(scenario.lakeEvents, b -> b.contains("\"ExportStarted\""), 1, 60_000).get(0));
        assertThat(started.get("exportId").asText()).isEqualTo(exportId);
        assertThat(started.get("snapshotArn").asText()).isEqualTo(snapshot);
        assertThat(started.get("sourceIdentifier").asText()).isEqualTo("app-db");
        // a completion event before the export finished: retried until it has, never moves a partial export
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0161", "Snapshot export task completed."));

        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\""), 1,
                240_000).get(0));
        assertThat(refreshed.get("exportId").asText()).isEqualTo(exportId);
        assertThat(refreshed.get("database").asText()).isEqualTo(scenario.database);
        String customers = "app_" + scenario.schema + "_customers";
        String orders = "app_" + scenario.schema + "_orders";
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactlyInAnyOrder(customers, orders);

        assertThat(RDS.describeExportTasks(b -> b.sourceArn(snapshot)).exportTasks()).hasSize(1);
        assertThat(keys("exports/" + exportId + "/")).as("daily folder").isEmpty();
        String ordersFolder = "lake/app." + scenario.schema + ".orders/";
        assertThat(keys(ordersFolder)).isNotEmpty()
                .allMatch(k -> k.matches("lake/app\\." + scenario.schema + "\\.orders/" + exportId
                        + "/1_part-\\d{5}-[0-9a-f-]+-c000\\.parquet"));
        assertThat(location(orders)).isEqualTo("s3://" + scenario.bucket + "/" + ordersFolder + exportId + "/");
        assertLakeMatchesPostgres(customers, orders);

        // the data changes; the next snapshot replaces the first in the lake
        sql("INSERT INTO " + scenario.schema + ".customers VALUES (4, 'Linus', 7.00, DATE '2024-01-01', false)",
                "DELETE FROM " + scenario.schema + ".orders WHERE id > 4000");
        Thread.sleep(1100); // automated snapshot names have second precision
        String second = scenario.snapshot();
        String secondExport = ExportIds.forSnapshot("lake", second);
        JsonNode refreshedAgain = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"CatalogRefreshed\"") && b.contains(secondExport), 1, 240_000).get(0));
        assertThat(refreshedAgain.get("exportId").asText()).isEqualTo(secondExport);
        assertThat(location(orders)).isEqualTo("s3://" + scenario.bucket + "/" + ordersFolder + secondExport + "/");
        assertLakeMatchesPostgres(customers, orders);
        // the first export's folder is retired with the switch: queries that started before it may still read it,
        // so it stays for the grace period (5 minutes here), then goes
        assertThat(retiredFolders.deleteDue(Instant.now())).as("nothing is due before the grace period").isZero();
        assertThat(keys(ordersFolder + exportId + "/")).as("the first export, during the grace period").isNotEmpty();
        assertThat(retiredFolders.deleteDue(Instant.now().plus(Duration.ofMinutes(6)))).as("retired folders deleted")
                .isEqualTo(2);
        assertThat(keys(ordersFolder)).isNotEmpty().allMatch(k -> k.startsWith(ordersFolder + secondExport + "/"));
        // a retirement of the folder the table reads (two switches interleaved across instances) deletes nothing
        progress.retire(new ProgressStore.Retired(ordersFolder + secondExport + "/", false, Instant.now(), orders));
        assertThat(retiredFolders.deleteDue(Instant.now().plus(Duration.ofMinutes(6)))).as("deleted").isZero();
        assertThat(keys(ordersFolder + secondExport + "/")).as("the folder the table reads").isNotEmpty();
        assertLakeMatchesPostgres(customers, orders);

        // a late duplicate of the first snapshot's event: nothing new
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        Thread.sleep(3000);
        List<String> rest = Scenario.drain(scenario.lakeEvents, 2_000);
        assertThat(rest).noneMatch(b -> b.contains("\"ExportStarted\"") && b.contains(exportId + "\""));
        assertThat(rest).filteredOn(b -> b.contains("\"ExportStarted\"")).hasSize(1); // the second snapshot's
        assertThat(rest).filteredOn(b -> b.contains("\"ExportCompleted\"")).hasSize(2);
        assertThat(RDS.describeExportTasks(b -> b.sourceArn(snapshot)).exportTasks()).hasSize(1);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static void assertLakeMatchesPostgres(String customers, String orders) throws Exception {
        String s = scenario.schema;
        assertThat(athenaRows(scenario.database, "SELECT id, name, CAST(balance AS varchar), CAST(since AS varchar), "
                + "CAST(vip AS varchar) FROM " + customers + " ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, name, balance::text, since::text, CASE WHEN vip THEN 'true' "
                        + "WHEN NOT vip THEN 'false' END FROM " + s + ".customers ORDER BY id"));
        assertThat(athenaRows(scenario.database, "SELECT id, customer_id, CAST(amount * 100 AS bigint), note FROM "
                + orders + " ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, customer_id, (amount * 100)::bigint, note FROM " + s
                        + ".orders ORDER BY id"));
    }

    private static String location(String table) {
        return GLUE.getTable(b -> b.databaseName(scenario.database).name(table)).table().storageDescriptor().location();
    }

    private static List<String> keys(String prefix) {
        return S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }
}
