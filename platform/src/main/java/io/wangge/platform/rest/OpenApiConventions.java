package io.wangge.platform.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every operation of every service answers besides success, written into the OpenAPI documents once instead
 * of on each method: problem+json responses with their {@code type} (400 for bad input, 401 without a token, 403
 * outside the caller's post or place, 404 for a record the caller cannot see, 409/412/428 for steps taken on a
 * version), the {@code ETag} of a record read or changed, and the bearer scheme — except where an operation is
 * public (residents' Open311 calls, the API documents).
 */
public class OpenApiConventions implements OASFilter {

    /** Public operations: what a resident or an Open311 client reaches with an api key or a token, not a login. */
    private static final Set<String> PUBLIC = Set.of("/open311/v2/services.json", "/open311/v2/services/{code}.json",
            "/open311/v2/tokens/{token}.json", "/open311/v2/requests/{id}.json", "/open311/v2/media/{id}");
    private static final String PROBLEM = "application/problem+json";
    /** Where a service keeps its request examples. */
    public static final String EXAMPLES = "openapi/request-examples.yaml";

    /**
     * The ways to present a token: pasted ({@code jwt}), or signed in through the realm where {@link KeycloakLogin}
     * has offered that (it runs at start-up, before or after this filter).
     */
    private static List<SecurityRequirement> token(OpenAPI openAPI) {
        List<SecurityRequirement> ways = new ArrayList<>();
        ways.add(OASFactory.createSecurityRequirement().addScheme("jwt"));
        if (openAPI.getComponents() != null && openAPI.getComponents().getSecuritySchemes() != null
                && openAPI.getComponents().getSecuritySchemes().containsKey(KeycloakLogin.SCHEME)) {
            ways.add(OASFactory.createSecurityRequirement().addScheme(KeycloakLogin.SCHEME));
        }
        return ways;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, Object> examples = requestExamples();
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            String template = path.getKey();
            boolean addressed = template.contains("{");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                boolean idempotent = idempotencyKey(operation);
                boolean write = entry.getKey() != PathItem.HttpMethod.GET;
                boolean versioned = hasHeader(operation, "If-Match");
                boolean open = PUBLIC.contains(template) || (template.startsWith("/open311/")
                        && entry.getKey() == PathItem.HttpMethod.POST);
                APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                        : operation.getResponses();
                if (template.startsWith("/open311/")) {
                    // GeoReport v2 answers errors as [{code, description}] (Open311Exception), not as problems;
                    // a staff login also reads a request or its photo, so the token is optional there
                    List<SecurityRequirement> security = new ArrayList<>();
                    if (open) {
                        security.add(OASFactory.createSecurityRequirement());
                    }
                    security.addAll(token(openAPI));
                    operation.setSecurity(security);
                    continue;
                }
                if (write || hasQuery(operation)) {
                    problem(responses, ProblemType.VALIDATION, "一个字段或参数不合法，errors 逐项说明 a field or parameter"
                            + " is invalid; errors names each");
                }
                if (!open) {
                    problem(responses, ProblemType.UNAUTHORIZED, "缺少或无效的令牌 no valid bearer token");
                    problem(responses, ProblemType.FORBIDDEN, "调用者的岗位或地点不允许 the caller's post or place does"
                            + " not allow it");
                    operation.setSecurity(token(openAPI));
                } else {
                    operation.setSecurity(List.of());
                }
                if (idempotent) {
                    problem(responses, ProblemType.IDEMPOTENCY_KEY_REUSED, "此幂等键已用于另一个请求 the"
                            + " Idempotency-Key was used for a different request");
                }
                if (addressed) {
                    problem(responses, ProblemType.NOT_FOUND, "记录不存在，或不在调用者的地点 no such record in the"
                            + " caller's place");
                }
                if (versioned) {
                    problem(responses, ProblemType.CONFLICT, "记录当前的状态不允许这一步 the record's state does not"
                            + " allow this step; current names it");
                    problem(responses, ProblemType.PRECONDITION_FAILED, "If-Match 不是当前版本 If-Match is not the"
                            + " current version; current gives it");
                    problem(responses, ProblemType.PRECONDITION_REQUIRED, "缺少 If-Match the step needs the version"
                            + " read, in If-Match");
                }
                if (write && !template.endsWith("/import") && !takesFiles(operation)) {
                    problem(responses, ProblemType.LENGTH_REQUIRED, "请求体须注明 Content-Length（分块发送只限导入和多文件上传）"
                            + " a body needs its Content-Length (chunked only for imports and multipart uploads)");
                }
                if (!write && template.endsWith("/sync")) {
                    unchangedSinceTheCursor(operation, responses);
                }
                if (write) {
                    problem(responses, ProblemType.PAYLOAD_TOO_LARGE, template.endsWith("/import")
                            ? "表格超过导入上限（默认 16 MB） the sheet is over the import limit (16 MB unless set)"
                            : "请求体超过 2 MB the body is over 2 MB");
                }
                declaredProblems(responses);
                if (versioned || (!write && template.endsWith("}"))) {
                    etag(responses, "记录的版本，作下一步的 If-Match the record's version, for the next step's"
                            + " If-Match");
                }
                operation.setResponses(responses);
                example(operation, examples.get(entry.getKey().name() + " " + template));
            }
        }
    }

    /**
     * The request examples a service keeps in {@value #EXAMPLES}: a request body for each operation that takes JSON,
     * by {@code METHOD /path/{template}}, as a town office would send it. Its boot test checks that every such
     * operation has one and that each matches the operation's schema.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> requestExamples() {
        try (java.io.InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(EXAMPLES)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, Object> examples = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readValue(in,
                    Map.class);
            return examples == null ? Map.of() : examples;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(EXAMPLES + " is not YAML", e);
        }
    }

    private static void example(Operation operation, Object example) {
        if (example == null || operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        org.eclipse.microprofile.openapi.models.media.MediaType json = operation.getRequestBody().getContent()
                .getMediaType("application/json");
        if (json != null) {
            json.setExample(example);
        }
    }

    /**
     * An operation whose method is {@link io.wangge.platform.idempotency.Idempotent} takes an optional
     * {@code Idempotency-Key}; its id (package.Class_method, mp.openapi.extensions.smallrye.operationIdStrategy)
     * names the method, and is shortened to Class_method for the document's readers.
     */
    private static boolean idempotencyKey(Operation operation) {
        String id = operation.getOperationId();
        if (id == null || id.lastIndexOf('_') < 0) {
            return false;
        }
        String className = id.substring(0, id.lastIndexOf('_'));
        String methodName = id.substring(id.lastIndexOf('_') + 1);
        operation.setOperationId(className.substring(className.lastIndexOf('.') + 1) + "_" + methodName);
        boolean idempotent = false;
        try {
            Class<?> type = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
                idempotent |= method.getName().equals(methodName)
                        && method.isAnnotationPresent(io.wangge.platform.idempotency.Idempotent.class);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        if (idempotent && !hasHeader(operation, io.wangge.platform.idempotency.Idempotent.HEADER)) {
            operation.addParameter(OASFactory.createParameter().name(io.wangge.platform.idempotency.Idempotent.HEADER)
                    .in(Parameter.In.HEADER).required(false).description("重试时带上同一个键，只执行一次，第二次原样返回"
                            + "第一次的结果 a retry with the same key takes effect once: the first answer is replayed"
                            + " (Idempotency-Replayed: true); the same key on a different request is 422")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200)));
        }
        return idempotent;
    }

    private static boolean takesFiles(Operation operation) {
        return operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().getMediaTypes() != null
                && operation.getRequestBody().getContent().getMediaTypes().keySet().stream()
                .anyMatch(type -> type.startsWith("multipart/"));
    }

    /** A phone's sync: the cursor is the ETag, and asking again with it in If-None-Match answers 304 if unchanged. */
    private static void unchangedSinceTheCursor(Operation operation, APIResponses responses) {
        if (!hasHeader(operation, "If-None-Match")) {
            operation.addParameter(OASFactory.createParameter().name("If-None-Match").in(Parameter.In.HEADER)
                    .description("上次同步得到的 ETag（游标） the ETag (cursor) of the last sync")
                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))));
        }
        if (responses.getAPIResponse("304") == null) {
            responses.addAPIResponse("304", OASFactory.createAPIResponse().description("自该游标以来没有变化 nothing"
                    + " changed since the cursor in If-None-Match; no body"));
        }
        etag(responses, "这一页之后的游标，下次放在 If-None-Match the cursor after this page, for the next sync's"
                + " If-None-Match");
    }

    private static boolean hasHeader(Operation operation, String name) {
        return operation.getParameters() != null && operation.getParameters().stream().anyMatch(p ->
                p.getIn() == Parameter.In.HEADER && name.equalsIgnoreCase(p.getName()));
    }

    private static boolean hasQuery(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream().anyMatch(p ->
                p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.PATH);
    }

    /** An error an operation declares itself (e.g. a batch's 409 without If-Match) is answered as a problem too. */
    private static void declaredProblems(APIResponses responses) {
        if (responses.getAPIResponses() == null) {
            return;
        }
        for (Map.Entry<String, org.eclipse.microprofile.openapi.models.responses.APIResponse> declared
                : Map.copyOf(responses.getAPIResponses()).entrySet()) {
            for (ProblemType type : ProblemType.values()) {
                if (String.valueOf(type.status()).equals(declared.getKey())) {
                    problem(responses, type, declared.getValue().getDescription());
                    break;
                }
            }
        }
    }

    private static void problem(APIResponses responses, ProblemType type, String description) {
        String status = String.valueOf(type.status());
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type.uri());
        example.put("title", type.title());
        example.put("status", type.status());
        example.put("detail", description);
        var media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))
                .example(example);
        var existing = responses.getAPIResponse(status);
        if (existing == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(type.title() + ": "
                    + description).content(OASFactory.createContent().addMediaType(PROBLEM, media)));
        } else if (existing.getContent() == null || existing.getContent().getMediaType(PROBLEM) == null) {
            // declared by the framework (a role check) without a body: it is a problem like every other
            existing.setContent((existing.getContent() == null ? OASFactory.createContent() : existing.getContent())
                    .addMediaType(PROBLEM, media));
        }
    }

    private static void etag(APIResponses responses, String description) {
        var ok = responses.getAPIResponse("200");
        if (ok != null && (ok.getHeaders() == null || !ok.getHeaders().containsKey("ETag"))) {
            ok.addHeader("ETag", OASFactory.createHeader().description(description).schema(OASFactory.createSchema()
                    .type(List.of(Schema.SchemaType.STRING))));
        }
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING));
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details; type is one of urn:wangge:problem:*")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .enumeration(java.util.Arrays.stream(ProblemType.values()).map(t -> (Object) t.uri()).toList()))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", text)
                .addProperty("instance", text)
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                                .addProperty("field", text).addProperty("message", text)))
                .addProperty("current", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                        .description("the record's current status and version, where a step was refused on them"))
                .required(List.of("type", "title", "status"));
    }
}
