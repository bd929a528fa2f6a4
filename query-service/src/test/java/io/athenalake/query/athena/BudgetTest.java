package io.athenalake.query.athena;

import io.athenalake.query.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.athenalake.query.TestSupport.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bytes-scanned budget stops a query that passes it: Athena (and the devstack) report DataScannedInBytes while
 * a query runs, the replica that started it watches those statistics and stops the query once they exceed the
 * budget. The query joins a lake table (parquet in S3, ~270 KB read per scan) with itself, so it has read more
 * than its 100 KB budget within its first seconds and then computes for many more.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class BudgetTest {

    private static final long BUDGET = 100_000;

    @Test
    void aQueryThatScansMoreThanItsBudgetIsStoppedWhileItRuns() {
        String table = "budget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, Object> context = Map.of("catalog", "AwsDataCatalog", "database", "default");
        String created = submit(context, "CREATE TABLE " + table + " WITH (format = 'PARQUET', external_location = 's3://lake/"
                + table + "/') AS SELECT o_orderkey, o_orderpriority, o_totalprice, o_comment FROM tpch.tiny.orders", null);
        assertThat(finalState(created).getString("state")).isEqualTo("SUCCEEDED");

        String id = submit(context, "SELECT count(*) FROM " + table + " a CROSS JOIN " + table
                + " b WHERE length(a.o_orderpriority || b.o_comment) > 60", BUDGET);
        JsonPath status = finalState(id);
        assertThat(status.getString("state")).as("the query over its budget").isEqualTo("CANCELLED");
        assertThat(status.getLong("statistics.dataScannedInBytes")).as("bytes it had scanned when stopped")
                .isGreaterThan(BUDGET);
    }

    private static String submit(Map<String, Object> context, String sql, Long budget) {
        Map<String, Object> body = new java.util.HashMap<>(context);
        body.put("sql", sql);
        if (budget != null) {
            body.put("bytesScannedBudget", budget);
        }
        return api().contentType("application/json").body(body).post("/queries").then().statusCode(202).extract()
                .path("queryExecutionId");
    }

    private static JsonPath finalState(String id) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                Set.of("SUCCEEDED", "FAILED", "CANCELLED").contains(api().get("/queries/" + id).then().statusCode(200)
                        .extract().<String>path("state")));
        return api().get("/queries/" + id).then().statusCode(200).extract().jsonPath();
    }
}
