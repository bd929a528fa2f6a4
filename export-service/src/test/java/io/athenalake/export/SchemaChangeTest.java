package io.athenalake.export;

import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.model.Column;

import java.util.List;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * A PostgreSQL table whose schema changes between two snapshots — a column added, one dropped, one retyped from
 * integer to text: after the next export and crawl, the catalog has the new columns and Athena returns the new
 * rows, as PostgreSQL does.
 */
@QuarkusTest
@TestProfile(SchemaChangeProfile.class)
class SchemaChangeTest {

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
        String second = ExportIds.forSnapshot("lake", scenario.snapshot());
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(second), 1, 240_000);

        assertThat(columns(table)).extracting(t -> t.toList().get(0)).containsExactly("id", "qty", "label", "price");
        assertThat(columns(table)).contains(tuple("qty", "string"));
        assertThat(athenaRows(scenario.database, "SELECT id, qty, label, CAST(price AS varchar) FROM " + table + " ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, qty, label, price::text FROM " + scenario.schema + ".items ORDER BY id"));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static List<org.assertj.core.groups.Tuple> columns(String table) {
        return GLUE.getTable(b -> b.databaseName(scenario.database).name(table)).table().storageDescriptor().columns()
                .stream().map(c -> tuple(c.name(), c.type())).toList();
    }
}
