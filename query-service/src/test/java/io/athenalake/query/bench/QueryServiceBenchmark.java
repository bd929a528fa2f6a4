package io.athenalake.query.bench;

import io.athenalake.devstack.bench.BenchReport;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.athenalake.query.rest.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionState;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.athenalake.query.TestSupport.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * query-service against the old way of doing its job, measured in the same run on the devstack:
 * delivering a large result, the overhead of a short query, and concurrent throughput.
 * Run with {@code mvn -Pbench verify}; writes {@code bench/results/query.json}. Asserts no timings.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class QueryServiceBenchmark {

    private static final int ROWS = 1_000_000;
    /** 1,000,000 rows without ORDER BY, so that it can be unloaded as parquet too. */
    private static final String LARGE_SQL = "SELECT l_orderkey, l_partkey, l_quantity, l_extendedprice, l_shipdate, "
            + "l_comment FROM tpch.sf1.lineitem LIMIT " + ROWS;
    private static final int SHORT_QUERIES = 30;
    private static final int CONCURRENCY = 8;
    private static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    private final BenchReport report = new BenchReport("query");

    @Test
    void benchmark() throws Exception {
        try (AthenaClient athena = TestSupport.athena()) {
            double[] csv = largeResult(athena);
            parquetResult(csv[0], csv[1]);
            shortQueryOverhead(athena);
            concurrentThroughput(athena);
        }
        System.out.println("bench results: " + report.write());
    }

    /** 1,000,000 rows: the service's streamed CSV download vs paging GetQueryResults 1,000 rows at a time. */
    private double[] largeResult(AthenaClient athena) throws Exception {
        long submitted = System.nanoTime();
        String id = api().contentType("application/json").body(Map.of("sql", LARGE_SQL, "waitSeconds", 60, "pageSize", 1))
                .post("/queries").then().extract().path("queryExecutionId");
        awaitSucceeded(athena, id);
        double query = seconds(submitted);

        String token = TestSupport.token(Roles.READER);
        double streamed = Double.MAX_VALUE;
        long start;
        for (int run = 0; run < 2; run++) { // the better of two, as the raw GetObject below
            start = System.nanoTime();
            long lines = countLines(download(id, "csv", token));
            streamed = Math.min(streamed, seconds(start));
            assertThat(lines).isEqualTo(ROWS + 1L);
        }

        start = System.nanoTime();
        long jsonLines = countLines(download(id, "jsonl", token));
        double streamedJson = seconds(start);
        assertThat(jsonLines).isEqualTo(ROWS);

        start = System.nanoTime();
        long rows = 0;
        String nextToken = null;
        do {
            String pageToken = nextToken;
            GetQueryResultsResponse page = athena.getQueryResults(r -> r.queryExecutionId(id).maxResults(1000).nextToken(pageToken));
            rows += page.resultSet().rows().size();
            nextToken = page.nextToken();
        } while (nextToken != null);
        double paged = seconds(start);
        assertThat(rows).isEqualTo(ROWS + 1L);

        String output = api().get("/queries/" + id).path("outputLocation");
        double raw = Double.MAX_VALUE;
        try (var s3 = TestSupport.s3()) {
            for (int run = 0; run < 2; run++) {
                start = System.nanoTime();
                try (InputStream in = s3.getObject(r -> r.bucket(output.substring(5, output.indexOf('/', 5)))
                        .key(output.substring(output.indexOf('/', 5) + 1)))) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                raw = Math.min(raw, seconds(start));
            }
        }
        report.figure("1M-row result, streamed CSV download vs GetQueryResults paging (1,000 rows a page)",
                streamed, "s", paged, "s", "lower");
        report.figure("1M-row csv result, streamed CSV download vs raw GetObject of its CSV object",
                ROWS / streamed, "rows/s", ROWS / raw, "rows/s", "higher");
        report.figure("1M-row result, streamed JSON-lines download (typed) vs GetQueryResults paging (1,000 rows a page)",
                streamedJson, "s", paged, "s", "lower");
        return new double[] {paged, query};
    }

    /**
     * The same 1,000,000 rows as a parquet result (UNLOAD): each download against the raw GetObject of the same
     * parquet files from the same store (the limit) and against GetQueryResults paging of the CSV result.
     */
    private void parquetResult(double paged, double csvQuery) throws Exception {
        long start = System.nanoTime();
        String id = api().contentType("application/json").body(Map.of("sql", LARGE_SQL, "resultFormat", "parquet",
                "waitSeconds", 60, "pageSize", 1)).post("/queries").then().statusCode(200).extract().path("queryExecutionId");
        double unloaded = seconds(start);
        report.figure("1M-row query, submit to first page: parquet result (UNLOAD) vs csv result (devstack's engine)",
                unloaded, "s", csvQuery, "s", "lower");

        String folder = api().get("/queries/" + id).path("parquetLocation");
        String bucket = folder.substring(5, folder.indexOf('/', 5));
        String prefix = folder.substring(folder.indexOf('/', 5) + 1);
        double raw = Double.MAX_VALUE;
        long bytes = 0;
        try (var s3 = TestSupport.s3()) {
            for (int run = 0; run < 2; run++) { // the better of two, as the downloads get one warm-up each
                start = System.nanoTime();
                bytes = 0;
                for (var object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                    try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(object.key()))) {
                        bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
                raw = Math.min(raw, seconds(start));
            }
        }
        String token = TestSupport.token(Roles.READER);
        for (String format : List.of("arrow", "csv", "jsonl")) {
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 2; run++) {
                start = System.nanoTime();
                long length;
                try (InputStream in = download(id, format, token)) {
                    length = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                best = Math.min(best, seconds(start));
                assertThat(length).isPositive();
            }
            report.figure("1M-row parquet result (" + bytes / 1_000_000 + " MB of parquet), " + format
                    + " download vs raw GetObject of its files", ROWS / best, "rows/s", ROWS / raw, "rows/s", "higher");
            report.figure("1M-row parquet result, " + format + " download vs GetQueryResults paging of the csv result",
                    best, "s", paged, "s", "lower");
        }
    }

    /** Short queries one after another: submit-to-first-page through the service vs a bare start/poll/fetch loop. */
    private void shortQueryOverhead(AthenaClient athena) {
        for (int i = 0; i < 3; i++) { // warm-up of both paths
            throughService(i);
            bare(athena, i);
        }
        long service = 0;
        long bare = 0;
        for (int i = 0; i < SHORT_QUERIES; i++) {
            long start = System.nanoTime();
            throughService(100 + i);
            service += System.nanoTime() - start;
            start = System.nanoTime();
            bare(athena, 100 + i);
            bare += System.nanoTime() - start;
        }
        report.figure("short query, submit to first page: service (REST, wait) vs bare AthenaClient start/poll(50 ms)/fetch",
                service / 1e6 / SHORT_QUERIES, "ms", bare / 1e6 / SHORT_QUERIES, "ms", "lower");
    }

    /** Concurrent clients submitting short queries for a fixed window: completed queries per second. */
    private void concurrentThroughput(AthenaClient athena) throws Exception {
        double service = throughput(this::throughService);
        double bare = throughput(i -> bare(athena, i));
        report.figure("sustained throughput, " + CONCURRENCY + " concurrent clients of short queries: service vs bare AthenaClient loops",
                service, "queries/s", bare, "queries/s", "higher");
    }

    private interface Query {
        void run(int i);
    }

    private static double throughput(Query query) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
        AtomicInteger sequence = new AtomicInteger(10_000);
        AtomicInteger completed = new AtomicInteger();
        long deadline = System.nanoTime() + THROUGHPUT_WINDOW.toNanos();
        long start = System.nanoTime();
        List<Future<Object>> futures = new ArrayList<>();
        for (int c = 0; c < CONCURRENCY; c++) {
            Callable<Object> client = () -> {
                while (System.nanoTime() < deadline) {
                    query.run(sequence.incrementAndGet());
                    completed.incrementAndGet();
                }
                return null;
            };
            futures.add(clients.submit(client));
        }
        for (Future<Object> future : futures) {
            future.get();
        }
        clients.shutdown();
        return completed.get() / seconds(start);
    }

    private static String shortSql(int i) {
        return "SELECT n_name, n_regionkey FROM tpch.tiny.nation WHERE n_nationkey = " + (i % 25) + " AND " + i + " = " + i;
    }

    private void throughService(int i) {
        api().contentType("application/json").body(Map.of("sql", shortSql(i), "waitSeconds", 60))
                .post("/queries").then().statusCode(200);
    }

    private static void bare(AthenaClient athena, int i) {
        String id = athena.startQueryExecution(r -> r.queryString(shortSql(i)).workGroup("primary")).queryExecutionId();
        awaitSucceeded(athena, id);
        athena.getQueryResults(r -> r.queryExecutionId(id).maxResults(100));
    }

    private static void awaitSucceeded(AthenaClient athena, String id) {
        while (true) {
            QueryExecutionState state = athena.getQueryExecution(r -> r.queryExecutionId(id)).queryExecution().status().state();
            if (state == QueryExecutionState.SUCCEEDED) {
                return;
            }
            if (state == QueryExecutionState.FAILED || state == QueryExecutionState.CANCELLED) {
                throw new IllegalStateException("query " + id + " " + state);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A download's body, read with the JDK's HttpURLConnection: the same HTTP client stack as the SDK's
     * url-connection client of the raw GetObject baselines, so that a ratio compares the service, not two clients.
     */
    private InputStream download(String id, String format, String token) throws Exception {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(base + "queries/" + id + "/results."
                + format).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + token);
        assertThat(connection.getResponseCode()).isEqualTo(200);
        return connection.getInputStream();
    }

    private static long countLines(InputStream in) throws Exception {
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            long lines = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
