package io.athenalake.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.DevStackResource;
import io.athenalake.query.results.CsvRowReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.s3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Large results as parquet: the query is unloaded (Athena's UNLOAD, parquet files written in parallel) and every
 * download reads those files. The oracle is the same query's CSV result, written by Athena (the devstack's Trino),
 * not by this service.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class ParquetResultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "SELECT o_orderkey, o_custkey, o_orderstatus, o_totalprice, o_orderdate, o_comment "
            + "FROM tpch.sf1.orders WHERE o_orderkey <= 200000";

    @Test
    void everyDownloadOfAParquetResultHoldsTheRowsOfTheCsvResult() throws Exception {
        String parquet = succeeded(ORDERS, "parquet");
        String csv = succeeded(ORDERS, "csv");
        JsonNode status = JSON.readTree(api().get("/queries/" + parquet).then().statusCode(200).extract().asString());
        assertThat(status.get("resultFormat").asText()).isEqualTo("parquet");
        assertThat(status.get("sql").asText()).isEqualTo(ORDERS);
        String folder = status.get("parquetLocation").asText();
        List<S3Object> files = s3().listObjectsV2(r -> r.bucket(bucket(folder)).prefix(key(folder))).contents();
        assertThat(files).as("UNLOAD writes in parallel").hasSizeGreaterThan(1);
        assertThat(JSON.readTree(api().get("/queries/" + csv).then().extract().asString()).get("resultFormat").asText())
                .isEqualTo("csv");

        List<List<String>> expected = sorted(csvRows(csv));
        assertThat(expected).hasSize(50_000);
        assertThat(sorted(csvRows(parquet))).isEqualTo(expected);
        assertThat(sorted(jsonLines(parquet))).isEqualTo(sorted(jsonLines(csv)));
        assertThat(sorted(pages(parquet, 1000))).isEqualTo(sorted(pages(csv, 1000)));

        List<List<String>> arrow = arrowRows(parquet, Map.of(
                "o_orderkey", new ArrowType.Int(64, true),
                "o_orderdate", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY),
                "o_totalprice", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE),
                "o_comment", ArrowType.Utf8.INSTANCE));
        assertThat(sorted(arrow)).isEqualTo(sorted(arrowRows(csv, Map.of())));
        assertThat(arrow).hasSize(50_000);
    }

    /** A column of every primitive type Athena writes to parquet, each row a different value, some null. */
    private static final String EVERY_PRIMITIVE_TYPE = "SELECT n_nationkey AS id, CAST(n_nationkey AS tinyint) AS tiny, "
            + "CAST(n_nationkey AS smallint) AS small, CAST(n_nationkey AS integer) AS int32, n_nationkey * 10000000000 AS big, "
            + "n_regionkey = 1 AS america, CAST(n_nationkey AS real) / 3 AS r, CAST(n_nationkey AS double) / 7 AS d, "
            + "CAST(n_nationkey AS decimal(12,3)) / 8 AS dec, CAST(n_nationkey AS decimal(30,2)) * 1000000000000 AS bigdec, "
            + "CAST(n_nationkey - 12 AS decimal(30,2)) * 1000000000000 AS negdec, "
            + "date_add('day', CAST(n_nationkey AS integer), DATE '2024-02-27') AS day, "
            + "date_add('millisecond', CAST(n_nationkey AS integer) * 1234567, TIMESTAMP '2024-03-30 22:59:58.125') AS ts, "
            + "date_add('day', -1000 * CAST(n_nationkey AS integer), TIMESTAMP '2024-03-30 22:59:58.125') AS oldts, "
            + "n_name AS name, CAST(n_name AS varchar(40)) || ' \"quoted\", and, commas' AS text, to_utf8(n_name) AS bytes, "
            + "IF(n_nationkey % 3 = 0, NULL, n_comment) AS sometimes";

    @Test
    void everyTypeReadsTheSameFromParquetAsFromAthenasCsv() throws Exception {
        String sql = EVERY_PRIMITIVE_TYPE + ", ARRAY[n_nationkey, n_regionkey] AS pair, MAP(ARRAY['k'], ARRAY[n_regionkey]) AS m "
                + "FROM tpch.tiny.nation";
        String parquet = succeeded(sql, "parquet");
        String csv = succeeded(sql, "csv");
        List<List<String>> fromCsv = sorted(jsonLines(csv));
        assertThat(fromCsv).hasSize(25);
        assertThat(sorted(jsonLines(parquet))).isEqualTo(fromCsv);
        assertThat(sorted(csvRows(parquet))).isEqualTo(sorted(csvRows(csv)));
        assertThat(sorted(arrowRows(parquet, Map.of("pair", ArrowType.Utf8.INSTANCE)))).isEqualTo(sorted(arrowRows(csv, Map.of())));
    }

    /** Without arrays, maps or rows a parquet result is read column by column, into Arrow without boxing a value. */
    @Test
    void everyPrimitiveTypeReadsColumnByColumnAsFromAthenasCsv() throws Exception {
        String sql = EVERY_PRIMITIVE_TYPE + " FROM tpch.tiny.nation";
        String parquet = succeeded(sql, "parquet");
        String csv = succeeded(sql, "csv");
        List<List<String>> arrow = sorted(arrowRows(parquet, Map.of(
                "tiny", new ArrowType.Int(8, true),
                "small", new ArrowType.Int(16, true),
                "int32", new ArrowType.Int(32, true),
                "big", new ArrowType.Int(64, true),
                "america", ArrowType.Bool.INSTANCE,
                "r", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE),
                "day", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY),
                "ts", new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, null),
                "bytes", ArrowType.Utf8.INSTANCE)));
        assertThat(arrow).hasSize(25);
        assertThat(arrow).isEqualTo(sorted(arrowRows(csv, Map.of())));
        assertThat(sorted(jsonLines(parquet))).isEqualTo(sorted(jsonLines(csv)));
        assertThat(sorted(csvRows(parquet))).isEqualTo(sorted(csvRows(csv)));
        assertThat(sorted(pages(parquet, 7))).isEqualTo(sorted(pages(csv, 7)));
    }

    @Test
    void autoChoosesParquetOnlyWhereTheQueryAllowsIt() {
        assertThat(format(succeeded("SELECT r_name FROM tpch.tiny.region", "auto"))).isEqualTo("parquet");
        assertThat(format(succeeded("SELECT r_name FROM tpch.tiny.region ORDER BY r_name", "auto"))).isEqualTo("csv");
        assertThat(format(succeeded("SHOW TABLES IN tpch.tiny", "auto"))).isEqualTo("csv");
        assertThat(format(succeeded("SELECT r_name FROM tpch.tiny.region", null))).isEqualTo("csv");
    }

    @Test
    void parquetForAnOrderedQueryOrAStatementIsRefusedAndNothingRuns() {
        for (String sql : List.of("SELECT r_name FROM tpch.tiny.region ORDER BY r_name", "SHOW TABLES IN tpch.tiny")) {
            api().contentType("application/json").body(Map.of("sql", sql, "resultFormat", "parquet"))
                    .post("/queries").then().statusCode(400)
                    .body("invalidParams[0].field", equalTo("resultFormat"))
                    .body("invalidParams[0].reason", containsString("parquet is not possible"));
        }
        api().contentType("application/json").body(Map.of("sql", "SELECT 1", "resultFormat", "arrow"))
                .post("/queries").then().statusCode(400).body("invalidParams[0].field", equalTo("resultFormat"));
    }

    @Test
    void theSameIdempotencyKeyUnloadsOnce() {
        Map<String, Object> body = Map.of("sql", "SELECT r_name FROM tpch.tiny.region", "resultFormat", "parquet",
                "idempotencyKey", "parquet-once-" + System.nanoTime(), "waitSeconds", 60, "pageSize", 10);
        String first = api().contentType("application/json").body(body).post("/queries").then().statusCode(200)
                .body("firstPage.rows.size()", equalTo(5)).extract().path("queryExecutionId");
        String second = api().contentType("application/json").body(body).post("/queries").then().statusCode(200)
                .body("firstPage.rows.size()", equalTo(5)).extract().path("queryExecutionId");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void deletingAParquetResultRemovesItsFilesAndManifest() {
        String id = succeeded("SELECT * FROM tpch.tiny.customer", "parquet");
        String folder = api().get("/queries/" + id).path("parquetLocation");
        String manifest = api().get("/queries/" + id).path("dataManifestLocation");
        assertThat(s3().listObjectsV2(r -> r.bucket(bucket(folder)).prefix(key(folder))).contents()).isNotEmpty();
        s3().headObject(r -> r.bucket(bucket(manifest)).key(key(manifest)));

        api().delete("/queries/" + id + "/results").then().statusCode(200);

        assertThat(s3().listObjectsV2(r -> r.bucket(bucket(folder)).prefix(key(folder))).contents()).isEmpty();
        api().get("/queries/" + id + "/results.csv").then().statusCode(410);
        api().get("/queries/" + id + "/results.arrow").then().statusCode(410);
    }

    private static String format(String id) {
        return api().get("/queries/" + id).then().statusCode(200).extract().path("resultFormat");
    }

    private static List<List<String>> csvRows(String id) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (InputStream in = api().get("/queries/" + id + "/results.csv").then().statusCode(200).extract().asInputStream()) {
            CsvRowReader reader = new CsvRowReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            reader.next();
            for (List<String> row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<List<String>> jsonLines(String id) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        String body = api().get("/queries/" + id + "/results.jsonl").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            List<String> row = new ArrayList<>();
            JSON.readTree(line).properties().forEach(field -> row.add(field.getKey() + "=" + field.getValue()));
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> pages(String id, int size) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        String nextToken = null;
        do {
            var request = api().queryParam("pageSize", size);
            if (nextToken != null) {
                request.queryParam("nextToken", nextToken);
            }
            ValidatableResponse response = request.get("/queries/" + id + "/results").then().statusCode(200);
            JsonNode page = JSON.readTree(response.extract().asString());
            page.get("rows").forEach(values -> {
                List<String> row = new ArrayList<>();
                values.forEach(value -> row.add(value.toString()));
                rows.add(row);
            });
            nextToken = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
        } while (nextToken != null);
        return rows;
    }

    /** Rows of the Arrow stream as text; the columns named in {@code types} must have those Arrow types. */
    private static List<List<String>> arrowRows(String id, Map<String, ArrowType> types) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (InputStream in = api().get("/queries/" + id + "/results.arrow").then().statusCode(200)
                .contentType(containsString("application/vnd.apache.arrow.stream")).extract().asInputStream();
             RootAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            Map<String, ArrowType> actual = new HashMap<>();
            root.getSchema().getFields().forEach(field -> actual.put(field.getName(), field.getType()));
            types.forEach((name, type) -> assertThat(actual.get(name)).as(name).isEqualTo(type));
            while (reader.loadNextBatch()) {
                for (int i = 0; i < root.getRowCount(); i++) {
                    List<String> row = new ArrayList<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        row.add(String.valueOf(vector.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(Object::toString));
        return copy;
    }

    private static String succeeded(String sql, String resultFormat) {
        Map<String, Object> body = new HashMap<>(Map.of("sql", sql, "waitSeconds", 60, "pageSize", 1));
        if (resultFormat != null) {
            body.put("resultFormat", resultFormat);
        }
        return api().contentType("application/json").body(body).post("/queries").then().statusCode(200)
                .extract().path("queryExecutionId");
    }

    private static String bucket(String uri) {
        return uri.substring(5, uri.indexOf('/', 5));
    }

    private static String key(String uri) {
        return uri.substring(uri.indexOf('/', 5) + 1);
    }
}
