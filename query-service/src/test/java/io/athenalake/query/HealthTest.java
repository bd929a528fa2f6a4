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
    void metricsAreServed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
