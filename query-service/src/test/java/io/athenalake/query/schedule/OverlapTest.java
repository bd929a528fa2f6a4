package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.QueueWatcher;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.athenalake.query.TestSupport.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schedules firing every 2 seconds a query that runs 7: under {@code skip} a firing that comes while the previous
 * query runs does nothing, under {@code cancel-previous} it stops that query and runs — across replicas, because
 * the decision reads the schedule's last execution from the shared ownership record and Athena. Under the default
 * {@code queue} the firings would wait their turn, each starting later after its firing than the one before.
 */
@QuarkusTest
@TestProfile(OverlapTest.FastSchedules.class)
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class OverlapTest {

    static final String MARKER = "overlap-test";
    static final Duration QUERY_RUNS = Duration.ofSeconds(7);
    private static final Pattern FIRING = Pattern.compile("@(.+)$");

    /** Two schedules that fire every 2 seconds, one per policy. */
    public static class FastSchedules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query-service.schedules.skipper.cron", "0/2 * * * * ?",
                    "query-service.schedules.skipper.sql", "SELECT 1 AS one /* " + MARKER + " skipper */",
                    "query-service.schedules.skipper.overlap", "skip",
                    "query-service.schedules.canceller.cron", "1/2 * * * * ?",
                    "query-service.schedules.canceller.sql", "SELECT 2 AS two /* " + MARKER + " canceller */",
                    "query-service.schedules.canceller.overlap", "cancel-previous");
        }
    }

    @BeforeAll
    static void queriesWithTheMarkerRunLong() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, QUERY_RUNS);
    }

    @AfterAll
    static void forgetTheMarker() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, Duration.ZERO);
    }

    @Test
    void skipRunsNothingForAFiringThatComesWhileThePreviousQueryRuns() {
        String results = TestSupport.stack().queueUrls().get("query-results");
        await().atMost(Duration.ofMinutes(2)).until(() -> runs("skipper", results).stream()
                .filter(run -> run.ran().compareTo(QUERY_RUNS.minusSeconds(1)) >= 0).count() >= 2);
        List<Run> runs = runs("skipper", results);
        for (Run run : runs) {
            assertThat(run.delay()).as("start of %s after its firing (no firing waited for the previous query)", run)
                    .isLessThan(Duration.ofSeconds(4));
        }
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).submitted()).as("%s starts after %s ended", runs.get(i), runs.get(i - 1))
                    .isAfterOrEqualTo(runs.get(i - 1).completed());
        }
        assertThat(skipped("skipper")).as("firings skipped (schedule_firings_total)").isGreaterThanOrEqualTo(2);
    }

    @Test
    void cancelPreviousStopsTheRunningQueryAndRunsTheNewFiring() {
        String results = TestSupport.stack().queueUrls().get("query-results");
        await().atMost(Duration.ofMinutes(2)).until(() -> runs("canceller", results).size() >= 4);
        List<Run> runs = runs("canceller", results);
        for (Run run : runs) {
            assertThat(run.delay()).as("start of %s after its firing", run).isLessThan(Duration.ofSeconds(4));
        }
        List<Run> followed = runs.subList(0, runs.size() - 1);
        assertThat(followed.stream().filter(run -> run.state().equals("CANCELLED")).count())
                .as("runs stopped by the next firing, of %s", followed).isGreaterThanOrEqualTo(followed.size() - 1);
    }

    /** The schedule's announced runs, oldest first, each with its firing (from the correlation id) and its times. */
    private static List<Run> runs(String schedule, String resultsQueue) {
        return QueueWatcher.allJson(resultsQueue, m -> ("schedule:" + schedule).equals(m.path("source").asText()))
                .stream().map(message -> run(schedule, message)).sorted(Comparator.comparing(Run::firing)).toList();
    }

    private static Run run(String schedule, JsonNode announced) {
        Matcher firing = FIRING.matcher(announced.path("correlationId").asText());
        assertThat(firing.find()).as("correlation id of %s", announced).isTrue();
        String id = announced.path("queryExecutionId").asText();
        var status = admin().get("/queries/" + id).then().statusCode(200).extract().jsonPath();
        return new Run(schedule, id, Instant.parse(firing.group(1)), Instant.parse(status.getString("submittedAt")),
                Instant.parse(status.getString("completedAt")), status.getString("state"));
    }

    private static double skipped(String schedule) {
        String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher line = Pattern.compile("schedule_firings_total\\{[^}]*outcome=\"skipped\"[^}]*schedule=\"" + schedule
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    record Run(String schedule, String id, Instant firing, Instant submitted, Instant completed, String state) {
        Duration delay() {
            return Duration.between(firing, submitted);
        }

        Duration ran() {
            return Duration.between(submitted, completed);
        }
    }
}
