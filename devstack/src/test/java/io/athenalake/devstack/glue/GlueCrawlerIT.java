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
import software.amazon.awssdk.services.glue.model.CrawlerRunningException;
import software.amazon.awssdk.services.glue.model.CrawlerState;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
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
