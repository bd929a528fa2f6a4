package io.athenalake.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.results.CsvRowReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.s3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

/** Streamed CSV and JSON-lines downloads straight from the result object, and deleting result objects. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class DownloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void csvStreamOfAHundredThousandRowsEqualsThePagedJson() throws Exception {
        String id = succeeded("SELECT o_orderkey, o_custkey, o_orderstatus, o_totalprice, o_orderdate, o_comment "
                + "FROM tpch.sf1.orders ORDER BY o_orderkey LIMIT 100000");

        List<List<String>> csv = new ArrayList<>();
        try (InputStream in = api().get("/queries/" + id + "/results.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).header("Content-Disposition", containsString(id + ".csv"))
                .extract().asInputStream()) {
            CsvRowReader reader = new CsvRowReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            assertThat(reader.next()).containsExactly("o_orderkey", "o_custkey", "o_orderstatus", "o_totalprice",
                    "o_orderdate", "o_comment");
            List<String> row;
            while ((row = reader.next()) != null) {
                csv.add(row);
            }
        }

        List<List<String>> paged = new ArrayList<>();
        String nextToken = null;
        do {
            var request = api().queryParam("pageSize", 1000);
            if (nextToken != null) {
                request.queryParam("nextToken", nextToken);
            }
            JsonNode page = JSON.readTree(request.get("/queries/" + id + "/results").then().statusCode(200).extract().asString());
            page.get("rows").forEach(values -> {
                List<String> row = new ArrayList<>();
                values.forEach(value -> row.add(value.isNull() ? null : value.isDouble()
                        ? String.valueOf(value.asDouble()) : value.asText()));
                paged.add(row);
            });
            nextToken = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (nextToken != null);

        assertThat(csv).hasSize(100_000);
        assertThat(paged).hasSize(100_000);
        for (int i = 0; i < csv.size(); i++) {
            List<String> fromCsv = new ArrayList<>(csv.get(i));
            fromCsv.set(3, String.valueOf(Double.parseDouble(fromCsv.get(3))));
            assertThat(paged.get(i)).as("row " + i).isEqualTo(fromCsv);
        }
    }

    @Test
    void jsonLinesAreTypedObjectsPerRow() throws Exception {
        String id = succeeded("SELECT n_nationkey, n_name, n_regionkey = 1 AS america, CAST(NULL AS varchar) AS nothing, "
                + "CAST(n_nationkey AS decimal(10,2)) AS amount FROM tpch.tiny.nation ORDER BY n_nationkey");
        String body = api().get("/queries/" + id + "/results.jsonl").then().statusCode(200)
                .contentType(containsString("application/jsonl")).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(25);
        JsonNode first = lines.get(0);
        assertThat(first.get("n_nationkey").isIntegralNumber()).isTrue();
        assertThat(first.get("n_name").asText()).isEqualTo("ALGERIA");
        assertThat(first.get("america").isBoolean()).isTrue();
        assertThat(first.get("nothing").isNull()).isTrue();
        assertThat(first.get("amount").decimalValue()).isEqualByComparingTo("0");
        assertThat(lines.get(24).get("n_nationkey").asLong()).isEqualTo(24);
    }

    @Test
    void deletingResultsRemovesTheDataFileAndItsMetadata() {
        String id = succeeded("SELECT r_name FROM tpch.tiny.region");
        String location = api().get("/queries/" + id).path("outputLocation");
        String bucket = location.substring(5, location.indexOf('/', 5));
        String key = location.substring(location.indexOf('/', 5) + 1);
        S3Client s3 = s3();
        s3.headObject(r -> r.bucket(bucket).key(key));
        s3.headObject(r -> r.bucket(bucket).key(key + ".metadata"));

        api().delete("/queries/" + id + "/results").then().statusCode(200).body("deleted", hasSize(2));

        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key(key))).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key(key + ".metadata")))
                .isInstanceOf(NoSuchKeyException.class);
        api().get("/queries/" + id + "/results.csv").then().statusCode(410).contentType("application/problem+json");
        api().get("/queries/" + id).then().statusCode(200); // Athena's history keeps the query
    }

    private static String succeeded(String sql) {
        return api().contentType("application/json").body(Map.of("sql", sql, "waitSeconds", 60, "pageSize", 1))
                .post("/queries").then().statusCode(200).extract().path("queryExecutionId");
    }
}
