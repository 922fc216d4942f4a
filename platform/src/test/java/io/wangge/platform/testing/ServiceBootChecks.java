package io.wangge.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * Every operation of the service's own OpenAPI document, called with ids that do not exist, without a token
     * and as a stranger holding every staff role but no post anywhere: without a token always 401; as the stranger
     * never a 5xx, no change (POST, PUT, PATCH, DELETE) ever succeeds, and nothing addressed by id is found.
     */
    @Test
    void everyOperationRefusesStrangers() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .asString()).path("paths");
        String stranger = Tokens.bearer("stranger-" + UUID.randomUUID(), "grid-worker", "village-cadre",
                "town-admin", "party-member");
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            boolean addressed = path.getKey().contains("{");
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                boolean change = !method.equals("GET");
                JsonNode operation = path.getValue().path(method.toLowerCase(Locale.ROOT));
                String url = concrete(path.getKey(), operation);
                Iterator<String> types = operation.path("requestBody").path("content").fieldNames();
                String type = types.hasNext() ? types.next() : "application/json";
                calls++;
                int anonymous = call(method, url, type, null);
                if (anonymous != 401) {
                    wrong.add(method + " " + url + " without a token: " + anonymous);
                }
                int status = call(method, url, type, stranger);
                if (status >= 500 || (status < 300 && (change || addressed))) {
                    wrong.add(method + " " + path.getKey() + " as a stranger: " + status);
                }
            }
        }
        assertTrue(calls > 5, "the document lists the operations: " + calls);
        assertEquals(List.of(), wrong);
    }

    /**
     * The path with each parameter filled: a value its pattern allows where it names one (an action such as
     * {@code register}), else an id nobody has.
     */
    private static String concrete(String template, JsonNode operation) {
        String url = template;
        Matcher parameter = Pattern.compile("\\{([^}:]+)[^}]*}").matcher(template);
        while (parameter.find()) {
            String name = parameter.group(1).trim();
            String value = UUID.randomUUID().toString();
            for (JsonNode declared : operation.path("parameters")) {
                if (declared.path("name").asText().equals(name) && declared.path("in").asText().equals("path")) {
                    JsonNode schema = declared.path("schema");
                    if (schema.path("enum").isArray()) {
                        value = schema.path("enum").path(0).asText();
                    } else if (schema.path("pattern").asText().matches("[a-z|-]+")) {
                        value = schema.path("pattern").asText().split("\\|")[0];
                    } else if (!schema.path("format").asText().equals("uuid")) {
                        value = "NO_SUCH_" + name.toUpperCase(Locale.ROOT);
                    }
                }
            }
            url = url.replace(parameter.group(), value);
        }
        return url;
    }

    /** One call with an empty body of the operation's own content type (JSON: an empty object). */
    private static int call(String method, String url, String type, String token) {
        RequestSpecification request = given().header("If-Match", "\"0\"");
        if (token != null) {
            request.header("Authorization", token);
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            request.contentType(type).body(type.contains("json") ? "{}" : "");
        }
        return request.request(method, url).statusCode();
    }
}
