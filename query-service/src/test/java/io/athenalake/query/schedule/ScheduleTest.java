package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.QueueWatcher;
import io.athenalake.query.TestSupport;
import io.athenalake.query.athena.AthenaCalls;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.QueryOwners;
import io.athenalake.query.athena.ResultLocation;
import io.athenalake.query.athena.QueryMetrics;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.sqs.DeadLetters;
import io.athenalake.query.messaging.QueryRuns;
import io.athenalake.query.messaging.ResultAnnouncer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static io.athenalake.query.TestSupport.admin;
import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.trinoRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** Schedules from configuration: listed, fired by cron, run on demand, and run and announced once across replicas. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class ScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String results = TestSupport.stack().queueUrls().get("query-results");
    private final String firings = TestSupport.stack().queueUrls().get("schedule-firings");
    private final String firingsDlq = TestSupport.stack().queueUrls().get("schedule-firings-dlq");

    @Inject
    ScheduleRunner runner;
    @Inject
    QueryServiceConfig config;
    @Inject
    QueryMetrics metrics;
    @Inject
    ResultAnnouncer announcer;
    @Inject
    QueryRuns runs;
    @Inject
    ObjectMapper json;

    @Test
    void schedulesAreListedWithTheirNextFiring() {
        api().get("/schedules").then().statusCode(200)
                .body("name", hasItems("nation-count", "yearly-report"))
                .body("find { it.name == 'yearly-report' }.timeZone", equalTo("Europe/Paris"))
                .body("find { it.name == 'yearly-report' }.cron", equalTo("0 0 6 1 1 ?"))
                .body("find { it.name == 'yearly-report' }.nextFireTime", notNullValue());
    }

    @Test
    void cronFiresTheScheduleAndAnnouncesItsResult() {
        JsonNode completed = QueueWatcher.awaitJson(results, m -> "schedule:nation-count".equals(m.path("source").asText()));
        assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
        String id = completed.get("queryExecutionId").asText();
        admin().get("/queries/" + id + "/results").then().statusCode(200).body("rows[0][0]", equalTo(25));
    }

    @Test
    void runNowStartsTheQueryAndAnnouncesIt() throws Exception {
        String id = api().post("/schedules/yearly-report/run").then().statusCode(202).extract().path("queryExecutionId");
        JsonNode completed = QueueWatcher.awaitJson(results, m -> id.equals(m.path("queryExecutionId").asText()));
        assertThat(completed.get("source").asText()).isEqualTo("schedule:yearly-report");
        JsonNode page = JSON.readTree(admin().get("/queries/" + id + "/results").then().statusCode(200).extract().asString());
        List<List<String>> rows = new ArrayList<>();
        page.get("rows").forEach(row -> rows.add(List.of(row.get(0).asText())));
        assertThat(rows).isEqualTo(trinoRows("SELECT r_name FROM tpch.tiny.region ORDER BY r_name"));
        JsonNode listed = JSON.readTree(api().get("/schedules").then().statusCode(200).extract().asString());
        JsonNode yearly = null;
        for (JsonNode schedule : listed) {
            if ("yearly-report".equals(schedule.path("name").asText())) {
                yearly = schedule;
            }
        }
        assertThat(yearly).as("yearly-report listed").isNotNull();
        assertThat(yearly.at("/lastRun/queryExecutionId").asText()).as("its last run").isEqualTo(id);
        assertThat(yearly.at("/lastRun/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(yearly.path("nextFireTime").asText()).startsWith(Instant.now().atZone(java.time.ZoneOffset.UTC).getYear() + 1 + "-01-01");
    }

    @Test
    void theFiringAndThePreviousFiringAreBoundAsTheQuerysWindow() throws Exception {
        String id = api().post("/schedules/window/run").then().statusCode(202).extract().path("queryExecutionId");
        JsonNode completed = QueueWatcher.awaitJson(results, m -> id.equals(m.path("queryExecutionId").asText()));
        String correlation = completed.get("correlationId").asText();
        Instant firing = Instant.parse(correlation.substring(correlation.indexOf('@') + 1));
        Instant previousHour = Instant.ofEpochSecond(Math.floorDiv(firing.getEpochSecond() - 1, 3600) * 3600);
        var format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);
        admin().get("/queries/" + id + "/results").then().statusCode(200)
                .body("rows[0][0]", equalTo(format.format(previousHour)))
                .body("rows[0][1]", equalTo(format.format(firing)));
    }

    @Test
    void unknownScheduleIs404() {
        api().post("/schedules/no-such-schedule/run").then().statusCode(404).contentType("application/problem+json");
    }

    /**
     * Three replicas fire the same moment of a schedule (the service's own runner and two more, each with its own
     * SQS and Athena clients): one execution, one announcement; a late replica firing it again after the first
     * firing was run and deleted announces nothing more (SQS deduplicates for 5 minutes). The runner's queue
     * consumer is the only receiver, as it is when every replica polls the same queue.
     */
    @Test
    void replicasFiringTheSameMomentRunItOnceAndAnnounceItOnce() throws Exception {
        Instant fireTime = Instant.parse("2031-01-01T06:00:00Z").plusSeconds(ThreadLocalRandom.current().nextInt(1_000_000));
        String correlation = "yearly-report@" + fireTime;
        List<ScheduleRunner> replicas = new ArrayList<>(List.of(runner));
        List<AutoCloseable> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                AthenaClient athena = TestSupport.athena();
                SqsClient sqs = TestSupport.sqs();
                S3Client s3 = TestSupport.s3();
                clients.add(athena);
                clients.add(sqs);
                clients.add(s3);
                AthenaCalls calls = new AthenaCalls(6, Duration.ofMillis(200));
                replicas.add(new ScheduleRunner(new AthenaQueries(athena, calls, config, metrics,
                        new QueryOwners(s3, new ResultLocation(athena, calls, config), config), new ResultLocation(athena, calls, config)), announcer, runs, new FiringQueue(sqs, json, config),
                        new QuerySpecValidator(config), config, metrics));
            }
            List<CompletableFuture<Void>> fired = replicas.stream()
                    .map(replica -> CompletableFuture.runAsync(() -> replica.fired("yearly-report", fireTime.plusMillis(300))))
                    .toList();
            CompletableFuture.allOf(fired.toArray(CompletableFuture[]::new)).get();

            JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
            assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
            assertThat(completed.get("source").asText()).isEqualTo("schedule:yearly-report");
            replicas.get(2).fired("yearly-report", fireTime);

            Thread.sleep(10_000);
            assertThat(QueueWatcher.allJson(results, m -> correlation.equals(m.path("correlationId").asText())))
                    .as("announcements of the firing").hasSize(1);
            String id = completed.get("queryExecutionId").asText();
            assertThat(replicas.get(1).fire("yearly-report", fireTime)).as("the firing's execution, on any replica")
                    .isEqualTo(id);
            assertThat(replicas.get(1).fire("yearly-report", fireTime.plusSeconds(60))).as("the next firing").isNotEqualTo(id);
        } finally {
            for (AutoCloseable client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aFiringOfAScheduleThisReplicaDoesNotHaveAndAMalformedOneAreDeadLetteredWithTheReason() {
        String unknown = "{\"type\":\"ScheduleFiring\",\"schedule\":\"dropped-" + UUID.randomUUID()
                + "\",\"firing\":\"2031-01-01T06:00:00Z\"}";
        String malformed = "{\"type\":\"ScheduleFiring\",\"schedule\":\"nation-count\",\"firing\":\"yesterday "
                + UUID.randomUUID() + "\"}";
        for (String body : List.of(unknown, malformed)) {
            TestSupport.sqs().sendMessage(r -> r.queueUrl(firings).messageBody(body).messageGroupId("schedule-test")
                    .messageDeduplicationId(UUID.randomUUID().toString()));
        }
        assertThat(reason(unknown)).contains("is not configured on this replica");
        assertThat(reason(malformed)).contains("not an ISO-8601 instant");
    }

    private String reason(String body) {
        Message message = QueueWatcher.awaitMessage(firingsDlq, m -> m.body().equals(body));
        return message.messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue();
    }
}
