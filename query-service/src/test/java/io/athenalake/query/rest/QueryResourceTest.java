package io.athenalake.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.athenalake.query.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.athenalake.query.TestSupport.api;
import static io.athenalake.query.TestSupport.normalize;
import static io.athenalake.query.TestSupport.trinoRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Submit, status and typed result pages through the REST API, compared with what Trino answers directly. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class QueryResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tpchQueryReturnsTheRowsTrinoReturns() throws Exception {
        String sql = """
                SELECT n.n_name, r.r_name, count(*) AS suppliers, round(sum(s.s_acctbal), 2) AS balance,
                       min(s.s_acctbal) > 0 AS all_positive
                FROM supplier s JOIN nation n ON s.s_nationkey = n.n_nationkey
                JOIN region r ON n.n_regionkey = r.r_regionkey
                GROUP BY n.n_name, r.r_name ORDER BY n.n_name""";
        JsonNode answer = submitAndWait(Map.of("sql", sql, "catalog", "tpch", "database", "tiny", "pageSize", 1000));
        assertThat(answer.at("/state").asText()).isEqualTo("SUCCEEDED");
        JsonNode page = answer.get("firstPage");
        assertThat(columnNames(page)).containsExactly("n_name", "r_name", "suppliers", "balance", "all_positive");
        assertThat(page.at("/columns/2/type").asText()).isEqualTo("bigint");
        assertThat(page.at("/rows/0/2").isIntegralNumber()).as("bigint as a JSON number").isTrue();
        assertThat(page.at("/rows/0/3").isNumber()).as("double as a JSON number").isTrue();
        assertThat(page.at("/rows/0/4").isBoolean()).as("boolean as a JSON boolean").isTrue();
        assertThat(rows(page)).isEqualTo(trinoRows(sql.replace("FROM supplier", "FROM tpch.tiny.supplier")
                .replace("JOIN nation", "JOIN tpch.tiny.nation").replace("JOIN region", "JOIN tpch.tiny.region")));
    }

    @Test
    void tpchPricingSummaryMatchesTrino() throws Exception {
        String sql = """
                SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,
                       round(avg(l_extendedprice), 4) AS avg_price, count(*) AS count_order,
                       max(l_shipdate) AS last_ship
                FROM tpch.tiny.lineitem WHERE l_shipdate <= DATE '1998-09-02'
                GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus""";
        JsonNode page = submitAndWait(Map.of("sql", sql)).get("firstPage");
        assertThat(page.at("/columns/5/type").asText()).isEqualTo("date");
        assertThat(rows(page)).isEqualTo(trinoRows(sql));
    }

    @Test
    void asyncSubmitThenStatusThenPagesAcrossTenThousandRows() throws Exception {
        String sql = "SELECT o_orderkey, o_custkey, o_totalprice, o_orderdate, o_comment FROM tpch.tiny.orders "
                + "ORDER BY o_orderkey LIMIT 10000";
        Response submitted = api().contentType("application/json").body(Map.of("sql", sql)).post("/queries");
        submitted.then().statusCode(202).header("Location", containsString("/queries/")).body("queryExecutionId", notNullValue());
        String id = submitted.path("queryExecutionId");
        await().untilAsserted(() -> api().get("/queries/" + id).then().statusCode(200).body("state", equalTo("SUCCEEDED")));
        api().get("/queries/" + id).then()
                .body("statistics.totalExecutionTimeMillis", notNullValue())
                .body("statistics.dataScannedInBytes", notNullValue())
                .body("submittedAt", notNullValue()).body("completedAt", notNullValue())
                .body("sql", equalTo(sql)).body("workgroup", equalTo("primary"));

        List<List<String>> paged = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            var request = api().queryParam("pageSize", 1000);
            if (nextToken != null) {
                request.queryParam("nextToken", nextToken);
            }
            JsonNode page = JSON.readTree(request.get("/queries/" + id + "/results").then().statusCode(200)
                    .extract().asString());
            assertThat(page.get("rows").size()).isLessThanOrEqualTo(1000);
            paged.addAll(rows(page));
            nextToken = page.path("nextToken").isTextual() ? page.get("nextToken").asText() : null;
            pages++;
        } while (nextToken != null);
        assertThat(pages).isGreaterThanOrEqualTo(10);
        assertThat(paged).hasSize(10_000).isEqualTo(trinoRows(sql));
    }

    @Test
    void executionParametersBindValues() throws Exception {
        JsonNode page = submitAndWait(Map.of(
                "sql", "SELECT n_name, n_regionkey FROM nation WHERE n_regionkey = ? AND n_name LIKE ? ORDER BY n_name",
                "catalog", "tpch", "database", "tiny", "parameters", List.of("1", "'%A%'"))).get("firstPage");
        assertThat(rows(page)).isNotEmpty().isEqualTo(trinoRows(
                "SELECT n_name, n_regionkey FROM tpch.tiny.nation WHERE n_regionkey = ? AND n_name LIKE ? ORDER BY n_name",
                1, "%A%"));
    }

    @Test
    void aParameterIsAValueNeverSql() {
        JsonNode page = submitAndWait(Map.of("sql", "SELECT count(*) FROM tpch.tiny.nation WHERE n_name = ?",
                "parameters", List.of("'x'' OR ''1''=''1'"))).get("firstPage");
        assertThat(page.at("/rows/0/0").asLong()).isZero();
    }

    @Test
    void failingQueryReportsAthenasReason() {
        api().contentType("application/json")
                .body(Map.of("sql", "SELECT no_such_column FROM tpch.tiny.nation", "waitSeconds", 30))
                .post("/queries").then()
                .statusCode(422).contentType("application/problem+json")
                .body("state", equalTo("FAILED"))
                .body("errorType", equalTo("COLUMN_NOT_FOUND"))
                .body("detail", containsString("no_such_column"));
        String id = api().contentType("application/json").body(Map.of("sql", "SELECT no_such_column FROM tpch.tiny.nation"))
                .post("/queries").path("queryExecutionId");
        await().untilAsserted(() -> api().get("/queries/" + id).then().body("state", equalTo("FAILED"))
                .body("reason", containsString("COLUMN_NOT_FOUND")));
        api().get("/queries/" + id + "/results").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("no_such_column"));
    }

    @Test
    void cancellationStopsALongQuery() {
        String id = api().contentType("application/json")
                .body(Map.of("sql", "SELECT sum(l_quantity * l_discount) FROM tpch.sf100.lineitem"))
                .post("/queries").path("queryExecutionId");
        await().untilAsserted(() -> api().get("/queries/" + id).then().body("state", equalTo("RUNNING")));
        api().get("/queries/" + id + "/results").then().statusCode(409).contentType("application/problem+json");
        api().post("/queries/" + id + "/cancel").then().statusCode(200);
        await().untilAsserted(() -> api().get("/queries/" + id).then().body("state", equalTo("CANCELLED")));
    }

    @Test
    void unknownQueryIs404() {
        api().get("/queries/" + UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("title", equalTo("Query not found"));
        api().get("/queries/" + UUID.randomUUID() + "/results").then().statusCode(404);
        api().post("/queries/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        api().delete("/queries/" + UUID.randomUUID() + "/results").then().statusCode(404);
    }

    @Test
    void sameIdempotencyKeyStartsOneExecution() {
        String key = "order-report-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("sql", "SELECT count(*) FROM tpch.tiny.customer", "idempotencyKey", key);
        String first = api().contentType("application/json").body(body).post("/queries").then().statusCode(202)
                .extract().path("queryExecutionId");
        String second = api().contentType("application/json").body(body).post("/queries").then().statusCode(202)
                .extract().path("queryExecutionId");
        assertThat(second).isEqualTo(first);
        api().contentType("application/json").body(Map.of("sql", "SELECT 2", "idempotencyKey", key))
                .post("/queries").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Rejected by Athena"));
    }

    @Test
    void resultReuseAnswersFromAnEarlierResult() {
        String sql = "SELECT count(*) AS n FROM tpch.tiny.part WHERE p_size > 10 -- " + UUID.randomUUID();
        submitAndWait(Map.of("sql", sql, "resultReuseMaxAgeMinutes", 60));
        JsonNode second = submitAndWait(Map.of("sql", sql, "resultReuseMaxAgeMinutes", 60));
        assertThat(second.at("/status/reusedPreviousResult").asBoolean()).isTrue();
    }

    static JsonNode submitAndWait(Map<String, Object> body) {
        Map<String, Object> withWait = new java.util.HashMap<>(body);
        withWait.putIfAbsent("waitSeconds", 60);
        String answer = api().contentType("application/json").body(withWait).post("/queries")
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(answer);
        } catch (Exception e) {
            throw new AssertionError(answer, e);
        }
    }

    static List<String> columnNames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("columns").forEach(column -> names.add(column.get("name").asText()));
        return names;
    }

    static List<List<String>> rows(JsonNode page) {
        List<List<String>> rows = new ArrayList<>();
        page.get("rows").forEach(row -> {
            List<String> values = new ArrayList<>();
            row.forEach(value -> values.add(value.isNull() ? null
                    : value.isNumber() ? normalize(value.numberValue()) : value.asText()));
            rows.add(values);
        });
        return rows;
    }
}
