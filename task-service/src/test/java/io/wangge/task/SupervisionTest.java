package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import io.wangge.task.service.SupervisionService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 督办 by the injected clock: a task of 马家村第一微网格 (created Monday 09:00, due Friday 18:00, 105 h; 大气污染防治 has
 * no yellow hours of its own, so yellow at three quarters: Thursday 15:45) turns yellow, red at the deadline, climbs
 * to 马家村 and then 长宁镇 a day apart, each level's lead taking it; done, it waits for a superior's follow-up.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupervisionTest {

    private static final OffsetDateTime MONDAY = KeyWorkDispatchTest.MONDAY;
    private static final OffsetDateTime FRIDAY = KeyWorkDispatchTest.FRIDAY;

    private TaskTown town;

    @Inject
    TestClock clock;

    @Inject
    SupervisionService supervisions;

    @BeforeEach
    void setUp() {
        clock.set(MONDAY.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static io.restassured.specification.RequestSpecification province() {
        return TaskTown.as("province-admin-supervision", "province-admin", "county-admin");
    }

    private void at(OffsetDateTime time) {
        clock.set(time.toInstant());
        supervisions.sweep();
    }

    @Test
    void aRedTaskClimbsToTheTownAndIsClosedByAFollowUp() {
        String task = town.majiaTask("秸秆禁烧巡查·督办");
        at(FRIDAY.minusHours(27));
        org.junit.jupiter.api.Assertions.assertNull(town.supervisionOf(task), "green until three quarters of its time");

        at(FRIDAY.minusHours(26));
        String id = town.supervisionOf(task);
        town.majiaWorker().get("/api/supervisions/" + id).then().statusCode(200)
                .body("color", equalTo("YELLOW")).body("status", equalTo("OPEN"))
                .body("nodeName", equalTo("马家村第一微网格")).body("responsibleName", equalTo("马小明"))
                .body("title", equalTo("秸秆禁烧巡查·督办"));

        at(FRIDAY.plusMinutes(1));
        town.majiaWorker().get("/api/supervisions/" + id).then().body("color", equalTo("RED"));
        at(FRIDAY.plusHours(23));
        town.majiaWorker().get("/api/supervisions/" + id).then().body("nodeName", equalTo("马家村第一微网格"));

        at(FRIDAY.plusHours(24).plusMinutes(2));
        town.majiaCadre().get("/api/supervisions/" + id).then().body("nodeName", equalTo("马家村"))
                .body("nodeLevel", equalTo("VILLAGE")).body("responsibleName", equalTo("马秀英")).body("climbs", equalTo(1));
        at(FRIDAY.plusHours(48).plusMinutes(3));
        town.townAdmin().get("/api/supervisions/" + id).then().body("nodeName", equalTo("长宁镇"))
                .body("responsibleName", equalTo("王建国")).body("climbs", equalTo(2));

        // every red item in my town, and its figures
        town.townAdmin().get("/api/supervisions?nodeId=" + town.town.id() + "&color=RED&status=OPEN&size=200")
                .then().statusCode(200).body("items.id", hasItem(id));
        town.townAdmin().get("/api/supervisions/counts?nodeId=" + town.town.id()).then().statusCode(200)
                .body("RED", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        town.townAdmin().get("/api/supervisions?nodeId=" + town.town.id() + "&color=YELLOW&size=200")
                .then().body("items.id", not(hasItem(id)));

        // done late: handled by the sweep, then only a superior closes it, with the follow-up
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        town.majiaWorker().post("/api/tasks/" + task + "/start").then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "已清理田间秸秆，设立禁烧标识")).post("/api/tasks/" + task + "/submit")
                .then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "现场核实")).post("/api/tasks/" + task + "/complete").then()
                .statusCode(200);
        Map<String, String> followUp = Map.of("result", "BASICALLY_SATISFIED", "note", "群众反映已无焚烧现象");
        town.townAdmin().body(followUp).post("/api/supervisions/" + id + "/close").then().statusCode(409)
                .body("current.status", equalTo("OPEN"));
        at(FRIDAY.plusHours(49));
        town.townAdmin().get("/api/supervisions/" + id).then().body("status", equalTo("HANDLED"));
        town.majiaWorker().body(followUp).post("/api/supervisions/" + id + "/close").then().statusCode(403);
        province().body(Map.of("result", "BASICALLY_SATISFIED")).post("/api/supervisions/" + id + "/close")
                .then().statusCode(400).body("detail", containsString("回访"));
        // it sits at the town: the town's lead holds it and does not follow it up, nor does the village below
        town.townAdmin().body(followUp).post("/api/supervisions/" + id + "/close").then().statusCode(403);
        town.majiaCadre().body(followUp).post("/api/supervisions/" + id + "/close").then().statusCode(403);
        province().body(followUp).post("/api/supervisions/" + id + "/close").then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("followUpResult", equalTo("BASICALLY_SATISFIED"))
                .body("closedBy", equalTo("province-admin-supervision"));

        town.townAdmin().get("/api/supervisions/" + id + "/path").then().statusCode(200)
                .body("action", contains("OPEN", "RED", "ESCALATE", "ESCALATE", "HANDLE", "CLOSE"))
                .body("nodeName", contains("马家村第一微网格", "马家村第一微网格", "马家村", "长宁镇", "长宁镇", "长宁镇"))
                .body("color", contains("YELLOW", "RED", "RED", "RED", "RED", "RED"));

        try (EventTap tap = EventTap.on("wangge.task")) {
            List<ConsumerRecord<String, String>> events = tap.await(EventTap.keyed(id), 6, Duration.ofSeconds(20),
                    Duration.ofSeconds(1));
            assertEquals(List.of("wangge.supervision.opened.v1", "wangge.supervision.turned-red.v1",
                    "wangge.supervision.escalated.v1", "wangge.supervision.escalated.v1",
                    "wangge.supervision.handled.v1", "wangge.supervision.closed.v1"),
                    events.stream().map(r -> EventTap.header(r, "ce_type")).toList(), "each step once, in order");
            events.forEach(ContractAssertions::assertConforms);
            JsonNode town2 = ContractAssertions.assertConforms(events.get(3));
            assertEquals("长宁镇", town2.path("nodeName").asText());
            assertEquals(2, town2.path("climbs").asInt());
        }
    }

    @Test
    void theSweepTakesEachStepOnce() {
        String task = town.majiaTask("禁烧巡查·一次");
        at(FRIDAY.plusMinutes(5)); // past the deadline before any sweep saw it: opened red at once
        String id = town.supervisionOf(task);
        long version = ((Number) town.majiaCadre().get("/api/supervisions/" + id).then().body("color", equalTo("RED"))
                .extract().path("version")).longValue();
        at(FRIDAY.plusMinutes(6));
        at(FRIDAY.plusMinutes(7));
        town.majiaCadre().get("/api/supervisions/" + id).then().body("version", equalTo((int) version))
                .body("climbs", equalTo(0));
        town.majiaCadre().get("/api/supervisions/" + id + "/path").then().body("action", contains("OPEN"));
    }

    @Test
    void aSuperiorOpensOneByHandAndNobodySupervisesTheirOwnWork() {
        String task = town.majiaTask("禁烧巡查·人工督办");
        Map<String, Object> request = Map.of("subjectType", "TASK", "subjectId", task,
                "deadlineAt", MONDAY.plusHours(30).toString(), "note", "群众反映夜间仍有焚烧，限期整改");
        // the grid's own worker is not a superior; a cadre posted nowhere here does not even see the task
        town.majiaWorker().body(request).post("/api/supervisions").then().statusCode(403);
        town.as("stranger-cadre-" + town.townAdmin, "village-cadre").body(request).post("/api/supervisions").then()
                .statusCode(404);
        town.majiaCadre().body(Map.of("subjectType", "TASK", "subjectId", task,
                "deadlineAt", MONDAY.minusHours(1).toString(), "note", "已过期限")).post("/api/supervisions")
                .then().statusCode(400).body("detail", containsString("deadline"));
        town.majiaCadre().body(Map.of("subjectType", "TASK", "subjectId", task,
                "deadlineAt", MONDAY.plusHours(30).toString())).post("/api/supervisions")
                .then().statusCode(400);
        String id = town.majiaCadre().body(request).post("/api/supervisions").then().statusCode(201)
                .body("origin", equalTo("MANUAL")).body("color", equalTo("YELLOW"))
                .body("openedBy", equalTo(town.majiaCadre)).body("responsibleName", equalTo("马小明"))
                .extract().path("id");
        town.majiaCadre().body(request).post("/api/supervisions").then().statusCode(409);

        // its own deadline, not the task's, turns it red
        at(MONDAY.plusHours(31));
        town.majiaWorker().get("/api/supervisions/" + id).then().body("color", equalTo("RED"))
                .body("redAt", org.hamcrest.Matchers.notNullValue());
        town.majiaWorker().get("/api/supervisions/" + id + "/path").then()
                .body("note[0]", equalTo("群众反映夜间仍有焚烧，限期整改"));
        town.xuejiaWorker().get("/api/supervisions/" + id).then().statusCode(404);
        town.xuejiaWorker().get("/api/supervisions?size=200").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
    }

    @Test
    void limitsAreTheProvinceAdminsPerCategoryAndLevel() {
        String code = "FLOOD_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
        province().body(Map.of("code", code, "name", "防汛排查", "caseTimeLimitHours", 12)).post("/api/categories")
                .then().statusCode(201);
        Map<String, Object> limits = Map.of("yellowHours", 6, "climbHours", 24,
                "levels", List.of(Map.of("level", "VILLAGE", "climbHours", 2)));
        town.townAdmin().body(limits).put("/api/categories/" + code + "/supervision-limits").then().statusCode(403);
        province().body(Map.of("yellowHours", 6, "climbHours", 24, "levels", List.of(
                        Map.of("level", "VILLAGE", "climbHours", 2), Map.of("level", "VILLAGE", "climbHours", 3))))
                .header("If-Match", "\"0\"").put("/api/categories/" + code + "/supervision-limits").then()
                .statusCode(400);
        province().body(limits).put("/api/categories/" + code + "/supervision-limits").then().statusCode(428);
        province().body(limits).header("If-Match", "\"0\"").put("/api/categories/" + code + "/supervision-limits")
                .then().statusCode(200).body("category.yellowHours", equalTo(6))
                .body("levels.level", contains("VILLAGE")).body("levels[0].climbHours", equalTo(2));
        town.majiaWorker().get("/api/categories/" + code + "/supervision-limits").then().statusCode(200)
                .body("category.climbHours", equalTo(24));

        // 12 h to handle: yellow 6 h before, red at 12 h; a day at the micro-grid, two hours at the village
        String caseId = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode", code,
                "description", "河堤渗水，需排查加固")).post("/api/cases").then().statusCode(201).extract().path("id");
        at(MONDAY.plusHours(5));
        org.junit.jupiter.api.Assertions.assertNull(town.supervisionOf(caseId));
        at(MONDAY.plusHours(6).plusMinutes(1));
        String id = town.supervisionOf(caseId);
        at(MONDAY.plusHours(12).plusMinutes(1));
        at(MONDAY.plusHours(36).plusMinutes(2));
        town.townAdmin().get("/api/supervisions/" + id).then().body("nodeLevel", equalTo("VILLAGE"));
        at(MONDAY.plusHours(38).plusMinutes(3));
        town.townAdmin().get("/api/supervisions/" + id).then().body("nodeLevel", equalTo("TOWN"))
                .body("climbs", equalTo(2)).body("responsibleName", equalTo("王建国"));
    }

    @Test
    void aCaseIsSupervisedByItsCategorysLimitAndItsVillageLeadTakesItUp() {
        String caseId = town.majiaWorker().body(Map.of("nodeId", town.majiaGrids.get(0).id(), "categoryCode",
                        "SAFETY_PRODUCTION", "description", "村口变压器箱门损坏，存在触电隐患"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        // 安全生产: 24 h; yellow at 18 h
        at(MONDAY.plusHours(17));
        org.junit.jupiter.api.Assertions.assertNull(town.supervisionOf(caseId));
        at(MONDAY.plusHours(19));
        String id = town.supervisionOf(caseId);
        town.majiaCadre().get("/api/supervisions/" + id).then().body("subjectType", equalTo("CASE"))
                .body("color", equalTo("YELLOW")).body("nodeLevel", equalTo("MICRO_GRID"))
                .body("responsibleName", equalTo("马小明")).body("closedAt", nullValue());
        at(MONDAY.plusHours(24).plusMinutes(1));
        at(MONDAY.plusHours(48).plusMinutes(2));
        town.majiaCadre().get("/api/supervisions/" + id).then().body("color", equalTo("RED"))
                .body("nodeName", equalTo("马家村")).body("responsibleName", equalTo("马秀英"));
    }

    @Test
    void nobodySupervisesWorkTheyDidThemselves() {
        // the village cadre raised this case themselves: they are not its superior, the town admin is
        String caseId = town.majiaCadre().body(Map.of("nodeId", town.majiaGrids.get(1).id(), "categoryCode",
                        "SAFETY_PRODUCTION", "description", "废弃厂房堆放易燃物"))
                .post("/api/cases").then().statusCode(201).extract().path("id");
        Map<String, Object> request = Map.of("subjectType", "CASE", "subjectId", caseId,
                "deadlineAt", MONDAY.plusHours(10).toString(), "note", "限期清理");
        town.majiaCadre().body(request).post("/api/supervisions").then().statusCode(403)
                .body("detail", containsString("nobody supervises their own work"));
        town.townAdmin().body(request).post("/api/supervisions").then().statusCode(201)
                .body("subjectType", equalTo("CASE")).body("nodeName", equalTo("马家村第二微网格"));
    }
}
