package io.wangge.task;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ServiceBootChecks;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@QuarkusTest
class ServiceBootTest extends ServiceBootChecks {

    @Inject
    TestClock clock;

    @Override
    protected String protectedPath() {
        return "/api/categories";
    }

    /**
     * One town's key work dispatched to its micro-grids, one of the tasks under the town admin's supervision, a
     * case raised in 马家村, whose group has a webhook.
     */
    @Override
    protected Map<String, String> recordsOfOnePlace() {
        TaskTown town = new TaskTown(clock);
        Map<String, Object> item = KeyWorkDispatchTest.item(town, "秸秆禁烧巡查");
        item.put("dueAt", OffsetDateTime.now(clock).plusDays(3).toString());
        String keyWork = town.townAdmin().body(item).post("/api/key-work").then().statusCode(201).extract()
                .path("id");
        town.townAdmin().header("If-Match", "\"0\"").post("/api/key-work/" + keyWork + "/dispatch").then()
                .statusCode(200);
        String task = town.townAdmin().get("/api/key-work/" + keyWork + "/tasks?size=1").then().statusCode(200)
                .extract().path("items[0].id");
        String kase = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                        "SAFETY_PRODUCTION", "description", "村口变压器漏油", "locationText", "马家村一组村口"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        String supervision = town.townAdmin().body(Map.of("subjectType", "TASK", "subjectId", task, "deadlineAt",
                        OffsetDateTime.now(clock).plusDays(1).toString(), "note", "限期完成巡查"))
                .post("/api/supervisions").then().statusCode(201).extract().path("id");
        town.majiaCadre().body(Map.of("url", "http://127.0.0.1:9/cgi-bin/webhook/send?key=majia-robot"))
                .put("/api/notice-webhooks/" + town.majia.id()).then().statusCode(200);
        Map<String, String> records = new HashMap<>();
        records.put("/api/notice-webhooks/{nodeId}", town.majia.id().toString());
        for (String action : List.of("", "/close", "/path")) {
            records.put("/api/supervisions/{id}" + action, supervision);
        }
        for (String template : List.of("/api/key-work/{id}", "/api/key-work/{id}/close",
                "/api/key-work/{id}/dispatch", "/api/key-work/{id}/progress", "/api/key-work/{id}/tasks")) {
            records.put(template, keyWork);
        }
        for (String action : List.of("", "/accept", "/cancel", "/complete", "/escalate", "/history", "/reassign",
                "/return", "/start", "/submit")) {
            records.put("/api/tasks/{id}" + action, task);
        }
        records.put("/api/cases/{id}", kase);
        records.put("/api/cases/{id}/history", kase);
        records.put("/api/cases/{id}/{action}", kase);
        records.put("/api/cases/{id}/follow-up", kase);
        records.put("/api/cases/{id}/photos", kase);
        String photographed = town.majiaTask("秸秆禁烧巡查·照片");
        records.put("/api/tasks/{id}/photos", photographed);
        records.put("/api/media/{id}", TaskTown.as(town.majiaWorker, "grid-worker").contentType("image/jpeg")
                .body(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, (byte) 0xFF, (byte) 0xD9})
                .post("/api/tasks/" + photographed + "/photos").then().statusCode(201).extract().path("id"));
        String client = town.townAdmin().body(Map.of("name", "长宁镇12345热线", "jurisdictionNodeId", town.town.id()))
                .post("/api/open311-clients").then().statusCode(201).extract().path("client.id");
        records.put("/api/open311-clients/{id}", client);
        records.put("/api/open311-clients/{id}/revoke", client);
        return records;
    }

    @Override
    protected Map<String, String> notBoundToAPlace() {
        return Map.of("/api/categories/{code}/supervision-limits", "the catalogue every county shares: read by all,"
                + " changed by the province admin only (SupervisionTest.limitsAreTheProvinceAdminsPerCategoryAndLevel)");
    }

    /** The town admin of another county's town, holding every staff role. */
    @Override
    protected String outsider() {
        TaskTown elsewhere = new TaskTown(clock);
        return Tokens.everyStaffRole(elsewhere.townAdmin);
    }
}
