package io.wangge.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import io.wangge.task.notice.NoticeService;
import io.wangge.task.service.SupervisionService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 提醒 by the injected clock, against an HTTP server the test starts in place of the WeCom group robots of 马家村 and
 * 长宁镇: a task of 马家村第一微网格 left undone is told to the village's group when it turns yellow and red (retried while
 * the robot is down, never twice), then, climbing, to the village and at last to the town's group; a superior's
 * supervision raised at night waits for the morning.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoticeTest {

    private static final OffsetDateTime MONDAY = KeyWorkDispatchTest.MONDAY;
    private static final OffsetDateTime FRIDAY = KeyWorkDispatchTest.FRIDAY;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A post a robot received: which robot and the text. */
    record Post(String robot, String text) {
    }

    private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failing = new AtomicInteger(); // 0: up; 503: down; 93000: the robot's own refusal
    private HttpServer robots;
    private TaskTown town;

    @Inject
    TestClock clock;

    @Inject
    SupervisionService supervisions;

    @Inject
    NoticeService notices;

    @BeforeAll
    void startRobots() throws IOException {
        robots = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String robot : List.of("majia", "town")) {
            robots.createContext("/cgi-bin/webhook/" + robot, exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int mode = failing.get();
                String answer = mode == 93000 ? "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"
                        : "{\"errcode\":0,\"errmsg\":\"ok\"}";
                if (mode == 0) {
                    JsonNode message = JSON.readTree(new String(body, StandardCharsets.UTF_8));
                    assertEquals("text", message.path("msgtype").asText());
                    posts.add(new Post(robot, message.path("text").path("content").asText()));
                }
                byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(mode == 503 ? 503 : 200, reply.length);
                exchange.getResponseBody().write(reply);
                exchange.close();
            });
        }
        robots.start();
    }

    @AfterAll
    void stopRobots() {
        robots.stop(0);
    }

    @BeforeEach
    void setUp() {
        clock.set(MONDAY.toInstant());
        if (town == null) {
            town = new TaskTown(clock);
        }
        // set afresh for each test: a robot's back-off left by another test (whose clock ran later) is forgotten
        town.majiaCadre().body(Map.of("url", robot("majia"), "label", "马家村网格群"))
                .put("/api/notice-webhooks/" + town.majia.id()).then().statusCode(200);
        town.townAdmin().body(Map.of("url", robot("town"), "label", "长宁镇干部群"))
                .put("/api/notice-webhooks/" + town.town.id()).then().statusCode(200);
        failing.set(0);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String robot(String name) {
        return "http://127.0.0.1:" + robots.getAddress().getPort() + "/cgi-bin/webhook/" + name
                + "?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    }

    private void at(OffsetDateTime time) {
        clock.set(time.toInstant());
        supervisions.sweep();
    }

    /** Waits until the inbox has read every one of these events. */
    private static void awaitInbox(String... eventIds) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) Task.getEntityManager()
                        .createNativeQuery("SELECT count(*) FROM inbox_event WHERE event_id = ANY (CAST(?1 AS text[]))")
                        .setParameter(1, io.wangge.platform.outbox.Outbox.idArray(List.of(eventIds)))
                        .getSingleResult()).intValue() == eventIds.length));
    }

    private List<Post> postsAbout(String robot, String... parts) {
        return posts.stream().filter(p -> p.robot().equals(robot))
                .filter(p -> List.of(parts).stream().allMatch(p.text()::contains)).toList();
    }

    /** The notices of a supervision, oldest first, as the API lists them. */
    private List<Map<String, Object>> noticesOf(String supervision) {
        List<Map<String, Object>> all = town.townAdmin().get("/api/notices?nodeId=" + town.town.id() + "&size=200")
                .then().statusCode(200).extract().path("items.findAll { it.subjectId == '" + supervision + "' }");
        List<Map<String, Object>> oldestFirst = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Test
    void aTaskLeftUndoneIsToldToItsVillageThenClimbsToTheTownsGroup() {
        String task = town.majiaTask("秸秆禁烧巡查·提醒");
        at(FRIDAY.minusHours(26)); // Thursday 16:00: yellow
        String supervision = town.supervisionOf(task);
        assertEquals(0, notices.deliver().failed());
        List<Post> yellow = postsAbout("majia", "【督办·黄牌】秸秆禁烧巡查·提醒（马家村第一微网格）", "11月27日 18:00", "马小明");
        assertEquals(1, yellow.size(), "the village's group is told once: " + posts);
        notices.deliver();
        assertEquals(1, postsAbout("majia", "【督办·黄牌】秸秆禁烧巡查·提醒（马家村第一微网格）").size(), "not twice");

        // red while the robot is down: kept, retried after 30 s, delivered once
        failing.set(503);
        at(FRIDAY.plusMinutes(1));
        assertTrue(notices.deliver().failed() >= 1);
        Map<String, Object> red = noticesOf(supervision).get(1);
        assertEquals("OVERDUE", red.get("kind"));
        // the robot was probed by one of 马家村's red notices (this item's three, and those of the other tests'
        // items turned red by the same sweep); the others wait out its back-off untried
        List<Map<String, Object>> waiting = town.townAdmin().get("/api/notices?nodeId=" + town.majia.id()
                + "&kind=OVERDUE&size=200").then().statusCode(200).extract()
                .path("items.findAll { it.raisedAt.startsWith('2026-11-27T18:01') }.collect { it.deliveries[0] }");
        assertTrue(waiting.size() >= 3, String.valueOf(waiting));
        assertTrue(waiting.stream().allMatch(d -> "PENDING".equals(d.get("status"))), String.valueOf(waiting));
        assertTrue(waiting.stream().filter(d -> d.get("attempts").equals(1)).count() <= 1, String.valueOf(waiting));
        town.majiaCadre().get("/api/notice-webhooks/" + town.majia.id()).then().statusCode(200)
                .body("failures", equalTo(1)).body("downUntil", equalTo("2026-11-27T18:01:30+08:00"));
        assertEquals("HTTP 503", waiting.stream().filter(d -> d.get("attempts").equals(1)).findFirst().orElseThrow()
                .get("lastError"));
        failing.set(0);
        clock.set(FRIDAY.plusMinutes(1).plusSeconds(20).toInstant());
        notices.deliver();
        assertEquals(0, postsAbout("majia", "【督办·红牌】秸秆禁烧巡查·提醒（马家村第一微网格）").size(), "backing off");
        clock.set(FRIDAY.plusMinutes(1).plusSeconds(31).toInstant());
        notices.deliver();
        notices.deliver();
        assertEquals(1, postsAbout("majia", "【督办·红牌】秸秆禁烧巡查·提醒（马家村第一微网格）", "已超期").size());
        assertEquals(3, postsAbout("majia", "【督办·红牌】秸秆禁烧巡查·提醒").size(), "all three once the robot is back");

        // a day red at the grid: it climbs to 马家村 (its own group), a day later to 长宁镇 (the town's group)
        at(FRIDAY.plusHours(24).plusMinutes(2));
        notices.deliver();
        assertEquals(1, postsAbout("majia", "【督办·上提】秸秆禁烧巡查·提醒（马家村第一微网格）超期未办，已上提至马家村，由马秀英督办")
                .size());
        at(FRIDAY.plusHours(48).plusMinutes(3));
        notices.deliver();
        assertEquals(1, postsAbout("town", "【督办·上提】秸秆禁烧巡查·提醒（马家村第一微网格）超期未办，已上提至长宁镇，由王建国督办")
                .size(), "the town's group: " + postsAbout("town", "长宁镇"));

        List<Map<String, Object>> told = noticesOf(supervision);
        assertEquals(List.of("DUE_SOON", "OVERDUE", "ESCALATED", "ESCALATED"), told.stream().map(n -> n.get("kind"))
                .toList(), String.valueOf(told));
        assertEquals(List.of("马家村第一微网格", "马家村第一微网格", "马家村", "长宁镇"),
                told.stream().map(n -> n.get("nodeName")).toList());

        // every delivery the API shows as sent reached a robot once, and nothing else did
        List<Integer> sent = town.townAdmin().get("/api/notices?nodeId=" + town.town.id() + "&size=200").then()
                .extract().path("items.collect { it.deliveries.count { d -> d.status == 'SENT' } }");
        assertEquals(sent.stream().mapToInt(Integer::intValue).sum(), posts.size());

        try (EventTap tap = EventTap.on("wangge.task")) {
            List<ConsumerRecord<String, String>> events = tap.await(
                    r -> "wangge.notice.raised.v1".equals(EventTap.header(r, "ce_type"))
                            && r.value().contains(supervision), 4, Duration.ofSeconds(20), Duration.ofSeconds(1));
            // keyed by notice, so spread over partitions: one event each, in no particular order
            assertEquals(List.of("DUE_SOON", "ESCALATED", "ESCALATED", "OVERDUE"), events.stream()
                    .map(r -> ContractAssertions.assertConforms(r).path("kind").asText()).sorted().toList());
        }
    }

    @Test
    void aSuperiorsSupervisionAtNightWaitsForTheMorningAndARefusingRobotIsRetried() {
        String task = town.majiaTask("夜间督办·提醒");
        OffsetDateTime night = OffsetDateTime.parse("2026-11-24T23:30:00+08:00"); // Tuesday night, Shanghai
        clock.set(night.toInstant());
        town.townAdmin().body(Map.of("subjectType", "TASK", "subjectId", task,
                        "deadlineAt", "2026-11-26T12:00:00+08:00", "note", "请于周四中午前完成巡查并上报照片"))
                .post("/api/supervisions").then().statusCode(201);
        assertEquals(new NoticeService.Delivered(0, 0, 0, true), notices.deliver(), "quiet hours");
        clock.set(OffsetDateTime.parse("2026-11-25T06:59:00+08:00").toInstant());
        assertTrue(notices.deliver().quiet());
        assertEquals(0, postsAbout("majia", "【上级督办】夜间督办·提醒").size());

        // 07:00: the robot answers 200 with an error code: not delivered, retried
        failing.set(93000);
        clock.set(OffsetDateTime.parse("2026-11-25T07:00:00+08:00").toInstant());
        assertTrue(notices.deliver().failed() >= 1);
        failing.set(0);
        clock.set(OffsetDateTime.parse("2026-11-25T07:01:00+08:00").toInstant());
        notices.deliver();
        List<Post> told = postsAbout("majia", "【上级督办】夜间督办·提醒（马家村第一微网格）须于 11月26日 12:00 前办结：请于周四中午前完成巡查并上报照片");
        assertEquals(1, told.size(), String.valueOf(posts));
    }

    @Test
    void aRemovedWebhooksWaitingNoticesGoToTheNextGroupUp() {
        String task = town.majiaTask("改派提醒·上级督办");
        OffsetDateTime wednesday = OffsetDateTime.parse("2026-11-25T10:00:00+08:00");
        clock.set(wednesday.toInstant());
        failing.set(503);
        town.townAdmin().body(Map.of("subjectType", "TASK", "subjectId", task,
                        "deadlineAt", "2026-11-26T18:00:00+08:00", "note", "村里的群机器人坏了，请镇里跟进"))
                .post("/api/supervisions").then().statusCode(201);
        notices.deliver();
        assertEquals(0, postsAbout("majia", "改派提醒·上级督办").size());
        try {
            town.majiaCadre().delete("/api/notice-webhooks/" + town.majia.id()).then().statusCode(204);
            town.majiaCadre().get("/api/notice-webhooks/" + town.majia.id()).then().statusCode(404);
            failing.set(0);
            clock.set(wednesday.plusMinutes(1).toInstant());
            notices.deliver();
            assertEquals(1, postsAbout("town", "【上级督办】改派提醒·上级督办（马家村第一微网格）").size(),
                    "the town's group has it: " + town.townAdmin().get("/api/notices?nodeId=" + town.majia.id()
                            + "&kind=SUPERVISED&size=200").asString() + " town robot: "
                            + town.townAdmin().get("/api/notice-webhooks/" + town.town.id()).asString());
            assertEquals(0, postsAbout("majia", "改派提醒·上级督办").size());
        } finally {
            town.majiaCadre().body(Map.of("url", robot("majia"), "label", "马家村网格群"))
                    .put("/api/notice-webhooks/" + town.majia.id()).then().statusCode(200);
        }
    }

    @Test
    void aReportDueSoonThatNobodyFiledIsToldToTheGroupOnce() {
        clock.set(OffsetDateTime.parse("2026-11-26T18:00:00+08:00").toInstant());
        Map<String, Object> due = new java.util.HashMap<>();
        due.put("nodeId", town.majiaGrids.get(1).id());
        due.put("nodeName", "马家村第二微网格");
        due.put("nodePath", town.majiaGrids.get(1).path());
        due.put("nodeLevel", "MICRO_GRID");
        due.put("period", "2026-W48");
        due.put("deadlineAt", "2026-11-27T18:00:00.000000+08:00");
        due.put("reportStatus", "DRAFT");
        due.put("occurredAt", "2026-11-26T18:00:00.000000+08:00");
        String first = java.util.UUID.randomUUID().toString();
        String second = java.util.UUID.randomUUID().toString();
        try (io.wangge.platform.testing.GridFeed report = new io.wangge.platform.testing.GridFeed(clock)) {
            // report-service's event, sent twice (a second sweep's copy under a new id): one notice
            report.send("wangge.report.due-soon.v1", town.majiaGrids.get(1).id(), due, first);
            report.send("wangge.report.due-soon.v1", town.majiaGrids.get(1).id(), due, second);
        }
        String text = "【收网提醒】马家村第二微网格 2026年第48周周报草稿尚未提交，请于 11月27日 18:00 前填报。";
        // both copies read by the inbox before the count is believed
        awaitInbox(first, second);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            notices.deliver();
            return postsAbout("majia", text).size() == 1;
        });
        town.majiaCadre().get("/api/notices?nodeId=" + town.majia.id() + "&kind=REPORT_DUE&size=200").then()
                .statusCode(200).body("items.findAll { it.text == '" + text + "' }.size()", equalTo(1))
                .body("items.find { it.text == '" + text + "' }.deliveries[0].status", equalTo("SENT"));
        notices.deliver();
        assertEquals(1, postsAbout("majia", text).size());

        // read after its deadline (a consumer far behind): it reminds of nothing, so nothing is raised
        Map<String, Object> late = new java.util.HashMap<>(due);
        late.put("nodeId", town.majiaGrids.get(2).id());
        late.put("nodeName", "马家村第三微网格");
        late.put("nodePath", town.majiaGrids.get(2).path());
        late.put("deadlineAt", "2026-11-26T17:00:00.000000+08:00");
        String lateId = java.util.UUID.randomUUID().toString();
        try (io.wangge.platform.testing.GridFeed report = new io.wangge.platform.testing.GridFeed(clock)) {
            report.send("wangge.report.due-soon.v1", town.majiaGrids.get(2).id(), late, lateId);
        }
        awaitInbox(lateId);
        town.majiaCadre().get("/api/notices?nodeId=" + town.majiaGrids.get(2).id() + "&kind=REPORT_DUE").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void webhooksAreSetByCadresOfThePlaceToAllowedAddressesOnly() {
        String majia = "/api/notice-webhooks/" + town.majia.id();
        // its key is a secret: shown only by its last characters
        town.majiaCadre().get(majia).then().statusCode(200).body("label", equalTo("马家村网格群"))
                .body("url", endsWith("?key=****5aaa")).body("url", not(containsString("693a91f6")));
        // a grid worker sets nothing, not even on their own grid; a node outside one's place is not named (404)
        town.majiaWorker().body(Map.of("url", robot("majia")))
                .put("/api/notice-webhooks/" + town.majiaGrids.get(0).id()).then().statusCode(403);
        town.majiaWorker().body(Map.of("url", robot("majia"))).put(majia).then().statusCode(404);
        town.majiaCadre().body(Map.of("url", robot("town"))).put("/api/notice-webhooks/" + town.town.id()).then()
                .statusCode(404);
        town.majiaCadre().body(Map.of("url", robot("majia"))).put("/api/notice-webhooks/" + town.xuejia.id()).then()
                .statusCode(404);
        town.majiaCadre().body(Map.of("url", "ftp://127.0.0.1/robot")).put(majia).then().statusCode(400)
                .body("detail", containsString("http"));
        town.majiaCadre().body(Map.of("url", "https://hook.example.com/send?key=1")).put(majia).then()
                .statusCode(400).body("detail", containsString("hook.example.com"));
        town.majiaCadre().body(Map.of("label", "无地址")).put(majia).then().statusCode(400);
        town.majiaCadre().body(Map.of("url", "https://qyapi.weixin.qq.com:70000/cgi-bin/webhook/send?key=1")).put(majia)
                .then().statusCode(400).body("detail", containsString("port"));
        town.majiaCadre().body(Map.of("url", "https://admin:secret@qyapi.weixin.qq.com/cgi-bin/webhook/send")).put(majia)
                .then().statusCode(400);
        town.majiaWorker().get("/api/notices?nodeId=" + town.xuejia.id()).then().statusCode(404);
        town.majiaCadre().get("/api/notices?kind=LOUD").then().statusCode(400);
    }
}
