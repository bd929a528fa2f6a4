package io.athenalake.local.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** query-service's REST API as a user calls it: bearer token, JSON in and out. */
public final class QueryServiceClient {

    // decimals as BigDecimal: a value is compared and printed as query-service sent it
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** A whole result: column names and every row, values as query-service typed them. */
    public record Rows(List<String> columns, List<List<JsonNode>> rows) {
    }

    /** An answer other than the one asked for, with query-service's problem document. */
    public static final class ApiException extends RuntimeException {
        public final int status;

        ApiException(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final Supplier<String> token;

    public QueryServiceClient(String baseUrl, Supplier<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** POST /queries, waiting up to {@code waitSeconds} for the first page. */
    public JsonNode submit(String sql, String catalog, String database, int waitSeconds) {
        ObjectNode body = JSON.createObjectNode().put("sql", sql).put("waitSeconds", waitSeconds);
        if (catalog != null) {
            body.put("catalog", catalog);
        }
        if (database != null) {
            body.put("database", database);
        }
        return send(request("/queries").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 200, 202);
    }

    /** GET /queries/{id}. */
    public JsonNode status(String queryExecutionId) {
        return send(request("/queries/" + queryExecutionId).GET(), 200);
    }

    /** Every page of GET /queries/{id}/results. */
    public Rows rows(String queryExecutionId) {
        List<String> columns = new ArrayList<>();
        List<List<JsonNode>> rows = new ArrayList<>();
        String nextToken = null;
        do {
            String query = "?pageSize=1000" + (nextToken == null ? "" : "&nextToken="
                    + URLEncoder.encode(nextToken, StandardCharsets.UTF_8));
            JsonNode page = send(request("/queries/" + queryExecutionId + "/results" + query).GET(), 200);
            if (columns.isEmpty()) {
                page.path("columns").forEach(c -> columns.add(c.path("name").asText()));
            }
            page.path("rows").forEach(r -> {
                List<JsonNode> row = new ArrayList<>();
                r.forEach(row::add);
                rows.add(row);
            });
            nextToken = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (nextToken != null);
        return new Rows(columns, rows);
    }

    /** Waits until the query has ended; returns its final status. */
    public JsonNode awaitEnd(String queryExecutionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode status = status(queryExecutionId);
            String state = status.path("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED") || System.nanoTime() > deadline) {
                return status;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request, int... expected) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int status : expected) {
                if (response.statusCode() == status) {
                    return JSON.readTree(response.body());
                }
            }
            throw new ApiException(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("query-service at " + baseUrl + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
