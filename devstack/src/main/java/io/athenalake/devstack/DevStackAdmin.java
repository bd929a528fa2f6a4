package io.athenalake.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The devstack's own calls, {@code POST /_devstack/...} on its AWS endpoint: what AWS does by itself
 * (RDS's automated snapshot) or what is deployed rather than called (a Lambda function's code), for tests,
 * the local run and its command line. Every other call goes through the real AWS SDK clients.
 */
public final class DevStackAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String awsEndpoint;

    public DevStackAdmin(String awsEndpoint) {
        this.awsEndpoint = awsEndpoint;
    }

    public static DevStackAdmin on(DevStackEndpoints stack) {
        return new DevStackAdmin(stack.awsEndpoint());
    }

    /** What RDS does in its backup window: an automated snapshot of a DB instance (RDS-EVENT-0091); returns its ARN. */
    public String automatedSnapshotOfInstance(String dbInstanceIdentifier) {
        return automatedSnapshot(JSON.createObjectNode().put("DBInstanceIdentifier", dbInstanceIdentifier));
    }

    /** An automated snapshot of an Aurora cluster (RDS-EVENT-0169); returns its ARN. */
    public String automatedSnapshotOfCluster(String dbClusterIdentifier) {
        return automatedSnapshot(JSON.createObjectNode().put("DBClusterIdentifier", dbClusterIdentifier));
    }

    /**
     * What a query over a large table does in Athena: from now on, queries whose text contains {@code marker} stay
     * RUNNING at least {@code duration} (zero forgets the marker). Cancelling one ends it at once.
     */
    public void athenaRunningTime(String marker, Duration duration) {
        call("/_devstack/athena/running-time", JSON.createObjectNode().put("QueryStringContains", marker)
                .put("Seconds", duration.toSeconds()));
    }

    /**
     * What RDS does when an export's bucket, key or role stops being usable after StartExportTask accepted it:
     * exports of the snapshot started from now on end FAILED with {@code cause} (RDS-EVENT-0159, clusters 0162).
     */
    public void failExportsOf(String snapshotArn, String cause) {
        call("/_devstack/rds/export-failure", JSON.createObjectNode().put("SourceArn", snapshotArn).put("FailureCause", cause));
    }

    /** Exports of the snapshot started from now on complete but list these tables ({@code db.schema.table}) as FAILED. */
    public void failTablesInExportsOf(String snapshotArn, java.util.List<String> tables) {
        ObjectNode request = JSON.createObjectNode().put("SourceArn", snapshotArn);
        tables.forEach(request.putArray("FailedTables")::add);
        call("/_devstack/rds/export-failure", request);
    }

    private String automatedSnapshot(ObjectNode request) {
        return call("/_devstack/rds/automated-snapshot", request).path("SnapshotArn").asText();
    }

    /**
     * Hosts a Java function on the devstack's Lambda (CreateFunction's fields, the code a local zip or folder);
     * a function of the same name is replaced. Returns its ARN.
     */
    public String hostFunction(String name, Path code, String handler, Duration timeout, int memoryMb,
                               Map<String, String> environment) {
        ObjectNode request = JSON.createObjectNode().put("FunctionName", name).put("Runtime", "java17")
                .put("Handler", handler).put("Timeout", timeout.toSeconds()).put("MemorySize", memoryMb);
        request.putObject("Code").put("Path", code.toAbsolutePath().toString());
        ObjectNode variables = request.putObject("Environment").putObject("Variables");
        environment.forEach(variables::put);
        return call("/_devstack/lambda/functions", request).path("FunctionArn").asText();
    }

    private JsonNode call(String path, ObjectNode request) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(awsEndpoint + path))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the devstack refused " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("calling " + awsEndpoint + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + path, e);
        }
    }
}
