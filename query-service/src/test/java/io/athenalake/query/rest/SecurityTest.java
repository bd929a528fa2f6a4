package io.athenalake.query.rest;

import io.athenalake.query.DevStackResource;
import io.athenalake.query.TestSupport;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;

/** Bearer JWT with roles: 401 without or with a bad token, 403 with the wrong role. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class SecurityTest {

    private static final Map<String, Object> QUERY = Map.of("sql", "SELECT 1");

    @Test
    void noTokenIs401() {
        given().contentType("application/json").body(QUERY).post("/queries").then().statusCode(401);
        given().get("/queries/" + UUID.randomUUID()).then().statusCode(401);
        given().get("/schedules").then().statusCode(401);
        given().post("/schedules/nation-count/run").then().statusCode(401);
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer(TestSupport.ISSUER).upn("mallory").groups(Set.of(Roles.RUNNER))
                .sign(generator.generateKeyPair().getPrivate());
        given().auth().oauth2(forged).contentType("application/json").body(QUERY).post("/queries").then().statusCode(401);
    }

    @Test
    void tokenFromAnotherIssuerIs401() {
        String other = Jwt.issuer("https://elsewhere.test").upn("eve").groups(Set.of(Roles.RUNNER)).sign();
        given().auth().oauth2(other).contentType("application/json").body(QUERY).post("/queries").then().statusCode(401);
    }

    @Test
    void readerCannotRunOrCancelOrDelete() {
        String reader = TestSupport.token(Roles.READER);
        String id = UUID.randomUUID().toString();
        given().auth().oauth2(reader).contentType("application/json").body(QUERY).post("/queries").then().statusCode(403);
        given().auth().oauth2(reader).post("/queries/" + id + "/cancel").then().statusCode(403);
        given().auth().oauth2(reader).delete("/queries/" + id + "/results").then().statusCode(403);
        given().auth().oauth2(reader).post("/schedules/nation-count/run").then().statusCode(403);
        given().auth().oauth2(reader).get("/queries/" + id).then().statusCode(404); // may read
        given().auth().oauth2(reader).get("/schedules").then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheRolesIs403() {
        String nobody = TestSupport.token("someone-else");
        given().auth().oauth2(nobody).get("/queries/" + UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(nobody).contentType("application/json").body(QUERY).post("/queries").then().statusCode(403);
    }

    @Test
    void healthOpenApiAndMetricsNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(not(401));
    }
}
