package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.events.CatalogRefreshed;
import io.athenalake.events.QueryRequest;
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
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.QueryExecution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries that outlast the queue's visibility timeout several times (3 s here, 5 minutes by default against
 * queries of up to Athena's 30-240 minutes): each message is received once, its query runs once and is
 * announced once, and nothing reaches a dead-letter queue while it runs. Several workers poll the queue, so
 * a message that became visible again would be taken by another one at once.
 */
@QuarkusTest
@TestProfile(LongQueryTest.ShortVisibility.class)
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class LongQueryTest {

    static final Duration VISIBILITY = Duration.ofSeconds(3);
    static final Duration QUERY_RUNS = Duration.ofSeconds(13);
    static final String MARKER = "long-query-test";

    /** query-service with a 3-second visibility timeout, and a refresh query that runs long. */
    public static class ShortVisibility implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query-service.queues.visibility-timeout", "PT" + VISIBILITY.toSeconds() + "S",
                    "query-service.queues.wait-time", "PT1S",
                    "query-service.refresh-queries.long-refresh.catalog", "tpch",
                    "query-service.refresh-queries.long-refresh.database", "sf1",
                    "query-service.refresh-queries.long-refresh.sql",
                    "SELECT count(*) AS nations FROM nation /* " + MARKER + " */");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String requests = TestSupport.stack().queueUrls().get("query-requests");
    private final String requestsDlq = TestSupport.stack().queueUrls().get("query-requests-dlq");
    private final String results = TestSupport.stack().queueUrls().get("query-results");
    private final String lakeEvents = TestSupport.stack().queueUrls().get("lake-events");
    private final String lakeEventsDlq = TestSupport.stack().queueUrls().get("lake-events-dlq");

    @BeforeAll
    static void queriesWithTheMarkerRunLong() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, QUERY_RUNS);
    }

    @AfterAll
    static void forgetTheMarker() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, Duration.ZERO);
    }

    @Test
    void aQueuedQueryLongerThanTheVisibilityTimeoutRunsAndIsAnnouncedOnce() throws Exception {
        String correlation = "long-" + UUID.randomUUID();
        String sql = "SELECT count(*) AS nations FROM tpch.tiny.nation /* " + MARKER + " " + correlation + " */";
        String body = JSON.writeValueAsString(QueryRequest.of("req-" + UUID.randomUUID(), correlation, sql, null, null,
                null, null, null, null, Instant.now()));
        Instant sent = Instant.now();
        TestSupport.sqs().sendMessage(r -> r.queueUrl(requests).messageBody(body));

        JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
        assertThat(Duration.between(sent, Instant.now())).as("the query outlasted the visibility timeout several times")
                .isGreaterThan(VISIBILITY.multipliedBy(4));
        assertAnnouncedOnceAndRunOnce(correlation, sql, completed);
        assertThat(QueueWatcher.allJson(requestsDlq, m -> correlation.equals(m.path("correlationId").asText())))
                .as("dead-lettered while running").isEmpty();
    }

    @Test
    void aLongRefreshQueryRunsAndIsAnnouncedOnce() throws Exception {
        String correlation = "long-refresh-" + UUID.randomUUID();
        CatalogRefreshed event = CatalogRefreshed.of("evt-" + UUID.randomUUID(), correlation, "tpch", "sf1",
                List.of("nation"), "sf1-crawler", Instant.now());
        String body = JSON.writeValueAsString(event);
        TestSupport.sqs().sendMessage(r -> r.queueUrl(lakeEvents).messageBody(body));

        JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(completed.get("source").asText()).isEqualTo("refresh:long-refresh");
        assertAnnouncedOnceAndRunOnce(correlation, null, completed);
        assertThat(QueueWatcher.allJson(lakeEventsDlq, m -> event.id().equals(m.path("id").asText())))
                .as("dead-lettered while running").isEmpty();
    }

    /** After a further visibility timeout and more (a late duplicate would have come by then): one of each. */
    private void assertAnnouncedOnceAndRunOnce(String correlation, String sql, JsonNode completed) throws Exception {
        Thread.sleep(VISIBILITY.multipliedBy(3).toMillis());
        List<JsonNode> announced = QueueWatcher.allJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(announced).as("announcements").hasSize(1);
        String id = completed.get("queryExecutionId").asText();
        try (AthenaClient athena = TestSupport.athena()) {
            QueryExecution execution = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution();
            assertThat(execution.statistics().totalExecutionTimeInMillis()).isGreaterThanOrEqualTo(QUERY_RUNS.toMillis());
            if (sql != null) {
                assertThat(executionsOf(athena, sql)).as("executions of the request").containsExactly(id);
            }
        }
        JsonNode page = JSON.readTree(TestSupport.admin().get("/queries/" + id + "/results").then().statusCode(200)
                .extract().asString());
        assertThat(page.at("/rows/0/0").asLong()).isEqualTo(25);
    }

    private static List<String> executionsOf(AthenaClient athena, String sql) {
        List<String> ids = new ArrayList<>();
        List<String> recent = athena.listQueryExecutions(r -> r.workGroup("primary").maxResults(50)).queryExecutionIds();
        athena.batchGetQueryExecution(r -> r.queryExecutionIds(recent)).queryExecutions().stream()
                .filter(e -> sql.equals(e.query())).forEach(e -> ids.add(e.queryExecutionId()));
        return ids;
    }
}
