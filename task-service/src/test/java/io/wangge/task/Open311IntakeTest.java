package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Residents' requests through Open311: registered clients, their keys and limits, the resident's token. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Open311IntakeTest {

    private static final OffsetDateTime MORNING = OffsetDateTime.parse("2026-11-24T08:00:00+08:00");
    /** A PNG's signature and enough bytes after it to be one. */
    private static final byte[] PNG = png(2_000);

    @Inject
    TestClock clock;

    private TaskTown town;
    private String hotlineKey;

    @BeforeEach
    void setUp() {
        clock.set(MORNING.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
            hotlineKey = register("长宁镇12345热线", town.town.id().toString(), 100).path("apiKey").asText();
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private JsonNode register(String name, String node, int perMinute) {
        return town.townAdmin().body(Map.of("name", name, "jurisdictionNodeId", node, "perMinute", perMinute))
                .post("/api/open311-clients").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().as(JsonNode.class);
    }

    private Map<String, Object> request(String key, String description) {
        Map<String, Object> form = new HashMap<>();
        form.put("api_key", key);
        form.put("jurisdiction_id", town.town.code());
        form.put("service_code", "SAFETY_PRODUCTION");
        form.put("lat", "34.260100");
        form.put("long", "108.220100");
        form.put("address_string", "马家村一组村口");
        form.put("address_id", town.majiaGrids.get(0).code());
        form.put("description", description);
        form.put("first_name", "秀兰");
        form.put("last_name", "马");
        form.put("phone", "13912345678");
        return form;
    }

    private static RequestSpecification resident() {
        return given().contentType(ContentType.URLENC.withCharset("UTF-8"));
    }

    @Test
    void aResidentsRequestRunsFromIntakeToClosureAndFollowUp() {
        JsonNode reply = resident().formParams(request(hotlineKey, "村口变压器箱门损坏，孩子放学经过很危险"))
                .post("/open311/v2/requests.json").then().statusCode(201).extract().as(JsonNode.class).get(0);
        String id = reply.path("service_request_id").asText();
        String token = reply.path("token").asText();
        assertNotEquals("", token);

        // the resident follows it with the token alone; nothing of theirs is shown back
        given().get("/open311/v2/tokens/" + token + ".json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id));
        given().get("/open311/v2/requests/" + id + ".json?token=" + token).then().statusCode(200)
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", equalTo("已收到，待立案"))
                .body("[0].lat", equalTo(34.2601f))
                .body("[0].agency_responsible", equalTo("马家村第一微网格"))
                .body("[0]", not(hasKey("phone")));
        given().get("/open311/v2/requests/" + id + ".json?token=wrong").then().statusCode(404)
                .body("[0].code", equalTo(404));
        given().get("/open311/v2/requests/" + id + ".json").then().statusCode(404);

        // the staff of the place see where it came from; the number in full for cadres who call back
        town.majiaCadre().get("/api/cases/" + id).then().statusCode(200)
                .body("source", equalTo("OPEN311")).body("reporterName", equalTo("马秀兰"))
                .body("reporterPhone", equalTo("13912345678")).body("nodeName", equalTo("马家村第一微网格"));
        town.majiaWorker().get("/api/cases/" + id).then().body("reporterPhone", equalTo("139****5678"));
        town.xuejiaWorker().get("/api/cases/" + id).then().statusCode(404);

        // 立案-派遣-处置-核查-结案, each step told to the resident
        town.majiaCadre().post("/api/cases/" + id + "/register").then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "镇供电所")).post("/api/cases/" + id + "/dispatch").then()
                .statusCode(200);
        // the worker photographs the new door for the cadre who checks it: staff's, never shown to the resident
        String photo = TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/jpeg")
                .body(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, (byte) 0xFF, (byte) 0xD9})
                .post("/api/cases/" + id + "/photos").then().statusCode(201).extract().path("id");
        town.majiaCadre().get("/open311/v2/media/" + photo).then().statusCode(200);
        given().get("/open311/v2/media/" + photo + "?token=" + token).then().statusCode(404);
        given().get("/open311/v2/requests/" + id + ".json?token=" + token).then().statusCode(200)
                .body("[0].media_url", nullValue());
        town.majiaWorker().body(Map.of("note", "已更换箱门并加锁")).post("/api/cases/" + id + "/handle").then()
                .statusCode(200);
        given().get("/open311/v2/requests/" + id + ".json?token=" + token).then()
                .body("[0].status_notes", equalTo("已处置，待核查：已更换箱门并加锁"));
        town.majiaCadre().post("/api/cases/" + id + "/verify").then().statusCode(200);
        town.majiaCadre().post("/api/cases/" + id + "/close").then().statusCode(200);
        // 回访: the resident is asked how it went
        town.majiaWorker().body(Map.of("result", "SATISFIED")).post("/api/cases/" + id + "/follow-up").then()
                .statusCode(403);
        town.majiaCadre().body(Map.of("result", "SATISFIED", "note", "群众表示满意"))
                .post("/api/cases/" + id + "/follow-up").then().statusCode(200)
                .body("followUpResult", equalTo("SATISFIED"));
        town.majiaCadre().body(Map.of("result", "SATISFIED")).post("/api/cases/" + id + "/follow-up").then()
                .statusCode(409);
        given().get("/open311/v2/requests/" + id + ".json?token=" + token).then()
                .body("[0].status", equalTo("closed")).body("[0].status_notes", startsWith("已办结并回访"));

        // the town's case register, as Excel: the case as it stands, the resident's number left out
        var xlsx = town.majiaCadre().get("/api/cases/export.xlsx?nodeId=" + town.majia.id());
        xlsx.then().statusCode(200).header("Content-Disposition", containsString("filename*=UTF-8''"));
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.asByteArray()))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals("编号", rows.get(0).getCellText(0));
            var row = rows.stream().filter(r -> r.getCellText(0).equals(id)).findFirst().orElseThrow();
            assertEquals("群众诉求", row.getCellText(5));
            assertEquals("CLOSED", row.getCellText(6));
            assertEquals("SATISFIED", row.getCellText(12));
            assertEquals(false, rows.stream().anyMatch(r -> r.stream().anyMatch(c -> c != null
                    && c.getText().contains("13912345678"))), "no resident's number");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        town.xuejiaWorker().get("/api/cases/export.csv?nodeId=" + town.majia.id()).then().statusCode(404);

        try (EventTap tap = EventTap.on("wangge.task")) {
            var events = tap.await(EventTap.keyed(id), 7);
            assertEquals(List.of("wangge.case.reported.v1", "wangge.case.registered.v1",
                    "wangge.case.dispatched.v1", "wangge.case.handled.v1", "wangge.case.verified.v1",
                    "wangge.case.closed.v1", "wangge.case.followed-up.v1"),
                    events.stream().map(r -> EventTap.header(r, "ce_type")).toList());
            for (var event : events) {
                JsonNode data = ContractAssertions.assertConforms(event);
                assertEquals(false, data.toString().contains("13912345678"), "the resident's number stays here");
            }
        }
    }

    @Test
    void aDissatisfiedResidentsCaseIsReopenedAndNobodyFollowsUpTheirOwnWork() {
        JsonNode reply = resident().formParams(with(with(with(request(hotlineKey, "排水沟堵塞，雨天积水进院"),
                        "service_code", "LIVELIHOOD"), "lat", "34.270100"), "address_string", "马家村二组水井旁"))
                .post("/open311/v2/requests.json").then().statusCode(201).extract().as(JsonNode.class).get(0);
        String id = reply.path("service_request_id").asText();
        town.majiaCadre().post("/api/cases/" + id + "/register").then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "村两委")).post("/api/cases/" + id + "/dispatch").then().statusCode(200);
        // the cadre handles it themself: the town verifies and closes, and the cadre may not follow it up
        town.majiaCadre().body(Map.of("note", "已清淤")).post("/api/cases/" + id + "/handle").then().statusCode(200);
        town.majiaCadre().post("/api/cases/" + id + "/verify").then().statusCode(403)
                .body("detail", containsString("their own work"));
        town.townAdmin().post("/api/cases/" + id + "/verify").then().statusCode(200);
        town.townAdmin().post("/api/cases/" + id + "/close").then().statusCode(200);
        town.majiaCadre().body(Map.of("result", "SATISFIED")).post("/api/cases/" + id + "/follow-up").then()
                .statusCode(403);
        town.townAdmin().body(Map.of("result", "DISSATISFIED")).post("/api/cases/" + id + "/follow-up").then()
                .statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("note"));
        town.townAdmin().body(Map.of("result", "DISSATISFIED", "note", "只清了一段，下游仍堵"))
                .post("/api/cases/" + id + "/follow-up").then().statusCode(200);
        // reopened with a reason and the category's full time again
        clock.set(MORNING.plusDays(2).toInstant());
        town.townAdmin().post("/api/cases/" + id + "/reopen").then().statusCode(400);
        town.townAdmin().body(Map.of("note", "群众回访不满意，下游仍堵")).post("/api/cases/" + id + "/reopen").then()
                .statusCode(200).body("status", equalTo("REGISTERED")).body("reopened", equalTo(1))
                .body("followUpResult", nullValue()).body("closedAt", nullValue());
        given().get("/open311/v2/requests/" + id + ".json?token=" + reply.path("token").asText()).then()
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", equalTo("已重新立案办理：群众回访不满意，下游仍堵"));
        try (EventTap tap = EventTap.on("wangge.task")) {
            JsonNode reopened = ContractAssertions.assertConforms(tap.await(EventTap.keyed(id).and(
                    EventTap.typed("wangge.case.reopened.v1")), 1).get(0));
            assertEquals(1, reopened.path("reopened").asInt());
        }
    }

    /** A multipart request as a mini-program sends it: every text part in UTF-8, the photos after. */
    private static RequestSpecification multipart(Map<String, Object> form) {
        RequestSpecification request = given().contentType("multipart/form-data; charset=UTF-8");
        for (Map.Entry<String, Object> field : form.entrySet()) {
            request.multiPart(new io.restassured.builder.MultiPartSpecBuilder(field.getValue())
                    .controlName(field.getKey()).charset("UTF-8").build());
        }
        return request;
    }

    @Test
    void theSameMatterAgainJoinsTheOpenRequestAndPhotosComeWithIt() {
        JsonNode original = resident().formParams(with(with(request(hotlineKey, "废弃厂房堆放易燃物"), "lat",
                        "34.280000"), "address_string", "马家村三组废弃厂房"))
                .post("/open311/v2/requests.json").then().statusCode(201).header("Cache-Control", "no-store")
                .extract().as(JsonNode.class).get(0);
        String first = original.path("service_request_id").asText();
        // 30 m away, an hour later, the same category: the same matter, with a photo
        clock.set(MORNING.plusHours(1).toInstant());
        Map<String, Object> again = with(with(request(hotlineKey, "厂房里堆了很多易燃物，怕起火"), "lat", "34.280270"),
                "address_string", "三组老厂房");
        JsonNode joined = multipart(again).multiPart("media", "厂房.png", PNG, "image/png")
                .post("/open311/v2/requests.json").then().statusCode(201).extract().as(JsonNode.class).get(0);
        assertEquals(first, joined.path("service_request_id").asText());
        assertEquals(true, joined.path("service_notice").asText().contains("已并入"));
        String media = town.majiaCadre().get("/api/cases/" + first).then().statusCode(200)
                .body("duplicates", equalTo(1)).body("version", equalTo(0)).extract().path("mediaUrls[0]");
        // the first reporter reads all of it; the second only where it stands, not another resident's words
        given().get(media + "?token=" + original.path("token").asText()).then().statusCode(200)
                .contentType("image/png").header("X-Content-Type-Options", "nosniff");
        given().get("/open311/v2/requests/" + first + ".json?token=" + joined.path("token").asText()).then()
                .statusCode(200).body("[0].status", equalTo("open")).body("[0].description", nullValue())
                .body("[0].media_url", nullValue()).body("[0].lat", nullValue());
        given().get(media + "?token=" + joined.path("token").asText()).then().statusCode(404);
        town.majiaCadre().get(media).then().statusCode(200);
        given().get(media + "?token=nobody").then().statusCode(404);
        town.xuejiaWorker().get(media).then().statusCode(404);
        // elsewhere, or of another category, it is another request; its Chinese arrives as written
        String elsewhere = multipart(with(with(request(hotlineKey, "废弃厂房堆放易燃物，已有烟头"), "lat", "34.300000"),
                        "address_string", "马家村五组")).multiPart("media", "烟头.png", PNG, "image/png")
                .post("/open311/v2/requests.json").then().statusCode(201).extract().path("[0].service_request_id");
        assertNotEquals(first, elsewhere);
        town.majiaCadre().get("/api/cases/" + elsewhere).then().body("description", equalTo("废弃厂房堆放易燃物，已有烟头"))
                .body("locationText", equalTo("马家村五组")).body("reporterName", equalTo("马秀兰"));
        // a case the staff raised is theirs: a resident's request at the same place does not join it
        String staffs = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                        "LIVELIHOOD", "description", "井盖缺失", "locationText", "马家村六组井边"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        String residents = resident().formParams(with(with(with(request(hotlineKey, "井盖丢了"), "service_code",
                        "LIVELIHOOD"), "address_string", "马家村六组井边"), "lat", "34.310000"))
                .post("/open311/v2/requests.json").then().statusCode(201).extract().path("[0].service_request_id");
        assertNotEquals(staffs, residents);

        // photos are what they say, and small
        multipart(request(hotlineKey, "假图片")).multiPart("media", "a.jpg", PNG, "image/jpeg")
                .post("/open311/v2/requests.json").then()
                .statusCode(400).body("[0].description", containsString("image/jpeg"));
        multipart(request(hotlineKey, "大图片")).multiPart("media", "big.png", png(700_000), "image/png")
                .post("/open311/v2/requests.json").then().statusCode(400).body("[0].code", equalTo(400));
        multipart(request(hotlineKey, "文档")).multiPart("media", "a.pdf", "%PDF-1.4".getBytes(), "application/pdf")
                .post("/open311/v2/requests.json").then().statusCode(400);
        // a long description in Chinese, form-encoded, is taken (2,000 characters at most)
        resident().formParams(with(with(request(hotlineKey, "反映".repeat(900)), "lat", "34.320000"),
                "address_string", "马家村七组")).post("/open311/v2/requests.json").then().statusCode(201);
    }

    @Test
    void clientsAreRegisteredRevokedAndLimitedAndBadRequestsAreToldWhy() {
        // registered by the town's admins only, in their place; the key is never listed
        town.majiaCadre().body(Map.of("name", "马家村网格群机器人", "jurisdictionNodeId", town.majia.id()))
                .post("/api/open311-clients").then().statusCode(403);
        JsonNode robot = register("马家村网格群机器人", town.majia.id().toString(), 2);
        String robotKey = robot.path("apiKey").asText();
        town.townAdmin().get("/api/open311-clients?nodeId=" + town.town.id()).then().statusCode(200)
                .body("find { it.name == '马家村网格群机器人' }.keyHint", equalTo(robotKey.substring(0, 7)))
                .body("find { it.name == '马家村网格群机器人' }", not(hasKey("apiKey")));
        TaskTown.as("elsewhere-admin", "town-admin").get("/api/open311-clients?nodeId=" + town.town.id()).then()
                .statusCode(404);

        // what each bad request is told, in Open311's format
        Map<String, Object> ok = request(hotlineKey, "路灯不亮");
        assertRefused(with(ok, "api_key", null), 403, "api_key");
        assertRefused(with(ok, "api_key", "wg_not-a-key"), 403, "api_key");
        assertRefused(with(ok, "jurisdiction_id", "610431999"), 403, "jurisdiction_id");
        assertRefused(with(ok, "service_code", "NO_SUCH"), 400, "service_code");
        assertRefused(with(ok, "description", " "), 400, "description");
        Map<String, Object> nowhere = with(with(with(ok, "lat", null), "long", null), "address_string", null);
        assertRefused(with(nowhere, "address_id", null), 400, "location");
        assertRefused(with(ok, "long", null), 400, "lat");
        assertRefused(with(ok, "lat", "60.1"), 400, "China");
        assertRefused(with(ok, "lat", "北纬34度"), 400, "lat");
        assertRefused(with(with(ok, "lat", "NaN"), "long", "NaN"), 400, "China");
        assertRefused(with(ok, "phone", "call me"), 400, "phone");
        given().get("/open311/v2/services/NO_SUCH.json").then().statusCode(404).body("[0].code", equalTo(404));
        given().get("/open311/v2/services/SAFETY_PRODUCTION.json").then().statusCode(200)
                .body("service_code", equalTo("SAFETY_PRODUCTION"));

        // the village's robot files in its village only
        Map<String, Object> fromRobot = with(with(request(robotKey, "垃圾清运不及时"), "jurisdiction_id",
                town.majia.code()), "address_id", town.xuejiaGrids.get(0).code());
        assertRefused(fromRobot, 400, "address_id");
        // two calls a minute: the third in the same minute is refused, the next minute is open again
        assertRefused(fromRobot, 400, "address_id");
        assertRefused(fromRobot, 429, "2");
        clock.set(MORNING.plusMinutes(1).toInstant());
        resident().formParams(with(with(fromRobot, "address_id", town.majiaGrids.get(1).code()), "service_code",
                "LIVELIHOOD")).post("/open311/v2/requests.json").then().statusCode(201);

        // revoked, the key opens nothing
        String id = robot.path("client").path("id").asText();
        town.townAdmin().header("If-Match", "\"0\"").post("/api/open311-clients/" + id + "/revoke").then()
                .statusCode(200).body("status", equalTo("REVOKED"));
        clock.set(MORNING.plusMinutes(2).toInstant());
        assertRefused(with(fromRobot, "address_id", town.majiaGrids.get(1).code()), 403, "吊销");
    }

    private static Map<String, Object> with(Map<String, Object> form, String field, String value) {
        Map<String, Object> changed = new HashMap<>(form);
        if (value == null) {
            changed.remove(field);
        } else {
            changed.put(field, value);
        }
        return changed;
    }

    private static void assertRefused(Map<String, Object> form, int code, String says) {
        var response = resident().formParams(form).post("/open311/v2/requests.json");
        response.then().statusCode(code).contentType(startsWith("application/json"))
                .body("[0].code", equalTo(code)).body("[0].description", containsString(says));
        if (code == 429) {
            response.then().header("Retry-After", "60");
        }
    }

    private static byte[] png(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 7);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }
}
