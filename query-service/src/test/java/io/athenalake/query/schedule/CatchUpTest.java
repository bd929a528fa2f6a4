package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.QueueWatcher;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.athenalake.query.TestSupport.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica starting after every replica was down for two hours runs the firings its schedule missed, back to
 * the schedule's catch-up age (30 minutes) and no further, oldest first; each firing's scheduled time is bound to
 * {@code :firing}, so each caught-up query reads its own window.
 */
@QuarkusTest
@TestProfile(CatchUpTest.AfterAnOutage.class)
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class CatchUpTest {

    // Quarkus loads the profile, the resource and the test in different class loaders: what they share is kept in
    // system properties, one value per JVM.
    static final String SCHEDULE = shared("schedule", "catch-up-" + UUID.randomUUID().toString().substring(0, 8));
    static final String OWNERS = shared("owners", "catch-up-test-" + UUID.randomUUID() + "/");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    /** A schedule every 10 minutes with a 30-minute catch-up, whose last run was two hours ago. */
    public static class AfterAnOutage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query-service.owners.location", "s3://" + TestSupport.stack().resultsBucket() + "/" + OWNERS,
                    "query-service.schedules." + SCHEDULE + ".cron", "0 0/10 * * * ?",
                    "query-service.schedules." + SCHEDULE + ".sql", "SELECT CAST(? AS varchar) AS firing",
                    "query-service.schedules." + SCHEDULE + ".parameters", ":firing",
                    "query-service.schedules." + SCHEDULE + ".catch-up", "PT30M");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(LastRunTwoHoursAgo.class));
        }
    }

    /** Before the service starts: the record of the schedule's last execution, submitted two hours ago. */
    public static class LastRunTwoHoursAgo implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Instant recorded = Instant.now();
            System.setProperty("athenalake.test.catch-up.recorded", recorded.toString());
            Instant submitted = recorded.minus(Duration.ofHours(2));
            String id = UUID.randomUUID().toString();
            String owner = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("schedule:" + SCHEDULE).getBytes(StandardCharsets.UTF_8));
            try (S3Client s3 = TestSupport.s3()) {
                String bucket = TestSupport.stack().resultsBucket();
                s3.putObject(r -> r.bucket(bucket).key(OWNERS + "by-id/" + id + ".json"), RequestBody.fromString(
                        "{\"owner\":\"schedule:" + SCHEDULE + "\",\"source\":\"schedule:" + SCHEDULE + "\",\"submitted\":\""
                                + submitted + "\"}"));
                s3.putObject(r -> r.bucket(bucket).key(OWNERS + "by-owner/" + owner + "/"
                        + String.format("%019d", Long.MAX_VALUE - submitted.toEpochMilli()) + "_" + id), RequestBody.empty());
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void theFiringsMissedWithinTheCatchUpAgeRunOnceEachWithTheirOwnTime() {
        Instant testStarted = Instant.now();
        Instant recorded = Instant.parse(System.getProperty("athenalake.test.catch-up.recorded"));
        // Missed for sure: every 10-minute boundary from 30 minutes before the test to the record's time (the
        // service started between the two, so its catch-up window covers these whatever the exact start).
        List<Instant> missed = boundaries(testStarted.minus(Duration.ofMinutes(30)), recorded);
        assertThat(missed).as("boundaries the test relies on").hasSizeGreaterThanOrEqualTo(2);
        String results = TestSupport.stack().queueUrls().get("query-results");
        await().atMost(Duration.ofMinutes(2)).until(() -> announced(results).keySet().containsAll(missed));
        List<JsonNode> messages = messages(results);
        Map<Instant, String> ran = announced(results);
        assertThat(messages).as("one announcement per firing").hasSize(ran.size());
        assertThat(ran.keySet()).as("firings run").containsAll(missed);
        for (Instant firing : ran.keySet()) {
            assertThat(firing.getEpochSecond() % 600).as("%s is a firing of the cron", firing).isZero();
            assertThat(firing).as("no firing older than the catch-up age (the last run was 2 hours ago)")
                    .isAfterOrEqualTo(recorded.minus(Duration.ofMinutes(30)).minusSeconds(1));
        }
        ran.forEach((firing, id) -> admin().get("/queries/" + id + "/results").then().statusCode(200)
                .body("rows[0][0]", org.hamcrest.Matchers.equalTo(TIMESTAMP.format(firing))));
    }

    private static String shared(String name, String initial) {
        return System.getProperties().computeIfAbsent("athenalake.test.catch-up." + name, key -> initial).toString();
    }

    /** The 10-minute boundaries in {@code [from, to)}. */
    private static List<Instant> boundaries(Instant from, Instant to) {
        List<Instant> firings = new java.util.ArrayList<>();
        long step = 600;
        for (long second = Math.floorDiv(from.getEpochSecond() + step - 1, step) * step; Instant.ofEpochSecond(second).isBefore(to);
             second += step) {
            if (!Instant.ofEpochSecond(second).isBefore(from)) {
                firings.add(Instant.ofEpochSecond(second));
            }
        }
        return firings;
    }

    private static List<JsonNode> messages(String results) {
        return QueueWatcher.allJson(results, m -> ("schedule:" + SCHEDULE).equals(m.path("source").asText()));
    }

    /** The schedule's announced firings and their executions. */
    private static Map<Instant, String> announced(String results) {
        java.util.TreeMap<Instant, String> runs = new java.util.TreeMap<>();
        for (JsonNode message : QueueWatcher.allJson(results, m -> ("schedule:" + SCHEDULE).equals(m.path("source").asText()))) {
            String correlation = message.path("correlationId").asText();
            runs.put(Instant.parse(correlation.substring(correlation.indexOf('@') + 1)), message.path("queryExecutionId").asText());
        }
        return runs;
    }
}
