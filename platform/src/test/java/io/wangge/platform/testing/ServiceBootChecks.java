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

    /**
     * The place matrix (see {@link #everyOperationOnAnotherPlacesRecordsIsRefused}): real records of one place, by
     * the path template of the document that addresses them (e.g. {@code /api/tasks/{id}} → a task's id); every
     * addressed template is either here, or in {@link #notBoundToAPlace()}.
     */
    protected abstract Map<String, String> recordsOfOnePlace();

    /** Addressed templates whose records belong to no place (a period, a rule of the whole catalogue), with why. */
    protected Map<String, String> notBoundToAPlace() {
        return Map.of();
    }

    /** Values for the query parameters an operation requires (e.g. {@code period}), so that a read gets past them. */
    protected Map<String, String> requiredQueryValues() {
        return Map.of();
    }

    /** A caller with every staff role (county admin to party member), posted in another place than the records. */
    protected abstract String outsider();

    /** A caller who sees the records (the province admin), to read their versions before and after. */
    protected String overseer() {
        return Tokens.bearer("province-admin-boot-checks", "province-admin", "county-admin");
    }

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
     * The document says what every operation answers besides success: problem+json with its type, 401 and 403
     * wherever a token is needed (and the bearer scheme), 404 for a record addressed by id, 412 and 428 where a step
     * is taken on a version, and the ETag the next step needs; 411 and 413 for a write's body; a phone's sync its
     * If-None-Match, 304 and ETag.
     */
    @Test
    void everyOperationDocumentsItsErrorsAndItsSecurity() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .asString());
        String scheme = document.path("components").path("securitySchemes").fieldNames().next();
        List<String> missing = new ArrayList<>();
        int idempotentOperations = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode responses = op.getValue().path("responses");
                List<String> expected = new ArrayList<>(List.of("401", "403"));
                if (path.getKey().contains("{")) {
                    expected.add("404");
                }
                boolean versioned = false;
                boolean idempotent = false;
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    versioned |= parameter.path("name").asText().equalsIgnoreCase("If-Match");
                    idempotent |= parameter.path("name").asText().equals("Idempotency-Key");
                }
                if (versioned) {
                    expected.addAll(List.of("409", "412", "428"));
                }
                if (idempotent) {
                    expected.add("422");
                    idempotentOperations++;
                }
                boolean write = !op.getKey().equals("get");
                boolean files = op.getValue().path("requestBody").path("content").fieldNames().hasNext()
                        && op.getValue().path("requestBody").path("content").fieldNames().next().startsWith("multipart/");
                if (write && !path.getKey().endsWith("/import") && !files) {
                    expected.add("411");
                }
                if (write) {
                    expected.add("413");
                }
                if (!write && path.getKey().endsWith("/sync")) {
                    if (!responses.has("304") || !responses.path("200").path("headers").has("ETag")
                            || !op.getValue().path("parameters").toString().contains("If-None-Match")) {
                        missing.add(op.getKey() + " " + path.getKey() + " If-None-Match, its 304 and the ETag");
                    }
                }
                if (op.getValue().path("operationId").asText().contains(".")) {
                    missing.add(op.getKey() + " " + path.getKey() + " operationId " + op.getValue().path("operationId"));
                }
                // and any error an operation declares itself is a problem too
                for (Iterator<String> declared = responses.fieldNames(); declared.hasNext(); ) {
                    String status = declared.next();
                    if (status.startsWith("4") && !expected.contains(status)) {
                        expected.add(status);
                    }
                }
                for (String status : expected) {
                    if (!responses.path(status).path("content").has("application/problem+json")) {
                        missing.add(op.getKey() + " " + path.getKey() + " " + status);
                    }
                }
                boolean answers = false;
                for (Iterator<String> declared = responses.fieldNames(); declared.hasNext(); ) {
                    answers |= declared.next().startsWith("2");
                }
                if (!answers) {
                    missing.add(op.getKey() + " " + path.getKey() + " its success");
                }
                if (!op.getValue().path("security").toString().contains(scheme)) {
                    missing.add(op.getKey() + " " + path.getKey() + " security");
                }
            }
        }
        assertEquals(List.of(), missing);
        // the operations that honour Idempotency-Key say so (each service has some: a create or a step)
        assertTrue(idempotentOperations > 0, "no operation documents Idempotency-Key");
        assertTrue(document.path("components").path("schemas").path("Problem").path("properties").path("type")
                .path("enum").toString().contains("urn:wangge:problem:precondition-required"));
    }

    /**
     * Every operation that takes JSON shows a request a town office would send (its service's
     * {@code openapi/request-examples.yaml}), and that example is valid against the operation's own schema; every
     * example names an operation that exists.
     */
    @Test
    void everyJsonRequestHasAValidExample() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode document = json.readTree(given().queryParam("format", "json").get("/q/openapi").asString());
        com.networknt.schema.JsonSchemaFactory factory = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012);
        List<String> problems = new ArrayList<>();
        Set<String> operations = new java.util.HashSet<>();
        int examples = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                operations.add(name);
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json");
                if (body.isMissingNode() || !path.getKey().startsWith("/api/")) {
                    continue;
                }
                if (!body.has("example")) {
                    problems.add(name + ": no example");
                    continue;
                }
                examples++;
                // the operation's schema, with the document's components beside it for its $refs
                com.fasterxml.jackson.databind.node.ObjectNode schema = body.path("schema").isObject()
                        ? ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("schema")).deepCopy()
                        : json.createObjectNode();
                schema.set("components", document.path("components"));
                factory.getSchema(schema).validate(body.path("example"))
                        .forEach(message -> problems.add(name + ": " + message.getMessage()));
            }
        }
        try (java.io.InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("openapi/request-examples.yaml")) {
            if (in != null) {
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(in).fieldNames().forEachRemaining(
                        key -> {
                            if (!operations.contains(key)) {
                                problems.add(key + ": an example for no operation of this service");
                            }
                        });
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(examples > 0, "no operation takes JSON?");
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
        String stranger = Tokens.everyStaffRole("stranger-" + UUID.randomUUID());
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
     * Every operation of the document that addresses a record, called on a real record of one place by a caller
     * holding every staff role in another place, with the record's current version in {@code If-Match}: a read
     * shows nothing (403 or 404), a change never succeeds and never fails with a 5xx, and the record's version is
     * the same afterwards. The body is an empty object: where an operation validates its body before the place, its
     * 400 proves less than a 404 would, and the unchanged version is what holds. With county admins bound to their
     * county, nobody but the province admin is exempt.
     */
    @Test
    void everyOperationOnAnotherPlacesRecordsIsRefused() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .asString()).path("paths");
        Map<String, String> records = recordsOfOnePlace();
        Map<String, String> unbound = notBoundToAPlace();
        String outsider = outsider();
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String template = path.getKey();
            if (!template.startsWith("/api/") || !template.contains("{") || unbound.containsKey(template)) {
                continue;
            }
            String id = records.get(template);
            if (id == null) {
                wrong.add(template + ": no record of a place in the matrix");
                continue;
            }
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                JsonNode operation = path.getValue().path(method.toLowerCase(Locale.ROOT));
                String url = concrete(template, operation, id);
                String record = recordOf(paths, template, url);
                url = withRequiredQuery(url, operation, wrong);
                String before = record == null ? null : version(record);
                Iterator<String> types = operation.path("requestBody").path("content").fieldNames();
                String type = types.hasNext() ? types.next() : "application/json";
                calls++;
                int status = call(method, url, type, outsider, before == null ? "\"0\"" : before);
                boolean refused = method.equals("GET") ? status == 403 || status == 404
                        : (status >= 400 && status < 500);
                if (!refused) {
                    wrong.add(method + " " + url + " (" + template + ") from another place: " + status);
                }
                if (before != null && !before.equals(version(record))) {
                    wrong.add(method + " " + url + " from another place changed " + record);
                }
            }
        }
        assertTrue(calls > 3, "the document addresses records: " + calls);
        assertEquals(List.of(), wrong);
    }

    /** The URL with a value for every query parameter the operation requires. */
    private String withRequiredQuery(String url, JsonNode operation, List<String> wrong) {
        StringBuilder query = new StringBuilder();
        for (JsonNode declared : operation.path("parameters")) {
            if (declared.path("in").asText().equals("query") && declared.path("required").asBoolean()) {
                String name = declared.path("name").asText();
                String value = requiredQueryValues().get(name);
                if (value == null) {
                    wrong.add(url + ": no value for its required query parameter " + name);
                    continue;
                }
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(value);
            }
        }
        return url + query;
    }

    /** The record a call addresses: the longest prefix of its path that the document can GET. */
    private static String recordOf(JsonNode paths, String template, String url) {
        String[] templateParts = template.split("/");
        String[] urlParts = url.split("/");
        for (int n = templateParts.length; n > 2; n--) {
            String prefix = String.join("/", java.util.Arrays.copyOf(templateParts, n));
            if (prefix.contains("{") && paths.path(prefix).has("get")) {
                return String.join("/", java.util.Arrays.copyOf(urlParts, n));
            }
        }
        return null;
    }

    /** The record's ETag as the overseer reads it (null if it has none). */
    private String version(String url) {
        return given().header("Authorization", overseer()).get(url).getHeader("ETag");
    }

    /**
     * The path with each parameter filled: a value its pattern allows where it names one (an action such as
     * {@code register}), else an id nobody has.
     */
    private static String concrete(String template, JsonNode operation) {
        return concrete(template, operation, null);
    }

    /** The same, with {@code id} (if given) in place of the record's parameter. */
    private static String concrete(String template, JsonNode operation, String id) {
        String url = template;
        Matcher parameter = Pattern.compile("\\{([^}:]+)[^}]*}").matcher(template);
        while (parameter.find()) {
            String name = parameter.group(1).trim();
            String value = id != null ? id : UUID.randomUUID().toString();
            for (JsonNode declared : operation.path("parameters")) {
                if (declared.path("name").asText().equals(name) && declared.path("in").asText().equals("path")) {
                    JsonNode schema = declared.path("schema");
                    if (schema.path("enum").isArray()) {
                        value = schema.path("enum").path(0).asText();
                    } else if (schema.path("pattern").asText().matches("[a-z|-]+")) {
                        value = schema.path("pattern").asText().split("\\|")[0];
                    } else if (id == null && !schema.path("format").asText().equals("uuid")) {
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
        return call(method, url, type, token, "\"0\"");
    }

    private static int call(String method, String url, String type, String token, String ifMatch) {
        RequestSpecification request = given().header("If-Match", ifMatch);
        if (token != null) {
            request.header("Authorization", token);
        }
        if (!method.equals("GET") && !method.equals("DELETE")) {
            // JSON: an empty object; text: an empty text; anything else (a photo, a workbook): no bytes
            if (type.contains("json") || type.startsWith("text/")) {
                request.contentType(type).body(type.contains("json") ? "{}" : "");
            } else {
                request.contentType(type).body(new byte[0]);
            }
        }
        return request.request(method, url).statusCode();
    }
}
