package io.athenalake.query.rest;

import io.athenalake.query.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.athenalake.query.TestSupport.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Every input field is validated and answered with 400 problem+json naming the field and the rule. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class ValidationTest {

    private static final String LONG = "x".repeat(300);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            sql                      | {}
            sql                      | {"sql": "   "}
            sql                      | {"sql": 42}
            catalog                  | {"sql": "SELECT 1", "catalog": "no spaces allowed"}
            database                 | {"sql": "SELECT 1", "database": "bad;name"}
            workgroup                | {"sql": "SELECT 1", "workgroup": "a/b"}
            parameters[0]            | {"sql": "SELECT ?", "parameters": [""]}
            parameters[1]            | {"sql": "SELECT ?, ?", "parameters": ["1", null]}
            resultReuseMaxAgeMinutes | {"sql": "SELECT 1", "resultReuseMaxAgeMinutes": 0}
            resultReuseMaxAgeMinutes | {"sql": "SELECT 1", "resultReuseMaxAgeMinutes": 10081}
            bytesScannedBudget       | {"sql": "SELECT 1", "bytesScannedBudget": 0}
            idempotencyKey           | {"sql": "SELECT 1", "idempotencyKey": "no spaces"}
            waitSeconds              | {"sql": "SELECT 1", "waitSeconds": -1}
            waitSeconds              | {"sql": "SELECT 1", "waitSeconds": 61}
            pageSize                 | {"sql": "SELECT 1", "pageSize": 0}
            pageSize                 | {"sql": "SELECT 1", "pageSize": 1001}
            """)
    void invalidFieldIsNamed(String field, String body) {
        api().contentType("application/json").body(body).post("/queries").then()
                .statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("invalidParams.field", hasItem(field));
    }

    @Test
    void sqlLongerThanAthenaAcceptsIsRefused() {
        api().contentType("application/json").body("{\"sql\": \"SELECT '" + "x".repeat(262_144) + "'\"}")
                .post("/queries").then().statusCode(400).body("invalidParams.field", hasItem("sql"));
    }

    @Test
    void tooManyOrTooLongParametersAreRefused() {
        api().contentType("application/json").body("{\"sql\": \"SELECT ?\", \"parameters\": [\"'" + "x".repeat(1100) + "'\"]}")
                .post("/queries").then().statusCode(400).body("invalidParams.field", hasItem("parameters[0]"));
        String many = String.join(",", java.util.Collections.nCopies(101, "\"1\""));
        api().contentType("application/json").body("{\"sql\": \"SELECT 1\", \"parameters\": [" + many + "]}")
                .post("/queries").then().statusCode(400).body("invalidParams.field", hasItem("parameters"));
    }

    @Test
    void longIdempotencyKeyIsRefused() {
        api().contentType("application/json").body("{\"sql\": \"SELECT 1\", \"idempotencyKey\": \"" + LONG + "\"}")
                .post("/queries").then().statusCode(400).body("invalidParams.field", hasItem("idempotencyKey"));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        api().contentType("application/json").body("{\"catalog\": \"a b\", \"waitSeconds\": 99}").post("/queries").then()
                .statusCode(400).body("invalidParams.size()", equalTo(3));
    }

    @Test
    void malformedOrMisspelledBodiesAreRefused() {
        api().contentType("application/json").body("{\"sql\": ").post("/queries").then()
                .statusCode(400).contentType("application/problem+json");
        api().contentType("application/json").body("{\"sql\": \"SELECT 1\", \"databse\": \"tiny\"}").post("/queries").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("databse"));
    }

    @Test
    void pathAndQueryParametersAreValidated() {
        api().get("/queries/not_an_id!").then().statusCode(400).body("invalidParams.field", hasItem("id"));
        String id = UUID.randomUUID().toString();
        api().queryParam("pageSize", "0").get("/queries/" + id + "/results").then().statusCode(400)
                .body("invalidParams.field", hasItem("pageSize"));
        api().queryParam("pageSize", "many").get("/queries/" + id + "/results").then().statusCode(400)
                .body("invalidParams.field", hasItem("pageSize"));
        api().queryParam("nextToken", "t".repeat(3000)).get("/queries/" + id + "/results").then().statusCode(400)
                .body("invalidParams.field", hasItem("nextToken"));
    }
}
