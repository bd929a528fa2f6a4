package io.athenalake.devstack.glue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.devstack.AwsClients;
import io.athenalake.devstack.athena.Lake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.LastCrawlStatus;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The Glue catalog and crawler through {@link GlueClient}; what they register is what Athena queries. */
class GlueCrawlerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AthenaClient athena;
    private static GlueClient glue;
    private static SqsClient sqs;

    @BeforeAll
    static void clients() {
        athena = AwsClients.athena();
        glue = AwsClients.glue();
        sqs = AwsClients.sqs();
    }

    @AfterAll
    static void close() {
        athena.close();
        glue.close();
        sqs.close();
    }

    @Test
    void aCrawlRegistersPartitionedTablesAndASecondCrawlPicksUpNewPartitionsAndColumns() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String root = "s3://lake/crawl-" + id + "/";
        String database = "crawl_" + id;
        Lake.writeParquet(athena, root + "orders/region=eu/", "SELECT o_orderkey AS orderkey, o_totalprice AS price, "
                + "o_orderdate AS ordered FROM tpch.tiny.orders WHERE o_orderkey < 1000");
        Lake.writeParquet(athena, root + "orders/region=us/", "SELECT o_orderkey AS orderkey, o_totalprice AS price, "
                + "o_orderdate AS ordered FROM tpch.tiny.orders WHERE o_orderkey BETWEEN 1000 AND 1999");
        Lake.writeParquet(athena, root + "Nation Names/", "SELECT n_nationkey, n_name, CAST(n_regionkey AS decimal(5, 1)) AS region "
                + "FROM tpch.tiny.nation");
        String crawler = "crawler-" + id;
        glue.createCrawler(b -> b.name(crawler).role("arn:aws:iam::000000000000:role/glue-crawler").databaseName(database)
                .targets(t -> t.s3Targets(s -> s.path(root))));

        crawl(crawler);

        Table orders = glue.getTable(b -> b.databaseName(database).name("orders")).table();
        assertThat(orders.storageDescriptor().columns()).extracting(Column::name, Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orderkey", "bigint"),
                        org.assertj.core.groups.Tuple.tuple("price", "double"),
                        org.assertj.core.groups.Tuple.tuple("ordered", "date"));
        assertThat(orders.partitionKeys()).extracting(Column::name).containsExactly("region");
        assertThat(orders.storageDescriptor().serdeInfo().serializationLibrary()).contains("ParquetHiveSerDe");
        assertThat(glue.getPartitions(b -> b.databaseName(database).tableName("orders")).partitions())
                .extracting(p -> p.values().get(0)).containsExactlyInAnyOrder("eu", "us");
        assertThat(glue.getTable(b -> b.databaseName(database).name("nation_names")).table()
                .storageDescriptor().columns()).extracting(Column::type).containsExactly("bigint", "string", "decimal(5,1)");

        assertThat(Lake.rows(athena, "SELECT region, count(*), sum(orderkey) FROM " + database + ".orders GROUP BY region ORDER BY region"))
                .isEqualTo(Lake.rows(athena, "SELECT CASE WHEN o_orderkey < 1000 THEN 'eu' ELSE 'us' END, count(*), sum(o_orderkey) "
                        + "FROM tpch.tiny.orders WHERE o_orderkey < 2000 GROUP BY 1 ORDER BY 1"));
        assertThat(Lake.rows(athena, "SELECT count(*) FROM " + database + ".nation_names")).containsExactly(List.of("25"));

        JsonNode event = JSON.readTree(Lake.receive(sqs, AwsClients.stack().queueUrls().get("rds-events"),
                body -> body.contains("\"crawlerName\":\"" + crawler + "\"") && body.contains("\"Succeeded\""), 1, 30_000).get(0));
        assertThat(event.get("detail-type").asText()).isEqualTo("Glue Crawler State Change");
        assertThat(event.get("source").asText()).isEqualTo("aws.glue");
        assertThat(event.at("/detail/tablesCreated").asText()).isEqualTo("2");
        assertThat(event.at("/detail/partitionsCreated").asText()).isEqualTo("2");

        // new files: a partition with an extra column
        Lake.writeParquet(athena, root + "orders/region=ap/", "SELECT o_orderkey AS orderkey, o_totalprice AS price, "
                + "o_orderdate AS ordered, o_orderpriority AS priority FROM tpch.tiny.orders WHERE o_orderkey BETWEEN 2000 AND 2999");
        crawl(crawler);

        assertThat(glue.getTable(b -> b.databaseName(database).name("orders")).table().storageDescriptor().columns())
                .extracting(Column::name).containsExactly("orderkey", "price", "ordered", "priority");
        assertThat(glue.getPartitions(b -> b.databaseName(database).tableName("orders")).partitions())
                .extracting(Partition::values).hasSize(3);
        assertThat(Lake.rows(athena, "SELECT count(*), count(priority) FROM " + database + ".orders"))
                .isEqualTo(Lake.rows(athena, "SELECT count(*), count_if(o_orderkey >= 2000) FROM tpch.tiny.orders WHERE o_orderkey < 3000"));
        Lake.receive(sqs, AwsClients.stack().queueUrls().get("rds-events"),
                body -> body.contains("\"crawlerName\":\"" + crawler + "\"") && body.contains("\"partitionsCreated\":\"1\""), 1, 30_000);
    }

    /**
     * A table whose files were replaced by files of another schema (a column added, one dropped, one retyped, as
     * after a source's ALTER TABLE): by default the crawl makes the table's columns those of the files, as Glue
     * documents for UPDATE_IN_DATABASE; a crawler configured with MergeNewColumns only appends the new column.
     */
    @Test
    void aRecrawlReplacesAChangedSchemaUnlessTheCrawlerOnlyAddsNewColumns() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String database = "schema_" + id;
        String byDefault = "s3://lake/schema-" + id + "/default/";
        String merging = "s3://lake/schema-" + id + "/merging/";
        String before = "SELECT n_nationkey AS id, CAST(n_regionkey AS integer) AS region, n_name AS name FROM tpch.tiny.nation";
        String after = "SELECT n_nationkey AS id, CAST(n_regionkey AS varchar) AS region, n_nationkey * 1.5e0 AS weight "
                + "FROM tpch.tiny.nation";
        for (String root : List.of(byDefault, merging)) {
            Lake.writeParquet(athena, root + "nations/", before);
        }
        glue.createCrawler(b -> b.name("schema-" + id).role("glue-role").databaseName(database).tablePrefix("default_")
                .targets(t -> t.s3Targets(s -> s.path(byDefault))));
        glue.createCrawler(b -> b.name("merging-" + id).role("glue-role").databaseName(database).tablePrefix("merging_")
                .targets(t -> t.s3Targets(s -> s.path(merging)))
                .configuration("{\"Version\":1.0,\"CrawlerOutput\":{\"Tables\":{\"AddOrUpdateBehavior\":\"MergeNewColumns\"}}}"));
        crawl("schema-" + id);
        crawl("merging-" + id);

        try (var s3 = AwsClients.s3()) {
            for (String root : List.of(byDefault, merging)) {
                String prefix = root.substring("s3://lake/".length()) + "nations/";
                s3.listObjectsV2Paginator(b -> b.bucket("lake").prefix(prefix)).contents()
                        .forEach(o -> s3.deleteObject(b -> b.bucket("lake").key(o.key())));
                Lake.writeParquet(athena, root + "nations/", after);
            }
        }
        crawl("schema-" + id);
        crawl("merging-" + id);

        assertThat(glue.getTable(b -> b.databaseName(database).name("default_nations")).table().storageDescriptor().columns())
                .extracting(Column::name, Column::type).containsExactly(org.assertj.core.groups.Tuple.tuple("id", "bigint"),
                        org.assertj.core.groups.Tuple.tuple("region", "string"),
                        org.assertj.core.groups.Tuple.tuple("weight", "double"));
        assertThat(Lake.rows(athena, "SELECT id, region, weight FROM " + database + ".default_nations ORDER BY id"))
                .isEqualTo(Lake.rows(athena, after + " ORDER BY id"));
        assertThat(glue.getTable(b -> b.databaseName(database).name("merging_nations")).table().storageDescriptor().columns())
                .extracting(Column::name, Column::type).containsExactly(org.assertj.core.groups.Tuple.tuple("id", "bigint"),
                        org.assertj.core.groups.Tuple.tuple("region", "int"),
                        org.assertj.core.groups.Tuple.tuple("name", "string"),
                        org.assertj.core.groups.Tuple.tuple("weight", "double"));
    }

    @Test
    void aCrawlerStartedTwiceAnswersCrawlerRunning() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String root = "s3://lake/busy-" + id + "/";
        for (int i = 0; i < 20; i++) {
            Lake.writeParquet(athena, root + "t/part=" + i + "/", "SELECT " + i + " AS n");
        }
        String crawler = "busy-" + id;
        glue.createCrawler(b -> b.name(crawler).role("glue-role").databaseName("busy_" + id)
                .targets(t -> t.s3Targets(s -> s.path(root))));

        glue.startCrawler(b -> b.name(crawler));
        assertThatThrownBy(() -> glue.startCrawler(b -> b.name(crawler))).isInstanceOf(CrawlerRunningException.class);

        await().atMost(Duration.ofMinutes(1)).until(() -> glue.getCrawler(b -> b.name(crawler)).crawler().state() == CrawlerState.READY);
        assertThat(glue.getPartitions(b -> b.databaseName("busy_" + id).tableName("t")).partitions()).hasSize(20);

        // stopped while running: the crawl ends CANCELLED; stopping an idle crawler is refused
        glue.startCrawler(b -> b.name(crawler));
        glue.stopCrawler(b -> b.name(crawler));
        await().atMost(Duration.ofMinutes(1)).until(() -> glue.getCrawler(b -> b.name(crawler)).crawler().state() == CrawlerState.READY);
        assertThat(glue.getCrawler(b -> b.name(crawler)).crawler().lastCrawl().status()).isEqualTo(LastCrawlStatus.CANCELLED);
        assertThatThrownBy(() -> glue.stopCrawler(b -> b.name(crawler)))
                .isInstanceOf(software.amazon.awssdk.services.glue.model.CrawlerNotRunningException.class);
        assertThatThrownBy(() -> glue.getTable(b -> b.name("t")))
                .isInstanceOf(software.amazon.awssdk.services.glue.model.InvalidInputException.class)
                .hasMessageContaining("databaseName");
        assertThatThrownBy(() -> glue.createCrawler(b -> b.name(crawler).role("r").databaseName("x")
                .targets(t -> t.s3Targets(s -> s.path(root))))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> glue.startCrawler(b -> b.name("no-such-crawler"))).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> glue.getTable(b -> b.databaseName("busy_" + id).name("nope"))).isInstanceOf(EntityNotFoundException.class);
    }

    /**
     * {@code Grouping.TableLevelConfiguration}, as Glue documents it: the tables are the folders at that absolute level
     * from the bucket (the top folder is level 1) and every deeper folder is a partition — whether the target is the
     * bucket, a folder above the tables (export-service's {@code s3://<bucket>/lake/}) or a table folder itself. The
     * layout is export-service's replace layout, {@code lake/<db.schema.table>/<exportId>/}. Without the level, a crawl
     * of the bucket would make one table {@code lake} and one of a table folder a table per export.
     */
    @Test
    void aTableLevelMakesTheFoldersAtThatLevelTablesAndEveryDeeperFolderAPartition() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String bucket = "levels-" + id;
        try (var s3 = AwsClients.s3()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        String lake = "s3://" + bucket + "/lake/";
        Lake.writeParquet(athena, lake + "app.s.nations/e1/", "SELECT n_nationkey AS id, n_name AS name FROM tpch.tiny.nation");
        Lake.writeParquet(athena, lake + "app.s.nations/e2/",
                "SELECT n_nationkey AS id, n_name AS name FROM tpch.tiny.nation WHERE n_nationkey < 10");
        Lake.writeParquet(athena, lake + "app.s.regions/e1/", "SELECT r_regionkey AS id, r_name AS name FROM tpch.tiny.region");
        String levelTwo = "{\"Version\":1.0,\"Grouping\":{\"TableGroupingPolicy\":\"CombineCompatibleSchemas\",\"TableLevelConfiguration\":2}}";
        glue.createCrawler(b -> b.name("levels-bucket-" + id).role("glue-role").databaseName("levels_bucket_" + id)
                .configuration(levelTwo).targets(t -> t.s3Targets(x -> x.path("s3://" + bucket + "/"))));
        glue.createCrawler(b -> b.name("levels-lake-" + id).role("glue-role").databaseName("levels_lake_" + id)
                .tablePrefix("staged_").configuration(levelTwo).targets(t -> t.s3Targets(x -> x.path(lake))));
        glue.createCrawler(b -> b.name("levels-table-" + id).role("glue-role").databaseName("levels_table_" + id)
                .configuration(levelTwo).targets(t -> t.s3Targets(x -> x.path(lake + "app.s.nations/"))));
        crawl("levels-bucket-" + id);
        crawl("levels-lake-" + id);
        crawl("levels-table-" + id);

        for (String database : List.of("levels_bucket_" + id, "levels_lake_" + id)) {
            String prefix = database.startsWith("levels_lake_") ? "staged_" : "";
            assertThat(glue.getTables(b -> b.databaseName(database)).tableList()).extracting(Table::name)
                    .containsExactlyInAnyOrder(prefix + "app_s_nations", prefix + "app_s_regions");
            Table nations = glue.getTable(b -> b.databaseName(database).name(prefix + "app_s_nations")).table();
            assertThat(nations.storageDescriptor().location()).isEqualTo(lake + "app.s.nations/");
            assertThat(nations.partitionKeys()).extracting(Column::name, Column::type)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("partition_0", "string"));
            assertThat(glue.getPartitions(b -> b.databaseName(database).tableName(prefix + "app_s_nations")).partitions())
                    .extracting(p -> p.values(), p -> p.storageDescriptor().location())
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(List.of("e1"), lake + "app.s.nations/e1/"),
                            org.assertj.core.groups.Tuple.tuple(List.of("e2"), lake + "app.s.nations/e2/"));
            assertThat(glue.getPartitions(b -> b.databaseName(database).tableName(prefix + "app_s_regions")).partitions())
                    .extracting(Partition::values).containsExactly(List.of("e1"));
        }
        // a target at the table level: the target folder is the table
        assertThat(glue.getTables(b -> b.databaseName("levels_table_" + id)).tableList()).extracting(Table::name)
                .containsExactly("app_s_nations");
        assertThat(glue.getPartitions(b -> b.databaseName("levels_table_" + id).tableName("app_s_nations")).partitions())
                .extracting(Partition::values).containsExactlyInAnyOrder(List.of("e1"), List.of("e2"));
        // what the crawl registered is what Athena reads
        assertThat(Lake.rows(athena, "SELECT partition_0, count(*) FROM levels_bucket_" + id + ".app_s_nations GROUP BY 1 ORDER BY 1"))
                .containsExactly(List.of("e1", "25"), List.of("e2", "10"));

        assertThatThrownBy(() -> glue.createCrawler(b -> b.name("levels-zero-" + id).role("glue-role").databaseName("x")
                .configuration("{\"Version\":1.0,\"Grouping\":{\"TableLevelConfiguration\":0}}")
                .targets(t -> t.s3Targets(x -> x.path(lake))))).isInstanceOf(InvalidInputException.class);
    }

    /**
     * Each partition's schema is that of its own files, as a Glue crawler records it (a column added and one retyped
     * between two export folders), and follows them when they change (the same folder rewritten with another schema:
     * UpdatePartition on the next crawl); with {@code CrawlerOutput.Partitions.AddOrUpdateBehavior InheritFromTable}
     * every partition has the table's columns instead. The table's columns are those of all its files.
     */
    @Test
    void eachPartitionHasTheColumnsOfItsOwnFilesUnlessItInheritsTheTables() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String root = "s3://lake/partition-schemas-" + id + "/";
        Lake.writeParquet(athena, root + "nations/e1/",
                "SELECT n_nationkey AS id, CAST(n_regionkey AS integer) AS region FROM tpch.tiny.nation");
        Lake.writeParquet(athena, root + "nations/e2/",
                "SELECT n_nationkey AS id, CAST(n_regionkey AS varchar) AS region, n_name AS name FROM tpch.tiny.nation");
        String own = "own_" + id;
        String inherit = "inherit_" + id;
        glue.createCrawler(b -> b.name("own-" + id).role("glue-role").databaseName(own)
                .targets(t -> t.s3Targets(x -> x.path(root))));
        glue.createCrawler(b -> b.name("inherit-" + id).role("glue-role").databaseName(inherit)
                .configuration("{\"Version\":1.0,\"CrawlerOutput\":{\"Partitions\":{\"AddOrUpdateBehavior\":\"InheritFromTable\"}}}")
                .targets(t -> t.s3Targets(x -> x.path(root))));
        crawl("own-" + id);
        crawl("inherit-" + id);

        for (String database : List.of(own, inherit)) {
            assertThat(glue.getTable(b -> b.databaseName(database).name("nations")).table().storageDescriptor().columns())
                    .extracting(Column::name, Column::type).containsExactly(tuple("id", "bigint"), tuple("region", "int"),
                            tuple("name", "string"));
        }
        assertThat(partitionColumns(own, "nations", "e1")).containsExactly(tuple("id", "bigint"), tuple("region", "int"));
        assertThat(partitionColumns(own, "nations", "e2"))
                .containsExactly(tuple("id", "bigint"), tuple("region", "string"), tuple("name", "string"));
        for (String export : List.of("e1", "e2")) {
            assertThat(partitionColumns(inherit, "nations", export))
                    .containsExactly(tuple("id", "bigint"), tuple("region", "int"), tuple("name", "string"));
        }

        // e1 rewritten with another schema: its partition follows on the next crawl, e2's stays
        try (var s3 = AwsClients.s3()) {
            String prefix = "partition-schemas-" + id + "/nations/e1/";
            s3.listObjectsV2Paginator(b -> b.bucket("lake").prefix(prefix)).contents()
                    .forEach(o -> s3.deleteObject(b -> b.bucket("lake").key(o.key())));
        }
        Lake.writeParquet(athena, root + "nations/e1/", "SELECT CAST(n_nationkey AS varchar) AS id, n_comment AS note FROM tpch.tiny.nation");
        crawl("own-" + id);
        crawl("inherit-" + id);

        assertThat(partitionColumns(own, "nations", "e1")).containsExactly(tuple("id", "string"), tuple("note", "string"));
        assertThat(partitionColumns(own, "nations", "e2"))
                .containsExactly(tuple("id", "bigint"), tuple("region", "string"), tuple("name", "string"));
        List<org.assertj.core.groups.Tuple> table = glue.getTable(b -> b.databaseName(inherit).name("nations")).table()
                .storageDescriptor().columns().stream().map(c -> tuple(c.name(), c.type())).toList();
        assertThat(table).contains(tuple("id", "string"), tuple("note", "string"));
        for (String export : List.of("e1", "e2")) {
            assertThat(partitionColumns(inherit, "nations", export)).isEqualTo(table);
        }
    }

    /**
     * UpdateTable with a {@code VersionId} is Glue's optimistic lock: the version read with GetTable must still be
     * the table's, otherwise ConcurrentModificationException (400) and nothing changes. A new table is at version 0
     * and every update advances it; an update without a version goes through as always.
     */
    @Test
    void updateTableWithAStaleVersionIsRefused() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String database = "versions_" + id;
        glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
        glue.createTable(b -> b.databaseName(database).tableInput(t -> t.name("t")
                .storageDescriptor(sd -> sd.location("s3://lake/v/one/"))));
        Table created = glue.getTable(b -> b.databaseName(database).name("t")).table();
        assertThat(created.versionId()).isEqualTo("0");
        assertThat(glue.getTables(b -> b.databaseName(database)).tableList()).extracting(Table::versionId).containsExactly("0");

        glue.updateTable(b -> b.databaseName(database).versionId(created.versionId())
                .tableInput(t -> t.name("t").storageDescriptor(sd -> sd.location("s3://lake/v/two/"))));
        Table updated = glue.getTable(b -> b.databaseName(database).name("t")).table();
        assertThat(updated.versionId()).isEqualTo("1");
        assertThat(updated.storageDescriptor().location()).isEqualTo("s3://lake/v/two/");

        assertThatThrownBy(() -> glue.updateTable(b -> b.databaseName(database).versionId(created.versionId())
                .tableInput(t -> t.name("t").storageDescriptor(sd -> sd.location("s3://lake/v/three/")))))
                .isInstanceOfSatisfying(ConcurrentModificationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Update table failed due to concurrent modifications.");
                });
        Table unchanged = glue.getTable(b -> b.databaseName(database).name("t")).table();
        assertThat(unchanged.storageDescriptor().location()).isEqualTo("s3://lake/v/two/");
        assertThat(unchanged.versionId()).isEqualTo("1");

        // without a version the update goes through, as before
        glue.updateTable(b -> b.databaseName(database).tableInput(t -> t.name("t").storageDescriptor(sd -> sd.location("s3://lake/v/four/"))));
        assertThat(glue.getTables(b -> b.databaseName(database)).tableList()).extracting(Table::versionId).containsExactly("2");
    }

    private static List<org.assertj.core.groups.Tuple> partitionColumns(String database, String table, String value) {
        return glue.getPartition(b -> b.databaseName(database).tableName(table).partitionValues(value)).partition()
                .storageDescriptor().columns().stream().map(c -> tuple(c.name(), c.type())).toList();
    }

    private static void crawl(String crawler) {
        glue.startCrawler(b -> b.name(crawler));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var state = glue.getCrawler(b -> b.name(crawler)).crawler();
            return state.state() == CrawlerState.READY && state.lastCrawl() != null;
        });
        var last = glue.getCrawler(b -> b.name(crawler)).crawler().lastCrawl();
        assertThat(last.status()).as(last.errorMessage()).isEqualTo(LastCrawlStatus.SUCCEEDED);
    }
}
