package io.wangge.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URN per kind of problem (clients switch on it);
 * {@code errors} names each bad field of a rejected request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, Object current) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: its JSON path (e.g. {@code items[2].name}) and why. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, current);
    }

    public Problem withCurrent(Object currentState) {
        return new Problem(type, title, status, detail, instance, errors, currentState);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors, current);
    }
}
