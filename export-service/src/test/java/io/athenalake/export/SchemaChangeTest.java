package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.List;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * A source whose tables change between snapshots. A table's schema changes — a column added, one dropped, one
 * retyped from integer to text: after the next export and crawl, the catalog has the new columns and Athena returns
 * the new rows, as PostgreSQL does. A table is dropped: the next export removes it from the lake and the catalog.
 */
@QuarkusTest
@TestProfile(SchemaChangeProfile.class)
class SchemaChangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;

    @BeforeAll
    static void database() throws Exception {
        scenario = SchemaChangeProfile.scenario();
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".items (id integer PRIMARY KEY, qty integer, label text, legacy text)",
                "INSERT INTO " + scenario.schema + ".items SELECT g, g % 7, 'item ' || g, 'old ' || g "
                        + "FROM generate_series(1, 200) AS g");
    }

    @Test
    void aColumnAddedDroppedAndRetypedAtTheSourceIsWhatAthenaShowsAfterTheNextExport() throws Exception {
        String table = "app_" + scenario.schema + "_items";
        String first = ExportIds.forSnapshot("lake", scenario.snapshot());
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(first), 1, 240_000);
        assertThat(columns(table)).containsExactly(tuple("id", "int"), tuple("qty", "int"), tuple("label", "string"),
                tuple("legacy", "string"));

        sql("ALTER TABLE " + scenario.schema + ".items ADD COLUMN price numeric(10,2)",
                "ALTER TABLE " + scenario.schema + ".items DROP COLUMN legacy",
                "ALTER TABLE " + scenario.schema + ".items ALTER COLUMN qty TYPE text USING 'qty ' || qty",
                "UPDATE " + scenario.schema + ".items SET price = id * 0.25 WHERE id % 2 = 0",
                "INSERT INTO " + scenario.schema + ".items VALUES (201, 'many', 'new item', 9.99)");
        Thread.sleep(1100); // automated snapshot names have second precision
        // a reader queries every column the table has before and after, throughout the export and the switch
        List<String> answers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean reading = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                try {
                    answers.add(athenaRows(scenario.database, "SELECT count(*), count(qty), count(label) FROM " + table)
                            .get(0).toString());
                } catch (RuntimeException | AssertionError e) {
                    answers.add("failed: " + e.getMessage());
                }
            }
        }, "reader");
        reader.start();
        String second;
        try {
            second = ExportIds.forSnapshot("lake", scenario.snapshot());
            Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(second), 1, 240_000);
            Thread.sleep(2000);
        } finally {
            reading.set(false);
            reader.join(120_000);
        }
        assertThat(List.copyOf(answers)).as("no query in between fails; each sees one export").isNotEmpty()
                .allMatch(a -> a.equals("[200, 200, 200]") || a.equals("[201, 201, 201]"))
                .contains("[201, 201, 201]");

        assertThat(columns(table)).extracting(t -> t.toList().get(0)).containsExactly("id", "qty", "label", "price");
        assertThat(columns(table)).contains(tuple("qty", "string"));
        assertThat(athenaRows(scenario.database, "SELECT id, qty, label, CAST(price AS varchar) FROM " + table + " ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, qty, label, price::text FROM " + scenario.schema + ".items ORDER BY id"));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    @Test
    void aTableDroppedAtTheSourceLeavesTheLakeAndTheCatalogWithTheNextExport() throws Exception {
        String s = scenario.schema;
        sql("CREATE TABLE " + s + ".archive (id integer PRIMARY KEY, note text)",
                "INSERT INTO " + s + ".archive SELECT g, 'archived ' || g FROM generate_series(1, 30) AS g",
                "CREATE TABLE " + s + ".kept (id integer PRIMARY KEY, note text)",
                "INSERT INTO " + s + ".kept SELECT g, 'kept ' || g FROM generate_series(1, 20) AS g");
        Thread.sleep(1100);
        String first = ExportIds.forSnapshot("lake", scenario.snapshot());
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(first), 1, 240_000);
        String archive = "app_" + s + "_archive";
        assertThat(athenaRows(scenario.database, "SELECT count(*) FROM " + archive)).containsExactly(List.of("30"));
        assertThat(lakeKeys("archive")).isNotEmpty();

        sql("DROP TABLE " + s + ".archive", "INSERT INTO " + s + ".kept VALUES (21, 'one more')");
        Thread.sleep(1100);
        String second = ExportIds.forSnapshot("lake", scenario.snapshot());
        JsonNode completed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportCompleted\"") && b.contains(second), 1, 240_000).get(0));
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(second), 1, 240_000);

        assertThat(completed.get("droppedTables")).extracting(JsonNode::asText).containsExactly("app." + s + ".archive");
        assertThat(completed.get("tables")).extracting(JsonNode::asText).doesNotContain("app." + s + ".archive")
                .contains("app." + s + ".kept");
        // its files stay for queries that may read them until the grace period (3 s here) has passed
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(lakeKeys("archive")).as("the dropped table's folder").isEmpty());
        assertThatThrownBy(() -> GLUE.getTable(b -> b.databaseName(scenario.database).name(archive)))
                .isInstanceOf(EntityNotFoundException.class);
        assertThat(athenaRows(scenario.database, "SELECT id, note FROM app_" + s + "_kept ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, note FROM " + s + ".kept ORDER BY id"));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static List<String> lakeKeys(String table) {
        return S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix("lake/app." + scenario.schema + "." + table + "/"))
                .contents().stream().map(S3Object::key).toList();
    }

    private static List<org.assertj.core.groups.Tuple> columns(String table) {
        return GLUE.getTable(b -> b.databaseName(scenario.database).name(table)).table().storageDescriptor().columns()
                .stream().map(c -> tuple(c.name(), c.type())).toList();
    }
}
