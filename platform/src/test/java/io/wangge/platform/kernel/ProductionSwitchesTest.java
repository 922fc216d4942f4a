package io.wangge.platform.kernel;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** What a production deployment switches off or protects: Swagger UI, the OpenAPI document, the metrics. */
@QuarkusTest
@TestProfile(ProductionSwitchesTest.Locked.class)
class ProductionSwitchesTest {

    /** The environment a locked-down deployment sets. */
    public static class Locked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.swagger-ui.enable", "false",
                    "quarkus.smallrye-openapi.enable", "false",
                    "quarkus.http.auth.permission.metrics.policy", "authenticated");
        }
    }

    @Test
    void swaggerUiAndTheDocumentAreGone() {
        given().get("/q/swagger-ui/").then().statusCode(404);
        given().get("/q/openapi").then().statusCode(404);
    }

    @Test
    void metricsWantAToken() {
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("prometheus", "grid-worker")).get("/q/metrics").then()
                .statusCode(200).body(containsString("wangge_outbox_backlog"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
