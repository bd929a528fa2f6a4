package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.EventForwarder;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports that finish out of order, as in an account where one export waits hours for the five-exports quota while
 * the next day's snapshot is exported: a lake table never goes back to an older snapshot, and two exports of the
 * same tables finishing together leave the newer one in the lake. The devstack exports the data as it is when
 * the export runs, so each snapshot here holds different rows and the lake shows which one it holds.
 */
@QuarkusTest
@TestProfile(OutOfOrderProfile.class)
class OutOfOrderExportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;
    private static String table;

    @BeforeAll
    static void database() throws Exception {
        scenario = OutOfOrderProfile.scenario();
        table = "app_" + scenario.schema + "_accounts";
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".accounts (id integer PRIMARY KEY, owner text, balance bigint)",
                "INSERT INTO " + scenario.schema + ".accounts SELECT g, 'owner ' || g, g * 10 FROM generate_series(1, 50) AS g");
        EventForwarder.route(scenario.crawler, scenario.rdsEvents);
    }

    @Test
    void anExportThatFinishesAfterANewerOneLeavesTheNewerInTheLakeAndSaysSo() throws Exception {
        // yesterday's snapshot: its export runs now (50 rows) but its completion is held back
        String older = scenario.exportedWithoutItsCompletionEvent();
        String olderExport = ExportIds.forSnapshot("lake", older);

        // today's snapshot, after the data changed, goes all the way through first
        sql("DELETE FROM " + scenario.schema + ".accounts WHERE id > 40",
                "UPDATE " + scenario.schema + ".accounts SET balance = -1 WHERE id = 1");
        Thread.sleep(1100); // automated snapshot names have second precision
        String newer = scenario.snapshot();
        String newerExport = ExportIds.forSnapshot("lake", newer);
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(newerExport), 1, 240_000);
        assertLakeMatchesPostgres();
        Set<String> newerObjects = lakeKeys();

        // now yesterday's export completes
        scenario.completed(older);
        JsonNode completed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportCompleted\"") && b.contains(olderExport), 1, 120_000).get(0));
        String target = "app." + scenario.schema + ".accounts";
        assertThat(completed.get("tables")).as("moved").isEmpty();
        assertThat(completed.path("staleTables").path(target).asText()).as(completed.toString())
                .contains(newer).contains(newerExport);
        assertThat(completed.get("objects").asLong()).isZero();

        assertThat(lakeKeys()).as("the lake keeps the newer export's objects").isEqualTo(newerObjects);
        assertThat(keys("exports/" + olderExport + "/")).as("the older daily folder").isEmpty();
        assertLakeMatchesPostgres();
        List<String> after = Scenario.drain(scenario.lakeEvents, 3_000);
        assertThat(after).as("nothing to crawl for the older export").noneMatch(b -> b.contains(olderExport));
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    @Test
    void twoExportsOfTheSameTablesFinishingTogetherLeaveTheNewerInTheLake() throws Exception {
        sql("INSERT INTO " + scenario.schema + ".accounts SELECT g, 'late ' || g, g FROM generate_series(1000, 1100) AS g");
        String older = scenario.exportedWithoutItsCompletionEvent();
        sql("DELETE FROM " + scenario.schema + ".accounts WHERE id BETWEEN 1000 AND 1050",
                "UPDATE " + scenario.schema + ".accounts SET owner = 'renamed' WHERE id = 2");
        Thread.sleep(1100);
        String newer = scenario.exportedWithoutItsCompletionEvent();
        String newerExport = ExportIds.forSnapshot("lake", newer);

        // both completions at once: the service handles up to four events concurrently
        scenario.completed(newer);
        scenario.completed(older);
        List<String> completions = Scenario.take(scenario.lakeEvents, b -> b.contains("\"ExportCompleted\""), 2, 240_000);
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(newerExport), 1, 240_000);

        assertLakeMatchesPostgres();
        JsonNode newerCompleted = JSON.readTree(completions.stream().filter(b -> b.contains(newerExport)).findFirst()
                .orElseThrow());
        assertThat(newerCompleted.get("tables")).extracting(JsonNode::asText)
                .containsExactly("app." + scenario.schema + ".accounts");
        String location = GLUE.getTable(b -> b.databaseName(scenario.database).name(table)).table().storageDescriptor()
                .location();
        String folder = "lake/app." + scenario.schema + ".accounts/" + newerExport + "/";
        assertThat(location).as("the table reads the newer export's folder").isEqualTo("s3://" + scenario.bucket + "/" + folder);
        assertThat(keys(folder)).as("only the newer export's objects").hasSize(newerCompleted.get("objects").asInt());
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static void assertLakeMatchesPostgres() throws Exception {
        assertThat(athenaRows(scenario.database, "SELECT id, owner, balance FROM " + table + " ORDER BY id"))
                .isEqualTo(postgresRows("SELECT id, owner, balance FROM " + scenario.schema + ".accounts ORDER BY id"));
    }

    private static Set<String> lakeKeys() {
        return keys("lake/app." + scenario.schema + ".accounts/");
    }

    private static Set<String> keys(String prefix) {
        return S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).collect(Collectors.toCollection(TreeSet::new));
    }
}
