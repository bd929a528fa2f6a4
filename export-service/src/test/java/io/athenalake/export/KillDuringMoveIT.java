package io.athenalake.export;

import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.EventForwarder;
import io.athenalake.export.support.Scenario;
import io.athenalake.export.support.TestAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.athenalake.export.support.TestAws.RDS;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged service as a real process, killed with SIGKILL in the middle of a move of an export of
 * 600 objects; a second process picks the redelivered event up and finishes from the recorded
 * progress: every object is in the lake exactly once, the daily folder is gone, and the catalog refreshed.
 */
class KillDuringMoveIT {

    private static final int EXTRA_OBJECTS = 600;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void killedMidMoveThenRestartedFinishesWithEveryObjectOnce() throws Exception {
        Scenario scenario = Scenario.named("kill");
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".t (id integer PRIMARY KEY, v text)",
                "INSERT INTO " + scenario.schema + ".t SELECT g, 'v' || g FROM generate_series(1, 100) AS g");
        EventForwarder.route(scenario.crawler, scenario.rdsEvents);

        // the service starts the export; its completion event is held back (this snapshot's events are not routed)
        Process first = start(scenario, "first");
        String snapshot = TestAws.automatedSnapshot();
        String exportId = ExportIds.forSnapshot("lake", snapshot);
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0091", "Automated snapshot created"));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                return RDS.describeExportTasks(b -> b.exportTaskIdentifier(exportId)).exportTasks().get(0).status()
                        .equals("COMPLETE");
            } catch (RuntimeException e) {
                return false;
            }
        });

        // make the export big: 2,000 more part files in the table's folder (copies of the real one)
        String tableFolder = "exports/" + exportId + "/app/" + scenario.schema + ".t/1/";
        String part = S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix(tableFolder)).contents().get(0).key();
        IntStream.range(0, EXTRA_OBJECTS).parallel().forEach(i -> S3.copyObject(b -> b.sourceBucket(scenario.bucket)
                .sourceKey(part).destinationBucket(scenario.bucket)
                .destinationKey(tableFolder + String.format("part-%05d-%s-c000.parquet", i + 1, UUID.randomUUID()))));
        Set<String> daily = names(tableFolder);
        assertThat(daily).hasSize(EXTRA_OBJECTS + 1);

        // the completion event; kill -9 once the move is well under way
        scenario.send(Scenario.rdsEnvelope(snapshot, "RDS-EVENT-0161", "Snapshot export task completed."));
        String lakeFolder = "lake/app." + scenario.schema + ".t/" + exportId + "/"; // the export's own folder
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> S3.listObjectsV2(b -> b.bucket(scenario.bucket).prefix(lakeFolder).maxKeys(1000)).keyCount() >= 150);
        first.destroyForcibly().waitFor();
        int atKill = names(lakeFolder).size();
        assertThat(atKill).as("objects in the lake when killed").isGreaterThanOrEqualTo(150).isLessThan(EXTRA_OBJECTS + 1);
        assertThat(names(tableFolder)).as("the daily folder is untouched before verification").hasSize(EXTRA_OBJECTS + 1);

        // a new process; the unacknowledged event comes back after its visibility timeout
        start(scenario, "second");
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId), 1, 300_000);

        Set<String> lake = names(lakeFolder);
        Set<String> expected = daily.stream().map(n -> "1_" + n).collect(Collectors.toCollection(TreeSet::new));
        assertThat(lake).as("every object in the lake, once").isEqualTo(expected);
        assertThat(names("exports/" + exportId + "/")).as("daily folder").isEmpty();
        List<String> completed = Scenario.drain(scenario.lakeEvents, 2_000).stream()
                .filter(b -> b.contains("\"ExportCompleted\"")).toList();
        assertThat(completed).hasSize(1).allMatch(b -> b.contains("\"objects\":" + (EXTRA_OBJECTS + 1)));
    }

    private Process start(Scenario scenario, String name) throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        assertThat(jar).exists();
        Map<String, String> config = scenario.config();
        config.put("athena-lake.receive.visibility-timeout-seconds", "10");
        config.put("athena-lake.move.concurrency", "2");
        config.put("quarkus.http.port", "0");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        File log = Path.of("target", "kill-during-move-" + name + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(process);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300))
                .until(() -> Files.readString(log.toPath()).contains("started in") || !process.isAlive());
        assertThat(process.isAlive()).as("service process " + name + " (see " + log + ")").isTrue();
        return process;
    }

    private static Set<String> names(String prefix) {
        return S3.listObjectsV2Paginator(b -> b.bucket(Scenario.named("kill").bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).map(k -> k.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new));
    }
}
