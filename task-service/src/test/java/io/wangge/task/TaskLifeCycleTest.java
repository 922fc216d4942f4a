package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import io.wangge.task.service.TaskService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskLifeCycleTest {

    private TaskTown town;

    @Inject
    TestClock clock;

    @Inject
    TaskService tasks;

    @BeforeEach
    void setUp() {
        clock.set(KeyWorkDispatchTest.MONDAY.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everyStepNeedsTheVersionItWasTakenOn() {
        String task = town.majiaTask("禁烧巡查·版本校验");
        String worker = Tokens.bearer(town.majiaWorker, "grid-worker");
        // without If-Match: 428, nothing changes
        given().header("Authorization", worker).contentType("application/json")
                .post("/api/tasks/" + task + "/accept").then().statusCode(428)
                .body("type", endsWith("precondition-required"));
        town.majiaWorker().get("/api/tasks/" + task).then().body("status", equalTo("DISPATCHED"))
                .header("ETag", equalTo("\"0\""));
        given().header("Authorization", worker).header("If-Match", "\"0\"").contentType("application/json")
                .post("/api/tasks/" + task + "/accept").then().statusCode(200).header("ETag", equalTo("\"1\""));
        // a second device still holding version 0: 412 with the current version, not a second step
        given().header("Authorization", worker).header("If-Match", "\"0\"").contentType("application/json")
                .post("/api/tasks/" + task + "/start").then().statusCode(412)
                .body("current.version", equalTo(1));
        // the current version but a step the state does not allow: 409 naming the state
        given().header("Authorization", worker).header("If-Match", "\"1\"").contentType("application/json")
                .post("/api/tasks/" + task + "/accept").then().statusCode(409)
                .body("current.status", equalTo("ACCEPTED"));

        String item = town.townAdmin().body(KeyWorkDispatchTest.item(town, "版本校验·关闭")).post("/api/key-work")
                .path("id");
        String admin = Tokens.bearer(town.townAdmin, "town-admin");
        given().header("Authorization", admin).contentType("application/json")
                .post("/api/key-work/" + item + "/dispatch").then().statusCode(428);
        town.townAdmin().post("/api/key-work/" + item + "/dispatch").then().statusCode(200);
        given().header("Authorization", admin).contentType("application/json")
                .post("/api/key-work/" + item + "/close").then().statusCode(428);
        town.townAdmin().post("/api/key-work/" + item + "/close").then().statusCode(200)
                .body("status", equalTo("CLOSED"));
    }

    @Test
    void acceptStartSubmitAndVerifyOnTime() {
        String task = town.majiaTask("禁烧巡查·正常流程");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).header("ETag", equalTo("\"1\""));
        town.majiaWorker().post("/api/tasks/" + task + "/start").then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"));
        clock.set(KeyWorkDispatchTest.MONDAY.plusDays(2).toInstant());
        town.majiaWorker().body(Map.of("note", "已巡查全部农田，未发现焚烧", "checklist", Map.of("巡查农田", true),
                        "photoUrls", List.of("https://img.example/1.jpg")))
                .post("/api/tasks/" + task + "/submit").then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("evidence.note", equalTo("已巡查全部农田，未发现焚烧"));
        town.majiaWorker().post("/api/tasks/" + task + "/complete").then().statusCode(403);
        town.majiaCadre().body(Map.of("note", "核查属实")).post("/api/tasks/" + task + "/complete").then()
                .statusCode(200).body("status", equalTo("COMPLETED")).body("onTime", equalTo(true))
                .body("verifiedBy", equalTo(town.majiaCadre));
        town.majiaWorker().get("/api/tasks/" + task + "/history").then()
                .body("action", contains("DISPATCH", "ACCEPT", "START", "SUBMIT", "COMPLETE"))
                .body("actor[4]", equalTo(town.majiaCadre));

        try (EventTap tap = EventTap.on("wangge.task")) {
            List<ConsumerRecord<String, String>> events = tap.await(EventTap.keyed(task), 5);
            assertEquals(List.of("wangge.task.dispatched.v1", "wangge.task.accepted.v1", "wangge.task.started.v1",
                    "wangge.task.submitted.v1", "wangge.task.completed.v1"),
                    events.stream().map(r -> EventTap.header(r, "ce_type")).toList());
            JsonNode completed = ContractAssertions.assertConforms(events.get(4));
            assertEquals(true, completed.path("onTime").asBoolean());
            assertEquals(town.majiaCadre, completed.path("verifiedBy").asText());
            assertEquals(town.majiaWorker, completed.path("assigneeAccountId").asText());
            assertEquals(town.majiaGrids.get(0).path(), completed.path("nodePath").asText());
            assertEquals("AIR_POLLUTION", completed.path("category").asText());
        }
    }

    @Test
    void aCadreVerifiesAPageOfSubmissionsAllOrNone() {
        List<String> batch = List.of(town.majiaTask("秸秆禁烧·批量核验一"), town.majiaTask("秸秆禁烧·批量核验二"),
                town.majiaTask("秸秆禁烧·批量核验三"));
        for (String task : batch) {
            town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
            town.majiaWorker().body(Map.of("note", "已巡查，无焚烧")).post("/api/tasks/" + task + "/submit").then()
                    .statusCode(200).header("ETag", equalTo("\"2\""));
        }
        String unsubmitted = town.majiaTask("秸秆禁烧·批量核验·未提交");
        List<Map<String, Object>> read = batch.stream().map(task -> Map.<String, Object>of("id", task, "version", 2))
                .toList();

        // each refusal names the tasks it refuses, and none of the batch is verified
        town.majiaWorker().body(Map.of("tasks", read)).post("/api/tasks/completions").then().statusCode(403)
                .body("errors.field", contains("tasks[0]", "tasks[1]", "tasks[2]"));
        town.majiaCadre().body(Map.of("tasks", List.of(read.get(0), Map.of("id", batch.get(1), "version", 1),
                        read.get(2)))).post("/api/tasks/completions").then().statusCode(412)
                .body("errors.field", contains("tasks[1]"))
                .body("current.'tasks[1]'.version", equalTo(2))
                .body("detail", containsString("1 of 3 tasks cannot be verified; none was"));
        town.majiaCadre().body(Map.of("tasks", List.of(read.get(0), Map.of("id", unsubmitted, "version", 0))))
                .post("/api/tasks/completions").then().statusCode(409)
                .body("errors.field", contains("tasks[1]"))
                .body("errors[0].message", containsString("DISPATCHED"))
                .body("current.'tasks[1]'.status", equalTo("DISPATCHED"));
        String unknown = UUID.randomUUID().toString();
        town.majiaCadre().body(Map.of("tasks", List.of(Map.of("id", unknown, "version", 2), read.get(0))))
                .post("/api/tasks/completions").then().statusCode(404)
                .body("errors.field", contains("tasks[0]"));
        town.xuejiaWorker().body(Map.of("tasks", read)).post("/api/tasks/completions").then().statusCode(404)
                .body("errors.field", contains("tasks[0]", "tasks[1]", "tasks[2]"));
        town.majiaCadre().body(Map.of("tasks", List.of(read.get(0), read.get(0)))).post("/api/tasks/completions")
                .then().statusCode(400).body("errors.field", contains("tasks[1].id"));
        town.majiaCadre().body(Map.of("tasks", List.of())).post("/api/tasks/completions").then().statusCode(400);
        town.majiaCadre().body(Map.of("tasks", Stream.generate(() -> Map.of("id",
                        UUID.randomUUID().toString(), "version", 2)).limit(201).toList()))
                .post("/api/tasks/completions").then().statusCode(400).body("errors.field", contains("tasks"));
        town.majiaCadre().body("{\"tasks\":[null]}").post("/api/tasks/completions").then().statusCode(400)
                .body("errors.field", contains("tasks[0]"));
        town.majiaCadre().body(Map.of("tasks", List.of(Map.of("id", batch.get(0))))).post("/api/tasks/completions")
                .then().statusCode(400).body("errors.field", hasItem(containsString("version")));
        for (String task : batch) {
            town.majiaCadre().get("/api/tasks/" + task).then().body("status", equalTo("SUBMITTED"));
        }

        town.majiaCadre().body(Map.of("tasks", read, "note", "马家村本轮排查记录已逐项核对"))
                .post("/api/tasks/completions").then().statusCode(200)
                .body("tasks.id", contains(batch.toArray()))
                .body("tasks.status", contains("COMPLETED", "COMPLETED", "COMPLETED"))
                .body("tasks.version", contains(3, 3, 3))
                .body("tasks.onTime", contains(true, true, true))
                .body("tasks.verifiedBy", contains(town.majiaCadre, town.majiaCadre, town.majiaCadre));
        town.majiaCadre().body(Map.of("tasks", List.of(Map.of("id", batch.get(0), "version", 3))))
                .post("/api/tasks/completions").then().statusCode(409);
        town.majiaWorker().get("/api/tasks/" + batch.get(2) + "/history").then()
                .body("action", contains("DISPATCH", "ACCEPT", "SUBMIT", "COMPLETE"))
                .body("note[3]", equalTo("马家村本轮排查记录已逐项核对"));
        try (EventTap tap = EventTap.on("wangge.task")) {
            for (String task : batch) {
                JsonNode completed = ContractAssertions.assertConforms(tap.await(r -> task.equals(r.key())
                        && "wangge.task.completed.v1".equals(EventTap.header(r, "ce_type")), 1).get(0));
                assertEquals(town.majiaCadre, completed.path("verifiedBy").asText());
                assertEquals(3, completed.path("version").asLong());
            }
        }
    }

    @Test
    void aBatchHoldingTheCadresOwnWorkIsRefused() {
        String own = town.majiaTask("秸秆禁烧·批量核验·本人");
        String other = town.majiaTask("秸秆禁烧·批量核验·他人");
        town.townAdmin().body(Map.of("personId", TaskTown.personOf(town.majiaCadre)))
                .post("/api/tasks/" + own + "/reassign").then().statusCode(200);
        town.majiaCadre().post("/api/tasks/" + own + "/accept").then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "已巡查")).post("/api/tasks/" + own + "/submit").then().statusCode(200);
        town.majiaWorker().post("/api/tasks/" + other + "/accept").then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "已巡查")).post("/api/tasks/" + other + "/submit").then()
                .statusCode(200);
        long ownVersion = town.majiaCadre().get("/api/tasks/" + own).then().extract().jsonPath().getLong("version");
        town.majiaCadre().body(Map.of("tasks", List.of(Map.of("id", other, "version", 2),
                        Map.of("id", own, "version", ownVersion)))).post("/api/tasks/completions").then()
                .statusCode(403).body("errors.field", contains("tasks[1]"))
                .body("errors[0].message", containsString("their own work"));
        town.majiaCadre().get("/api/tasks/" + other).then().body("status", equalTo("SUBMITTED"));
        town.townAdmin().body(Map.of("tasks", List.of(Map.of("id", other, "version", 2),
                        Map.of("id", own, "version", ownVersion)))).post("/api/tasks/completions").then()
                .statusCode(200).body("tasks.status", contains("COMPLETED", "COMPLETED"));
    }

    @Test
    void aCadreWhoHandedTheWorkInDoesNotVerifyIt() {
        String task = town.majiaTask("秸秆禁烧·村干部代交");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        // the cadre hands in the grid worker's task, then would check it: their own work, one by one or in a batch
        town.majiaCadre().body(Map.of("note", "网格员外出，村干部代为提交")).post("/api/tasks/" + task + "/submit")
                .then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "核查属实")).post("/api/tasks/" + task + "/complete").then()
                .statusCode(403).body("detail", containsString("their own work"));
        town.majiaCadre().body(Map.of("reason", "自己退回")).post("/api/tasks/" + task + "/return").then()
                .statusCode(403).body("detail", containsString("their own work"));
        town.majiaCadre().body(Map.of("tasks", List.of(Map.of("id", task, "version", 2))))
                .post("/api/tasks/completions").then().statusCode(403)
                .body("errors[0].message", containsString("their own work"));
        town.townAdmin().body(Map.of("tasks", List.of(Map.of("id", task, "version", 2))))
                .post("/api/tasks/completions").then().statusCode(200);
    }

    @Test
    void batchesSharingTasksAtTheSameMomentVerifyEachTaskOnce() throws Exception {
        List<String> shared = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String task = town.majiaTask("秸秆禁烧·并发核验" + i);
            town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
            town.majiaWorker().body(Map.of("note", "已巡查")).post("/api/tasks/" + task + "/submit").then()
                    .statusCode(200);
            shared.add(task);
        }
        Map<String, Object> a = Map.of("id", shared.get(0), "version", 2);
        Map<String, Object> b = Map.of("id", shared.get(1), "version", 2);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            // two cadres' batches in opposite orders, and one task verified alone, all at once
            List<Future<Integer>> answers = List.of(
                    pool.submit(() -> town.majiaCadre().body(Map.of("tasks", List.of(a, b)))
                            .post("/api/tasks/completions").statusCode()),
                    pool.submit(() -> town.townAdmin().body(Map.of("tasks", List.of(b, a)))
                            .post("/api/tasks/completions").statusCode()),
                    pool.submit(() -> town.townAdmin().header("If-Match", "\"2\"").body(Map.of())
                            .post("/api/tasks/" + shared.get(1) + "/complete").statusCode()));
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(1, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
            assertEquals(2, statuses.stream().filter(status -> status == 409 || status == 412).count(),
                    "the others are refused as changed meanwhile, never a 500: " + statuses);
            // b once, by whoever came first; a only if a batch came first (else both batches found b changed)
            boolean aBatchWon = statuses.get(0) == 200 || statuses.get(1) == 200;
            town.majiaWorker().get("/api/tasks/" + shared.get(1) + "/history").then()
                    .body("findAll { it.action == 'COMPLETE' }.size()", equalTo(1));
            town.majiaWorker().get("/api/tasks/" + shared.get(0) + "/history").then()
                    .body("findAll { it.action == 'COMPLETE' }.size()", equalTo(aBatchWon ? 1 : 0));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void illegalStepsAnswer409WithTheCurrentState() {
        String task = town.majiaTask("禁烧巡查·非法流转");
        town.majiaCadre().post("/api/tasks/" + task + "/complete").then().statusCode(409)
                .body("current.status", equalTo("DISPATCHED"));
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(409)
                .body("current.status", equalTo("ACCEPTED"));
        town.majiaWorker().header("If-Match", "\"0\"").post("/api/tasks/" + task + "/start").then()
                .statusCode(412);
        town.majiaWorker().body(Map.of()).post("/api/tasks/" + task + "/return").then().statusCode(400)
                .body("errors.field", hasItem("reason"));
    }

    @Test
    void returnedWorkIsDoneAgainAndLateSubmissionIsNotOnTime() {
        String task = town.majiaTask("禁烧巡查·退回重办");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "完成")).post("/api/tasks/" + task + "/submit").then().statusCode(200);
        town.majiaCadre().body(Map.of("reason", "缺少照片，请补充")).post("/api/tasks/" + task + "/return").then()
                .statusCode(200).body("status", equalTo("RETURNED")).body("returnReason", equalTo("缺少照片，请补充"));
        clock.set(KeyWorkDispatchTest.FRIDAY.plusHours(2).toInstant());
        town.majiaWorker().body(Map.of("note", "已补充照片", "photoUrls", List.of("https://img.example/2.jpg")))
                .post("/api/tasks/" + task + "/submit").then().statusCode(200);
        town.townAdmin().post("/api/tasks/" + task + "/complete").then().statusCode(200)
                .body("onTime", equalTo(false));
    }

    @Test
    void workersSeeOnlyTheirGridsAndCadresOnlyTheirVillage() {
        String task = town.majiaTask("禁烧巡查·范围");
        town.xuejiaWorker().get("/api/tasks/" + task).then().statusCode(404);
        town.xuejiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(404);
        town.xuejiaWorker().get("/api/tasks?size=200").then()
                .body("items.nodeName", not(hasItem("马家村第一微网格")));
        town.majiaCadre().get("/api/tasks?size=200&status=DISPATCHED").then()
                .body("items.nodeName", not(hasItem("薛家村第一微网格")))
                .body("items.nodeName", hasItem("马家村第一微网格"));
        TaskTown.as(town.majiaWorker, "party-member").post("/api/tasks/" + task + "/accept").then()
                .statusCode(403);
    }

    @Test
    void overdueIsMarkedOnceWhenTheInjectedClockPassesTheDueTime() {
        String task = town.majiaTask("禁烧巡查·逾期");
        clock.set(KeyWorkDispatchTest.FRIDAY.minusMinutes(1).toInstant());
        tasks.markOverdue();
        town.majiaWorker().get("/api/tasks/" + task).then().body("overdue", equalTo(false));
        clock.set(KeyWorkDispatchTest.FRIDAY.plusMinutes(1).toInstant());
        tasks.markOverdue();
        tasks.markOverdue();
        town.majiaWorker().get("/api/tasks/" + task).then().body("overdue", equalTo(true));
        town.majiaWorker().get("/api/me/tasks?overdue=true&size=200").then().body("items.id", hasItem(task));
        try (EventTap tap = EventTap.on("wangge.task")) {
            List<ConsumerRecord<String, String>> overdue = tap.await(r -> task.equals(r.key())
                    && "wangge.task.overdue.v1".equals(EventTap.header(r, "ce_type")), 1,
                    Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertEquals(1, overdue.size(), "the overdue event is published once");
            ContractAssertions.assertConforms(overdue.get(0));
        }
    }

    @Test
    void escalationGoesToTheParentNodeWithAReason() {
        String task = town.majiaTask("禁烧巡查·上报");
        town.majiaWorker().body(Map.of("reason", "涉及跨村地块，需村委协调")).post("/api/tasks/" + task + "/escalate")
                .then().statusCode(200)
                .body("escalatedToNodeId", equalTo(town.majia.id().toString()))
                .body("status", equalTo("DISPATCHED"));
        try (EventTap tap = EventTap.on("wangge.task")) {
            JsonNode escalated = ContractAssertions.assertConforms(tap.await(r -> task.equals(r.key())
                    && "wangge.task.escalated.v1".equals(EventTap.header(r, "ce_type")), 1).get(0));
            assertEquals("涉及跨村地块，需村委协调", escalated.path("reason").asText());
        }
    }

    @Test
    void aNoteLongerThanItsColumnIsA400NamingItNotA500() {
        String task = town.majiaTask("禁烧巡查·长备注");
        town.majiaWorker().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        town.majiaWorker().body(Map.of("note", "巡".repeat(1500))).post("/api/tasks/" + task + "/submit").then()
                .statusCode(400).body("errors.field", hasItem("note"));
        town.majiaWorker().body(Map.of("note", "巡".repeat(1000))).post("/api/tasks/" + task + "/submit").then()
                .statusCode(200);
    }

    @Test
    void cancelAndReassignAreForCadres() {
        String task = town.majiaTask("禁烧巡查·改派");
        town.majiaWorker().body(Map.of("reason", "不想做")).post("/api/tasks/" + task + "/cancel").then()
                .statusCode(403);
        town.majiaCadre().body(Map.of("personId", TaskTown.personOf(town.xuejiaWorker)))
                .post("/api/tasks/" + task + "/reassign").then().statusCode(400)
                .body("errors.field", hasItem("personId"));
        // a cadre who takes a grid's task over would verify their own work: refused
        town.majiaCadre().body(Map.of("personId", TaskTown.personOf(town.majiaCadre)))
                .post("/api/tasks/" + task + "/reassign").then().statusCode(403)
                .body("detail", containsString("their own work"));
        town.townAdmin().body(Map.of("personId", TaskTown.personOf(town.majiaCadre)))
                .post("/api/tasks/" + task + "/reassign").then()
                .statusCode(200).body("assigneeName", equalTo("马秀英"))
                .body("assigneeAccountId", equalTo(town.majiaCadre));
        town.majiaCadre().get("/api/me/tasks?size=200").then().body("items.id", hasItem(task));
        town.majiaCadre().post("/api/tasks/" + task + "/accept").then().statusCode(200);
        town.majiaCadre().body(Map.of("note", "已巡查，无焚烧")).post("/api/tasks/" + task + "/submit").then()
                .statusCode(200);
        town.majiaCadre().body(Map.of("note", "自己核验")).post("/api/tasks/" + task + "/complete").then()
                .statusCode(403).body("detail", containsString("their own work"));
        town.majiaCadre().body(Map.of("reason", "自己退回")).post("/api/tasks/" + task + "/return").then()
                .statusCode(403);
        town.majiaCadre().body(Map.of("reason", "重复派发")).post("/api/tasks/" + task + "/cancel").then()
                .statusCode(200).body("status", equalTo("CANCELLED"));
        town.majiaCadre().body(Map.of("reason", "再取消")).post("/api/tasks/" + task + "/cancel").then()
                .statusCode(409);
    }
}
