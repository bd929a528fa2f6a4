package io.athenalake.query.rest;

import io.athenalake.devstack.DevStackAdmin;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.athenalake.query.TestSupport.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Callers who go away: a download whose client disconnects stops reading the result from S3, and a caller waiting
 * for a query (waitSeconds) who disconnects cancels it when the request asked for that, and only then.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class DisconnectTest {

    private static final String MARKER = "/* disconnect-test */";

    @BeforeAll
    static void markedQueriesRunLong() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, Duration.ofSeconds(90));
    }

    @AfterAll
    static void forgetTheMarker() {
        DevStackAdmin.on(TestSupport.stack()).athenaRunningTime(MARKER, Duration.ZERO);
    }

    @Test
    void aDownloadWhoseClientGoesAwayStopsReadingTheResult() throws Exception {
        String id = api().contentType("application/json").body(Map.of("sql", "SELECT o_orderkey, o_comment "
                + "FROM tpch.sf1.orders WHERE o_orderkey <= 1200000", "resultFormat", "parquet", "waitSeconds", 60,
                "pageSize", 1)).post("/queries").then().statusCode(200).extract().path("queryExecutionId");
        double abortedBefore = metric("query_downloads_total\\{format=\"arrow\",outcome=\"aborted\"\\}");
        double rowsBefore = metric("query_download_rows_sum\\{format=\"arrow\",outcome=\"aborted\"\\}");

        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            send(socket, "GET /queries/" + id + "/results.arrow HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestSupport.token(Roles.READER) + "\r\n\r\n");
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int total = 0;
            while (total < 64 * 1024) {
                int n = in.read(buffer);
                assertThat(n).as("the download ended before 64 KB").isPositive();
                total += n;
            }
        } // the client goes away after 64 KB of a result of 300,000 rows

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                metric("query_downloads_total\\{format=\"arrow\",outcome=\"aborted\"\\}")).isEqualTo(abortedBefore + 1));
        double rowsRead = metric("query_download_rows_sum\\{format=\"arrow\",outcome=\"aborted\"\\}") - rowsBefore;
        assertThat(rowsRead).as("rows read from S3 after the client left").isLessThan(150_000);
    }

    /**
     * A download that fails after its first bytes (here: the result's files deleted while it runs) must not read as a
     * complete, shorter result: the status line is long gone, so the connection is broken instead of the body ended.
     */
    @Test
    void aDownloadThatFailsHalfwayBreaksTheConnectionInsteadOfEndingTheBody() throws Exception {
        String id = api().contentType("application/json").body(Map.of("sql", "SELECT o_orderkey, o_comment "
                + "FROM tpch.sf1.orders WHERE o_orderkey <= 1200000", "resultFormat", "parquet", "waitSeconds", 60,
                "pageSize", 1)).post("/queries").then().statusCode(200).extract().path("queryExecutionId");
        String folder = api().get("/queries/" + id).then().extract().path("parquetLocation");
        String bucket = folder.substring(5, folder.indexOf('/', 5));
        String prefix = folder.substring(folder.indexOf('/', 5) + 1);
        double failedBefore = metric("query_downloads_total\\{format=\"csv\",outcome=\"failed\"\\}");

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + RestAssured.port + "/queries/" + id + "/results.csv"))
                .header("Authorization", "Bearer " + TestSupport.token(Roles.READER)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body(); S3Client s3 = TestSupport.s3()) {
            assertThat(in.readNBytes(64 * 1024)).hasSize(64 * 1024);
            List<S3Object> files = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents();
            assertThat(files).as("the result's files").hasSizeGreaterThan(1);
            files.forEach(file -> s3.deleteObject(r -> r.bucket(bucket).key(file.key())));
            assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
                    .as("reading on after the server failed").isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                metric("query_downloads_total\\{format=\"csv\",outcome=\"failed\"\\}")).isEqualTo(failedBefore + 1));
    }

    @Test
    void aWaitingCallerWhoGoesAwayCancelsTheQueryOnlyWhenItAskedTo() throws Exception {
        String cancelled = submitAndHangUp(true);
        String keptRunning = submitAndHangUp(false);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(state(cancelled)).isEqualTo("CANCELLED"));
        assertThat(state(keptRunning)).isEqualTo("RUNNING");
        api().post("/queries/" + keptRunning + "/cancel").then().statusCode(200);
    }

    /** Submits a long query with a wait over a raw connection, reads nothing and hangs up after 2 s; its id. */
    private static String submitAndHangUp(boolean cancelOnDisconnect) throws Exception {
        String key = "disconnect-" + cancelOnDisconnect + "-" + System.nanoTime();
        String body = "{\"sql\":\"SELECT 1 " + MARKER + "\",\"waitSeconds\":60,\"idempotencyKey\":\"" + key
                + "\",\"cancelOnDisconnect\":" + cancelOnDisconnect + "}";
        String token = TestSupport.token(Roles.RUNNER, Roles.READER);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            send(socket, "POST /queries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body);
            Thread.sleep(2000);
        }
        // The same key and request from the same user is the same execution: find it without a second run.
        Map<String, Object> same = Map.of("sql", "SELECT 1 " + MARKER, "idempotencyKey", key);
        String id = RestAssured.given().auth().oauth2(token).contentType("application/json").body(same)
                .post("/queries").then().statusCode(202).extract().path("queryExecutionId");
        assertThat(id).isNotBlank();
        return id;
    }

    private static String state(String id) {
        return api().get("/queries/" + id).then().statusCode(200).extract().path("state");
    }

    private static void send(Socket socket, String request) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static double metric(String pattern) {
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + pattern + " ([0-9.E+-]+)$").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
