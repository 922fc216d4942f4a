package io.wangge.points;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import io.wangge.points.service.Ledger;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Points earned from the net's events, exactly once, under the rule version of the day, within caps. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointsTest {

    private static final OffsetDateTime NOV_10 = OffsetDateTime.parse("2026-11-10T10:00:00+08:00");

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    Ledger ledger;

    @Inject
    MeterRegistry registry;

    private PointsTown t;
    private GridFeed.Node town;
    private GridFeed.Node majia;
    private GridFeed.Node grid1;
    private GridFeed.Branch branch;
    private String worker1;
    private String worker2;
    private String outsider;
    private String secretary;
    private String townAdmin;

    @BeforeEach
    void setUp() {
        clock.set(NOV_10.toInstant());
        if (t != null) {
            return;
        }
        t = new PointsTown(entityManager, clock);
        town = t.town;
        majia = t.majia;
        grid1 = t.grid1;
        branch = t.branch;
        worker1 = t.worker1;
        worker2 = t.worker2;
        outsider = t.outsider;
        secretary = t.secretary;
        townAdmin = t.townAdmin;
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void tasksEarnOnceAndOnlyForPartyMembers() {
        UUID item = UUID.randomUUID();
        OffsetDateTime due = OffsetDateTime.parse("2026-11-13T18:00:00+08:00");
        TaskFeed.Task onTime = new TaskFeed.Task(item, grid1, "AIR_POLLUTION", due, worker1);
        TaskFeed.Task late = new TaskFeed.Task(item, grid1, "AIR_POLLUTION", due, worker2);
        TaskFeed.Task notMember = new TaskFeed.Task(item, grid1, "AIR_POLLUTION", due, outsider);
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.dispatched(onTime);
            String completed = feed.complete(onTime, due.minusDays(1), secretary);
            feed.again("wangge.task.completed.v1", onTime, completed);
            feed.again("wangge.task.completed.v1", onTime, completed);
            feed.dispatched(late);
            feed.overdue(late);
            feed.complete(late, due.plusDays(1), secretary);
            feed.complete(notMember, due.minusDays(1), secretary);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(late) == -1 && sum(onTime) == 5);
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE source_key = ?1", "task:" + onTime.taskId),
                "one +5, though the event was delivered three times");
        me(worker2).get("/api/members/" + person(worker2) + "/ledger?period=2026-11&size=200").then()
                .body("items.findAll { it.source.endsWith('" + late.taskId + "') }.rule",
                        org.hamcrest.Matchers.containsInAnyOrder("TASK_LATE", "TASK_OVERDUE"));
        assertEquals(0, count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1", person(outsider)));
        try (EventTap tap = EventTap.on("wangge.points")) {
            JsonNode awarded = ContractAssertions.assertConforms(tap.await(r -> person(worker1).toString()
                    .equals(r.key()) && r.value().contains(onTime.taskId.toString()), 1).get(0));
            assertEquals(5, awarded.path("points").asInt());
            assertEquals("TASK_ON_TIME", awarded.path("rule").asText());
        }
    }

    @Test
    void aTaskCompletedBeforeItsWorkerIsKnownEarnsOnceTheWorkerArrives() {
        String newcomer = "p-newcomer-" + t.n;
        OffsetDateTime due = OffsetDateTime.parse("2026-11-13T18:00:00+08:00");
        TaskFeed.Task early = new TaskFeed.Task(UUID.randomUUID(), grid1, "AIR_POLLUTION", due, newcomer);
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.inTrace("00-" + traceId + "-00f067aa0ba902b7-01").complete(early, due.minusDays(1), secretary);
        }
        // wangge.task overtook wangge.grid: the deed waits for the person
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM pending_deed WHERE"
                + " person_id = ?1", person(newcomer)) == 1);
        assertEquals(0, count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1", person(newcomer)));

        try (GridFeed feed = new GridFeed(clock)) {
            feed.person(newcomer, "马新党员", true, branch, 0);
            feed.person(newcomer, "马新党员", true, branch, 0); // redelivered: nothing twice
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ledger_entry WHERE"
                + " source_key = ?1", "task:" + early.taskId) == 1);
        assertEquals(0, count("SELECT count(*) FROM pending_deed WHERE person_id = ?1", person(newcomer)));
        assertEquals(5, sum(early), "the generic on-time rule, as if the worker had been known");
        try (EventTap tap = EventTap.on("wangge.points")) {
            ConsumerRecord<String, String> awarded = tap.await(r -> r.value().contains(early.taskId.toString()), 1)
                    .get(0);
            String sent = EventTap.header(awarded, "traceparent");
            assertTrue(sent != null && sent.startsWith("00-" + traceId + "-"),
                    "the points are published in the trace of the completion that earned them, not of the"
                            + " person's arrival: " + sent);
        }
    }

    @Test
    void aReportFiledBeforeItsAuthorIsKnownEarnsOnceTheyArrive() {
        String newcomer = "p-author-" + t.n;
        try (GridFeed feed = new GridFeed(clock)) {
            t.fileReport(feed, newcomer, "2026-W46", 4, "2026-11-13T17:00:00+08:00");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM pending_deed WHERE"
                + " account_id = ?1", newcomer) == 1);

        try (GridFeed feed = new GridFeed(clock)) {
            feed.person(newcomer, "马新网格员", true, branch, 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ledger_entry WHERE"
                + " person_id = ?1", person(newcomer)) == 1);
        assertEquals(3, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1",
                person(newcomer)), "on time (+3)");
        assertEquals(0, count("SELECT count(*) FROM pending_deed WHERE account_id = ?1", newcomer));
    }

    @Test
    void aCategoryRuleTakesPrecedenceOverTheGenericOne() {
        OffsetDateTime due = OffsetDateTime.parse("2026-11-12T18:00:00+08:00");
        TaskFeed.Task safety = new TaskFeed.Task(UUID.randomUUID(), grid1, "SAFETY_PRODUCTION", due, worker1);
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.complete(safety, due.minusHours(4), secretary);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(safety) != 0);
        assertEquals(8, sum(safety));
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE rule_code = 'SAFETY_TASK_ON_TIME'"
                + " AND source_key = ?1", "task:" + safety.taskId));
    }

    @Test
    void reportsEarnOnTimeButTheVisitsTheyCountEarnNothing() {
        try (GridFeed feed = new GridFeed(clock)) {
            t.fileReport(feed, worker1, "2026-W45", 25, "2026-11-06T17:00:00+08:00");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ledger_entry WHERE"
                + " person_id = ?1 AND rule_code = 'REPORT_ON_TIME' AND occurred_on = '2026-11-06'",
                person(worker1)) == 1);
        assertEquals(0, count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1"
                + " AND source_key LIKE 'report-visits:%'", person(worker1)), "a typed count is not a visit");
    }

    @Test
    void eachRecordedVisitEarnsOnceUpToTheMonthlyCap() {
        // 22 visits in April (Shanghai days), one on May 1st, and one in June published twice (a replay)
        String twice;
        try (GridFeed feed = new GridFeed(clock)) {
            for (int day = 1; day <= 22; day++) {
                feed.visited(grid1, worker2, java.time.LocalDate.of(2026, 4, day));
            }
            feed.visited(grid1, worker2, java.time.LocalDate.of(2026, 5, 1));
            UUID again = UUID.randomUUID();
            Map<String, Object> data = new java.util.LinkedHashMap<>();
            data.put("visitId", again);
            data.put("householdId", UUID.randomUUID());
            data.put("microGridId", grid1.id());
            data.put("microGridPath", grid1.path());
            data.put("visitorPersonId", person(worker2));
            data.put("visitedOn", "2026-06-10");
            data.put("recordedBy", worker2);
            data.put("recordedAt", "2026-06-10T09:00:00+08:00");
            feed.send("wangge.household.visited.v1", again, data, UUID.randomUUID().toString());
            twice = "visit:" + again;
            // the next visit on the same partition (same key): once it has earned, both copies were handled
            Map<String, Object> next = new java.util.LinkedHashMap<>(data);
            next.put("visitId", UUID.randomUUID());
            next.put("visitedOn", "2026-06-11");
            feed.send("wangge.household.visited.v1", again, next, UUID.randomUUID().toString());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry"
                + " WHERE person_id = ?1 AND rule_code = 'HOUSEHOLD_VISIT' AND occurred_on BETWEEN '2026-04-01'"
                + " AND '2026-06-30'", person(worker2)) == 20 + 1 + 2);
        assertEquals(20, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                + " AND rule_code = 'HOUSEHOLD_VISIT' AND occurred_on BETWEEN '2026-04-01' AND '2026-04-30'",
                person(worker2)), "one point a visit, capped at 20 for April");
        assertEquals(1, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                + " AND rule_code = 'HOUSEHOLD_VISIT' AND occurred_on = '2026-05-01'", person(worker2)),
                "May's cap starts afresh");
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE source_key = ?1", twice),
                "the visit published twice earned once");
    }

    @Test
    void capsStayExactWhenSeveralConsumersEarnAtOnce() throws Exception {
        // eight transactions at once, as eight consumer instances would run them: 8 × 5 visits against a cap of 20
        UUID person = person(worker2);
        ExecutorService instances = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String source = "report-visits:" + UUID.randomUUID();
                runs.add(instances.submit(() -> QuarkusTransaction.requiringNew().run(() -> ledger.earnAll(List.of(
                        new Ledger.Deed(person, "HOUSEHOLD_VISIT", 5, null, source, null, null,
                                java.time.LocalDate.of(2026, 8, 15), "包户走访 5 户次", "system"))))));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            instances.shutdown();
        }
        assertEquals(20, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                + " AND rule_code = 'HOUSEHOLD_VISIT' AND occurred_on BETWEEN '2026-08-01' AND '2026-08-31'", person));
        assertEquals(20, count("SELECT points FROM ledger_cap WHERE person_id = ?1 AND rule_code = 'HOUSEHOLD_VISIT'"
                + " AND window_start = DATE '2026-08-01'", person));
        assertEquals(20, count("SELECT points FROM member_period_total WHERE person_id = ?1"
                + " AND period = '2026-08'", person), "the month total the leaderboards read");
        assertEquals(count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                        + " AND occurred_on BETWEEN '2026-07-01' AND '2026-09-30'", person),
                count("SELECT points FROM member_period_total WHERE person_id = ?1 AND period = '2026-Q3'", person),
                "the quarter's total is the sum of its entries");
        assertEquals(count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                        + " AND occurred_on BETWEEN '2026-01-01' AND '2026-12-31'", person),
                count("SELECT points FROM member_period_total WHERE person_id = ?1 AND period = '2026'", person),
                "the year's total is the sum of its entries");
    }

    @Test
    void twoInstancesEarningForTheSameMembersInOppositeOrdersNeitherDeadlockNorPassTheCap() throws Exception {
        // each round, two transactions at once: one earns for 马小明 then 马春生, the other the other way round
        UUID first = person(worker1);
        UUID second = person(worker2);
        java.time.LocalDate day = java.time.LocalDate.of(2026, 7, 15);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                List<Future<?>> runs = new ArrayList<>();
                for (List<UUID> order : List.of(List.of(first, second), List.of(second, first))) {
                    List<Ledger.Deed> deeds = order.stream().map(person -> new Ledger.Deed(person, "HOUSEHOLD_VISIT",
                            1, null, "visit:" + UUID.randomUUID(), null, null, day, "包户走访", "system")).toList();
                    runs.add(instances.submit(() -> {
                        together.await();
                        QuarkusTransaction.requiringNew().run(() -> ledger.earnAll(deeds));
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(); // a deadlock would end one of them with 40P01
                }
            }
        } finally {
            instances.shutdown();
        }
        for (UUID person : List.of(first, second)) {
            assertEquals(20, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE person_id = ?1"
                    + " AND rule_code = 'HOUSEHOLD_VISIT' AND occurred_on BETWEEN '2026-07-01' AND '2026-07-31'",
                    person), "24 visits asked, the month's cap of 20 given");
            assertEquals(20, count("SELECT points FROM ledger_cap WHERE person_id = ?1"
                    + " AND rule_code = 'HOUSEHOLD_VISIT' AND window_start = DATE '2026-07-01'", person));
        }
    }

    @Test
    void aRuleChangeAppliesFromItsDateAndLeavesEarlierEntries() {
        PointsTown.as("p-province-rules", "province-admin", "county-admin").body(Map.of("points", 8, "effectiveFrom", "2026-11-05"))
                .post("/api/rules/TASK_ON_TIME/versions").then().statusCode(400)
                .body("errors.field", hasItem("effectiveFrom"));
        me(worker1).body(Map.of("points", 8, "effectiveFrom", "2026-11-20")).post("/api/rules/TASK_ON_TIME/versions")
                .then().statusCode(403);
        townAdmin().body(Map.of("points", 8, "effectiveFrom", "2026-11-20")).post("/api/rules/TASK_ON_TIME/versions")
                .then().statusCode(403);
        PointsTown.as("p-province-rules", "province-admin", "county-admin").body(Map.of("points", 8, "effectiveFrom", "2026-11-20"))
                .post("/api/rules/TASK_ON_TIME/versions").then().statusCode(200).body("version", equalTo(2));
        UUID item = UUID.randomUUID();
        OffsetDateTime due = OffsetDateTime.parse("2026-11-30T18:00:00+08:00");
        try (TaskFeed feed = new TaskFeed(clock)) {
            TaskFeed.Task before = new TaskFeed.Task(item, grid1, "LIVELIHOOD", due, worker2);
            feed.complete(before, OffsetDateTime.parse("2026-11-15T10:00:00+08:00"), secretary);
            TaskFeed.Task after = new TaskFeed.Task(item, grid1, "LIVELIHOOD", due, worker2);
            feed.complete(after, OffsetDateTime.parse("2026-11-25T10:00:00+08:00"), secretary);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ledger_entry WHERE"
                + " person_id = ?1 AND rule_code = 'TASK_ON_TIME' AND source_key LIKE 'task:%'", person(worker2)) == 2);
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1 AND rule_code = 'TASK_ON_TIME'"
                + " AND rule_version = 1 AND points = 5", person(worker2)));
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE person_id = ?1 AND rule_code = 'TASK_ON_TIME'"
                + " AND rule_version = 2 AND points = 8", person(worker2)));
    }

    @Test
    void awardsNeedTheSecretaryAndCorrectionsReverse() {
        String award = me(worker1).body(Map.of("personId", person(worker1), "ruleCode", "PRACTICAL_THINGS",
                        "points", 10, "evidence", "帮助独居老人代办医保续缴"))
                .post("/api/awards").then().statusCode(200).body("status", equalTo("PROPOSED")).extract().path("id");
        me(worker1).body(Map.of("personId", person(worker1), "ruleCode", "PRACTICAL_THINGS", "points", 50,
                "evidence", "超范围")).post("/api/awards").then().statusCode(400).body("errors.field", hasItem("points"));
        me(worker2).post("/api/awards/" + award + "/approve").then().statusCode(403);
        secretary().get("/api/awards/pending").then().body("id", hasItem(award));
        // a decision is taken on the version the secretary read: 428 without it, 412 on a stale one
        io.restassured.RestAssured.given().header("Authorization", Tokens.bearer(secretary, "village-cadre"))
                .contentType("application/json").post("/api/awards/" + award + "/approve").then().statusCode(428);
        io.restassured.RestAssured.given().header("Authorization", Tokens.bearer(secretary, "village-cadre"))
                .header("If-Match", "\"7\"").contentType("application/json")
                .post("/api/awards/" + award + "/approve").then().statusCode(412).body("current.version", equalTo(0));
        secretary().get("/api/awards/" + award).then().statusCode(200).header("ETag", equalTo("\"0\""))
                .body("status", equalTo("PROPOSED"));
        secretary().post("/api/awards/" + award + "/approve").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        secretary().post("/api/awards/" + award + "/approve").then().statusCode(409);
        String entry = me(worker1).get("/api/members/" + person(worker1) + "/ledger?period=2026-11&size=200").then()
                .extract().path("items.find { it.source == 'award:" + award + "' }.id");
        me(worker1).body(Map.of("reason", "自己冲正")).post("/api/ledger/" + entry + "/reverse").then()
                .statusCode(403);
        secretary().body(Map.of("reason", "经核实为重复申报")).post("/api/ledger/" + entry + "/reverse").then()
                .statusCode(200).body("points", equalTo(-10));
        secretary().body(Map.of("reason", "再次冲正")).post("/api/ledger/" + entry + "/reverse").then()
                .statusCode(409);
    }

    @Test
    void nobodyApprovesOrCorrectsTheirOwnPoints() {
        // the branch secretary (a village cadre) proposes for a member and approves the proposal: refused
        String forWorker = secretary().body(Map.of("personId", person(worker2), "ruleCode", "PRACTICAL_THINGS",
                "points", 20, "evidence", "帮助群众办理低保")).post("/api/awards").then().statusCode(200)
                .extract().path("id");
        secretary().post("/api/awards/" + forWorker + "/approve").then().statusCode(403)
                .body("detail", org.hamcrest.Matchers.containsString("their own work"));
        townAdmin().post("/api/awards/" + forWorker + "/approve").then().statusCode(200);
        // the secretary proposes for themself: they can neither approve it nor correct what it earned
        String forSelf = secretary().body(Map.of("personId", person(secretary), "ruleCode", "PRACTICAL_THINGS",
                "points", 20, "evidence", "为自己申报")).post("/api/awards").then().statusCode(200).extract()
                .path("id");
        secretary().post("/api/awards/" + forSelf + "/approve").then().statusCode(403);
        townAdmin().post("/api/awards/" + forSelf + "/approve").then().statusCode(200);
        String entry = secretary().get("/api/members/" + person(secretary) + "/ledger?period=2026-11").then()
                .extract().path("items.find { it.rule == 'PRACTICAL_THINGS' }.id");
        secretary().body(Map.of("reason", "自己冲正")).post("/api/ledger/" + entry + "/reverse").then()
                .statusCode(403);
    }

    @Test
    void aBranchIsItsPlaceNotItsName() {
        PointsTown there = new PointsTown(entityManager, clock);
        assertEquals(branch.name(), there.branch.name(), "two towns, each with a 马家村党支部");
        String award = me(worker1).body(Map.of("personId", person(worker1), "ruleCode", "PRACTICAL_THINGS",
                "points", 5, "evidence", "帮助孤寡老人收麦")).post("/api/awards").then().statusCode(200)
                .extract().path("id");
        // the other town's secretary of a branch of the same name: nothing of ours to see or decide
        RequestSpecification thereSecretary = PointsTown.as(there.secretary, "village-cadre");
        thereSecretary.get("/api/members/" + person(worker1) + "/summary?period=2026-11").then().statusCode(404);
        thereSecretary.get("/api/awards/pending").then().statusCode(200).body("id", not(hasItem(award)));
        thereSecretary.post("/api/awards/" + award + "/approve").then().statusCode(403);
        thereSecretary.get("/api/leaderboards/members?branchId=" + branch.id() + "&period=2026-11").then()
                .statusCode(403);
        // our secretary's post counts only with the cadre's realm role: a member's token of theirs decides nothing
        me(secretary).post("/api/awards/" + award + "/approve").then().statusCode(403);
        secretary().get("/api/awards/pending").then().statusCode(200).body("id", hasItem(award));
        secretary().post("/api/awards/" + award + "/approve").then().statusCode(200);
    }

    @Test
    void anAppealAgainstAPersonsDecisionGoesAboveThem() {
        // worker1 proposes their own deed, the branch secretary approves: the entry is the secretary's decision
        String award = me(worker1).body(Map.of("personId", person(worker1), "ruleCode", "PRACTICAL_THINGS",
                "points", 5, "evidence", "协助调解邻里纠纷")).post("/api/awards").then().statusCode(200)
                .extract().path("id");
        secretary().post("/api/awards/" + award + "/approve").then().statusCode(200);
        String entry = me(worker1).get("/api/members/" + person(worker1) + "/ledger?period=2026-11&size=200").then()
                .extract().path("items.find { it.source == 'award:" + award + "' }.id");
        String appeal = me(worker1).body(Map.of("entryId", entry, "reason", "分值偏低，应按20分计"))
                .post("/api/appeals").then().statusCode(200).extract().path("id");
        // the secretary who decided cannot decide the appeal against it, in either direction
        secretary().body(Map.of("reason", "维持原决定")).post("/api/appeals/" + appeal
                + "/reject").then().statusCode(403).body("detail", org.hamcrest.Matchers.containsString("their own"));
        // the town, placed above the village, decides it
        townAdmin().body(Map.of("reason", "经镇党委复核，维持原分值")).post("/api/appeals/" + appeal + "/reject")
                .then().statusCode(200).body("status", equalTo("REJECTED"));

        // a decision of the town is not appealed to the village below it, but to the county
        String townAward = me(worker1).body(Map.of("personId", person(worker1), "ruleCode", "PRACTICAL_THINGS",
                "points", 6, "evidence", "组织村民清理河道")).post("/api/awards").then().statusCode(200)
                .extract().path("id");
        townAdmin().post("/api/awards/" + townAward + "/approve").then().statusCode(200);
        String townEntry = me(worker1).get("/api/members/" + person(worker1) + "/ledger?period=2026-11&size=200")
                .then().extract().path("items.find { it.source == 'award:" + townAward + "' }.id");
        String townAppeal = me(worker1).body(Map.of("entryId", townEntry, "reason", "请县里复核"))
                .post("/api/appeals").then().statusCode(200).extract().path("id");
        secretary().body(Map.of("reason", "支部维持")).post("/api/appeals/"
                + townAppeal + "/reject").then().statusCode(403)
                .body("detail", org.hamcrest.Matchers.containsString("above the level"));
        String countyAdmin = "p-county-" + townAppeal;
        try (GridFeed feed = new GridFeed(clock)) {
            feed.assign(t.county, countyAdmin, "县委组织部干部", "COUNTY_CADRE", false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM assignment_view"
                + " WHERE account_id = ?1", countyAdmin) == 1);
        PointsTown.as(countyAdmin, "county-admin").body(Map.of("reason", "县委组织部复核属实"))
                .post("/api/appeals/" + townAppeal + "/uphold").then().statusCode(200)
                .body("status", equalTo("UPHELD"));
    }

    @Test
    void appealsAreResolvedBySecretaryWithReasons() {
        UUID item = UUID.randomUUID();
        OffsetDateTime due = OffsetDateTime.parse("2026-11-20T18:00:00+08:00");
        TaskFeed.Task task = new TaskFeed.Task(item, grid1, "SAFE_COMMUNITY", due, worker1);
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.overdue(task);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(task) == -3);
        String entry = me(worker1).get("/api/members/" + person(worker1) + "/ledger?period=2026&size=200").then()
                .extract().path("items.find { it.source == 'task-overdue:" + task.taskId + "' }.id");
        me(worker2).body(Map.of("entryId", entry, "reason", "替别人申诉")).post("/api/appeals").then()
                .statusCode(404);
        String appeal = me(worker1).body(Map.of("entryId", entry, "reason", "任务截止前已上报，系统延迟"))
                .post("/api/appeals").then().statusCode(200).body("status", equalTo("OPEN")).extract().path("id");
        me(worker1).body(Map.of("entryId", entry, "reason", "再次申诉")).post("/api/appeals").then().statusCode(409);
        secretary().get("/api/appeals/open").then().body("id", hasItem(appeal));
        me(worker2).body(Map.of("reason", "越权")).post("/api/appeals/" + appeal + "/uphold").then().statusCode(403);
        clock.set(OffsetDateTime.parse("2026-12-02T10:00:00+08:00").toInstant()); // decided the next month
        secretary().body(Map.of("reason", "核实属实")).post("/api/appeals/" + appeal + "/uphold").then()
                .statusCode(200).body("status", equalTo("UPHELD"));
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE reverses_id = ?1"
                + " AND occurred_on = DATE '2026-11-20'", UUID.fromString(entry)),
                "the reversal corrects the month of the deed it reverses");
        assertEquals(0, count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE id = ?1 OR reverses_id = ?1",
                UUID.fromString(entry)), "the overdue entry is reversed, the original stays");
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE reverses_id = ?1", UUID.fromString(entry)));
        assertEquals(1, count("SELECT count(*) FROM ledger_entry WHERE id = ?1 AND points = -3",
                UUID.fromString(entry)));
    }

    @Test
    void theExportKeepsANamesFormulaAsText() throws java.io.IOException {
        String account = "p-formula-" + UUID.randomUUID();
        String name = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        try (GridFeed feed = new GridFeed(clock)) {
            feed.person(account, name, true, branch, 0);
            feed.assign(grid1, account, name, "AUXILIARY_GRID_WORKER", false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member m JOIN assignment_view a"
                + " ON a.person_id = m.person_id WHERE m.account_id = ?1", account) == 1);
        String csv = townAdmin().get("/api/exports/points.csv?nodeId=" + majia.id() + "&period=2026-11").then()
                .statusCode(200).extract().asString();
        assertTrue(csv.startsWith("\uFEFF名次,姓名,党支部,积分,名次变化\r\n"), csv);
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\","), csv);
        assertTrue(csv.lines().noneMatch(line -> line.contains(",=")), "no cell starts with =");

        // the same as xlsx: Chinese headers, typed cells, the would-be formula a plain text cell
        var xlsx = townAdmin().get("/api/exports/points.xlsx?nodeId=" + majia.id() + "&period=2026-11");
        xlsx.then().statusCode(200).contentType(startsWith("application/vnd.openxmlformats"))
                .header("Content-Disposition", containsString("filename*=UTF-8''%E5%85%9A%E5%91%98%E7%A7%AF%E5%88%86"));
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.asByteArray()))) {
            List<org.dhatim.fastexcel.reader.Row> rows = workbook.getFirstSheet().read();
            assertEquals(List.of("名次", "姓名", "党支部", "积分", "名次变化"), rows.get(0).stream()
                    .map(org.dhatim.fastexcel.reader.Cell::getText).toList());
            var evil = rows.stream().skip(1).map(r -> r.getCell(1))
                    .filter(c -> c.getText().startsWith("=HYPERLINK")).findFirst().orElseThrow();
            assertEquals(org.dhatim.fastexcel.reader.CellType.STRING, evil.getType(), "text, not a formula");
            assertEquals(org.dhatim.fastexcel.reader.CellType.NUMBER, rows.get(1).getCell(3).getType());
        }
        townAdmin().get("/api/exports/points.pdf?nodeId=" + majia.id() + "&period=2026-11").then().statusCode(404);
    }

    @Test
    void membersSeeTheirOwnAndLeaderboardsRankWithTies() {
        me(worker2).get("/api/members/" + person(worker1) + "/summary?period=2026-11").then().statusCode(404);
        me(worker1).get("/api/me/points?period=2026").then().statusCode(200).body("name", equalTo("马小明"));
        secretary().get("/api/members/" + person(worker1) + "/summary?period=2026-11").then().statusCode(200);
        townAdmin().get("/api/leaderboards/members?nodeId=" + majia.id() + "&period=2026-10").then().statusCode(200)
                .body("rank", contains(1, 1, 1))
                .body("points", contains(0, 0, 0));
        townAdmin().get("/api/leaderboards/branches?nodeId=" + town.id() + "&period=2026-10").then()
                .statusCode(200).body("branch", hasItem(branch.name()))
                .body("branchId", hasItem(branch.id().toString()));
        secretary().get("/api/leaderboards/members?branchId=" + branch.id() + "&period=2026-Q4").then()
                .statusCode(200).body("branchId", everyItem(equalTo(branch.id().toString())));
        me(worker1).get("/api/leaderboards/members?branchId=" + UUID.randomUUID() + "&period=2026-Q4").then()
                .statusCode(403);
        me(worker1).get("/api/leaderboards/members?nodeId=" + majia.id() + "&period=2026-13").then()
                .statusCode(400);
    }

    @Test
    void aBoardIsRankedOncePerChangeOfWhatItReadsAndEveryChangeIsOnTheNextRead() {
        String url = "/api/leaderboards/members?nodeId=" + majia.id() + "&period=2026-11";
        // two reads at one version: the database ranks the place once (the other tests' consumers may still be
        // writing: wait for a moment when nothing does)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            long version = boardVersion();
            double before = boardsComputed();
            townAdmin().get(url).then().statusCode(200);
            townAdmin().get(url).then().statusCode(200);
            return boardVersion() == version && boardsComputed() - before <= 1;
        });

        // a new member: the version moves, though a member without a post in the place is not on its board
        String account = "p-board-" + t.n;
        long beforeMember = boardVersion();
        try (GridFeed feed = new GridFeed(clock)) {
            feed.person(account, "榜上新人", true, branch, 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member WHERE account_id = ?1",
                account) == 1);
        assertTrue(boardVersion() > beforeMember, "a member is a change");
        townAdmin().get(url).then().statusCode(200).body("name", not(hasItem("榜上新人")));

        // a post in the place: the version moves again, and the next read has the member
        long beforePost = boardVersion();
        try (GridFeed feed = new GridFeed(clock)) {
            feed.assign(grid1, account, "榜上新人", "AUXILIARY_GRID_WORKER", false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member m JOIN assignment_view a"
                + " ON a.person_id = m.person_id WHERE m.account_id = ?1", account) == 1);
        assertTrue(boardVersion() > beforePost, "a post is a change");
        townAdmin().get(url).then().statusCode(200).body("name", hasItem("榜上新人"));

        // points earned: on the next read, with the ranks they give
        OffsetDateTime due = OffsetDateTime.parse("2026-11-13T18:00:00+08:00");
        TaskFeed.Task task = new TaskFeed.Task(UUID.randomUUID(), grid1, "AIR_POLLUTION", due, account);
        try (TaskFeed feed = new TaskFeed(clock)) {
            feed.complete(task, due.minusDays(1), secretary);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> sum(task) == 5);
        List<Map<String, Object>> board = townAdmin().get(url).then().statusCode(200)
                .body("find { it.name == '榜上新人' }.points", equalTo(5)).extract().path("");
        // a shorter board is the head of the same ranking
        townAdmin().get(url + "&top=2").then().statusCode(200).body("personId",
                equalTo(board.stream().limit(2).map(line -> line.get("personId")).toList()));

        // a rename: the next read has the new name
        try (GridFeed feed = new GridFeed(clock)) {
            feed.person(account, "榜上新名", true, branch, 1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member WHERE account_id = ?1"
                + " AND name = '榜上新名'", account) == 1);
        townAdmin().get(url).then().statusCode(200).body("name", hasItem("榜上新名"))
                .body("name", not(hasItem("榜上新人")));
    }

    private long boardVersion() {
        return count("SELECT version FROM board_version WHERE only_row = ?1", true);
    }

    private double boardsComputed() {
        return registry.counter("wangge.boards.computed").count();
    }

    /** Points the task earned its assignee, from the ledger. */
    private long sum(TaskFeed.Task task) {
        return count("SELECT COALESCE(SUM(points), 0) FROM ledger_entry WHERE source_key LIKE ?1",
                "%" + task.taskId);
    }

    private static UUID person(String account) {
        return PointsTown.person(account);
    }

    private long count(String sql, Object parameter) {
        return t.count(sql, parameter);
    }

    /** The branch secretary, logged in with the cadre's realm role the post needs. */
    private RequestSpecification secretary() {
        return PointsTown.as(secretary, "village-cadre");
    }

    private static RequestSpecification me(String account) {
        return PointsTown.as(account, "party-member");
    }

    private RequestSpecification townAdmin() {
        return PointsTown.as(townAdmin, "town-admin");
    }
}
