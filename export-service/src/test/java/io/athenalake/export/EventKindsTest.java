package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.Scenario;
import io.athenalake.export.support.TestAws;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.List;
import java.util.UUID;

import static io.athenalake.export.support.TestAws.RDS;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.postgresRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every RDS event kind export-service acts on, through the real queues: Aurora cluster snapshots, automated
 * (RDS-EVENT-0169) and manual (0075), exported end to end; an export that RDS accepts and then fails
 * (0159) announced with RDS's cause and nothing moved; an export that completes with one table FAILED in its
 * table list moves the other tables and leaves that table as the lake held it, naming it in ExportCompleted.
 */
@QuarkusTest
@TestProfile(EventKindsProfile.class)
class EventKindsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;

    @BeforeAll
    static void database() throws Exception {
        scenario = EventKindsProfile.scenario();
        String s = scenario.schema;
        sql("CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".accounts (id integer PRIMARY KEY, owner text, opened date)",
                "INSERT INTO " + s + ".accounts SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'owner ' || g END, "
                        + "DATE '2020-01-01' + g FROM generate_series(1, 300) AS g",
                "CREATE TABLE " + s + ".events (id bigint PRIMARY KEY, account_id integer, kind text)",
                "INSERT INTO " + s + ".events SELECT g, 1 + g % 300, 'kind ' || (g % 4) FROM generate_series(1, 1000) AS g");
    }

    @Test
    void auroraClusterSnapshotsAutomatedAndManualAreExportedEndToEnd() throws Exception {
        String automated = scenario.clusterSnapshot();
        String automatedExport = ExportIds.forSnapshot("lake", automated);
        JsonNode started = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportStarted\"") && b.contains(automatedExport), 1, 60_000).get(0));
        assertThat(started.get("sourceIdentifier").asText()).isEqualTo("app-cluster");
        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"CatalogRefreshed\"") && b.contains(automatedExport), 1, 240_000).get(0));
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactlyInAnyOrder(table(), eventsTable());
        assertLakeMatchesPostgres();

        sql("DELETE FROM " + scenario.schema + ".accounts WHERE id > 250",
                "UPDATE " + scenario.schema + ".accounts SET owner = 'renamed' WHERE id = 1");
        String manual = RDS.createDBClusterSnapshot(b -> b.dbClusterIdentifier("app-cluster")
                .dbClusterSnapshotIdentifier("kinds-" + UUID.randomUUID().toString().substring(0, 8)))
                .dbClusterSnapshot().dbClusterSnapshotArn();
        scenario.routed(manual);
        String manualExport = ExportIds.forSnapshot("lake", manual);
        JsonNode startedManual = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportStarted\"") && b.contains(manualExport), 1, 60_000).get(0));
        assertThat(startedManual.get("sourceIdentifier").asText()).isEqualTo("app-cluster");
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(manualExport), 1, 240_000);
        assertLakeMatchesPostgres();
        assertThat(RDS.describeExportTasks(b -> b.sourceArn(manual)).exportTasks()).hasSize(1);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    @Test
    void anExportRdsFailsIsAnnouncedWithItsCauseAndNothingMoves() throws Exception {
        String snapshot = TestAws.automatedSnapshot();
        String cause = "The IAM role arn:aws:iam::000000000000:role/rds-export no longer has access to the S3 bucket "
                + scenario.bucket + " (" + UUID.randomUUID() + ")";
        DevStackAdmin.on(TestAws.stack()).failExportsOf(snapshot, cause);
        scenario.routed(snapshot);
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        List<String> lakeBefore = keys("lake/");

        JsonNode failed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportFailed\"") && b.contains(exportId), 1, 180_000).get(0));
        assertThat(failed.get("stage").asText()).isEqualTo("export");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo(cause);
        assertThat(RDS.describeExportTasks(b -> b.sourceArn(snapshot)).exportTasks())
                .singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("FAILED"));

        // the failure event again (at least once): nothing more; nothing moved, nothing crawled
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0159", "Snapshot export task failed."));
        Thread.sleep(3000);
        List<String> rest = Scenario.drain(scenario.lakeEvents, 2_000);
        assertThat(rest).noneMatch(b -> b.contains(exportId) && !b.contains("\"ExportStarted\""));
        assertThat(keys("lake/")).isEqualTo(lakeBefore);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    @Test
    void aTableRdsDidNotExportKeepsWhatTheLakeHeldAndTheOtherTablesMove() throws Exception {
        String first = scenario.snapshot();
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"")
                && b.contains(ExportIds.forSnapshot("lake", first)), 1, 240_000);
        assertLakeMatchesPostgres();
        List<List<String>> eventsBefore = postgresRows(EVENTS_IN_POSTGRES);

        sql("INSERT INTO " + scenario.schema + ".accounts VALUES (1001, 'new owner', DATE '2026-12-01')",
                "INSERT INTO " + scenario.schema + ".events VALUES (5001, 1001, 'new kind')");
        Thread.sleep(1100); // automated snapshot names have second precision
        String second = TestAws.automatedSnapshot();
        String eventsTarget = "app." + scenario.schema + ".events";
        DevStackAdmin.on(TestAws.stack()).failTablesInExportsOf(second, List.of(eventsTarget));
        scenario.routed(second);
        String secondExport = ExportIds.forSnapshot("lake", second);

        JsonNode completed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportCompleted\"") && b.contains(secondExport), 1, 240_000).get(0));
        assertThat(completed.get("tables")).extracting(JsonNode::asText).containsExactly("app." + scenario.schema + ".accounts");
        assertThat(completed.get("failedTables").properties()).singleElement().satisfies(failed -> {
            assertThat(failed.getKey()).isEqualTo(eventsTarget);
            assertThat(failed.getValue().asText()).isEqualTo("FAILED");
        });
        JsonNode refreshed = JSON.readTree(Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"CatalogRefreshed\"") && b.contains(secondExport), 1, 240_000).get(0));
        assertThat(refreshed.get("tables")).extracting(JsonNode::asText).containsExactly(table());
        assertThat(athenaRows(scenario.database, ACCOUNTS_IN_ATHENA)).as("the exported table is new")
                .isEqualTo(postgresRows(ACCOUNTS_IN_POSTGRES));
        assertThat(athenaRows(scenario.database, EVENTS_IN_ATHENA)).as("the table RDS did not export is as it was")
                .isEqualTo(eventsBefore);
        assertThat(keys("exports/" + secondExport + "/")).as("daily folder").isEmpty();
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static final String ACCOUNTS_IN_ATHENA = "SELECT id, owner, CAST(opened AS varchar) FROM "
            + "app_" + EventKindsProfile.scenario().schema + "_accounts ORDER BY id";
    private static final String ACCOUNTS_IN_POSTGRES = "SELECT id, owner, opened::text FROM "
            + EventKindsProfile.scenario().schema + ".accounts ORDER BY id";
    private static final String EVENTS_IN_ATHENA = "SELECT id, account_id, kind FROM "
            + "app_" + EventKindsProfile.scenario().schema + "_events ORDER BY id";
    private static final String EVENTS_IN_POSTGRES = "SELECT id, account_id, kind FROM "
            + EventKindsProfile.scenario().schema + ".events ORDER BY id";

    private static String table() {
        return "app_" + scenario.schema + "_accounts";
    }

    private static String eventsTable() {
        return "app_" + scenario.schema + "_events";
    }

    private static void assertLakeMatchesPostgres() throws Exception {
        assertThat(athenaRows(scenario.database, ACCOUNTS_IN_ATHENA)).isEqualTo(postgresRows(ACCOUNTS_IN_POSTGRES));
        assertThat(athenaRows(scenario.database, EVENTS_IN_ATHENA)).isEqualTo(postgresRows(EVENTS_IN_POSTGRES));
    }

    private static List<String> keys(String prefix) {
        return S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }
}
