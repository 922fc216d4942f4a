package io.wangge.platform.kernel;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Only health, metrics and API documents answer without a token; tokens must be ours; roles are enforced. */
@QuarkusTest
class SecurityTest {

    private static final String BODY = "{\"code\": \"610431110\", \"name\": \"苏坊镇\", \"level\": \"TOWN\"}";

    @Test
    void noTokenIsA401() {
        given().get("/api/test-nodes").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:wangge:problem:unauthorized"));
    }

    @Test
    void tokenSignedByAnotherKeyIsA401() {
        given().auth().oauth2(Tokens.signedByStranger("intruder", "county-admin"))
                .get("/api/test-nodes").then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void tokenFromAnotherIssuerIsA401() {
        given().auth().oauth2(Tokens.fromOtherIssuer("intruder", "county-admin"))
                .get("/api/test-nodes").then().statusCode(401);
    }

    @Test
    void garbageTokenIsA401() {
        given().header("Authorization", "Bearer 这不是令牌").get("/api/test-nodes").then().statusCode(401);
    }

    @Test
    void wrongRoleIsA403() {
        given().header("Authorization", Tokens.bearer("grid-worker-1", "grid-worker"))
                .contentType(ContentType.JSON).body(BODY).post("/api/test-nodes")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:forbidden"));
    }

    @Test
    void rightRoleIsServed() {
        given().header("Authorization", Tokens.bearer("grid-worker-1", "grid-worker"))
                .get("/api/test-nodes").then().statusCode(200);
    }

    @Test
    void healthMetricsAndDocumentsNeedNoToken() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/test-nodes"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("wangge_outbox_backlog"));
    }
}
