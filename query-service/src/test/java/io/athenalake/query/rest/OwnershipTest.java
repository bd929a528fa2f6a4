package io.athenalake.query.rest;

import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.athenalake.query.TestSupport.admin;
import static io.athenalake.query.TestSupport.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * Two users through the REST API: each sees and lists only their own queries; another's query answers 404 on every
 * endpoint, as one that does not exist; query-admin sees all. The record of who submitted what is in S3, so a
 * fresh subject per test keeps the listings apart from other tests' queries.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class OwnershipTest {

    private final String alice = "alice-" + UUID.randomUUID();
    private final String bob = "bob-" + UUID.randomUUID();

    @Test
    void anotherUsersQueryIsNotFoundOnEveryEndpointAndAnAdminSeesIt() {
        String id = submitAndWait(alice, "SELECT n_name FROM tpch.tiny.nation ORDER BY n_name");

        as(alice).get("/queries/" + id).then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("SUCCEEDED"));
        as(alice).get("/queries/" + id + "/results").then().statusCode(200);

        as(bob).get("/queries/" + id).then().statusCode(404).contentType("application/problem+json");
        as(bob).get("/queries/" + id + "/results").then().statusCode(404);
        as(bob).get("/queries/" + id + "/results.csv").then().statusCode(404);
        as(bob).get("/queries/" + id + "/results.jsonl").then().statusCode(404);
        as(bob).post("/queries/" + id + "/cancel").then().statusCode(404);
        as(bob).delete("/queries/" + id + "/results").then().statusCode(404);
        TestSupport.api().get("/queries/" + id).then().statusCode(404);

        admin().get("/queries/" + id).then().statusCode(200);
        admin().get("/queries/" + id + "/results.csv").then().statusCode(200);
        as(alice).get("/queries/" + id + "/results.csv").then().statusCode(200)
                .body(org.hamcrest.Matchers.startsWith("\"n_name\""));
    }

    @Test
    void theSameIdempotencyKeyFromTwoUsersStartsTwoQueriesEachSeenByItsOwnerOnly() {
        String key = "report-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("sql", "SELECT count(*) FROM tpch.tiny.region", "idempotencyKey", key);
        String ofAlice = as(alice).contentType("application/json").body(body).post("/queries").then().statusCode(202)
                .extract().path("queryExecutionId");
        String again = as(alice).contentType("application/json").body(body).post("/queries").then().statusCode(202)
                .extract().path("queryExecutionId");
        String ofBob = as(bob).contentType("application/json").body(body).post("/queries").then().statusCode(202)
                .extract().path("queryExecutionId");

        assertThat(again).as("alice's retry").isEqualTo(ofAlice);
        assertThat(ofBob).as("bob's query with alice's key").isNotEqualTo(ofAlice);
        as(bob).get("/queries/" + ofAlice).then().statusCode(404);
        as(bob).get("/queries/" + ofBob).then().statusCode(200);
        as(alice).get("/queries/" + ofBob).then().statusCode(404);
        assertThat(ids(as(alice).get("/queries").then().statusCode(200).extract().jsonPath()))
                .as("alice's retry is listed once").containsExactly(ofAlice);
    }

    @Test
    void eachUserListsTheirOwnQueriesNewestFirstPagedAndFiltered() {
        Instant before = Instant.now().minusSeconds(1);
        List<String> aliceIds = new ArrayList<>();
        for (String sql : List.of("SELECT 1", "SELECT * FROM tpch.tiny.no_such_table", "SELECT 2", "SELECT 3")) {
            aliceIds.add(submitAndWait(alice, sql));
        }
        String bobs = submitAndWait(bob, "SELECT 4");
        List<String> newestFirst = new ArrayList<>(aliceIds);
        java.util.Collections.reverse(newestFirst);

        JsonPath all = as(alice).get("/queries").then().statusCode(200).extract().jsonPath();
        assertThat(ids(all)).containsExactlyElementsOf(newestFirst);
        assertThat(all.getString("nextToken")).isNull();
        assertThat(all.getList("queries.sql", String.class)).contains("SELECT * FROM tpch.tiny.no_such_table");
        assertThat(ids(as(bob).get("/queries").then().statusCode(200).extract().jsonPath())).containsExactly(bobs);

        JsonPath first = as(alice).queryParam("pageSize", 3).get("/queries").then().statusCode(200).extract().jsonPath();
        assertThat(ids(first)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        JsonPath second = as(alice).queryParam("pageSize", 3).queryParam("nextToken", first.getString("nextToken"))
                .get("/queries").then().statusCode(200).extract().jsonPath();
        assertThat(ids(second)).containsExactlyElementsOf(newestFirst.subList(3, 4));
        assertThat(second.getString("nextToken")).isNull();

        assertThat(ids(as(alice).queryParam("state", "FAILED").get("/queries").then().statusCode(200).extract().jsonPath()))
                .containsExactly(aliceIds.get(1));
        assertThat(ids(as(alice).queryParam("state", "SUCCEEDED").queryParam("pageSize", 1).get("/queries").then()
                .statusCode(200).extract().jsonPath())).containsExactly(aliceIds.get(3));

        Instant secondSubmitted = Instant.parse(as(alice).get("/queries/" + aliceIds.get(1)).then().extract().path("submittedAt"));
        Instant thirdSubmitted = Instant.parse(as(alice).get("/queries/" + aliceIds.get(2)).then().extract().path("submittedAt"));
        assertThat(ids(as(alice).queryParam("since", secondSubmitted.toString()).queryParam("until", thirdSubmitted.toString())
                .get("/queries").then().statusCode(200).extract().jsonPath()))
                .containsExactly(aliceIds.get(2), aliceIds.get(1));
        assertThat(ids(as(alice).queryParam("until", before.toString()).get("/queries").then().statusCode(200)
                .extract().jsonPath())).isEmpty();

        as(bob).queryParam("owner", "user:" + alice).get("/queries").then().statusCode(403);
        assertThat(ids(admin().queryParam("owner", "user:" + alice).get("/queries").then().statusCode(200)
                .extract().jsonPath())).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void badListingParametersAre400WithEachField() {
        as(alice).queryParam("state", "DONE").queryParam("since", "yesterday").queryParam("pageSize", 0)
                .queryParam("nextToken", "not-a-token").get("/queries").then().statusCode(400)
                .body("invalidParams.field", hasItem("state"))
                .body("invalidParams.field", hasItem("since"))
                .body("invalidParams.field", hasItem("pageSize"))
                .body("invalidParams.field", hasItem("nextToken"));
        as(alice).queryParam("since", "2026-12-02T00:00:00Z").queryParam("until", "2026-12-01T00:00:00Z")
                .get("/queries").then().statusCode(400).body("invalidParams.field", hasItem("since"));
    }

    private static String submitAndWait(String user, String sql) {
        String id = as(user).contentType("application/json").body(Map.of("sql", sql, "catalog", "tpch", "database", "tiny"))
                .post("/queries").then().statusCode(202).extract().path("queryExecutionId");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            String state = as(user).get("/queries/" + id).then().statusCode(200).extract().path("state");
            return !"QUEUED".equals(state) && !"RUNNING".equals(state);
        });
        return id;
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("queries.queryExecutionId", String.class);
    }
}
