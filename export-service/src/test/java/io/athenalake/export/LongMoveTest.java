package io.athenalake.export;

import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.EventForwarder;
import io.athenalake.export.support.Scenario;
import io.athenalake.export.support.TestAws;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.athenalake.export.support.TestAws.RDS;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A move that outlasts the receive's visibility timeout several times (2 s here, 15 minutes by default against
 * moves of hours for large exports), on a queue that dead-letters after 3 receives: the completion event is kept
 * invisible while the export moves (the heartbeat), so it is neither received again nor dead-lettered meanwhile.
 */
@QuarkusTest
@TestProfile(LongMoveTest.ShortVisibility.class)
class LongMoveTest {

    static final int VISIBILITY_SECONDS = 2;

    /** The service receiving with a 2-second visibility timeout, on its own queues (3 receives before the DLQ). */
    public static class ShortVisibility implements QuarkusTestProfile {

        static Scenario scenario() {
            return Scenario.named("longmove", 3);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = scenario().config();
            config.put("athena-lake.receive.visibility-timeout-seconds", Integer.toString(VISIBILITY_SECONDS));
            config.put("athena-lake.move.concurrency", "1");
            return config;
        }
    }

    @Test
    void anExportMovedForLongerThanTheVisibilityTimeoutIsNeitherReceivedAgainNorDeadLettered() throws Exception {
        Scenario scenario = ShortVisibility.scenario();
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".t (id integer PRIMARY KEY, v text)",
                "INSERT INTO " + scenario.schema + ".t SELECT g, 'v' || g FROM generate_series(1, 100) AS g");
        EventForwarder.route(scenario.crawler, scenario.rdsEvents);
        String snapshot = TestAws.automatedSnapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"ExportStarted\"") && b.contains(exportId), 1, 60_000);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> "COMPLETE".equals(
                RDS.describeExportTasks(b -> b.exportTaskIdentifier(exportId)).exportTasks().get(0).status()));
        // a bigger export: 800 more part files in the table's folder (copies of the real one)
        String tableFolder = "exports/" + exportId + "/app/" + scenario.schema + ".t/1/";
        String part = S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix(tableFolder)).contents().get(0).key();
        IntStream.range(0, 800).parallel().forEach(i -> S3.copyObject(b -> b.sourceBucket(scenario.bucket)
                .sourceKey(part).destinationBucket(scenario.bucket)
                .destinationKey(tableFolder + String.format("part-%05d-%s-c000.parquet", i + 1, UUID.randomUUID()))));

        Instant sent = Instant.now();
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0161", "Snapshot export task completed."));
        List<String> completed = Scenario.take(scenario.lakeEvents,
                b -> b.contains("\"ExportCompleted\"") && b.contains(exportId), 1, 240_000);
        assertThat(Duration.between(sent, Instant.now())).as("the move outlasted the visibility timeout several times")
                .isGreaterThan(Duration.ofSeconds(VISIBILITY_SECONDS * 4L));
        assertThat(completed.get(0)).contains("\"objects\":801");
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId), 1, 240_000);
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 3_000)).as("dead-lettered while moving").isEmpty();
    }
}
