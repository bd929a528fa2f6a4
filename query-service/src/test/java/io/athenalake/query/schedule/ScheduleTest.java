package io.athenalake.query.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.QueueWatcher;
import io.athenalake.query.TestSupport;
import io.athenalake.query.athena.AthenaCalls;
import io.athenalake.query.athena.AthenaQueries;
import io.athenalake.query.athena.QueryMetrics;
import io.athenalake.query.athena.QuerySpecValidator;
import io.athenalake.query.config.QueryServiceConfig;
import io.athenalake.query.messaging.ResultAnnouncer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.trinoRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** Schedules from configuration: listed, fired by cron, run on demand, and fired once across replicas. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class ScheduleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String results = TestSupport.stack().queueUrls().get("query-results");

    @Inject
    ScheduleRunner runner;
    @Inject
    QueryServiceConfig config;
    @Inject
    QueryMetrics metrics;
    @Inject
    ResultAnnouncer announcer;

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
        api().get("/queries/" + id + "/results").then().statusCode(200).body("rows[0][0]", equalTo(25));
    }

    @Test
    void runNowStartsTheQueryAndAnnouncesIt() throws Exception {
        String id = api().post("/schedules/yearly-report/run").then().statusCode(202).extract().path("queryExecutionId");
        JsonNode completed = QueueWatcher.awaitJson(results, m -> id.equals(m.path("queryExecutionId").asText()));
        assertThat(completed.get("source").asText()).isEqualTo("schedule:yearly-report");
        JsonNode page = JSON.readTree(api().get("/queries/" + id + "/results").then().statusCode(200).extract().asString());
        List<List<String>> rows = new ArrayList<>();
        page.get("rows").forEach(row -> rows.add(List.of(row.get(0).asText())));
        assertThat(rows).isEqualTo(trinoRows("SELECT r_name FROM tpch.tiny.region ORDER BY r_name"));
    }

    @Test
    void unknownScheduleIs404() {
        api().post("/schedules/no-such-schedule/run").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void twoSchedulerInstancesFiringTheSameScheduleStartOneExecution() throws Exception {
        // A second replica: its own Athena client and runner, the same configuration.
        try (AthenaClient secondClient = TestSupport.athena()) {
            ScheduleRunner secondReplica = new ScheduleRunner(
                    new AthenaQueries(secondClient, new AthenaCalls(6, Duration.ofMillis(200)), config, metrics),
                    announcer, new QuerySpecValidator(config), config);
            Instant fireTime = Instant.parse("2031-01-01T06:00:00Z").plusSeconds(ThreadLocalRandom.current().nextInt(1_000_000));

            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> runner.fire("yearly-report", fireTime));
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> secondReplica.fire("yearly-report", fireTime));
            String id = first.get();
            assertThat(second.get()).isEqualTo(id);
            assertThat(runner.fire("yearly-report", fireTime.plusMillis(300))).as("the same second is the same firing").isEqualTo(id);
            assertThat(secondReplica.fire("yearly-report", fireTime.plusSeconds(60))).as("the next firing").isNotEqualTo(id);

            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(QueueWatcher.allJson(results,
                    m -> id.equals(m.path("queryExecutionId").asText()))).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.get("id").asText()).isEqualTo("completed-" + id)));
        }
    }
}
