package io.wangge.grid;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.ReadBeforeWrite;
import io.wangge.platform.testing.Tokens;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls grid-service's API as a given account, the way a client would. */
public record Api(String accountId, String... roles) {

    /** The operator over every county (a token carries the composite's county-admin too, as Keycloak gives it). */
    public static final Api PROVINCE_ADMIN = new Api("province-admin-tests", "province-admin", "county-admin");

    public RequestSpecification request() {
        return given().header("Authorization", Tokens.bearer(accountId, roles)).contentType(ContentType.JSON)
                .filter(ReadBeforeWrite.INSTANCE);
    }

    public Response post(String path, Object body) {
        return request().body(body).post(path);
    }

    public Response get(String path) {
        return request().get(path);
    }

    public Response put(String path, Object body, String etag) {
        return request().header("If-Match", etag).body(body).put(path);
    }

    public Response patch(String path, Object body, String etag) {
        return request().header("If-Match", etag).body(body).patch(path);
    }

    public String create(String path, Map<String, ?> body) {
        return post(path, body).then().statusCode(201).extract().path("id");
    }
}
