package io.wangge.task.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.Map;

/**
 * An error of the Open311 intake, answered as GeoReport v2 clients expect it: an array of {@code code} and
 * {@code description}, with the HTTP status of the code.
 */
public class Open311Exception extends RuntimeException {

    private final int code;

    public Open311Exception(int code, String description) {
        super(description);
        this.code = code;
    }

    public int code() {
        return code;
    }

    @Provider
    public static class Mapper implements ExceptionMapper<Open311Exception> {
        @Override
        public Response toResponse(Open311Exception e) {
            Response.ResponseBuilder response = Response.status(e.code()).type(MediaType.APPLICATION_JSON_TYPE
                    .withCharset("UTF-8")).entity(List.of(Map.of("code", e.code(), "description", e.getMessage())));
            if (e.code() == 429) {
                response.header("Retry-After", "60");
            }
            return response.build();
        }
    }
}
