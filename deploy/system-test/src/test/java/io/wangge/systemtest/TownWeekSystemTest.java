package io.wangge.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A week of 长宁镇, end to end: the system started by deploy/run-local.sh (PostgreSQL, Kafka, Keycloak, the four
 * production jars, the demo town loaded), every call made through the public APIs with a token Keycloak issued to
 * the person acting. The town admin casts one piece of key work to all 611 micro-grids; each grid's own worker
 * accepts and submits; the village cadre returns a few and verifies, one task at a time and then the rest of the
 * village at once; reports are filed up the tree; halfway through the verifying, party-points-service is stopped
 * and started again. Then the figures must be exact: the town's roll-up is what was done, every verified task of a
 * party member earned that member exactly one ledger entry, and a county system reading the topics with a plain
 * consumer got one valid CloudEvent per state change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TownWeekSystemTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final String CATEGORY = "SAFETY_PRODUCTION";
    private static final String TASK_RULE = "SAFETY_TASK_ON_TIME";
    private static final Api COUNTY_ADMIN = Api.as("county.admin");
    private static final Api TOWN_ADMIN = Api.as("changning.admin");

    /** What happens to the task of the i-th micro-grid (by name), i % 10: the week's mix. */
    private enum Plan {
        UNTOUCHED, ACCEPTED, SUBMITTED, RETURNED_THEN_VERIFIED, VERIFIED;

        static Plan of(int index) {
            return switch (index % 10) {
                case 0 -> UNTOUCHED;
                case 1 -> ACCEPTED;
                case 2 -> SUBMITTED;
                case 3 -> RETURNED_THEN_VERIFIED;
                default -> VERIFIED;
            };
        }

        boolean accepted() {
            return this != UNTOUCHED;
        }

        boolean submitted() {
            return ordinal() >= SUBMITTED.ordinal();
        }

        boolean verified() {
            return ordinal() >= RETURNED_THEN_VERIFIED.ordinal();
        }
    }

    /** One micro-grid's task and the people around it. */
    private record Work(int index, String taskId, String gridId, String gridName, String villageId,
                        String personId, Api worker, boolean member, Plan plan) {
    }

    private record Village(String id, String name, Api cadre, String cadrePersonId, boolean cadreMember) {
    }

    /** A report filed this week: by whom, the visits it declares, and the visits its author recorded before. */
    private record Filed(String reportId, String nodeId, String authorPersonId, boolean authorMember, int visits,
                         List<String> visitIds) {
    }

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private LocalRun run;
    private CountySystem county;
    private String townId;
    private String itemId;
    private String period;
    /** The week (Asia/Shanghai) in which @Order(6) saw its red item counted. */
    private String redWeek;

    /** The supervision the town opened that turned red (@Order 6), which climbs to the town (@Order 9). */
    private String redSupervision;
    private JsonNode demoLoad;
    private final List<Work> work = new ArrayList<>();
    private final Map<String, Village> villages = new LinkedHashMap<>();
    private final List<Filed> filed = new ArrayList<>();
    private int reportsAccepted;
    /** The months (Asia/Shanghai) the awards belong to, as the ledger booked them: read off the events. */
    private final List<String> months = new ArrayList<>();

    @BeforeAll
    void startTheWholeSystem() throws Exception {
        run = new LocalRun(ROOT, Path.of("target/system-test").toAbsolutePath()).start();
        Matcher loaded = Pattern.compile("loaded: (\\{.*})").matcher(run.log());
        assertTrue(loaded.find(), "the local run loaded the demo town:\n" + LocalRun.tail(run.log(), 30));
        demoLoad = new ObjectMapper().readTree(loaded.group(1));
        county = new CountySystem(ROOT.resolve("platform/src/main/resources/contracts"),
                run.kafkaClient("county"));
    }

    @AfterAll
    void stopIt() throws Exception {
        pool.shutdownNow();
        if (county != null) {
            county.close();
        }
        if (run != null) {
            run.close();
        }
    }

    @Test
    @Order(1)
    void theTownWorksThroughItsWeek() throws Exception {
        townId = TOWN_ADMIN.get(Api.GRID + "/api/me").path("assignments").path(0).path("nodeId").asText();
        meetTheVillages();
        castTheWork();
        eachGridWorkerDoesTheirTask();
        theCadresReturnAndVerifyWhilePointsRestart();

        theTownRollupIsWhatWasDone();
        everyVerifiedTaskEarnedItsMemberExactlyOneEntry();
        theCountyGotOneValidEventPerStateChange();
    }

    @Test
    @Order(2)
    void aGridWorkerCannotReadAnotherVillage() {
        Api majiaWorker = Api.as("majia.worker");
        Work own = work.stream().filter(w -> w.worker().account().equals("majia.worker")).findFirst().orElseThrow();
        Work elsewhere = work.stream().filter(w -> !w.villageId().equals(own.villageId()) && w.member())
                .findFirst().orElseThrow();
        assertEquals(200, majiaWorker.status(Api.TASK + "/api/tasks/" + own.taskId()), "their own task");
        assertHidden(majiaWorker.status(Api.TASK + "/api/tasks/" + elsewhere.taskId()), "another village's task");
        assertEquals(0, majiaWorker.get(Api.TASK + "/api/tasks?nodeId=" + elsewhere.villageId()).path("total")
                .asInt(), "another village's task list is empty to them");
        JsonNode mine = majiaWorker.get(Api.TASK + "/api/me/tasks?size=200");
        assertEquals(1, mine.path("total").asInt());
        assertEquals(own.gridName(), mine.path("items").path(0).path("nodeName").asText());

        Set<String> majia = work.stream().filter(w -> w.villageId().equals(own.villageId())).map(Work::gridId)
                .collect(Collectors.toSet());
        majia.add(own.villageId());
        Filed otherReport = filed.stream().filter(f -> !majia.contains(f.nodeId())).findFirst().orElseThrow();
        assertHidden(majiaWorker.status(Api.REPORT + "/api/reports/" + otherReport.reportId()),
                "another village's report");
        assertHidden(majiaWorker.status(Api.REPORT + "/api/rollups?nodeId=" + elsewhere.villageId() + "&period="
                + period), "another village's roll-up");
        assertHidden(majiaWorker.status(Api.POINTS + "/api/members/" + elsewhere.personId() + "/ledger?period="
                + months.get(0)), "another village's party member's points");

        Village otherVillage = villages.get(elsewhere.villageId());
        Work majiaTask = work.stream().filter(w -> w.villageId().equals(own.villageId())
                && w.plan() == Plan.SUBMITTED).findFirst().orElseThrow();
        assertHidden(otherVillage.cadre().postStatus(Api.TASK + "/api/tasks/" + majiaTask.taskId() + "/complete",
                Map.of("note", "越权核验")), "a cadre verifying another village's task");
    }

    @Test
    @Order(3)
    void aBranchSecretaryDecidesForTheirOwnBranchOnly() {
        Work deed = work.stream().filter(Work::member).findFirst().orElseThrow();
        Village own = villages.get(deed.villageId());
        Village other = villages.values().stream().filter(v -> !v.id().equals(own.id())).findFirst().orElseThrow();
        // the member's branch is a record placed at their village, led by its cadre (the branch secretary)
        String branchId = COUNTY_ADMIN.get(Api.GRID + "/api/people/" + deed.personId()).path("partyBranchId")
                .asText();
        assertEquals(own.id(), TOWN_ADMIN.get(Api.GRID + "/api/branches/" + branchId).path("nodeId").asText());
        String award = deed.worker().post(Api.POINTS + "/api/awards", Map.of("personId", deed.personId(),
                "ruleCode", "PRACTICAL_THINGS", "points", 5, "evidence", "帮助独居老人收玉米")).path("id").asText();
        // another village's secretary neither sees it waiting nor approves it
        for (JsonNode pending : other.cadre().get(Api.POINTS + "/api/awards/pending")) {
            assertNotEquals(award, pending.path("id").asText(), "another branch's award is not theirs to see");
        }
        assertEquals(403, other.cadre().postStatus(Api.POINTS + "/api/awards/" + award + "/approve", Map.of()));
        assertEquals("APPROVED", own.cadre().step(Api.POINTS + "/api/awards/" + award, "approve", Map.of())
                .path("status").asText());
    }

    @Test
    @Order(5)
    void aCountyAdminKeepsToTheirCounty() {
        // the province's operator founds a second county beside 武功县; 武功县's admin has no say in it
        String other = Api.as("province.admin").post(Api.GRID + "/api/grids", Map.of("code", "610425",
                "name", "礼泉县", "level", "COUNTY")).path("id").asText();
        assertHidden(COUNTY_ADMIN.status(Api.GRID + "/api/grids/" + other), "another county's node");
        assertEquals(403, COUNTY_ADMIN.postStatus(Api.GRID + "/api/grids", Map.of("code", "610426",
                "name", "永寿县", "level", "COUNTY")), "a county admin founds no county");
        assertEquals(200, COUNTY_ADMIN.status(Api.GRID + "/api/grids/" + townId), "their own county's town");
    }

    @Test
    @Order(6)
    void aSuperiorsSupervisionTurnsRedAndTheCountySeesIt() {
        Work idle = work.stream().filter(w -> w.plan() == Plan.UNTOUCHED).findFirst().orElseThrow();
        Village village = villages.get(idle.villageId());
        try (GroupRobot robot = GroupRobot.start()) {
            supervisedUntilRed(robot, idle, village);
        } finally {
            // the robot is gone: its webhook goes too, or the village's notices would wait for it
            village.cadre().delete(Api.TASK + "/api/notice-webhooks/" + village.id());
        }
    }

    private void supervisedUntilRed(GroupRobot robot, Work idle, Village village) {
        // an untouched task of the week: the town admin supervises it (督办) with a deadline twenty seconds away
        // the village's group has a robot: the cadre gives task-service its webhook (the key is not shown back)
        JsonNode webhook = village.cadre().put(Api.TASK + "/api/notice-webhooks/" + village.id(),
                Map.of("url", robot.url(), "label", village.name() + "网格群"));
        assertTrue(webhook.path("url").asText().endsWith("key=****-key"), webhook.toString());
        assertEquals(403, idle.worker().postStatus(Api.TASK + "/api/supervisions", Map.of("subjectType", "TASK",
                "subjectId", idle.taskId(), "deadlineAt", OffsetDateTime.now().plusMinutes(5).toString(),
                "note", "自己督办自己")), "a grid worker supervises nobody");
        JsonNode opened = TOWN_ADMIN.post(Api.TASK + "/api/supervisions", Map.of("subjectType", "TASK",
                "subjectId", idle.taskId(), "deadlineAt", OffsetDateTime.now().plusSeconds(20).toString(),
                "note", "群众反映未见入户走访，限期完成"));
        String id = opened.path("id").asText();
        redSupervision = id;
        assertEquals("YELLOW", opened.path("color").asText());
        assertEquals(idle.gridName(), opened.path("nodeName").asText());
        // the sweep (every minute on the local run) turns it red; the village's cadre sees it in their red list
        await("the supervision turned red", () -> "RED".equals(village.cadre()
                .get(Api.TASK + "/api/supervisions/" + id).path("color").asText()));
        boolean listed = false;
        for (JsonNode item : village.cadre().get(Api.TASK + "/api/supervisions?nodeId=" + village.id()
                + "&color=RED&status=OPEN&size=200").path("items")) {
            listed |= item.path("id").asText().equals(id);
        }
        assertTrue(listed, "in the village's red items");
        await("the county saw it opened and turned red", () -> county.events(e -> id.equals(e.key())).size() >= 2);
        List<CountySystem.Event> seen = county.events(e -> id.equals(e.key()));
        assertEquals(List.of("wangge.supervision.opened.v1", "wangge.supervision.turned-red.v1"),
                seen.stream().map(CountySystem.Event::type).toList());
        seen.forEach(e -> assertEquals(List.of(), e.problems(), "valid against the published contract"));

        // the village's group was told twice, once each: supervised, then overdue (提醒 through its webhook)
        await("the village's group robot was told it is overdue", () -> noticesOf(village, id).size() == 2
                && noticesOf(village, id).stream().allMatch(n -> "SENT".equals(n.path("deliveries").path(0)
                .path("status").asText())));
        List<JsonNode> told = noticesOf(village, id);
        assertEquals(List.of("OVERDUE", "SUPERVISED"), told.stream().map(n -> n.path("kind").asText()).toList());
        for (JsonNode notice : told) {
            String text = notice.path("text").asText();
            assertEquals(1, robot.texts().stream().filter(text::equals).count(), "once: " + text);
        }
        assertTrue(told.get(1).path("text").asText().startsWith("【上级督办】"), told.toString());
        assertTrue(told.get(1).path("text").asText().contains("群众反映未见入户走访，限期完成"), told.toString());
        assertTrue(told.get(0).path("text").asText().startsWith("【督办·红牌】"), told.toString());
        await("the county saw the notices", () -> county.ofType("wangge.notice.raised.v1").stream()
                .filter(e -> id.equals(e.data().path("subjectId").asText())).count() == 2);

        // the town's ranking of this week counts the village's red items (督办红牌), its formula says so
        String week = TOWN_ADMIN.get(Api.REPORT + "/api/periods/current?type=WEEK").path("id").asText();
        redWeek = week;
        long reds = village.cadre().get(Api.TASK + "/api/supervisions?nodeId=" + village.id()
                + "&color=RED&size=200").path("items").size();
        String ranking = Api.REPORT + "/api/rankings?nodeId=" + townId + "&period=" + week;
        await("the ranking counts the red item", () -> redItemsOf(TOWN_ADMIN.get(ranking), village.id()) == reds);
        assertTrue(reds >= 1);
        assertTrue(TOWN_ADMIN.get(ranking).path("formula").asText().contains("督办红牌"));
    }

    private static long redItemsOf(JsonNode ranking, String nodeId) {
        for (JsonNode entry : ranking.path("entries")) {
            if (entry.path("nodeId").asText().equals(nodeId)) {
                return entry.path("redItems").asLong();
            }
        }
        throw new AssertionError(nodeId + " is not ranked: " + ranking);
    }

    @Test
    @Order(7)
    void theTownsWorkOnRecordAddsUpToItsYear() {
        Village village = villages.values().stream().filter(Village::cadreMember).findFirst().orElseThrow();
        int year = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).getYear();
        String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        String figures = Api.REPORT + "/api/activities/year-in-figures?nodeId=" + townId + "&year=" + year;
        long researchBefore = figure(TOWN_ADMIN.get(figures), "RESEARCH_VISIT");
        long trainedBefore = figure(TOWN_ADMIN.get(figures), "TRAINING");

        // the app that records it sends its trace (W3C traceparent): the trace goes on through every service
        String traceId = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(System.nanoTime() | 1).putLong(java.util.concurrent.ThreadLocalRandom.current().nextLong())
                .array());
        JsonNode research = village.cadre().post(Api.REPORT + "/api/activities", Map.of("nodeId", village.id(),
                "kind", "RESEARCH_VISIT", "title", "入户调研秸秆综合利用情况", "heldOn", today, "headcount", 8,
                "participantIds", List.of(village.cadrePersonId()), "note", "群众希望增设收储点"),
                "00-" + traceId + "-00f067aa0ba902b7-01");
        assertEquals("调研走访", research.path("kindLabel").asText());
        JsonNode training = TOWN_ADMIN.post(Api.REPORT + "/api/activities", Map.of("nodeId", townId,
                "kind", "TRAINING", "title", "网格员业务能力培训", "heldOn", today, "quantity", 60, "headcount", 60));
        await("the year in figures counts both", () -> figure(TOWN_ADMIN.get(figures), "RESEARCH_VISIT")
                == researchBefore + 1 && figure(TOWN_ADMIN.get(figures), "TRAINING") == trainedBefore + 60);
        assertEquals(404, village.cadre().postStatus(Api.REPORT + "/api/activities", Map.of("nodeId", townId,
                "kind", "SEMINAR", "title", "越级登记", "heldOn", today, "headcount", 3)), "the town is not theirs");

        // the cadre took part: a party member earns for it, once; the county sees the activity and the points
        String source = "activity:" + research.path("id").asText() + ":" + village.cadrePersonId();
        await("the cadre earned for taking part", () -> county.events(e -> e.type().equals(
                "wangge.points.awarded.v1") && source.equals(e.data().path("source").asText())).size() == 1);
        await("the county saw the activity", () -> county.events(e -> e.type().equals(
                "wangge.activity.recorded.v1") && research.path("id").asText().equals(e.key())).size() == 1);
        List<CountySystem.Event> recorded = county.events(e -> e.type().equals("wangge.activity.recorded.v1")
                && research.path("id").asText().equals(e.key()));
        assertEquals(List.of(), recorded.get(0).problems(), "valid against the published contract");
        assertEquals(traceId, recorded.get(0).traceId(), "report-service recorded the event in the app's trace");
        CountySystem.Event earned = county.events(e -> e.type().equals("wangge.points.awarded.v1")
                && source.equals(e.data().path("source").asText())).get(0);
        assertEquals(traceId, earned.traceId(),
                "party-points-service handled the activity and awarded its points in that same trace");
        System.out.printf("one trace across the services: app → report-service %s → party-points-service %s%n",
                recorded.get(0).traceparent(), earned.traceparent());

        // a mistake withdrawn no longer counts
        TOWN_ADMIN.step(Api.REPORT + "/api/activities/" + training.path("id").asText(), "withdraw", Map.of());
        assertEquals(trainedBefore, figure(TOWN_ADMIN.get(figures), "TRAINING"));

        theWeeksPrintedBrief();
    }

    /** The town's brief of the week as the A4 PDF a leader prints: ranking, red items, work on record, in Chinese. */
    private void theWeeksPrintedBrief() {
        // the week the red item of @Order(6) was counted in, even if a Monday has begun since
        String week = redWeek;
        assertNotNull(week, "the week of @Order(6)");
        JsonNode ranking = TOWN_ADMIN.get(Api.REPORT + "/api/rankings?nodeId=" + townId + "&period=" + week);
        JsonNode red = null;
        for (JsonNode entry : ranking.path("entries")) {
            if (entry.path("redItems").asLong() > 0) {
                red = entry;
            }
        }
        assertNotNull(red, "the red item of @Order(6) is in the week's ranking");
        io.restassured.response.Response response = TOWN_ADMIN.request().accept("application/pdf")
                .get(Api.REPORT + "/api/exports/brief.pdf?nodeId=" + townId + "&period=" + week);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.header("Content-Disposition").contains("filename*=UTF-8''"));
        byte[] pdf = response.asByteArray();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", "");
            String town = TOWN_ADMIN.get(Api.GRID + "/api/grids/" + townId).path("name").asText();
            assertTrue(text.contains(town + week + "工作简报"), text);
            assertTrue(text.contains("观摩评比排名") && text.contains("活动台账") && text.contains("调研走访"), text);
            assertTrue(text.contains(red.path("name").asText() + "：" + red.path("redItems").asLong() + "张"), text);
            System.out.println("the town's printed brief of " + week + ": " + document.getNumberOfPages()
                    + " A4 pages, " + pdf.length + " bytes, with its red items");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the key work's own period (its phase): the 611 tasks whatever week their due day falls in
        response = TOWN_ADMIN.request().accept("application/pdf")
                .get(Api.REPORT + "/api/exports/brief.pdf?nodeId=" + townId + "&period=" + period);
        assertEquals(200, response.statusCode(), response.asString());
        pdf = response.asByteArray();
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", "");
            assertTrue(text.contains("本期派发任务611项"), text);
            java.io.File png = Path.of("target", "brief-page1.png").toFile();
            javax.imageio.ImageIO.write(new org.apache.pdfbox.rendering.PDFRenderer(document)
                    .renderImageWithDPI(0, 110), "png", png);
            System.out.println("the town's printed brief of the key work's phase: " + document.getNumberOfPages()
                    + " A4 pages, " + pdf.length + " bytes; its first page as an image: " + png.getAbsolutePath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(8)
    void aResidentsRequestGoesFromTheHotlineToClosureAndFollowUp() throws Exception {
        Work w = work.get(3);
        Village village = villages.get(w.villageId());
        String townCode = TOWN_ADMIN.get(Api.GRID + "/api/grids/" + townId).path("code").asText();
        String gridCode = TOWN_ADMIN.get(Api.GRID + "/api/grids/" + w.gridId()).path("code").asText();
        // the town registers its 12345 hotline system; the key is shown once
        JsonNode hotline = TOWN_ADMIN.post(Api.TASK + "/api/open311-clients", Map.of("name", "长宁镇12345热线",
                "jurisdictionNodeId", townId, "perMinute", 30));
        String key = hotline.path("apiKey").asText();

        // a resident calls the hotline, which posts the request with a photo
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", key);
        form.put("jurisdiction_id", townCode);
        form.put("service_code", "LIVELIHOOD");
        form.put("lat", "34.283412");
        form.put("long", "108.166734");
        form.put("address_string", w.gridName() + "村道旁");
        form.put("address_id", gridCode);
        form.put("description", "村道旁自来水管冻裂漏水，路面结冰，老人出行不便");
        form.put("last_name", "刘");
        form.put("first_name", "桂英");
        form.put("phone", "13700001111");
        var post = io.restassured.RestAssured.given().contentType("multipart/form-data; charset=UTF-8");
        // every text part in UTF-8, as a mini-program sends it (RestAssured's default for text parts is Latin-1)
        form.forEach((name, value) -> post.multiPart(new io.restassured.builder.MultiPartSpecBuilder(value)
                .controlName(name).charset("UTF-8").build()));
        byte[] photo = new byte[4_096];
        photo[0] = (byte) 0xFF;
        photo[1] = (byte) 0xD8;
        photo[2] = (byte) 0xFF;
        var reply = post.multiPart("media", "漏水.jpg", photo, "image/jpeg").post(Api.TASK + "/open311/v2/requests.json");
        assertEquals(201, reply.statusCode(), reply.asString());
        String id = reply.jsonPath().getString("[0].service_request_id");
        String token = reply.jsonPath().getString("[0].token");
        String follow = Api.TASK + "/open311/v2/requests/" + id + ".json?token=" + token;
        assertEquals("已收到，待立案", io.restassured.RestAssured.get(follow).jsonPath().getString("[0].status_notes"));

        // 立案-派遣-处置-核查-结案 by the grid's own people, then 回访 by the town
        String record = Api.TASK + "/api/cases/" + id;
        JsonNode matter = village.cadre().get(record);
        assertEquals("OPEN311", matter.path("source").asText());
        assertEquals(w.gridName(), matter.path("nodeName").asText());
        assertEquals("13700001111", matter.path("reporterPhone").asText());
        assertEquals("村道旁自来水管冻裂漏水，路面结冰，老人出行不便", matter.path("description").asText(),
                "Chinese arrives as written");
        village.cadre().step(record, "register", Map.of());
        village.cadre().step(record, "dispatch", Map.of("note", "村水管员"));
        w.worker().step(record, "handle", Map.of("note", "已关阀更换水管，路面撒盐除冰"));
        village.cadre().step(record, "verify", Map.of());
        village.cadre().step(record, "close", Map.of());
        JsonNode followed = TOWN_ADMIN.step(record, "follow-up", Map.of("result", "SATISFIED",
                "note", "回访群众，表示满意"));
        assertEquals("SATISFIED", followed.path("followUpResult").asText());

        System.out.println("  the resident's request, as its reporter follows it: "
                + io.restassured.RestAssured.get(follow).asString());
        System.out.println("  its steps, as the village sees them: " + village.cadre().get(record + "/history"));
        // the resident sees it done; a photo of theirs with their token; the county saw every step
        var seen = io.restassured.RestAssured.get(follow).jsonPath();
        assertEquals("closed", seen.getString("[0].status"));
        assertTrue(seen.getString("[0].status_notes").startsWith("已办结并回访"), seen.prettify());
        assertEquals(200, io.restassured.RestAssured.get(Api.TASK + seen.getString("[0].media_url") + "?token="
                + token).statusCode());
        List<String> steps = List.of("wangge.case.reported.v1", "wangge.case.registered.v1",
                "wangge.case.dispatched.v1", "wangge.case.handled.v1", "wangge.case.verified.v1",
                "wangge.case.closed.v1", "wangge.case.followed-up.v1");
        await("the county saw every step of the request", () -> county.events(e -> id.equals(e.key())).size()
                >= steps.size());
        List<CountySystem.Event> told = county.events(e -> id.equals(e.key()));
        assertEquals(steps, told.stream().map(CountySystem.Event::type).toList());
        told.forEach(e -> assertEquals(List.of(), e.problems(), "valid against the published contract"));
        told.forEach(e -> assertTrue(!e.data().toString().contains("13700001111"), "the number stays in"));

        // revoked, the hotline's key opens nothing more
        TOWN_ADMIN.step(Api.TASK + "/api/open311-clients/" + hotline.path("client").path("id").asText(), "revoke",
                Map.of());
        var refused = io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                .formParams(form).post(Api.TASK + "/open311/v2/requests.json");
        assertEquals(403, refused.statusCode(), refused.asString());
    }

    @Test
    @Order(9)
    void aRedItemLeftAloneClimbsToTheTownAndTheTownsGroupIsTold() throws Exception {
        assertNotNull(redSupervision, "the red item of @Order(6)");
        String record = Api.TASK + "/api/supervisions/" + redSupervision;
        JsonNode red = TOWN_ADMIN.get(record);
        assertEquals("RED", red.path("color").asText());
        int climbs = red.path("climbs").asInt();
        // the province sets the category's item to climb after an hour at each level
        Api province = Api.as("province.admin");
        String limits = Api.TASK + "/api/categories/" + red.path("categoryCode").asText() + "/supervision-limits";
        JsonNode current = province.get(limits);
        Map<String, Object> oneHour = new HashMap<>();
        oneHour.put("climbHours", 1);
        oneHour.put("levels", List.of());
        if (current.path("category").hasNonNull("yellowHours")) {
            oneHour.put("yellowHours", current.path("category").path("yellowHours").asInt());
        }
        province.put(limits, oneHour, current.path("category").path("version").asLong());
        try (GroupRobot robot = GroupRobot.start()) {
            TOWN_ADMIN.put(Api.TASK + "/api/notice-webhooks/" + townId, Map.of("url", robot.url(),
                    "label", "长宁镇网格工作群"));
            try {
                // nobody acts: an hour on, then two, task-service's sweep takes it up the tree (a rehearsal clock)
                run.service("stop", "task-service");
                run.service("start", "task-service", Map.of("WANGGE_CLOCK_OFFSET", "PT1H5M"));
                await("the red item climbed to the village", () -> TOWN_ADMIN.get(record).path("climbs").asInt()
                        == climbs + 1);
                run.service("stop", "task-service");
                run.service("start", "task-service", Map.of("WANGGE_CLOCK_OFFSET", "PT2H15M"));
                await("the red item climbed to the town", () -> "TOWN".equals(TOWN_ADMIN.get(record)
                        .path("nodeLevel").asText()));
                JsonNode atTown = TOWN_ADMIN.get(record);
                assertTrue(!atTown.path("responsibleName").asText().isEmpty(), "the town's lead takes it: " + atTown);
                await("the town's group robot was told", () -> robot.texts().stream()
                        .anyMatch(text -> text.startsWith("【督办·上提】") && text.contains("长宁镇")));
                JsonNode path = TOWN_ADMIN.get(record + "/path");
                System.out.println("  the red item's path: " + path);
                List<String> steps = new ArrayList<>();
                path.forEach(step -> steps.add(step.path("action").asText()));
                assertEquals(2, steps.stream().filter("ESCALATE"::equals).count() + steps.stream()
                        .filter("ESCALATED"::equals).count(), "two climbs: " + path);
                await("the county saw it climb", () -> county.events(e -> redSupervision.equals(e.key())
                        && e.type().equals("wangge.supervision.escalated.v1")).size() >= 2);
            } finally {
                TOWN_ADMIN.delete(Api.TASK + "/api/notice-webhooks/" + townId);
            }
        }
    }

    private static long figure(JsonNode year, String kind) {
        for (JsonNode figure : year.path("figures")) {
            if (figure.path("kind").asText().equals(kind)) {
                return figure.path("quantity").asLong();
            }
        }
        throw new AssertionError(kind + " missing from " + year);
    }

    /** The notices of a supervision in a village, newest first, as the village's cadre lists them. */
    private static List<JsonNode> noticesOf(Village village, String supervision) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode notice : village.cadre().get(Api.TASK + "/api/notices?nodeId=" + village.id() + "&size=200")
                .path("items")) {
            if (notice.path("subjectId").asText().equals(supervision)) {
                found.add(notice);
            }
        }
        return found;
    }

    // --- the week ---

    @Test
    @Order(10)
    void aTownOfficeImportsItsSheetAndAWorkersPhoneSyncsAndHandsInAPhoto() throws Exception {
        Work untouched = work.stream().filter(w -> w.plan() == Plan.UNTOUCHED).reduce((a, b) -> b).orElseThrow();
        String gridCode = TOWN_ADMIN.get(Api.GRID + "/api/grids/" + untouched.gridId()).path("code").asText();

        // the office fills in the households template in Excel and saves it as "CSV (逗号分隔)": GBK
        io.restassured.response.Response template = TOWN_ADMIN.request().accept("*/*")
                .get(Api.GRID + "/api/households/import/template.xlsx");
        assertEquals(200, template.statusCode());
        assertTrue(template.header("Content-Disposition").contains("filename*=UTF-8''"));
        String sheet = "微网格编码,地址,户主,人口,标签\r\n" + gridCode + ",安置小区1栋101,李新民,3,低保户\r\n";
        String bad = gridCode + ",安置小区1栋102,李春生,一百,\r\n";
        // uploaded as the browser sends a file Excel saved: text/csv, no charset said
        io.restassured.config.RestAssuredConfig asSaved = io.restassured.config.RestAssuredConfig.config()
                .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false));
        io.restassured.response.Response dry = TOWN_ADMIN.request().config(asSaved).contentType("text/csv")
                .body((sheet + bad).getBytes(java.nio.charset.Charset.forName("GBK"))).queryParam("dryRun", true)
                .post(Api.GRID + "/api/households/import");
        assertEquals(200, dry.statusCode(), dry.asString());
        assertEquals(List.of("row 3 (安置小区1栋102)"), dry.path("problems.field"), dry.asString());
        io.restassured.response.Response imported = TOWN_ADMIN.request().config(asSaved).contentType("text/csv")
                .body(sheet.getBytes(java.nio.charset.Charset.forName("GBK"))).post(Api.GRID + "/api/households/import");
        assertEquals(200, imported.statusCode(), imported.asString());
        assertEquals(1, (int) imported.path("created"));
        JsonNode homes = TOWN_ADMIN.get(Api.GRID + "/api/grids/" + untouched.gridId() + "/households?size=200");
        boolean found = false;
        for (JsonNode home : homes.path("items")) {
            found |= home.path("address").asText().equals("安置小区1栋101")
                    && home.path("tags").toString().equals("[\"低保户\"]");
        }
        assertTrue(found, "imported as written: " + homes);
        System.out.println("a GBK households sheet, dry run then import: " + dry.asString() + " then "
                + imported.asString());

        // the worker's phone: the whole list once, then 304 while nothing changes
        io.restassured.response.Response first = untouched.worker().request()
                .get(Api.TASK + "/api/me/tasks/sync?size=500");
        assertEquals(200, first.statusCode(), first.asString());
        assertTrue(first.<List<String>>path("items.id").contains(untouched.taskId()));
        String cursor = first.path("cursor");
        assertEquals(304, untouched.worker().request().header("If-None-Match", first.header("ETag"))
                .get(Api.TASK + "/api/me/tasks/sync?cursor=" + cursor).statusCode());

        // a photo taken on the spot, handed in with the work; the village cadre sees it
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0,
            1, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xD9};
        io.restassured.response.Response photo = untouched.worker().request().contentType("image/jpeg").body(jpeg)
                .post(Api.TASK + "/api/tasks/" + untouched.taskId() + "/photos");
        assertEquals(201, photo.statusCode(), photo.asString());
        String url = photo.path("url");
        String task = Api.TASK + "/api/tasks/" + untouched.taskId();
        untouched.worker().step(task, "accept", Map.of());
        untouched.worker().step(task, "start", Map.of());
        untouched.worker().step(task, "submit", Map.of("note", "补做：已巡查并拍照", "photoUrls", List.of(url)));
        // a change is handed out once every older transaction has ended: in a moment
        io.restassured.response.Response[] last = new io.restassured.response.Response[1];
        await("the phone's delta holds the submitted task", () -> {
            last[0] = untouched.worker().request().header("If-None-Match", first.header("ETag"))
                    .get(Api.TASK + "/api/me/tasks/sync?cursor=" + cursor);
            return last[0].statusCode() == 200 && !last[0].<List<?>>path("items").isEmpty();
        });
        io.restassured.response.Response delta = last[0];
        assertEquals(List.of(untouched.taskId()), delta.path("items.id"), delta.asString());
        assertEquals("SUBMITTED", delta.path("items[0].status"));
        io.restassured.response.Response seen = villages.get(untouched.villageId()).cadre().request().accept("*/*")
                .get(Api.TASK + url);
        assertEquals(200, seen.statusCode());
        assertEquals(jpeg.length, seen.asByteArray().length);
        // the week's key work out to Excel (任务台账), as the town office downloads it
        io.restassured.response.Response ledger = TOWN_ADMIN.request().accept("*/*")
                .get(Api.TASK + "/api/tasks/export.xlsx?itemId=" + itemId);
        assertEquals(200, ledger.statusCode());
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(ledger.asByteArray()),
                new org.dhatim.fastexcel.reader.ReadingOptions(true, false))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals(612, rows.size(), "a header and the town's 611 micro-grids");
            StringBuilder shown = new StringBuilder();
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < rows.get(r).getCellCount(); c++) {
                    var cell = rows.get(r).getCell(c);
                    // a time is a number Excel shows as a date: shown as Excel shows it
                    boolean time = cell != null && cell.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER
                            && cell.getDataFormatString() != null && cell.getDataFormatString().contains("yy");
                    shown.append(c == 0 ? "" : " | ").append(time ? cell.asDate().toString().replace('T', ' ')
                            : rows.get(r).getCellText(c));
                }
                shown.append('\n');
            }
            System.out.println("the town's key work as xlsx (" + ledger.header("Content-Disposition") + "), "
                    + rows.size() + " rows, the first three:\n" + shown);
        }
        // and the reports of the week (报告台账): every one filed in the town, with its figures
        io.restassured.response.Response reportsSheet = TOWN_ADMIN.request().accept("*/*")
                .get(Api.REPORT + "/api/reports/export.xlsx?nodeId=" + townId + "&period=" + period);
        assertEquals(200, reportsSheet.statusCode(), reportsSheet.asString());
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(reportsSheet.asByteArray()))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals("包户走访", rows.get(0).getCellText(6));
            assertTrue(rows.size() >= filed.size() + 1, rows.size() + " rows for " + filed.size() + " reports filed");
            System.out.println("the week's reports as xlsx: " + (rows.size() - 1) + " reports, e.g. "
                    + rows.get(1).getCellText(0) + " | " + rows.get(1).getCellText(2) + " | 包户走访 "
                    + rows.get(1).getCellText(6));
        }
        System.out.println("a worker's phone: " + first.<List<?>>path("items").size() + " tasks on the first sync, 304"
                + " while unchanged, then only the task handed in with its photo " + url);
    }

    @Test
    @Order(11)
    void aStaffMemberSignsInToTheApiDocumentsThroughKeycloak() throws Exception {
        // Swagger UI offers the realm's login, as the public client wangge-web with PKCE
        String ui = io.restassured.RestAssured.get(Api.TASK + "/q/swagger-ui/").then().statusCode(200).extract()
                .asString();
        assertTrue(ui.contains("clientId: 'wangge-web'") && ui.contains("usePkceWithAuthorizationCodeGrant: true"),
                "Swagger UI signs in as wangge-web with PKCE");
        JsonNode scheme = SwaggerLogin.json(io.restassured.RestAssured.get(Api.TASK + "/q/openapi?format=json")
                .asString()).path("components").path("securitySchemes").path("keycloak");
        assertEquals("oauth2", scheme.path("type").asText());
        String authorizationUrl = scheme.path("flows").path("authorizationCode").path("authorizationUrl").asText();
        String tokenUrl = scheme.path("flows").path("authorizationCode").path("tokenUrl").asText();
        assertEquals(Api.KEYCLOAK + "/realms/wangge/protocol/openid-connect/auth", authorizationUrl);
        String redirect = Api.TASK + "/q/swagger-ui/oauth2-redirect.html";

        // a request without a code challenge is refused: the realm wants PKCE from this client
        java.net.http.HttpResponse<String> noPkce = new SwaggerLogin().authorize(authorizationUrl, redirect, false);
        String refusedTo = noPkce.headers().firstValue("Location").orElse(noPkce.body());
        assertTrue(refusedTo.startsWith(redirect) && refusedTo.contains("error=invalid_request")
                && refusedTo.contains("code_challenge"), refusedTo);

        SwaggerLogin browser = new SwaggerLogin();
        java.net.URI back = browser.signIn(browser.authorize(authorizationUrl, redirect, true), "changning.admin",
                Api.PASSWORD);
        assertTrue(back.toString().startsWith(redirect), back.toString());
        Map<String, String> answer = SwaggerLogin.query(back);
        assertEquals("swagger", answer.get("state"));
        String code = answer.get("code");

        // the code is worth nothing without the verifier, or to a page of another origin
        assertEquals(400, browser.exchange(tokenUrl, Api.TASK, code, redirect, null).statusCode(),
                "no code_verifier, no token");
        SwaggerLogin second = new SwaggerLogin();
        String secondCode = SwaggerLogin.query(second.signIn(second.authorize(authorizationUrl, redirect, true),
                "changning.admin", Api.PASSWORD)).get("code");
        java.net.http.HttpResponse<String> elsewhere = second.exchange(tokenUrl, "https://evil.example", secondCode,
                redirect, second.verifier);
        assertEquals(403, elsewhere.statusCode(), "no other site's page gets a token: " + elsewhere.body());
        assertTrue(elsewhere.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        SwaggerLogin third = new SwaggerLogin();
        String thirdCode = SwaggerLogin.query(third.signIn(third.authorize(authorizationUrl, redirect, true),
                "changning.admin", Api.PASSWORD)).get("code");
        java.net.http.HttpResponse<String> token = third.exchange(tokenUrl, Api.TASK, thirdCode, redirect,
                third.verifier);
        assertEquals(200, token.statusCode(), token.body());
        assertEquals(java.util.Optional.of(Api.TASK), token.headers().firstValue("Access-Control-Allow-Origin"),
                "the page of Swagger UI may read its token");
        String accessToken = SwaggerLogin.json(token.body()).path("access_token").asText();
        // the token is the staff member's own: the APIs take it like any other
        io.restassured.RestAssured.given().auth().oauth2(accessToken).get(Api.GRID + "/api/me").then().statusCode(200)
                .body("person.name", org.hamcrest.Matchers.equalTo("王建国"));
        System.out.println("Swagger UI login: authorization code + PKCE as wangge-web, token read by "
                + Api.TASK + "; without the verifier 400; from https://evil.example 403");
    }

    @Test
    @Order(4)
    void aProducerThatIsNotTaskServiceEarnsNobodyAPoint() throws Exception {
        // a copy of a real completion of a party member's task, under a new task id, from another source
        Work victim = work.stream().filter(w -> w.plan().verified() && w.member()).findFirst().orElseThrow();
        JsonNode real = county.ofType("wangge.task.completed.v1").stream()
                .filter(e -> e.data().path("taskId").asText().equals(victim.taskId())).findFirst().orElseThrow()
                .data();
        String forgedTask = java.util.UUID.randomUUID().toString();
        String forgedId = java.util.UUID.randomUUID().toString();
        com.fasterxml.jackson.databind.node.ObjectNode data = real.deepCopy();
        data.put("taskId", forgedTask);
        var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>("wangge.task", forgedTask,
                data.toString());
        for (String[] header : new String[][] {{"ce_specversion", "1.0"}, {"ce_id", forgedId},
                {"ce_type", "wangge.task.completed.v1"}, {"ce_source", "/forged/attacker"},
                {"ce_time", real.path("occurredAt").asText()}, {"content-type", "application/json"}}) {
            record.headers().add(header[0], header[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        // the broker lets nobody but task-service (and the operator) write wangge.task
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers",
                run.kafkaClient("county").get("bootstrap.servers"), "max.block.ms", 5_000));
        String unserved = refused(anonymous, record);
        assertTrue(unserved.startsWith("TimeoutException"), "a producer without credentials is not served: "
                + unserved);
        for (String user : List.of("county", "report-service", "party-points-service", "grid-service")) {
            String why = refused(run.kafkaClient(user), record);
            assertTrue(why.contains("AuthorizationException"), user + " writing wangge.task: " + why);
        }

        // and should the operator's credentials put it there, both consumers refuse it at the door
        send(run.kafkaClient("admin"), record);
        Map<String, String> reasons = new ConcurrentHashMap<>();
        Map<String, Object> reader = run.kafkaClient("admin");
        reader.put("group.id", "dlq-reader-" + forgedId);
        reader.put("auto.offset.reset", "earliest");
        try (var letters = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(reader,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            letters.subscribe(List.of("wangge.task.dlq"));
            await("both consumers dead-lettered the forged record", () -> {
                for (var letter : letters.poll(Duration.ofMillis(200))) {
                    if (forgedId.equals(header(letter, "ce_id"))) {
                        reasons.put(header(letter, "wangge_dlq_consumer"), header(letter, "wangge_dlq_error"));
                    }
                }
                return reasons.size() == 2;
            });
        }
        assertEquals(Set.of("party-points-service.work", "report-service.task"), reasons.keySet());
        reasons.values().forEach(reason -> assertTrue(reason.contains("source /forged/attacker is not the owner"
                + " of wangge.task (/wangge/task-service)"), reason));
        assertTrue(county.events(e -> e.type().equals("wangge.points.awarded.v1")
                && e.data().path("source").asText().equals("task:" + forgedTask)).isEmpty(), "no points minted");
    }

    private static void send(Map<String, Object> client,
                             org.apache.kafka.clients.producer.ProducerRecord<String, String> record)
            throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.putIfAbsent("max.block.ms", 10_000);
        config.put("delivery.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        config.put("linger.ms", 0);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(config,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(record).get();
        }
    }

    /** What the broker answered a send it must refuse (the test fails if the record was taken). */
    private static String refused(Map<String, Object> client,
                                  org.apache.kafka.clients.producer.ProducerRecord<String, String> record) {
        try {
            send(client, record);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
        throw new AssertionError("the broker took a record on wangge.task from " + client.get("sasl.jaas.config"));
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record,
                                 String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void meetTheVillages() {
        for (JsonNode village : COUNTY_ADMIN.get(Api.GRID + "/api/grids/" + townId + "/children?size=200")
                .path("items")) {
            String id = village.path("id").asText();
            JsonNode cadre = null;
            for (JsonNode post : COUNTY_ADMIN.get(Api.GRID + "/api/grids/" + id + "/assignments")) {
                if (post.path("role").asText().equals("VILLAGE_CADRE") && post.path("primary").asBoolean()) {
                    cadre = COUNTY_ADMIN.get(Api.GRID + "/api/people/" + post.path("personId").asText());
                }
            }
            assertNotNull(cadre, village.path("name").asText() + " has a village cadre");
            villages.put(id, new Village(id, village.path("name").asText(), Api.as(cadre.path("accountId").asText()),
                    cadre.path("id").asText(), cadre.path("partyMember").asBoolean()));
        }
        assertEquals(30, villages.size());
        // The task and report services learn the tree from Kafka; the demo was loaded a minute before.
        // every post of the demo is under the town node but the county admin's, at the county
        long countyPosts = COUNTY_ADMIN.get(Api.GRID + "/api/grids/" + demoLoad.path("countyId").asText()
                + "/assignments").size();
        assertEquals(1, countyPosts, "the county admin's post");
        long posts = demoLoad.path("assignments").asLong() - countyPosts;
        String gridStatus = Api.TASK + "/api/grid-status?nodeId=" + townId;
        await("task-service knows the 611 micro-grids and all " + posts + " posts of the town", () -> {
            if (TOWN_ADMIN.status(gridStatus) != 200) {
                return false; // 404 until the town itself has arrived
            }
            JsonNode status = TOWN_ADMIN.get(gridStatus);
            return status.path("activeNodesByLevel").path("MICRO_GRID").asInt() == 611
                    && status.path("activeAssignments").asLong() == posts;
        });
        String week = TOWN_ADMIN.get(Api.REPORT + "/api/periods/current?type=WEEK").path("id").asText();
        await("report-service knows the 30 villages", () -> TOWN_ADMIN.status(Api.REPORT + "/api/rollups?nodeId="
                + townId + "&period=" + week) == 200 && TOWN_ADMIN.get(Api.REPORT + "/api/rollups?nodeId=" + townId
                + "&period=" + week).path("children").size() == 30);
    }

    private void castTheWork() {
        OffsetDateTime due = OffsetDateTime.now(SHANGHAI).plusDays(3);
        JsonNode item = TOWN_ADMIN.post(Api.TASK + "/api/key-work", Map.of(
                "title", "冬季安全生产隐患排查",
                "categoryCode", CATEGORY,
                "description", "逐户排查燃气、电路和取暖隐患，拍照上报",
                "checklist", List.of("燃气管道", "电路老化", "煤炉通风"),
                "scopeNodeIds", List.of(townId),
                "targetLevel", "MICRO_GRID",
                "assigneeRole", "COMPREHENSIVE_GRID_WORKER",
                "dueAt", due.toString(),
                "phases", List.of(Map.of("name", "第一轮排查", "dueAt", due.toString()))));
        itemId = item.path("id").asText();
        // The phase is the reporting period: its deadlines follow the work's due time, whatever day the suite runs.
        period = "phase-" + item.path("phases").path(0).path("id").asText();
        JsonNode dispatch = TOWN_ADMIN.step(Api.TASK + "/api/key-work/" + itemId, "dispatch", Map.of());
        assertEquals(611, dispatch.path("taskCount").asInt(), "one task per micro-grid");
        assertEquals(0, dispatch.path("unassignedCount").asInt(), "every micro-grid has its worker");

        List<JsonNode> tasks = new ArrayList<>();
        for (int page = 0; tasks.size() < 611; page++) {
            TOWN_ADMIN.get(Api.TASK + "/api/key-work/" + itemId + "/tasks?size=200&page=" + page).path("items")
                    .forEach(tasks::add);
        }
        tasks.sort(Comparator.comparing(t -> t.path("nodeName").asText()));
        Map<String, JsonNode> people = new ConcurrentHashMap<>();
        inParallel(tasks, t -> people.put(t.path("assigneePersonId").asText(), COUNTY_ADMIN.get(Api.GRID
                + "/api/people/" + t.path("assigneePersonId").asText())));
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            JsonNode person = people.get(task.path("assigneePersonId").asText());
            assertEquals(person.path("accountId").asText(), task.path("assigneeAccountId").asText());
            String[] path = task.path("nodePath").asText().split("/");
            work.add(new Work(i, task.path("id").asText(), task.path("nodeId").asText(),
                    task.path("nodeName").asText(), path[3], person.path("id").asText(),
                    Api.as(person.path("accountId").asText()), person.path("partyMember").asBoolean(), Plan.of(i)));
        }
        assertTrue(villages.keySet().containsAll(work.stream().map(Work::villageId).collect(Collectors.toSet())));
    }

    private void eachGridWorkerDoesTheirTask() {
        inParallel(work, w -> {
            String task = Api.TASK + "/api/tasks/" + w.taskId();
            if (w.plan().accepted()) {
                w.worker().step(task, "accept", Map.of());
            }
            if (w.plan().submitted()) {
                w.worker().step(task, "submit", submission(w, "已逐户排查，隐患已登记"));
            }
        });
    }

    private void theCadresReturnAndVerifyWhilePointsRestart() throws Exception {
        List<Work> returned = work.stream().filter(w -> w.plan() == Plan.RETURNED_THEN_VERIFIED).toList();
        inParallel(returned, w -> villages.get(w.villageId()).cadre().step(Api.TASK + "/api/tasks/" + w.taskId(),
                "return", Map.of("reason", "照片不清晰，请补拍燃气管道")));
        inParallel(returned, w -> w.worker().step(Api.TASK + "/api/tasks/" + w.taskId(), "submit",
                submission(w, "已补拍照片")));

        List<Work> toVerify = work.stream().filter(w -> w.plan().verified()).toList();
        List<Work> before = toVerify.subList(0, toVerify.size() / 2);
        List<Work> during = toVerify.subList(toVerify.size() / 2, toVerify.size());
        inParallel(before, this::verify);
        long earnedBefore = before.stream().filter(Work::member).count();
        await("points for the first half", () -> county.ofType("wangge.points.awarded.v1").size() == earnedBefore);

        // the other half as a cadre clears a page of submissions: each village's in one batch
        run.service("stop", "party-points-service");
        inParallel(List.copyOf(during.stream().collect(Collectors.groupingBy(Work::villageId)).values()),
                this::verifyAtOnce);
        fileTheReports();
        assertEquals(earnedBefore, county.ofType("wangge.points.awarded.v1").size(),
                "nothing is awarded while the points service is down");
        run.service("start", "party-points-service");
    }

    private void verify(Work w) {
        JsonNode done = villages.get(w.villageId()).cadre().step(Api.TASK + "/api/tasks/" + w.taskId(), "complete",
                Map.of("note", "核查属实"));
        assertEquals("COMPLETED", done.path("status").asText());
        assertTrue(done.path("onTime").asBoolean());
    }

    private void verifyAtOnce(List<Work> village) {
        Api cadre = villages.get(village.get(0).villageId()).cadre();
        List<Map<String, Object>> read = village.stream().map(w -> Map.<String, Object>of("id", w.taskId(),
                "version", cadre.get(Api.TASK + "/api/tasks/" + w.taskId()).path("version").asLong())).toList();
        JsonNode done = cadre.post(Api.TASK + "/api/tasks/completions", Map.of("tasks", read,
                "note", "本村提交的排查记录已逐项核对"));
        assertEquals(village.stream().map(Work::taskId).toList(), ids(done.path("tasks")));
        done.path("tasks").forEach(task -> {
            assertEquals("COMPLETED", task.path("status").asText());
            assertTrue(task.path("onTime").asBoolean());
        });
    }

    private static List<String> ids(JsonNode tasks) {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.path("id").asText()));
        return ids;
    }

    private void fileTheReports() {
        await("report-service knows the phase", () -> TOWN_ADMIN.status(Api.REPORT + "/api/periods/" + period) == 200);
        List<Filed> grids = Collections.synchronizedList(new ArrayList<>());
        String townDraft = Api.REPORT + "/api/reports/draft?nodeId=" + townId + "&period=" + period;
        int visitsBefore = TOWN_ADMIN.get(townDraft).path("recordedHouseholdVisits").asInt();
        inParallel(work.stream().filter(w -> w.index() % 7 != 0).toList(), w -> {
            int visits = w.index() % 4;
            List<String> visitIds = visitHouseholds(w.worker(), w.gridId(), visits);
            grids.add(file(w.worker(), w.gridId(), w.personId(), w.member(), visits, visitIds,
                    "本周排查隐患，走访农户 " + visits + " 户次"));
        });
        int recorded = grids.stream().mapToInt(f -> f.visitIds().size()).sum();
        await("report-service counts every visit recorded in grid-service", () -> TOWN_ADMIN.get(townDraft)
                .path("recordedHouseholdVisits").asInt() == visitsBefore + recorded);
        List<Village> byName = new ArrayList<>(villages.values());
        List<Filed> villageReports = Collections.synchronizedList(new ArrayList<>());
        inParallel(byName.subList(0, byName.size() - 3), v -> villageReports.add(file(v.cadre(), v.id(),
                v.cadrePersonId(), v.cadreMember(), 0, List.of(), v.name() + "本周安全生产排查工作小结")));
        filed.addAll(grids);
        filed.addAll(villageReports);

        // the first five villages' cadres accept their grids' reports; the town accepts ten villages'
        Set<String> reviewing = byName.subList(0, 5).stream().map(Village::id).collect(Collectors.toSet());
        List<Filed> accepted = new ArrayList<>();
        for (Filed report : grids) {
            String village = work.stream().filter(w -> w.gridId().equals(report.nodeId())).findFirst().orElseThrow()
                    .villageId();
            if (reviewing.contains(village)) {
                villages.get(village).cadre().step(Api.REPORT + "/api/reports/" + report.reportId(), "accept",
                        Map.of());
                accepted.add(report);
            }
        }
        Set<String> townReviews = byName.subList(0, 10).stream().map(Village::id).collect(Collectors.toSet());
        for (Filed report : villageReports) {
            if (townReviews.contains(report.nodeId())) {
                TOWN_ADMIN.step(Api.REPORT + "/api/reports/" + report.reportId(), "accept", Map.of());
                accepted.add(report);
            }
        }
        reportsAccepted = accepted.size();
    }

    /**
     * The worker visits that many households of their micro-grid nobody visited today (包户走访), each recorded in
     * grid-service; returns the visits' ids, which the points ledger names as sources.
     */
    private List<String> visitHouseholds(Api worker, String gridId, int count) {
        List<String> ids = new ArrayList<>();
        if (count == 0) {
            return ids;
        }
        for (JsonNode household : worker.get(Api.GRID + "/api/grids/" + gridId
                + "/households?notVisitedDays=1&size=" + count).path("items")) {
            String visits = Api.GRID + "/api/households/" + household.path("id").asText() + "/visits";
            JsonNode after = worker.post(visits, Map.of("note", "走访了解近况，宣传冬季防火知识"));
            assertEquals(1, after.path("visitCount").asInt(), "the demo's households were never visited");
            JsonNode latest = worker.get(visits + "?size=1").path("items").get(0);
            assertEquals("走访了解近况，宣传冬季防火知识", latest.path("note").asText(), "Chinese notes survive");
            ids.add(latest.path("id").asText());
        }
        assertEquals(count, ids.size(), "households to visit in " + gridId);
        return ids;
    }

    private Filed file(Api author, String nodeId, String personId, boolean member, int visits, List<String> visitIds,
                       String narrative) {
        JsonNode report = author.post(Api.REPORT + "/api/reports", Map.of("nodeId", nodeId, "period", period));
        String id = report.path("id").asText();
        JsonNode edited = author.put(Api.REPORT + "/api/reports/" + id, Map.of(
                "activities", Map.of("householdVisits", visits, "meetings", 1),
                "narrative", narrative), report.path("version").asLong());
        JsonNode done = author.step(Api.REPORT + "/api/reports/" + id, "file", Map.of());
        assertEquals("FILED", done.path("status").asText());
        assertTrue(done.path("onTime").asBoolean(), "filed before the phase's deadline");
        assertEquals(narrative, edited.path("narrative").asText(), "Chinese text survives the round trip");
        return new Filed(id, nodeId, personId, member, visits, visitIds);
    }

    // --- the figures ---

    private void theTownRollupIsWhatWasDone() {
        long completed = work.stream().filter(w -> w.plan().verified()).count();
        String rollup = Api.REPORT + "/api/rollups?nodeId=" + townId + "&period=" + period;
        await("the roll-up counts every verification", () -> TOWN_ADMIN.get(rollup).path("total").path("completed")
                .asLong() == completed);
        JsonNode town = TOWN_ADMIN.get(rollup);
        JsonNode total = town.path("total");
        assertEquals(611, total.path("dispatched").asLong());
        assertEquals(completed, total.path("completed").asLong());
        assertEquals(completed, total.path("completedOnTime").asLong());
        assertEquals(611 - completed, total.path("open").asLong());
        assertEquals(0, total.path("overdue").asLong());
        assertEquals(0, total.path("cancelled").asLong());
        assertEquals(30, town.path("children").size());
        for (JsonNode child : town.path("children")) {
            List<Work> inVillage = work.stream().filter(w -> w.villageId().equals(child.path("nodeId").asText()))
                    .toList();
            long done = inVillage.stream().filter(w -> w.plan().verified()).count();
            String name = child.path("name").asText();
            assertEquals(inVillage.size(), child.path("counts").path("dispatched").asLong(), name);
            assertEquals(done, child.path("counts").path("completed").asLong(), name);
            assertEquals(inVillage.size() - done, child.path("counts").path("open").asLong(), name);
        }

        JsonNode progress = TOWN_ADMIN.get(Api.TASK + "/api/key-work/" + itemId + "/progress").path("total");
        assertEquals(611, progress.path("dispatched").asLong());
        assertEquals(completed, progress.path("completed").asLong());
        Map<String, Long> byStatus = new TreeMap<>();
        for (Work w : work) {
            String status = switch (w.plan()) {
                case UNTOUCHED -> "DISPATCHED";
                case ACCEPTED -> "ACCEPTED";
                case SUBMITTED -> "SUBMITTED";
                default -> "COMPLETED";
            };
            byStatus.merge(status, 1L, Long::sum);
        }
        Map<String, Long> reported = new TreeMap<>();
        progress.path("byStatus").fields().forEachRemaining(e -> {
            if (e.getValue().asLong() > 0) {
                reported.put(e.getKey(), e.getValue().asLong());
            }
        });
        assertEquals(byStatus, reported);

        long missingGrids = work.stream().filter(w -> w.index() % 7 == 0).count();
        long missing = 0;
        for (Village village : villages.values()) {
            missing += village.cadre().get(Api.REPORT + "/api/reports/missing?nodeId=" + village.id() + "&period="
                    + period).size();
        }
        assertEquals(missingGrids, missing, "the micro-grids that did not file are the ones missing");
        assertEquals(3, TOWN_ADMIN.get(Api.REPORT + "/api/reports/missing?nodeId=" + townId + "&period=" + period)
                .size(), "three villages did not file");
    }

    private void everyVerifiedTaskEarnedItsMemberExactlyOneEntry() {
        long expected = expectedAwards();
        await("points-service caught up after its restart", () -> county.ofType("wangge.points.awarded.v1").size()
                >= expected);
        List<CountySystem.Event> awards = county.ofType("wangge.points.awarded.v1");
        assertEquals(expected, awards.size(), "no award lost or doubled across the restart");
        awards.stream().map(a -> a.data().path("occurredOn").asText().substring(0, 7)).distinct().sorted()
                .forEach(months::add);
        Map<String, List<JsonNode>> bySource = awards.stream().map(CountySystem.Event::data)
                .collect(Collectors.groupingBy(d -> d.path("source").asText()));
        for (Work w : work) {
            List<JsonNode> entries = bySource.getOrDefault("task:" + w.taskId(), List.of());
            if (!w.plan().verified() || !w.member()) {
                assertEquals(0, entries.size(), w.gridName() + ": no task points");
                continue;
            }
            assertEquals(1, entries.size(), w.gridName() + ": exactly one entry for the verified task");
            assertEquals(w.personId(), entries.get(0).path("personId").asText(), w.gridName() + ": the assignee");
            assertEquals(TASK_RULE, entries.get(0).path("rule").asText());
            assertEquals(8, entries.get(0).path("points").asInt(), "the safety category's rule");
        }
        for (Filed report : filed) {
            assertEquals(report.authorMember() ? 1 : 0, bySource.getOrDefault("report:" + report.reportId(),
                    List.of()).size(), "on-time report points of " + report.nodeId());
            assertEquals(0, bySource.getOrDefault("report-visits:" + report.reportId(), List.of()).size(),
                    "a count typed into a report earns nothing: " + report.nodeId());
            for (String visit : report.visitIds()) {
                List<JsonNode> entries = bySource.getOrDefault("visit:" + visit, List.of());
                assertEquals(report.authorMember() ? 1 : 0, entries.size(), "points of visit " + visit);
                if (!entries.isEmpty()) {
                    assertEquals(report.authorPersonId(), entries.get(0).path("personId").asText(), "the visitor");
                    assertEquals("HOUSEHOLD_VISIT", entries.get(0).path("rule").asText());
                }
            }
        }

        // and the same, read back from the ledger API, member by member
        Map<String, List<Work>> byMember = work.stream().filter(w -> w.plan().verified() && w.member())
                .collect(Collectors.groupingBy(Work::personId));
        inParallel(List.copyOf(byMember.entrySet()), member -> {
            Map<String, Integer> sources = new HashMap<>();
            for (String month : months) {
                for (JsonNode entry : COUNTY_ADMIN.get(Api.POINTS + "/api/members/" + member.getKey()
                        + "/ledger?size=100&period=" + month).path("items")) {
                    sources.merge(entry.path("source").asText(), 1, Integer::sum);
                }
            }
            for (Work w : member.getValue()) {
                assertEquals(1, sources.getOrDefault("task:" + w.taskId(), 0), w.gridName() + " in the ledger");
            }
        });
    }

    private long expectedAwards() {
        long tasks = work.stream().filter(w -> w.plan().verified() && w.member()).count();
        long reports = filed.stream().filter(Filed::authorMember).count();
        long visits = filed.stream().filter(Filed::authorMember).mapToLong(f -> f.visitIds().size()).sum();
        return tasks + reports + visits;
    }

    private void theCountyGotOneValidEventPerStateChange() {
        long accepted = work.stream().filter(w -> w.plan().accepted()).count();
        long submitted = work.stream().filter(w -> w.plan().submitted()).count()
                + work.stream().filter(w -> w.plan() == Plan.RETURNED_THEN_VERIFIED).count();
        long returned = work.stream().filter(w -> w.plan() == Plan.RETURNED_THEN_VERIFIED).count();
        long completed = work.stream().filter(w -> w.plan().verified()).count();
        Map<String, Long> expected = new TreeMap<>();
        expected.put("wangge.node.created.v1", demoLoad.path("nodes").asLong());
        expected.put("wangge.person.changed.v1", demoLoad.path("people").asLong());
        expected.put("wangge.assignment.started.v1", demoLoad.path("assignments").asLong());
        // each recorded visit is a fact of its own and changes its household (visit count, last visited)
        long visits = filed.stream().mapToLong(f -> f.visitIds().size()).sum();
        expected.put("wangge.household.changed.v1", demoLoad.path("households").asLong() + visits);
        expected.put("wangge.household.visited.v1", visits);
        expected.put("wangge.keywork.dispatched.v1", 1L);
        expected.put("wangge.task.dispatched.v1", 611L);
        expected.put("wangge.task.accepted.v1", accepted);
        expected.put("wangge.task.submitted.v1", submitted);
        expected.put("wangge.task.returned.v1", returned);
        expected.put("wangge.task.completed.v1", completed);
        expected.put("wangge.report.filed.v1", (long) filed.size());
        expected.put("wangge.report.accepted.v1", (long) reportsAccepted);
        expected.put("wangge.points.awarded.v1", expectedAwards());
        long all = expected.values().stream().mapToLong(Long::longValue).sum();
        await("the county system has read every event",
                () -> county.events(e -> !clockDriven(e)).size() >= all);

        List<CountySystem.Event> events = county.events(e -> true);
        List<String> invalid = events.stream().filter(e -> !e.problems().isEmpty())
                .map(e -> e.topic() + " " + e.type() + " " + e.id() + ": " + e.problems()).limit(10).toList();
        assertEquals(List.of(), invalid, "every record is a valid CloudEvent of the contract");
        Map<String, Long> byType = new TreeMap<>(events.stream().filter(e -> !clockDriven(e))
                .collect(Collectors.groupingBy(CountySystem.Event::type, Collectors.counting())));
        assertEquals(expected, byType, "one event per state change, of each type");
        theRemindersTheDayBroughtCameOnceEach();
        assertEquals(events.size(), events.stream().map(CountySystem.Event::id).distinct().count(),
                "no event delivered twice");
        for (String topic : county.topics()) {
            assertTrue(events.stream().anyMatch(e -> e.topic().equals(topic)), "events on " + topic);
        }
        Map<String, Long> completions = county.ofType("wangge.task.completed.v1").stream()
                .collect(Collectors.groupingBy(e -> e.data().path("taskId").asText(), Collectors.counting()));
        Set<String> verified = work.stream().filter(w -> w.plan().verified()).map(Work::taskId)
                .collect(Collectors.toSet());
        assertEquals(verified, completions.keySet(), "the verified tasks, each completed once");
    }

    /**
     * 收网提醒 follow the wall clock the stack runs by: on the days before a week's or month's filing deadline the
     * report-service sweep reminds every node that has not filed (the CI of 3 December met November's). How many
     * depends on the day the suite runs, so they are not counted with the state changes; what holds on any day is
     * that each node is reminded of a period at most once and each reminder tells the node's group once.
     */
    private static boolean clockDriven(CountySystem.Event e) {
        return e.type().equals("wangge.report.due-soon.v1") || (e.type().equals("wangge.notice.raised.v1")
                && e.data().path("kind").asText().equals("REPORT_DUE"));
    }

    private void theRemindersTheDayBroughtCameOnceEach() {
        // a reminder read after its deadline tells nobody, so only those still ahead of their deadline must notify
        Set<String> ahead = county.ofType("wangge.report.due-soon.v1").stream()
                .filter(e -> OffsetDateTime.parse(e.data().path("deadlineAt").asText())
                        .isAfter(OffsetDateTime.now().plusMinutes(5)))
                .map(TownWeekSystemTest::reminderSubject).collect(Collectors.toSet());
        await("each reminder told its node's group", () -> reportNotices().stream()
                .map(e -> e.data().path("subjectId").asText()).collect(Collectors.toSet()).containsAll(ahead));
        // the notices first, the reminders after: a sweep in between adds reminders, never a notice without one
        Map<String, Long> noticesPerSubject = reportNotices().stream()
                .collect(Collectors.groupingBy(e -> e.data().path("subjectId").asText(), Collectors.counting()));
        List<CountySystem.Event> dues = county.ofType("wangge.report.due-soon.v1");
        Map<String, Long> perNodeAndPeriod = dues.stream()
                .collect(Collectors.groupingBy(TownWeekSystemTest::reminderSubject, Collectors.counting()));
        assertEquals(List.of(), perNodeAndPeriod.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).limit(10).toList(), "a node is reminded of a period once");
        assertEquals(List.of(), noticesPerSubject.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).limit(10).toList(), "one notice per reminder");
        assertTrue(perNodeAndPeriod.keySet().containsAll(noticesPerSubject.keySet()), "no notice without its reminder");
        System.out.println("  reminders the day brought: " + dues.size() + ", their notices: "
                + noticesPerSubject.size());
    }

    private List<CountySystem.Event> reportNotices() {
        return county.ofType("wangge.notice.raised.v1").stream()
                .filter(e -> e.data().path("kind").asText().equals("REPORT_DUE")).toList();
    }

    /** The subject task-service gives a reminder's notice: one per node and period. */
    private static String reminderSubject(CountySystem.Event due) {
        return java.util.UUID.nameUUIDFromBytes(("report:" + due.data().path("nodeId").asText() + ":"
                + due.data().path("period").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    // --- helpers ---

    private static Map<String, Object> submission(Work w, String note) {
        return Map.of("note", note, "photoUrls", List.of("https://img.wangge.local/" + w.taskId() + ".jpg"));
    }

    private static void assertHidden(int status, String what) {
        assertTrue(status == 403 || status == 404, what + " answered " + status + ", not 403/404");
    }

    /** Runs the step for each element on four threads (a town's staff act at once), failing with the first error. */
    private <T> void inParallel(List<T> elements, Consumer<T> step) {
        List<Future<?>> running = new ArrayList<>();
        for (T element : elements) {
            running.add(pool.submit(() -> step.accept(element)));
        }
        try {
            for (Future<?> each : running) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the services to catch up from Kafka. The system runs in real time with real clocks: there is
     * nothing to inject, so the suite polls the public APIs (or its own consumer) until the condition holds.
     */
    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + CATCH_UP + ": " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
