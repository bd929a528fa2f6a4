package io.athenalake.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.export.export.ExportIds;
import io.athenalake.export.support.EventForwarder;
import io.athenalake.export.support.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static io.athenalake.export.support.TestAws.GLUE;
import static io.athenalake.export.support.TestAws.S3;
import static io.athenalake.export.support.TestAws.athenaRows;
import static io.athenalake.export.support.TestAws.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reader counts a lake table through Athena, again and again, while exports of it overlap and finish out of order,
 * as they do in an account: every answer must be one export's count — never two exports' rows at once (the move of
 * the next export and the table's previous one), never part of one, never an older snapshot after a newer one — and no
 * query fails, also when the previous export's folder is deleted after the grace period.
 */
@QuarkusTest
@TestProfile(ReaderProfile.class)
class ReaderDuringExportsTest {

    private static final Logger LOG = Logger.getLogger(ReaderDuringExportsTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Scenario scenario;
    private static String table;

    @BeforeAll
    static void database() throws Exception {
        scenario = ReaderProfile.scenario();
        table = "app_" + scenario.schema + "_counted";
        sql("CREATE SCHEMA " + scenario.schema,
                "CREATE TABLE " + scenario.schema + ".counted (id integer PRIMARY KEY, payload text)",
                "INSERT INTO " + scenario.schema + ".counted SELECT g, repeat('x', 200) FROM generate_series(1, 1000) AS g");
        EventForwarder.route(scenario.crawler, scenario.rdsEvents);
    }

    @Test
    void everyAnswerDuringOverlappingAndLateExportsIsExactlyOneExportsCount() throws Exception {
        // three snapshots of different sizes, exported by RDS; their completions are the test's to send
        String first = scenario.exportedWithoutItsCompletionEvent();
        sql("INSERT INTO " + scenario.schema + ".counted SELECT g, repeat('y', 200) FROM generate_series(1001, 2500) AS g");
        Thread.sleep(1100); // automated snapshot names have second precision
        String second = scenario.exportedWithoutItsCompletionEvent();
        sql("DELETE FROM " + scenario.schema + ".counted WHERE id > 1800");
        Thread.sleep(1100);
        String third = scenario.exportedWithoutItsCompletionEvent();
        List<Long> counts = List.of(1000L, 2500L, 1800L);

        scenario.completed(first);
        Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId(first)), 1, 240_000);

        List<String> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                try {
                    answers.add(athenaRows(scenario.database, "SELECT count(*) FROM " + table).get(0).get(0));
                } catch (RuntimeException | AssertionError e) {
                    answers.add("failed: " + e.getMessage());
                }
            }
        }, "reader");
        reader.start();
        try {
            // the newest first, the middle one at the same time (overlapping moves, crawls and switches), then the
            // first one's completion again, late
            scenario.completed(third);
            scenario.completed(second);
            Scenario.take(scenario.lakeEvents, b -> b.contains("\"CatalogRefreshed\"") && b.contains(exportId(third)),
                    1, 240_000);
            scenario.completed(first);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    stage(second).equals("DONE") && stage(first).equals("DONE"));
            // keep reading past the grace period (20 s), through the deletion of the retired folders
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> lakeFolders().equals(Set.of(exportId(third))));
            Thread.sleep(3000);
        } finally {
            reading.set(false);
            reader.join(180_000);
        }

        List<String> seen = List.copyOf(answers);
        LOG.infof("reader: %d answers during the exports: %s", seen.size(), seen.stream().distinct().toList());
        assertThat(seen).as("every answer is one export's whole table").isNotEmpty()
                .allMatch(a -> counts.stream().anyMatch(c -> a.equals(Long.toString(c))));
        int firstOfThird = seen.indexOf("1800");
        assertThat(firstOfThird).as("the newest export became visible").isGreaterThanOrEqualTo(0);
        assertThat(seen.subList(firstOfThird, seen.size())).as("never back in time once the newest showed")
                .allMatch("1800"::equals);
        assertThat(seen.size()).as("the reader overlapped the switch").isGreaterThan(firstOfThird);
        assertThat(GLUE.getTable(b -> b.databaseName(scenario.database).name(table)).table().storageDescriptor().location())
                .isEqualTo("s3://" + scenario.bucket + "/lake/app." + scenario.schema + ".counted/" + exportId(third) + "/");
        assertThat(Scenario.drain(scenario.rdsEventsDlq, 1_000)).isEmpty();
    }

    private static String exportId(String snapshot) {
        return ExportIds.forSnapshot("lake", snapshot);
    }

    private static String stage(String snapshot) {
        try {
            JsonNode progress = JSON.readTree(S3.getObjectAsBytes(b -> b.bucket(scenario.bucket)
                    .key("exports/_progress/" + exportId(snapshot) + ".json")).asByteArray());
            return progress.path("stage").asText();
        } catch (Exception e) {
            return "none";
        }
    }

    /** The export folders under the table's lake folder. */
    private static Set<String> lakeFolders() {
        String folder = "lake/app." + scenario.schema + ".counted/";
        return S3.listObjectsV2Paginator(b -> b.bucket(scenario.bucket).prefix(folder)).contents().stream()
                .map(S3Object::key).map(k -> k.substring(folder.length(), k.indexOf('/', folder.length())))
                .collect(Collectors.toSet());
    }
}
