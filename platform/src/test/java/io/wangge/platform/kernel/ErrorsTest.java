package io.wangge.platform.kernel;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Every failure a client can cause is a problem+json 4xx that says what was wrong, never a 5xx or a trace. */
@QuarkusTest
class ErrorsTest {

    private static final String ADMIN = Tokens.bearer("town-admin-errors", "town-admin");

    @Test
    void malformedJsonIsA400() {
        Response response = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"610431101\", \"name\": ")
                .post("/api/test-nodes");
        response.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:malformed-request"))
                .body("status", equalTo(400));
        assertNoInternals(response);
    }

    @Test
    void missingRequiredFieldIsNamed() {
        Response response = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"610431101\", \"level\": \"TOWN\"}")
                .post("/api/test-nodes");
        response.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:validation"))
                .body("errors.field", hasItem("name"));
        assertNoInternals(response);
    }

    @Test
    void everyBadFieldIsNamed() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"61043\", \"name\": \"\", \"level\": \"PROVINCE\"}")
                .post("/api/test-nodes")
                .then().statusCode(400)
                .body("errors.field", hasItem("code"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("level"));
    }

    @Test
    void wrongTypeOfFieldIsNamed() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"610431101\", \"name\": [1, 2], \"level\": \"TOWN\"}")
                .post("/api/test-nodes")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors.field", hasItem("name"));
    }

    @Test
    void unknownIdIsA404() {
        Response response = given().header("Authorization", ADMIN)
                .get("/api/test-nodes/" + UUID.randomUUID());
        response.then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:not-found"));
    }

    @Test
    void malformedIdIsA400() {
        given().header("Authorization", ADMIN).get("/api/test-nodes/不是编号")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:malformed-request"));
    }

    @Test
    void staleIfMatchIsA412AndMissingIfMatchA428() {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"610431102\", \"name\": \"贞元镇\", \"level\": \"TOWN\"}")
                .post("/api/test-nodes").then().statusCode(201).extract().path("id");

        given().header("Authorization", ADMIN).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body("{\"name\": \"贞元镇（新）\"}").put("/api/test-nodes/" + id)
                .then().statusCode(200).header("ETag", equalTo("\"1\""));

        given().header("Authorization", ADMIN).contentType(ContentType.JSON).header("If-Match", "\"0\"")
                .body("{\"name\": \"贞元镇（旧）\"}").put("/api/test-nodes/" + id)
                .then().statusCode(412)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:precondition-failed"))
                .body("current.version", equalTo(1));

        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"贞元镇（无版本）\"}").put("/api/test-nodes/" + id)
                .then().statusCode(428).body("type", equalTo("urn:wangge:problem:precondition-required"));

        given().header("Authorization", ADMIN).get("/api/test-nodes/" + id)
                .then().statusCode(200).body("name", equalTo("贞元镇（新）"));
    }

    @Test
    void duplicateCodeIsA409() {
        String body = "{\"code\": \"610431103\", \"name\": \"游风镇\", \"level\": \"TOWN\"}";
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/test-nodes").then().statusCode(201);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/test-nodes").then().statusCode(409)
                .body("type", equalTo("urn:wangge:problem:conflict"))
                .body("detail", containsString("610431103"));
    }

    @Test
    void pageSizeIsCapped() {
        given().header("Authorization", ADMIN).queryParam("size", 500).get("/api/test-nodes")
                .then().statusCode(400)
                .body("errors.field", hasItem("size"));
        given().header("Authorization", ADMIN).queryParam("page", -1).get("/api/test-nodes")
                .then().statusCode(400)
                .body("errors.field", hasItem("page"));
        // page × size stays bounded: no overflow into a 500
        given().header("Authorization", ADMIN).queryParam("page", Integer.MAX_VALUE).queryParam("size", 200)
                .get("/api/test-nodes").then().statusCode(400)
                .body("errors.field", hasItem("page"));
    }

    @Test
    void aParameterOfTheWrongKindIsNamedWithItsAllowedValues() {
        given().header("Authorization", ADMIN).queryParam("level", "abc").get("/api/test-nodes")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("level"))
                .body("errors[0].message", containsString("COUNTY"))
                .body(not(containsString("io.wangge")))
                .body(not(containsString("java.")));
        given().header("Authorization", ADMIN).queryParam("size", "二十").get("/api/test-nodes")
                .then().statusCode(400)
                .body(not(containsString("For input string")));
        given().header("Authorization", ADMIN).get("/api/test-nodes/不是编号")
                .then().statusCode(400).body("errors[0].field", equalTo("id"))
                .body(not(containsString("UUID string")));
    }

    @Test
    void pagesHaveTheirShape() {
        given().header("Authorization", ADMIN).queryParam("size", 2).get("/api/test-nodes")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(2))
                .body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }

    @Test
    void overLargeBodyIsA413Problem() {
        String huge = "{\"code\": \"610431104\", \"name\": \"" + "长".repeat(1_100_000) + "\", \"level\": \"TOWN\"}";
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(huge)
                .post("/api/test-nodes")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:payload-too-large"));
    }

    @Test
    void aSheetUploadedToAnImportMayBeLargerThanARequestButNotWithoutLimit() throws Exception {
        byte[] county = new byte[3 * 1024 * 1024]; // a county's households, beyond a request's 2 MB
        java.util.Arrays.fill(county, (byte) 'x');
        given().header("Authorization", ADMIN).contentType("text/csv").body(county).post("/api/test-nodes/import")
                .then().statusCode(200).body("bytes", equalTo(county.length));
        byte[] beyond = new byte[5 * 1024 * 1024]; // over this test application's import limit, 4 MB
        given().header("Authorization", ADMIN).contentType("text/csv").body(beyond).post("/api/test-nodes/import")
                .then().statusCode(413).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:wangge:problem:payload-too-large"));
        // the same 3 MB anywhere else is over a request's limit, and a body there must state its length
        given().header("Authorization", ADMIN).contentType("text/csv").body(county).post("/api/test-nodes")
                .then().statusCode(413);
        // (sent chunked, as a client streaming a body does: no Content-Length)
        java.net.http.HttpResponse<String> chunked = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://localhost:" + io.restassured.RestAssured.port + "/api/test-nodes"))
                        .header("Authorization", ADMIN).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                                new java.io.ByteArrayInputStream("{\"name\": \"长宁镇\"}".getBytes(StandardCharsets.UTF_8))))
                        .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(411, chunked.statusCode(), chunked.body());
        assertTrue(chunked.body().contains("urn:wangge:problem:length-required"), chunked.body());
    }

    @Test
    void unknownPathIsA404Problem() {
        given().header("Authorization", ADMIN).get("/api/no-such-thing")
                .then().statusCode(404).contentType(startsWith("application/problem+json"));
    }

    private static void assertNoInternals(Response response) {
        response.then().body(not(containsString("Exception")))
                .body(not(containsString("at io.")))
                .body(not(containsString("SQL")));
    }
}
