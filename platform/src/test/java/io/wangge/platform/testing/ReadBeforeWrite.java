package io.wangge.platform.testing;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that reads a record before it takes a step of its life, as every Wangge client must: for a step
 * ({@code POST /api/tasks/{id}/accept}, {@code DELETE /api/households/{id}}, …) sent without {@code If-Match}, it
 * GETs the record with the same token and sends the step with the ETag it read. Tests of a whole flow use it; the
 * tests of 428 and 412 send their steps without it.
 */
public final class ReadBeforeWrite implements Filter {

    public static final ReadBeforeWrite INSTANCE = new ReadBeforeWrite();

    private static final Pattern STEP = Pattern.compile("(.*/api/[a-z-]+/[0-9a-f-]{36})/[a-z-]+(\\?.*)?");
    private static final Pattern RECORD = Pattern.compile("(.*/api/[a-z-]+/[0-9a-f-]{36})(\\?.*)?");

    private ReadBeforeWrite() {
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        if (!request.getHeaders().hasHeaderWithName("If-Match")) {
            Matcher step = "DELETE".equals(request.getMethod()) ? RECORD.matcher(request.getURI())
                    : STEP.matcher(request.getURI());
            if (!"GET".equals(request.getMethod()) && step.matches()) {
                Response current = RestAssured.given()
                        .header("Authorization", request.getHeaders().getValue("Authorization"))
                        .get(step.group(1));
                String etag = current.getHeader("ETag");
                if (current.statusCode() == 200 && etag != null) {
                    request.header("If-Match", etag);
                }
            }
        }
        return context.next(request, response);
    }
}
