package io.wangge.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The public APIs as the demo's people call them: a token by password grant from Keycloak, JSON over HTTP. */
final class Api {

    static final String GRID = "http://127.0.0.1:8081";
    static final String TASK = "http://127.0.0.1:8082";
    static final String REPORT = "http://127.0.0.1:8083";
    static final String POINTS = "http://127.0.0.1:8084";
    static final String KEYCLOAK = "http://127.0.0.1:8180";
    static final String PASSWORD = "wangge";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestAssuredConfig UTF8 = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().defaultContentCharset("UTF-8"));
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private final String account;

    private Api(String account) {
        this.account = account;
    }

    /** Calls made as this login (its token is fetched once; the realm's tokens live 30 minutes). */
    static Api as(String account) {
        return new Api(account);
    }

    String account() {
        return account;
    }

    RequestSpecification request() {
        String token = TOKENS.computeIfAbsent(account, Api::passwordGrant);
        return RestAssured.given().config(UTF8).auth().oauth2(token)
                .contentType("application/json; charset=UTF-8").accept("application/json");
    }

    JsonNode get(String url) {
        return json(ok(request().get(url), url));
    }

    JsonNode post(String url, Object body) {
        return json(ok(request().body(body).post(url), url));
    }

    /** A post made in the caller's trace, as an instrumented app sends it. */
    JsonNode post(String url, Object body, String traceparent) {
        return json(ok(request().header("traceparent", traceparent).body(body).post(url), url));
    }

    /**
     * A step in a record's life as a person takes it in an app: the record is read, then the step is sent with the
     * version read ({@code If-Match}); the record after the step is returned.
     */
    JsonNode step(String recordUrl, String action, Object body) {
        Response current = ok(request().get(recordUrl), recordUrl);
        String url = recordUrl + "/" + action;
        return json(ok(request().header("If-Match", current.getHeader("ETag")).body(body).post(url), url));
    }

    JsonNode put(String url, Object body, long version) {
        return json(ok(request().header("If-Match", "\"" + version + "\"").body(body).put(url), url));
    }

    /** A setting replaced as a whole (no version to match). */
    JsonNode put(String url, Object body) {
        return json(ok(request().body(body).put(url), url));
    }

    int delete(String url) {
        return request().delete(url).statusCode();
    }

    int status(String url) {
        return request().get(url).statusCode();
    }

    int postStatus(String url, Object body) {
        return request().body(body).post(url).statusCode();
    }

    private static Response ok(Response response, String url) {
        if (response.statusCode() >= 300) {
            throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.asString());
        }
        return response;
    }

    private static JsonNode json(Response response) {
        try {
            String body = response.asString();
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String passwordGrant(String account) {
        Response response = RestAssured.given().formParam("grant_type", "password")
                .formParam("client_id", "wangge-demo").formParam("username", account)
                .formParam("password", PASSWORD)
                .post(KEYCLOAK + "/realms/wangge/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new AssertionError("Keycloak refused " + account + ": " + response.statusCode() + " "
                    + response.asString());
        }
        return response.path("access_token");
    }
}
