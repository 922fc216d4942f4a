package io.wangge.platform.kernel;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.wangge.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Village networks drop answers; a retried request must not act twice. */
@QuarkusTest
class IdempotencyTest {

    private static final String ADMIN = Tokens.bearer("town-admin-idem", "town-admin");

    @Test
    void replayedCreateReturnsTheFirstResponseAndCreatesOnce() {
        String key = UUID.randomUUID().toString();
        String body = "{\"code\": \"610431105\", \"name\": \"大庄镇\", \"level\": \"TOWN\"}";

        Response first = create(ADMIN, key, body);
        first.then().statusCode(201);
        Response replay = create(ADMIN, key, body);
        replay.then().statusCode(201).header("Idempotency-Replayed", equalTo("true"));

        assertEquals(first.asString(), replay.asString());
        assertEquals(first.header("Location"), replay.header("Location"));
        assertEquals(first.header("ETag"), replay.header("ETag"));
        String id = first.path("id");
        given().header("Authorization", ADMIN).get("/api/test-nodes/" + id).then().statusCode(200);
        given().header("Authorization", ADMIN).queryParam("size", 200).get("/api/test-nodes")
                .then().body("items.findAll { it.code == '610431105' }.size()", equalTo(1));
    }

    @Test
    void sameKeyWithADifferentBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        create(ADMIN, key, "{\"code\": \"610431106\", \"name\": \"普集镇\", \"level\": \"TOWN\"}")
                .then().statusCode(201);
        create(ADMIN, key, "{\"code\": \"610431107\", \"name\": \"南仁镇\", \"level\": \"TOWN\"}")
                .then().statusCode(422)
                .body("type", equalTo("urn:wangge:problem:idempotency-key-reused"));
        given().header("Authorization", ADMIN).queryParam("size", 200).get("/api/test-nodes")
                .then().body("items.findAll { it.code == '610431107' }.size()", equalTo(0));
    }

    @Test
    void keysBelongToTheirCaller() {
        String key = UUID.randomUUID().toString();
        Response mine = create(ADMIN, key, "{\"code\": \"610431108\", \"name\": \"小村镇\", \"level\": \"TOWN\"}");
        Response theirs = create(Tokens.bearer("county-admin-idem", "county-admin"), key,
                "{\"code\": \"610431109\", \"name\": \"河道镇\", \"level\": \"TOWN\"}");
        mine.then().statusCode(201);
        theirs.then().statusCode(201);
        assertNotEquals(mine.<String>path("id"), theirs.<String>path("id"));
    }

    @Test
    void failedRequestLeavesTheKeyFreeForARetry() {
        String key = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        given().header("Authorization", ADMIN).header("Idempotency-Key", key).header("If-Match", "\"0\"")
                .contentType(ContentType.JSON).body("{\"name\": \"不存在\"}")
                .put("/api/test-nodes/" + id).then().statusCode(404);
        given().header("Authorization", ADMIN).header("Idempotency-Key", key).header("If-Match", "\"0\"")
                .contentType(ContentType.JSON).body("{\"name\": \"不存在\"}")
                .put("/api/test-nodes/" + id).then().statusCode(404);
    }

    private static Response create(String token, String key, String body) {
        return given().header("Authorization", token).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/api/test-nodes");
    }
}
