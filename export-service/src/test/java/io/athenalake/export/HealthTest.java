package io.athenalake.export;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(ReplaceLayoutProfile.class)
class HealthTest {

    @Test
    void readyWhenQueuesAndBucketAnswer() {
        given().when().get("/q/health/ready").then().log().ifValidationFails()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'export-service' }.data.'sqs.rds-events'", equalTo("reachable"))
                .body("checks.find { it.name == 'export-service' }.data.'sqs.lake-events'", equalTo("reachable"));
    }

    @Test
    void metricsAreServed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
