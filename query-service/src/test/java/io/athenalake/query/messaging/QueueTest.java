package io.athenalake.query.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.events.CatalogRefreshed;
import io.athenalake.events.QueryRequest;
import io.athenalake.query.DevStackResource;
import io.athenalake.sqs.DeadLetters;
import io.athenalake.query.QueueWatcher;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.athenalake.query.TestSupport.admin;
import static io.athenalake.query.TestSupport.normalize;
import static io.athenalake.query.TestSupport.trinoRows;
import static org.assertj.core.api.Assertions.assertThat;

/** Through the real queues: query-requests in, query-results out, invalid requests to the DLQ, lake events. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class QueueTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final String requests = TestSupport.stack().queueUrls().get("query-requests");
    private final String requestsDlq = TestSupport.stack().queueUrls().get("query-requests-dlq");
    private final String results = TestSupport.stack().queueUrls().get("query-results");
    private final String lakeEvents = TestSupport.stack().queueUrls().get("lake-events");
    private final String lakeEventsDlq = TestSupport.stack().queueUrls().get("lake-events-dlq");

    @Test
    void queryRequestRoundTrip() throws Exception {
        String correlation = "corr-" + UUID.randomUUID();
        send(requests, QueryRequest.of("req-" + UUID.randomUUID(), correlation,
                "SELECT r_regionkey, r_name FROM region WHERE r_regionkey < ? ORDER BY r_regionkey", "tpch", "tiny", null,
                List.of("3"), null, null, Instant.now()));

        JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
        assertThat(completed.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(completed.get("source").asText()).isEqualTo("queue");
        assertThat(completed.get("outputLocation").asText()).startsWith("s3://athena-results/");
        assertThat(completed.at("/statistics/totalExecutionTimeMillis").isNumber()).isTrue();

        String id = completed.get("queryExecutionId").asText();
        JsonNode page = JSON.readTree(admin().get("/queries/" + id + "/results").then().statusCode(200).extract().asString());
        List<List<String>> rows = new ArrayList<>();
        page.get("rows").forEach(row -> rows.add(List.of(normalize(row.get(0).numberValue()), row.get(1).asText())));
        assertThat(rows).isEqualTo(trinoRows("SELECT r_regionkey, r_name FROM tpch.tiny.region WHERE r_regionkey < 3 ORDER BY r_regionkey"));
    }

    @Test
    void aQueuedRequestCanHaveAParquetResult() throws Exception {
        String correlation = "parquet-" + UUID.randomUUID();
        send(requests, QueryRequest.of("req-" + UUID.randomUUID(), correlation,
                "SELECT n_nationkey, n_name FROM nation WHERE n_regionkey = ?", "tpch", "tiny", null,
                List.of("1"), null, null, Instant.now()).withResultFormat("parquet"));

        JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
        assertThat(completed.get("resultFormat").asText()).isEqualTo("parquet");
        String manifest = completed.get("dataManifestLocation").asText();
        String folder = completed.get("parquetLocation").asText();
        List<String> files = List.of(new String(TestSupport.s3().getObjectAsBytes(r -> r.bucket(manifest.substring(5, manifest.indexOf('/', 5)))
                .key(manifest.substring(manifest.indexOf('/', 5) + 1))).asByteArray(), java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        assertThat(files).isNotEmpty().allMatch(file -> file.startsWith(folder));

        String id = completed.get("queryExecutionId").asText();
        String body = admin().get("/queries/" + id + "/results.csv").then().statusCode(200).extract().asString();
        List<List<String>> rows = new ArrayList<>();
        body.lines().skip(1).forEach(line -> rows.add(List.of(line.split(",")[0].replace("\"", ""),
                line.split(",")[1].replace("\"", ""))));
        rows.sort(java.util.Comparator.comparing(row -> row.get(0)));
        assertThat(rows).isEqualTo(trinoRows("SELECT CAST(n_nationkey AS varchar), n_name FROM tpch.tiny.nation "
                + "WHERE n_regionkey = 1 ORDER BY CAST(n_nationkey AS varchar)"));
    }

    @Test
    void duplicateAndReorderedRequestsAreHarmless() throws Exception {
        String correlation = "dup-" + UUID.randomUUID();
        QueryRequest second = QueryRequest.of("req-b-" + UUID.randomUUID(), correlation + "-b",
                "SELECT count(*) FROM tpch.tiny.orders", null, null, null, null, null, null, Instant.now());
        QueryRequest first = QueryRequest.of("req-a-" + UUID.randomUUID(), correlation + "-a",
                "SELECT count(*) FROM tpch.tiny.customer", null, null, null, null, null, null, Instant.now());
        send(requests, second); // out of order
        send(requests, first);
        send(requests, first); // and twice

        JsonNode a = QueueWatcher.awaitJson(results, m -> (correlation + "-a").equals(m.path("correlationId").asText()));
        QueueWatcher.awaitJson(results, m -> (correlation + "-b").equals(m.path("correlationId").asText()));
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(QueueWatcher.allJson(results,
                m -> (correlation + "-a").equals(m.path("correlationId").asText()))).hasSize(2));
        List<JsonNode> announcements = QueueWatcher.allJson(results, m -> (correlation + "-a").equals(m.path("correlationId").asText()));
        assertThat(announcements).extracting(m -> m.get("queryExecutionId").asText()).containsOnly(a.get("queryExecutionId").asText());
        assertThat(announcements).extracting(m -> m.get("id").asText()).containsOnly(a.get("id").asText());
    }

    @Test
    void failingQueryIsAnnouncedWithAthenasReason() throws Exception {
        String correlation = "fail-" + UUID.randomUUID();
        send(requests, QueryRequest.of("req-" + UUID.randomUUID(), correlation, "SELECT nope FROM tpch.tiny.nation",
                null, null, null, null, null, null, Instant.now()));
        JsonNode failed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(failed.get("type").asText()).isEqualTo("QueryFailed");
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("errorType").asText()).isEqualTo("COLUMN_NOT_FOUND");
        assertThat(failed.get("reason").asText()).contains("nope");
    }

    @Test
    void unknownWorkgroupIsAnnouncedAsRejected() throws Exception {
        String correlation = "rej-" + UUID.randomUUID();
        send(requests, QueryRequest.of("req-" + UUID.randomUUID(), correlation, "SELECT 1", null, null, "no-such-workgroup",
                null, null, null, Instant.now()));
        JsonNode failed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(failed.get("state").asText()).isEqualTo("REJECTED");
        assertThat(failed.get("reason").asText()).contains("no-such-workgroup");
        assertThat(failed.has("queryExecutionId")).isFalse();
    }

    @Test
    void invalidRequestsAreDeadLetteredWithTheReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        String notJson = "not json " + marker;
        String noSql = "{\"type\":\"QueryRequest\",\"schemaVersion\":1,\"id\":\"" + marker + "\",\"correlationId\":\"c\"}";
        String badType = "{\"type\":\"Whatever\",\"schemaVersion\":1,\"id\":\"x-" + marker + "\"}";
        String badParameters = "{\"type\":\"QueryRequest\",\"schemaVersion\":1,\"id\":\"p-" + marker
                + "\",\"sql\":\"SELECT ?\",\"parameters\":[\"\"]}";
        for (String body : List.of(notJson, noSql, badType, badParameters)) {
            TestSupport.sqs().sendMessage(r -> r.queueUrl(requests).messageBody(body));
        }
        assertThat(reason(requestsDlq, notJson)).contains("not JSON");
        assertThat(reason(requestsDlq, noSql)).contains("sql: is required");
        assertThat(reason(requestsDlq, badType)).contains("type: must be QueryRequest");
        assertThat(reason(requestsDlq, badParameters)).contains("parameters[0]");
    }

    @Test
    void catalogRefreshedRunsTheQueriesConfiguredForItsDatabase() throws Exception {
        String correlation = "refresh-" + UUID.randomUUID();
        CatalogRefreshed event = CatalogRefreshed.of("evt-" + UUID.randomUUID(), correlation, "tpch", "tiny",
                List.of("nation"), "tiny-crawler", Instant.now());
        send(lakeEvents, event);
        send(lakeEvents, event); // a duplicate event runs nothing new

        JsonNode completed = QueueWatcher.awaitJson(results, m -> correlation.equals(m.path("correlationId").asText()));
        assertThat(completed.get("type").asText()).isEqualTo("QueryCompleted");
        assertThat(completed.get("source").asText()).isEqualTo("refresh:nations-per-region");
        String id = completed.get("queryExecutionId").asText();
        JsonNode page = JSON.readTree(admin().get("/queries/" + id + "/results").then().statusCode(200).extract().asString());
        assertThat(page.get("rows").size()).isEqualTo(5);
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(QueueWatcher.allJson(results,
                m -> correlation.equals(m.path("correlationId").asText())))
                .extracting(m -> m.get("queryExecutionId").asText()).hasSize(2).containsOnly(id));
    }

    @Test
    void otherLakeEventsAreAcknowledgedAndMalformedOnesDeadLettered() throws Exception {
        String marker = UUID.randomUUID().toString();
        String exportStarted = "{\"type\":\"ExportStarted\",\"schemaVersion\":1,\"id\":\"e-" + marker + "\",\"correlationId\":\"c\"}";
        String malformed = "{\"id\": 42, \"marker\": \"" + marker + "\"}";
        TestSupport.sqs().sendMessage(r -> r.queueUrl(lakeEvents).messageBody(exportStarted));
        TestSupport.sqs().sendMessage(r -> r.queueUrl(lakeEvents).messageBody(malformed));
        assertThat(reason(lakeEventsDlq, malformed)).startsWith("body is not an athena-lake message: type is missing");
        assertThat(QueueWatcher.allJson(lakeEventsDlq, m -> m.path("id").asText().equals("e-" + marker))).isEmpty();
    }

    private static String reason(String dlq, String body) {
        Message message = QueueWatcher.awaitMessage(dlq, m -> m.body().equals(body));
        return message.messageAttributes().get(DeadLetters.REASON_ATTRIBUTE).stringValue();
    }

    private static void send(String queueUrl, Object message) throws Exception {
        String body = JSON.writeValueAsString(message);
        TestSupport.sqs().sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
    }
}
