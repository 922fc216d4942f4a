package io.wangge.platform.testing;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service must show once booted against real PostgreSQL and Kafka: ready, documented, measured,
 * and closed to callers without a token. A service's boot test extends this with {@code @QuarkusTest}.
 */
public abstract class ServiceBootChecks {

    /** A path under /api that needs a token. */
    protected abstract String protectedPath();

    @Test
    void isReadyAgainstRealPostgresAndKafka() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void publishesItsApiDocumentAndSwaggerUi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("openapi"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetricsWithTheOutboxBacklog() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("wangge_outbox_backlog"));
    }

    @Test
    void refusesCallersWithoutAToken() {
        given().get(protectedPath()).then().statusCode(401)
                .contentType(startsWith("application/problem+json"));
    }
}
