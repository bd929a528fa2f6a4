package io.athenalake.query.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.athenalake.devstack.bench.BenchReport;
import io.athenalake.events.QueryRequest;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.athenalake.query.rest.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load run: many concurrent REST queries and thousands of queued {@code QueryRequest}s through
 * query-service, each answered exactly once and with the right rows, against the same load sent
 * straight to the Athena API by bare {@code AthenaClient} loops at the same concurrency, in the same
 * run. Writes throughput and p50/p99 latency (and the lost/duplicated counts, which must be 0) to
 * {@code bench/results/query.json}. Loss, duplication or a wrong row fails the run; timings are only
 * recorded.
 *
 * <p>Sizes: {@code bench.load.rest-clients} (200), {@code bench.load.rest-rounds} (2 queries per
 * client), {@code bench.load.queued} (5000), {@code bench.load.workers} (32 queue workers),
 * {@code bench.load.warm-up} (400 queries before anything is measured).
 */
@QuarkusTest
@TestProfile(QueryLoadBenchmark.Load.class)
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class QueryLoadBenchmark {

    static final int REST_CLIENTS = Integer.getInteger("bench.load.rest-clients", 200);
    static final int REST_ROUNDS = Integer.getInteger("bench.load.rest-rounds", 2);
    static final int QUEUED = Integer.getInteger("bench.load.queued", 5000);
    static final int WORKERS = Integer.getInteger("bench.load.workers", 32);
    static final int WARM_UP = Integer.getInteger("bench.load.warm-up", 400);
    /** Longest a run may go without a single new answer before what is missing counts as lost. */
    private static final Duration STALL = Duration.ofMinutes(3);
    /** How long to keep listening after the last expected answer, for late duplicates. */
    private static final Duration DUPLICATE_WATCH = Duration.ofSeconds(20);

    /** query-service as deployed for this load: more queue workers and HTTP worker threads than the defaults. */
    public static class Load implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "query-service.queues.workers", String.valueOf(WORKERS),
                    // 200 clients each hold a worker thread while their query runs (POST /queries with waitSeconds)
                    "quarkus.thread-pool.max-threads", String.valueOf(Math.max(200, REST_CLIENTS + 56)));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** tpch.tiny.nation, by key: the row each query must answer. */
    private static final List<String> NATIONS = List.of("ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA",
            "FRANCE", "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE",
            "PERU", "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES");

    @TestHTTPResource("/")
    URL base;

    private final BenchReport report = new BenchReport("query");
    private final String run = "load-" + Long.toString(System.currentTimeMillis(), 36);

    @Test
    void loadRun() throws Exception {
        assertThat(TestSupport.trinoRows("SELECT n_name FROM tpch.tiny.nation ORDER BY n_nationkey"))
                .extracting(row -> row.get(0)).containsExactlyElementsOf(NATIONS);
        List<String> problems = new ArrayList<>();
        try (AthenaClient athena = TestSupport.athena(); SqsClient sqs = TestSupport.sqs()) {
            warmUp(athena);
            restLoad(athena, problems);
            queuedLoad(athena, sqs, problems);
        } finally {
            System.out.println("bench results: " + report.write());
        }
        assertThat(problems).as("requests lost, duplicated or answered wrongly").isEmpty();
    }

    /**
     * A workgroup writing its results to a bucket of its own, one per phase. S3Mock rewrites a bucket's whole
     * key index on every put, so a results bucket slows down as it fills: sharing one would make whichever
     * side runs later (thousands of results later) pay for the other's results. Each phase starts empty.
     */
    private String freshWorkgroup(AthenaClient athena, String phase) {
        String name = (run + "-" + phase).toLowerCase(java.util.Locale.ROOT);
        try (var s3 = TestSupport.s3()) {
            s3.createBucket(r -> r.bucket(name));
        }
        athena.createWorkGroup(r -> r.name(name).configuration(c -> c.enforceWorkGroupConfiguration(true)
                .resultConfiguration(result -> result.outputLocation("s3://" + name + "/"))));
        return name;
    }

    /** The query of request {@code i}: one row of a real table plus the request's own number, so every answer is checkable. */
    static String sql(int i) {
        return "SELECT n_name, " + i + " AS request FROM tpch.tiny.nation WHERE n_nationkey = " + (i % NATIONS.size());
    }

    /**
     * Trino (and the service) get faster over the first few hundred queries as their code is compiled:
     * without a warm-up, whatever is measured first pays for it.
     */
    private void warmUp(AthenaClient athena) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = TestSupport.token(Roles.RUNNER, Roles.READER);
        String workgroup = freshWorkgroup(athena, "warm-up");
        Measured warmUp = concurrently(16, WARM_UP, i -> {
            if (i % 2 == 0) {
                restQuery(http, token, 900_000_000 + i, workgroup);
            } else {
                bareQuery(athena, 900_000_000 + i, workgroup);
            }
        }, new ArrayList<>());
        System.out.printf("load: warm-up, %d queries at %.1f queries/s%n", WARM_UP, warmUp.throughput());
    }

    // ---- REST: REST_CLIENTS concurrent clients, each submitting REST_ROUNDS queries with waitSeconds ----

    private void restLoad(AthenaClient athena, List<String> problems) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = TestSupport.token(Roles.RUNNER, Roles.READER);
        String serviceWorkgroup = freshWorkgroup(athena, "rest-service");
        Measured service = concurrently(REST_CLIENTS, REST_CLIENTS * REST_ROUNDS, i -> restQuery(http, token, i, serviceWorkgroup),
                problems);
        String bareWorkgroup = freshWorkgroup(athena, "rest-bare");
        // the baseline's failures are counted in its figures; only the service's fail the run
        Measured bare = concurrently(REST_CLIENTS, REST_CLIENTS * REST_ROUNDS, i -> bareQuery(athena, 1_000_000 + i, bareWorkgroup),
                new ArrayList<>());
        String what = REST_CLIENTS + " concurrent REST clients, " + REST_CLIENTS * REST_ROUNDS + " queries";
        report.figure("load: " + what + ", throughput: service (POST /queries, wait) vs bare AthenaClient start/poll(50 ms)/fetch at the same concurrency",
                service.throughput(), "queries/s", bare.throughput(), "queries/s", "higher");
        report.figure("load: " + what + ", p50 latency: service vs bare AthenaClient",
                service.percentile(50), "ms", bare.percentile(50), "ms", "lower");
        report.figure("load: " + what + ", p99 latency: service vs bare AthenaClient",
                service.percentile(99), "ms", bare.percentile(99), "ms", "lower");
        report.figure("load: " + what + ", queries not answered with the right row (service, must be 0; baseline: bare AthenaClient)",
                service.failures(), "queries", bare.failures(), "queries", "lower");
    }

    /** POST /queries with a wait; the first page must hold exactly the request's row. Returns nothing, throws when wrong. */
    private void restQuery(HttpClient http, String token, int i, String workgroup) throws Exception {
        String body = JSON.writeValueAsString(Map.of("sql", sql(i), "workgroup", workgroup, "waitSeconds", 60));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "queries"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        JsonNode rows;
        if (response.statusCode() == 200) {
            rows = answer.at("/firstPage/rows");
        } else if (response.statusCode() == 202) {
            rows = awaitRows(http, token, answer.get("queryExecutionId").asText());
        } else {
            throw new IllegalStateException("request " + i + ": HTTP " + response.statusCode() + " " + response.body());
        }
        checkRow(i, rows.size() == 1 ? List.of(rows.get(0).get(0).asText(), rows.get(0).get(1).asText()) : List.of());
    }

    /** A query still running after the longest wait: follow it like a client would. */
    private JsonNode awaitRows(HttpClient http, String token, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "queries/" + id + "/results"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body()).get("rows");
            }
            if (response.statusCode() != 409) {
                throw new IllegalStateException("query " + id + ": HTTP " + response.statusCode() + " " + response.body());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("query " + id + " did not finish in 5 minutes");
    }

    private static void bareQuery(AthenaClient athena, int i, String workgroup) {
        String id = athena.startQueryExecution(r -> r.queryString(sql(i)).workGroup(workgroup)).queryExecutionId();
        while (true) {
            var status = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status();
            if (status.state() == QueryExecutionState.SUCCEEDED) {
                break;
            }
            if (status.state() == QueryExecutionState.FAILED || status.state() == QueryExecutionState.CANCELLED) {
                throw new IllegalStateException("query " + id + " " + status.state() + ": " + status.stateChangeReason());
            }
            sleep(50);
        }
        GetQueryResultsResponse page = athena.getQueryResults(r -> r.queryExecutionId(id).maxResults(100));
        var rows = page.resultSet().rows(); // the header row first
        checkRow(i, rows.size() == 2 ? List.of(rows.get(1).data().get(0).varCharValue(), rows.get(1).data().get(1).varCharValue())
                : List.of());
    }

    private static void checkRow(int i, List<String> row) {
        List<String> expected = List.of(NATIONS.get(i % NATIONS.size()), String.valueOf(i));
        if (!expected.equals(row)) {
            throw new IllegalStateException("request " + i + " answered " + row + ", expected " + expected);
        }
    }

    private interface Query {
        void run(int i) throws Exception;
    }

    /** Latencies of one load and its wall time; failures counted, not thrown. */
    private record Measured(List<Long> latenciesNanos, long wallNanos, int failures) {
        double throughput() {
            return latenciesNanos.size() / (wallNanos / 1e9);
        }

        double percentile(int p) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
        }
    }

    /** {@code total} queries by {@code clients} threads, each timed from its own submission to its checked answer. */
    private static Measured concurrently(int clients, int total, Query query, List<String> problems) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    try {
                        query.run(i);
                        latencies.add(System.nanoTime() - begin);
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        note(problems, e.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        return new Measured(latencies, wall, failures.get());
    }

    // ---- Queue: QUEUED QueryRequests on query-requests, one QueryCompleted each on query-results ----

    private void queuedLoad(AthenaClient athena, SqsClient sqs, List<String> problems) throws Exception {
        String requests = TestSupport.stack().queueUrls().get("query-requests");
        String results = TestSupport.stack().queueUrls().get("query-results");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, List<JsonNode>> answers = new ConcurrentHashMap<>();
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
        String prefix = run + "-q-";
        String workgroup = freshWorkgroup(athena, "queue-service");

        ResultCollector collector = new ResultCollector(sqs, results, prefix, answers, answeredAt, lastAnswer);
        collector.start();
        long start = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sends = new ArrayList<>();
        for (int batchStart = 0; batchStart < QUEUED; batchStart += 10) {
            int from = batchStart;
            sends.add(senders.submit(() -> {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = from; i < Math.min(QUEUED, from + 10); i++) {
                    String correlation = prefix + i;
                    ids.add(correlation);
                    entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i - from))
                            .messageBody(JSON.writeValueAsString(QueryRequest.of(correlation, correlation, sql(i), null, null,
                                    workgroup, null, null, null, Instant.now()))).build());
                }
                long now = System.nanoTime();
                ids.forEach(id -> sentAt.put(id, now));
                var response = sqs.sendMessageBatch(r -> r.queueUrl(requests).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("sending requests failed: " + response.failed());
                }
                return null;
            }));
        }
        for (Future<?> send : sends) {
            send.get();
        }
        senders.shutdown();
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("load: %d requests sent in %.1f s%n", QUEUED, sendSeconds);

        while (answeredAt.size() < QUEUED && System.nanoTime() - lastAnswer.get() < STALL.toNanos()) {
            sleep(1000);
            System.out.printf("load: %d of %d requests answered%n", answeredAt.size(), QUEUED);
        }
        long end = answeredAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        sleep(DUPLICATE_WATCH.toMillis());
        collector.stop();

        int lost = 0;
        int duplicated = 0;
        int failed = 0;
        int duplicatedRequests = 0;
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            String correlation = prefix + i;
            List<JsonNode> got = answers.getOrDefault(correlation, List.of());
            if (got.isEmpty()) {
                lost++;
                continue;
            }
            duplicated += got.size() - 1;
            duplicatedRequests += got.size() > 1 ? 1 : 0;
            if (!"QueryCompleted".equals(got.get(0).path("type").asText())) {
                failed++;
                note(problems, "request " + correlation + " answered " + got.get(0));
            }
            latencies.add(answeredAt.get(correlation) - sentAt.get(correlation));
        }
        if (lost > 0) {
            note(problems, lost + " of " + QUEUED + " queued requests never answered");
        }
        if (duplicated > 0) {
            note(problems, duplicated + " duplicate answers to queued requests");
        }
        Measured service = new Measured(latencies, end - start, failed);
        checkQueuedRows(answers, prefix, problems);
        assertQueueDrained(sqs, requests, problems);

        // The baseline: the same queries from an in-memory list by WORKERS bare loops, timed from the list's creation.
        Measured bare = queuedBaseline(athena);

        String what = QUEUED + " queued QueryRequests, " + WORKERS + " workers";
        report.figure("load: " + what + ", throughput (request sent to QueryCompleted received) vs the same queries by "
                        + WORKERS + " bare AthenaClient loops",
                service.throughput(), "queries/s", bare.throughput(), "queries/s", "higher");
        report.figure("load: " + what + ", p50 latency (sent to answer, queueing included) vs bare loops (listed to done)",
                service.percentile(50), "ms", bare.percentile(50), "ms", "lower");
        report.figure("load: " + what + ", p99 latency (sent to answer, queueing included) vs bare loops (listed to done)",
                service.percentile(99), "ms", bare.percentile(99), "ms", "lower");
        report.figure("load: " + what + ", requests answered exactly once vs requests sent",
                QUEUED - lost - duplicatedRequests, "requests", QUEUED, "requests", "higher");
        report.figure("load: " + what + ", requests lost (must be 0) vs queries the bare loops failed",
                lost, "requests", bare.failures(), "requests", "lower");
        report.figure("load: " + what + ", duplicate answers (must be 0) vs the bare loops' (none by construction)",
                duplicated, "messages", 0, "messages", "lower");
        report.figure("load: " + what + ", requests answered QueryFailed (must be 0) vs queries the bare loops failed",
                failed, "requests", bare.failures(), "requests", "lower");
    }

    private Measured queuedBaseline(AthenaClient athena) throws Exception {
        String workgroup = freshWorkgroup(athena, "queue-bare");
        List<String> problems = new ArrayList<>(); // counted in the figures, printed, not failing the run
        ConcurrentLinkedQueue<Integer> work = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < QUEUED; i++) {
            work.add(2_000_000 + i);
        }
        long listed = System.nanoTime();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            futures.add(pool.submit(() -> {
                for (Integer i = work.poll(); i != null; i = work.poll()) {
                    try {
                        bareQuery(athena, i, workgroup);
                        latencies.add(System.nanoTime() - listed);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        note(problems, "baseline: " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return new Measured(latencies, System.nanoTime() - listed, failures.get());
    }

    /** A sample of the queued answers read back through the service: each the request's own row. */
    private void checkQueuedRows(Map<String, List<JsonNode>> answers, String prefix, List<String> problems) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = TestSupport.tokenOf("operator", Roles.READER, Roles.ADMIN); // queued queries belong to the queue
        int step = Math.max(1, QUEUED / 100);
        for (int i = 0; i < QUEUED; i += step) {
            List<JsonNode> got = answers.get(prefix + i);
            if (got == null || !"QueryCompleted".equals(got.get(0).path("type").asText())) {
                continue; // counted above
            }
            String id = got.get(0).get("queryExecutionId").asText();
            try {
                JsonNode rows = awaitRows(http, token, id);
                checkRow(i, rows.size() == 1 ? List.of(rows.get(0).get(0).asText(), rows.get(0).get(1).asText()) : List.of());
            } catch (Exception e) {
                note(problems, "queued " + e);
            }
        }
    }

    private static void assertQueueDrained(SqsClient sqs, String requests, List<String> problems) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(requests).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        if (!attributes.values().stream().allMatch("0"::equals)) {
            note(problems, "query-requests not drained after the run: " + attributes);
        }
    }

    /** Receives everything on query-results, keeps this run's answers by correlation id and deletes every message. */
    private static final class ResultCollector {
        private final SqsClient sqs;
        private final String queueUrl;
        private final String prefix;
        private final Map<String, List<JsonNode>> answers;
        private final Map<String, Long> answeredAt;
        private final AtomicLong lastAnswer;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        ResultCollector(SqsClient sqs, String queueUrl, String prefix, Map<String, List<JsonNode>> answers,
                        Map<String, Long> answeredAt, AtomicLong lastAnswer) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
            this.prefix = prefix;
            this.answers = answers;
            this.answeredAt = answeredAt;
            this.lastAnswer = lastAnswer;
        }

        void start() {
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(this::receive, "load-results-" + t);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(30).toMillis());
            }
        }

        private void receive() {
            while (running) {
                List<Message> messages;
                try {
                    messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                } catch (RuntimeException e) {
                    System.out.println("load: receiving results failed, retrying: " + e);
                    sleep(500);
                    continue;
                }
                long now = System.nanoTime();
                for (Message message : messages) {
                    try {
                        JsonNode body = JSON.readTree(message.body());
                        String correlation = body.path("correlationId").asText();
                        if (correlation.startsWith(prefix)) {
                            answers.computeIfAbsent(correlation, c -> Collections.synchronizedList(new ArrayList<>())).add(body);
                            answeredAt.putIfAbsent(correlation, now);
                            lastAnswer.set(now);
                        }
                    } catch (Exception e) {
                        System.out.println("load: unreadable result message " + message.body());
                    }
                }
                if (!messages.isEmpty()) {
                    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                    for (int i = 0; i < messages.size(); i++) {
                        deletes.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
                                .receiptHandle(messages.get(i).receiptHandle()).build());
                    }
                    sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
                }
            }
        }
    }

    private static void note(List<String> problems, String problem) {
        synchronized (problems) {
            if (problems.size() < 50) {
                problems.add(problem);
            }
        }
        System.out.println("load: PROBLEM " + problem);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
