package io.athenalake.query;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class HealthTest {

    @Test
    void readyWhenAthenaS3AndQueuesAnswer() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].data.athena", containsString("primary"))
                .body("checks[0].data.s3", containsString("athena-results"))
                .body("checks[0].data.'sqs.query-requests'", equalTo("reachable"));
    }

    @Test
    void openApiDocumentAndUiAreServed() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/queries/{id}/results.csv"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void metricsCountQueriesByStateWithLatencyAndBytesScanned() {
        TestSupport.api().contentType("application/json")
                .body(java.util.Map.of("sql", "SELECT count(*) FROM tpch.tiny.nation", "waitSeconds", 60))
                .post("/queries").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("athena_queries_submitted_total{source=\"rest\"}"))
                .body(containsString("athena_queries_finished_total{source=\"rest\",state=\"SUCCEEDED\"}"))
                .body(containsString("athena_query_latency_seconds_count{source=\"rest\",state=\"SUCCEEDED\"}"))
                .body(containsString("athena_query_scanned_bytes_sum{source=\"rest\"}"));
    }
}
