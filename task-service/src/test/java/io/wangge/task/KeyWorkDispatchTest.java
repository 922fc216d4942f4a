package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyWorkDispatchTest {

    static final OffsetDateTime MONDAY = OffsetDateTime.parse("2026-11-23T09:00:00+08:00");
    static final OffsetDateTime FRIDAY = OffsetDateTime.parse("2026-11-27T18:00:00+08:00");

    private TaskTown town;

    @Inject
    TestClock clock;

    @Inject
    io.wangge.task.service.KeyWorkService keyWork;

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

    static Map<String, Object> item(TaskTown town, String title) {
        Map<String, Object> item = new HashMap<>();
        item.put("title", title);
        item.put("categoryCode", "AIR_POLLUTION");
        item.put("description", "秸秆禁烧巡查：每个微网格本周巡查一遍并拍照");
        item.put("checklist", List.of("巡查农田", "张贴禁烧公告"));
        item.put("scopeNodeIds", List.of(town.town.id()));
        item.put("targetLevel", "MICRO_GRID");
        item.put("assigneeRole", "COMPREHENSIVE_GRID_WORKER");
        item.put("dueAt", FRIDAY.toString());
        return item;
    }

    @Test
    void aDraftIsChangedOnlyByWhoeverMayChangeItAsItIs() {
        Map<String, Object> countyWide = item(town, "全县防汛隐患排查");
        countyWide.put("scopeNodeIds", List.of(town.county.id()));
        io.restassured.specification.RequestSpecification county = TaskTown.as("county-admin-kw", "province-admin", "county-admin");
        String id = county.body(countyWide).post("/api/key-work").then().statusCode(201).extract().path("id");
        // the town admin sees the county's draft (it covers their town) but may not narrow it to their town
        town.townAdmin().get("/api/key-work/" + id).then().statusCode(200);
        Map<String, Object> narrowed = item(town, "全县防汛隐患排查（改为本镇）");
        town.townAdmin().header("If-Match", "\"0\"").body(narrowed).put("/api/key-work/" + id).then()
                .statusCode(403);
        TaskTown.as("county-admin-kw", "province-admin", "county-admin").get("/api/key-work/" + id).then()
                .body("title", equalTo("全县防汛隐患排查")).body("scopeNodeIds", contains(town.county.id().toString()));
        TaskTown.as("county-admin-kw", "province-admin", "county-admin").header("If-Match", "\"0\"").body(narrowed)
                .put("/api/key-work/" + id).then().statusCode(200).body("title", equalTo("全县防汛隐患排查（改为本镇）"));
    }

    @Test
    void dispatchCastsOneTaskToEveryGridAndListsThoseWithoutAPrimary() {
        String id = town.townAdmin().body(item(town, "秸秆禁烧巡查")).post("/api/key-work")
                .then().statusCode(201).body("status", equalTo("DRAFT")).extract().path("id");

        Response dispatch = town.townAdmin().post("/api/key-work/" + id + "/dispatch");
        dispatch.then().statusCode(200)
                .body("taskCount", equalTo(5))
                .body("unassignedCount", equalTo(1))
                .body("unassignedGrids.name", contains("马家村第三微网格"));
        town.townAdmin().post("/api/key-work/" + id + "/dispatch").then().statusCode(200)
                .body("taskCount", equalTo(5));
        town.townAdmin().get("/api/key-work/" + id + "/tasks?size=200").then()
                .body("total", equalTo(5))
                .body("items.find { it.nodeName == '马家村第一微网格' }.assigneeName", equalTo("马小明"));
        town.townAdmin().get("/api/key-work/" + id).then().body("status", equalTo("DISPATCHED"));

        try (EventTap tap = EventTap.on("wangge.task")) {
            List<ConsumerRecord<String, String>> dispatched = tap.await(r ->
                    "wangge.task.dispatched.v1".equals(EventTap.header(r, "ce_type"))
                            && r.value().contains(id), 5);
            assertEquals(5, dispatched.size(), "one event per task, none twice");
            dispatched.forEach(ContractAssertions::assertConforms);
            JsonNode item = ContractAssertions.assertConforms(
                    tap.await(EventTap.keyed(id), 1).get(0));
            assertEquals(5, item.path("taskCount").asInt());
        }
    }

    @Test
    void gridStatusShowsWhatADispatchWouldReach() {
        town.townAdmin().get("/api/grid-status?nodeId=" + town.town.id()).then().statusCode(200)
                .body("name", equalTo("长宁镇"))
                .body("activeNodesByLevel.MICRO_GRID", equalTo(5))
                .body("activeNodesByLevel.VILLAGE", equalTo(2))
                .body("activeAssignments", equalTo(6))
                .body("primaryPostsByRole.COMPREHENSIVE_GRID_WORKER", equalTo(4))
                .body("primaryPostsByRole.TOWN_CADRE", equalTo(1));
        town.majiaCadre().get("/api/grid-status?nodeId=" + town.majia.id()).then().statusCode(200)
                .body("activeNodesByLevel.MICRO_GRID", equalTo(3))
                .body("activeAssignments", equalTo(3))
                .body("primaryPostsByRole.COMPREHENSIVE_GRID_WORKER", equalTo(2));
        town.majiaCadre().get("/api/grid-status?nodeId=" + town.xuejia.id()).then().statusCode(404);
    }

    @Test
    void draftsAreEditableUntilDispatched() {
        Response created = town.townAdmin().body(item(town, "人居环境整治")).post("/api/key-work");
        String id = created.path("id");
        Map<String, Object> changed = item(town, "人居环境整治（第二轮）");
        changed.put("phases", List.of(Map.of("name", "自查", "dueAt", "2026-11-25T18:00:00+08:00"),
                Map.of("name", "整改", "dueAt", FRIDAY.toString())));
        town.townAdmin().header("If-Match", "\"0\"").body(changed).put("/api/key-work/" + id)
                .then().statusCode(200).body("phases.name", contains("自查", "整改"));
        town.townAdmin().header("If-Match", "\"0\"").body(changed).put("/api/key-work/" + id)
                .then().statusCode(412);
        town.townAdmin().post("/api/key-work/" + id + "/dispatch").then().statusCode(200)
                .body("taskCount", equalTo(10));
        town.townAdmin().header("If-Match", "\"2\"").body(changed).put("/api/key-work/" + id)
                .then().statusCode(409);
    }

    @Test
    void aWeeklyInspectionIsCastAgainEachWeek() {
        Map<String, Object> weekly = item(town, "每周安全巡查");
        weekly.put("recurrence", "WEEKLY");
        String first = town.townAdmin().body(weekly).post("/api/key-work").path("id");
        town.townAdmin().post("/api/key-work/" + first + "/dispatch").then().statusCode(200);

        clock.set(FRIDAY.minusHours(1).toInstant());
        keyWork.rollRecurring();
        town.townAdmin().get("/api/key-work?size=200").then()
                .body("items.findAll { it.title == '每周安全巡查' }.size()", equalTo(1));

        clock.set(FRIDAY.plusMinutes(5).toInstant());
        keyWork.rollRecurring();
        keyWork.rollRecurring();
        town.townAdmin().get("/api/key-work?size=200").then()
                .body("items.findAll { it.title == '每周安全巡查' }.size()", equalTo(2))
                .body("items.find { it.title == '每周安全巡查' && it.id != '" + first + "' }.dueAt",
                        equalTo("2026-12-04T18:00:00+08:00"))
                .body("items.find { it.title == '每周安全巡查' && it.id != '" + first + "' }.status",
                        equalTo("DISPATCHED"))
                .body("items.find { it.title == '每周安全巡查' && it.id != '" + first + "' }.taskCount",
                        equalTo(5));
    }

    @Test
    void badItemsNameTheirFields() {
        Map<String, Object> bad = item(town, "");
        bad.put("categoryCode", "NO_SUCH");
        bad.put("targetLevel", "PROVINCE");
        town.townAdmin().body(bad).post("/api/key-work").then().statusCode(400)
                .body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("targetLevel"));
        Map<String, Object> past = item(town, "过期的工作");
        past.put("dueAt", "2026-11-01T18:00:00+08:00");
        town.townAdmin().body(past).post("/api/key-work").then().statusCode(400)
                .body("errors.field", hasItem("dueAt"));
        Map<String, Object> unknownCategory = item(town, "未知类别");
        unknownCategory.put("categoryCode", "NO_SUCH");
        town.townAdmin().body(unknownCategory).post("/api/key-work").then().statusCode(400)
                .body("errors.field", hasItem("categoryCode"));
    }

    @Test
    void onlyAdminsOfThePlaceCastWork() {
        town.majiaWorker().body(item(town, "越权派发")).post("/api/key-work").then().statusCode(403);
        town.majiaCadre().body(item(town, "村干部派发")).post("/api/key-work").then().statusCode(403);
        TaskTown other = new TaskTown(clock);
        other.townAdmin().body(item(town, "别镇派发")).post("/api/key-work").then().statusCode(403);
    }

    @Test
    void progressCountsByStatusAndChild() {
        String id = town.townAdmin().body(item(town, "安全生产大检查")).post("/api/key-work").path("id");
        town.townAdmin().post("/api/key-work/" + id + "/dispatch").then().statusCode(200);
        String task = town.majiaWorker().get("/api/me/tasks?size=200").then().extract()
                .path("items.find { it.title == '安全生产大检查' }.id");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);

        town.townAdmin().get("/api/key-work/" + id + "/progress").then().statusCode(200)
                .body("nodeName", equalTo("长宁镇"))
                .body("total.dispatched", equalTo(5))
                .body("total.byStatus.ACCEPTED", equalTo(1))
                .body("total.open", equalTo(5))
                .body("children.name", contains("马家村", "薛家村"))
                .body("children.find { it.name == '马家村' }.counts.dispatched", equalTo(3))
                .body("children.find { it.name == '薛家村' }.counts.dispatched", equalTo(2));
        town.majiaCadre().get("/api/key-work/" + id + "/progress?nodeId=" + town.majia.id()).then()
                .statusCode(200).body("children.size()", equalTo(3));
        town.majiaCadre().get("/api/key-work/" + id + "/progress?nodeId=" + town.xuejia.id()).then()
                .statusCode(404);
        // a village reads its own progress, not the town's (which would show its neighbours' counts)
        town.majiaCadre().get("/api/key-work/" + id + "/progress?nodeId=" + town.town.id()).then()
                .statusCode(404);
        town.majiaCadre().get("/api/key-work/" + id + "/progress").then().statusCode(200)
                .body("nodeName", equalTo("马家村")).body("total.dispatched", equalTo(3));
    }
}
