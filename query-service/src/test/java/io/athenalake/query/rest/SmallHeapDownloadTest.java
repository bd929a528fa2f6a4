package io.athenalake.query.rest;

import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.athenalake.query.TestSupport.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The promise that a download holds one row group or one batch in memory, not the result: run by the build's
 * {@code small-heap} execution in a JVM with a fixed small heap (query-service and this test share it), each
 * download of a result several times that heap arrives complete — every row counted and its keys summed against
 * the engine's own count and sum of the same rows.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@Tag("small-heap")
class SmallHeapDownloadTest {

    private static final long MAX_HEAP = 192L * 1024 * 1024;
    private static final String ROWS = "SELECT l_orderkey, l_partkey, l_quantity, l_extendedprice, l_shipdate, l_comment "
            + "FROM tpch.sf1.lineitem WHERE l_orderkey <= %d";

    @TestHTTPResource("/")
    URL base;

    @Test
    void aParquetResultSeveralTimesTheHeapDownloadsCompleteInEveryFormat() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(heap).as("the small-heap execution's -Xmx").isLessThanOrEqualTo(MAX_HEAP);
        String sql = ROWS.formatted(6_000_000); // all of lineitem
        long[] expected = countAndSum(sql);
        assertThat(expected[0]).isEqualTo(6_001_215);
        String id = succeeded(sql, "parquet");

        for (String format : List.of("arrow", "csv", "jsonl")) {
            Download download = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> download(id, format),
                    format + ": a download must end, complete or failed");
            assertThat(download.bytes).as(format + " bytes against the heap").isGreaterThan(2 * heap);
            assertThat(new long[] {download.rows, download.keySum}).as(format + ": rows and their keys' sum").isEqualTo(expected);
        }
    }

    @Test
    void aCsvResultSeveralTimesTheHeapDownloadsCompleteAsJsonLines() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        String sql = ROWS.formatted(2_000_000);
        long[] expected = countAndSum(sql);
        String id = succeeded(sql, "csv");
        Download download = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> download(id, "jsonl"));
        assertThat(download.bytes).isGreaterThan(heap);
        assertThat(new long[] {download.rows, download.keySum}).isEqualTo(expected);
    }

    /** The engine's count of the rows and sum of their l_orderkey. */
    private static long[] countAndSum(String sql) {
        String id = api().contentType("application/json").body(Map.of("sql", "SELECT count(*), sum(l_orderkey) FROM (" + sql + ")",
                "waitSeconds", 60)).post("/queries").then().statusCode(200).extract().path("queryExecutionId");
        List<Object> row = api().get("/queries/" + id + "/results").then().statusCode(200).extract().path("rows[0]");
        return new long[] {((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()};
    }

    private static String succeeded(String sql, String resultFormat) {
        return api().contentType("application/json").body(Map.of("sql", sql, "resultFormat", resultFormat,
                "waitSeconds", 60, "pageSize", 1)).post("/queries").then().statusCode(200).extract().path("queryExecutionId");
    }

    private record Download(long rows, long keySum, long bytes) {
    }

    private Download download(String id, String format) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "queries/" + id + "/results." + format))
                .header("Authorization", "Bearer " + TestSupport.token(Roles.READER)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (CountingStream in = new CountingStream(response.body())) {
            long rows = 0;
            long sum = 0;
            if (format.equals("arrow")) {
                try (RootAllocator allocator = new RootAllocator(); ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    while (reader.loadNextBatch()) {
                        BigIntVector keys = (BigIntVector) reader.getVectorSchemaRoot().getVector("l_orderkey");
                        for (int i = 0; i < keys.getValueCount(); i++) {
                            sum += keys.get(i);
                        }
                        rows += keys.getValueCount();
                    }
                }
                return new Download(rows, sum, in.count);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            if (format.equals("csv")) {
                assertThat(lines.readLine()).startsWith("\"l_orderkey\",");
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rows++;
                sum += format.equals("csv") ? Long.parseLong(line.substring(1, line.indexOf('"', 1)))
                        : Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf(',')));
            }
            return new Download(rows, sum, in.count);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }
}
