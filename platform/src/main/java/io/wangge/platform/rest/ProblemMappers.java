package io.wangge.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.wangge.platform.lifecycle.Races;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns every failure into an RFC 9457 problem. Bad input is always a 4xx naming what was wrong; anything
 * unexpected is a 500 with an error id to quote, and the stack trace stays in the log.
 */
public class ProblemMappers {

    @Inject
    ObjectMapper objectMapper;

    @Inject
    UriInfo uriInfo;

    /** A dry run's summary: its transaction is rolled back by the exception, the caller gets what it found. */
    @ServerExceptionMapper
    public Response dryRun(ImportSummary.DryRun e) {
        return Response.ok(e.summary(), MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper(priority = 1)
    public Response violations(ResteasyReactiveViolationException e) {
        return constraintViolations(e);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        String fields = String.join(", ", errors.stream().map(Problem.FieldError::field).distinct().toList());
        return respond(Problem.of(ProblemType.VALIDATION, "字段不合法 invalid fields: " + fields).withErrors(errors));
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return jsonProblem(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "当前角色无权执行此操作 your role does not allow this"));
    }

    @ServerExceptionMapper
    public Response uniqueness(org.hibernate.exception.ConstraintViolationException e) {
        String constraint = e.getConstraintName();
        return respond(Problem.of(ProblemType.CONFLICT, "与已有数据冲突 conflicts with existing data"
                + (constraint == null ? "" : " (" + constraint + ")")));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return jsonProblem(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 404 && cause != null) {
            // JAX-RS answers a path or query parameter it cannot convert with 404; the caller sent bad input.
            return badParameter(cause, uri);
        }
        ProblemType type = switch (status) {
            case 400 -> ProblemType.MALFORMED_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 409 -> ProblemType.CONFLICT;
            case 412 -> ProblemType.PRECONDITION_FAILED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (status == 401) {
            return unauthenticated();
        }
        if (type == null) {
            return internal(e);
        }
        return respond(Problem.of(type, type == ProblemType.NOT_FOUND ? "资源不存在 no such resource" : e.getMessage()));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        // a lost race, however it arrives (a flush, or wrapped in the commit's rollback), is the caller's to retry
        if (Races.lost(e)) {
            return concurrentUpdate();
        }
        return internal(e);
    }

    private static final Pattern ENUM = Pattern.compile("No enum constant (.+)\\.([^.]*)");
    private static final Pattern NUMBER = Pattern.compile("For input string: \"(.*)\".*");
    private static final Pattern UUID_TEXT = Pattern.compile("(?:Invalid UUID string|UUID string too large): (.*)");

    /**
     * A parameter the framework could not convert: the problem names the parameter (the one that holds the value)
     * and, for a choice, the values allowed; never a Java class or a parser's words.
     */
    private Response badParameter(Throwable cause, UriInfo uri) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        String value = null;
        String allowed = null;
        Matcher m = ENUM.matcher(message);
        if (m.matches()) {
            value = m.group(2);
            allowed = enumValues(m.group(1));
        } else if ((m = NUMBER.matcher(message)).matches() || (m = UUID_TEXT.matcher(message)).matches()) {
            value = m.group(1);
        }
        String name = value == null || uri == null ? null : holding(value, uri);
        String field = name == null ? "parameter" : name;
        String why = (value == null ? "格式不正确 has the wrong format" : "值 " + value + " 不合法 is not valid")
                + (allowed == null ? "" : "；可选 allowed: " + allowed);
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, "参数不合法 invalid parameter: " + field)
                .withErrors(List.of(new Problem.FieldError(field, why))));
    }

    private static String holding(String value, UriInfo uri) {
        for (var parameter : uri.getQueryParameters().entrySet()) {
            if (parameter.getValue().contains(value)) {
                return parameter.getKey();
            }
        }
        for (var parameter : uri.getPathParameters().entrySet()) {
            if (parameter.getValue().contains(value)) {
                return parameter.getKey();
            }
        }
        return null;
    }

    private static String enumValues(String canonicalName) {
        String name = canonicalName;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Object[] constants = Class.forName(name, false, Thread.currentThread().getContextClassLoader())
                        .getEnumConstants();
                return constants == null ? null : java.util.Arrays.toString(constants);
            } catch (ClassNotFoundException e) {
                int dot = name.lastIndexOf('.');
                if (dot < 0) {
                    return null;
                }
                name = name.substring(0, dot) + "$" + name.substring(dot + 1); // a nested enum
            }
        }
        return null;
    }

    private Response internal(Throwable e) {
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "unexpected error %s on %s", errorId, path());
        return respond(Problem.of(ProblemType.INTERNAL, "服务器内部错误，请联系管理员并提供错误编号 error id " + errorId));
    }

    private Response jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            String message = e instanceof InvalidFormatException invalid
                    ? "值 " + invalid.getValue() + " 不是 " + invalid.getTargetType().getSimpleName()
                            + " (wrong type or format)"
                    : "类型或格式不正确 wrong type or format";
            return respond(Problem.of(ProblemType.VALIDATION, "字段不合法 invalid field: " + field)
                    .withErrors(List.of(new Problem.FieldError(field, message))));
        }
        String location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, "请求体不是合法的 JSON: body is not valid JSON" + location));
    }

    private Response unauthenticated() {
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHORIZED,
                        "需要有效的访问令牌 a valid bearer token is required")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response concurrentUpdate() {
        return respond(Problem.of(ProblemType.CONFLICT,
                "数据已被他人修改，请刷新后重试 changed by someone else meanwhile; reload and retry"));
    }

    private Response respond(Problem problem) {
        Problem withInstance = problem.instance() == null ? problem.withInstance(path()) : problem;
        String body;
        try {
            body = objectMapper.writeValueAsString(withInstance);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + ProblemType.INTERNAL.uri() + "\",\"status\":500}";
        }
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE + ";charset=UTF-8").entity(body).build();
    }

    private String path() {
        try {
            return uriInfo.getPath();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The request-facing name of a violated property: the body's field path, or the query/path parameter. */
    static String fieldName(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // an element of a list itself (a null in it): the list's field and the element's index, no
                // validator-made name such as <list element>
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (node.getName() == null) {
                continue;
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        return field.isEmpty() ? (parameter == null ? "request" : parameter) : field.toString();
    }
}
