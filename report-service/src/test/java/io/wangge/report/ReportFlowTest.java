package io.wangge.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportFlowTest {

    private static final OffsetDateTime THURSDAY = OffsetDateTime.parse("2026-11-26T10:00:00+08:00");
    private static final OffsetDateTime SATURDAY = OffsetDateTime.parse("2026-11-28T09:00:00+08:00");

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    private ReportTown town;

    @BeforeEach
    void setUp() {
        clock.set(THURSDAY.toInstant());
        if (town == null) {
            town = new ReportTown(entityManager, clock);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String draft(String worker, UUID node, String period) {
        return ReportTown.as(worker, "grid-worker").body(Map.of("nodeId", node, "period", period))
                .post("/api/reports").then().statusCode(201).extract().path("id");
    }

    private void write(String worker, String id, long version, int visits, String narrative) {
        ReportTown.as(worker, "grid-worker").header("If-Match", "\"" + version + "\"")
                .body(Map.of("sections", List.of(Map.of("category", "AIR_POLLUTION", "tasksDone", 2,
                                "problemsFound", 1, "problemsSolved", 1, "notes", "发现一处焚烧点，已劝阻")),
                        "activities", Map.of("householdVisits", visits, "meetings", 1),
                        "narrative", narrative))
                .put("/api/reports/" + id).then().statusCode(200);
    }

    @Test
    void filedOnTimeReturnedRefiledAndAccepted() {
        String id = draft(town.majia1Worker, town.majia1.id(), "2026-W48");
        write(town.majia1Worker, id, 0, 12, "本周走访12户，开展禁烧宣传");
        // filing is a step of the report's life: taken on the version read (428 without, 412 on a stale one)
        given().header("Authorization", Tokens.bearer(town.majia1Worker, "grid-worker"))
                .post("/api/reports/" + id + "/file").then().statusCode(428);
        given().header("Authorization", Tokens.bearer(town.majia1Worker, "grid-worker")).header("If-Match", "\"0\"")
                .post("/api/reports/" + id + "/file").then().statusCode(412).body("current.version", equalTo(1));
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + id + "/file").then()
                .statusCode(200).body("status", equalTo("FILED")).body("onTime", equalTo(true));
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + id + "/accept").then()
                .statusCode(403);
        ReportTown.as(town.majiaCadre, "village-cadre").body(Map.of("reason", "请补充焚烧点位置"))
                .post("/api/reports/" + id + "/return").then().statusCode(200).body("status", equalTo("RETURNED"));
        clock.set(SATURDAY.toInstant());
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + id + "/file").then()
                .statusCode(200).body("onTime", equalTo(false));
        ReportTown.as(town.majiaCadre, "village-cadre").post("/api/reports/" + id + "/accept").then()
                .statusCode(200).body("status", equalTo("ACCEPTED"));
        ReportTown.as(town.majia1Worker, "grid-worker").header("If-Match", "\"5\"")
                .body(Map.of("narrative", "验收后改动")).put("/api/reports/" + id).then().statusCode(409);

        try (EventTap tap = EventTap.on("wangge.report")) {
            var events = tap.await(EventTap.keyed(id), 4);
            assertEquals(List.of("wangge.report.filed.v1", "wangge.report.returned.v1", "wangge.report.filed.v1",
                    "wangge.report.accepted.v1"), events.stream().map(r -> EventTap.header(r, "ce_type")).toList());
            JsonNode filed = ContractAssertions.assertConforms(events.get(0));
            assertEquals(true, filed.path("onTime").asBoolean());
            assertEquals(12, filed.path("activities").path("householdVisits").asInt());
        }
    }

    @Test
    void theReportsOfAPlaceGoOutAsASheetInTheCallersSightOnly() throws Exception {
        String id = draft(town.majia2Worker, town.majia2.id(), "2026-W43");
        write(town.majia2Worker, id, 0, 7, "=HYPERLINK(\"http://evil.example\") 本周走访7户");
        ReportTown.as(town.majia2Worker, "grid-worker").post("/api/reports/" + id + "/file").then().statusCode(200);
        ReportTown.as(town.majiaCadre, "village-cadre").body(Map.of("reason", "请补充焚烧点位置"))
                .post("/api/reports/" + id + "/return").then().statusCode(200);

        var xlsx = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/reports/export.xlsx?nodeId=" + town.majia.id() + "&period=2026-W43");
        xlsx.then().statusCode(200).header("Content-Disposition", containsString(".xlsx"));
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.asByteArray()))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals("网格", rows.get(0).getCellText(0));
            assertEquals("包户走访", rows.get(0).getCellText(6));
            var row = rows.stream().filter(r -> "马家村第二微网格".equals(r.getCellText(0))).findFirst().orElseThrow();
            assertEquals("已退回", row.getCellText(2));
            assertEquals("7", row.getCellText(6).replaceAll("\\.0$", ""));
            assertEquals(org.dhatim.fastexcel.reader.CellType.STRING, row.getCell(15).getType(),
                    "what looks like a formula stays text");
            assertTrue(row.getCellText(15).startsWith("=HYPERLINK"), row.getCellText(15));
            assertEquals("请补充焚烧点位置", row.getCellText(16));
        }
        byte[] csv = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/reports/export.csv?nodeId=" + town.majia.id() + "&period=2026-W43&status=RETURNED")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertTrue(text.contains("马家村第二微网格,2026-W43,已退回"), text);
        assertTrue(text.contains("'=HYPERLINK"), "a formula is neutralised in CSV: " + text);
        // a grid worker of another micro-grid does not see the village's reports
        ReportTown.as(town.majia1Worker, "grid-worker")
                .get("/api/reports/export.csv?nodeId=" + town.majia.id() + "&period=2026-W43").then().statusCode(404);
    }

    private void awaitVisits(int visits) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> visitsCounted() >= visits);
        assertEquals(visits, visitsCounted(), "each visit counted once");
    }

    private int visitsCounted() {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT COALESCE(SUM(visits), 0) FROM household_visit_day"
                        + " WHERE micro_grid_id IN (?1, ?2, ?3)").setParameter(1, town.majia1.id())
                .setParameter(2, town.majia2.id()).setParameter(3, town.xuejia1.id()).getSingleResult())
                .intValue());
    }

    @Test
    void aNewReportCountsTheVisitsRecordedInItsPlaceAndPeriod() {
        // 2026-W44 runs from Monday 26 October to Sunday 1 November (Shanghai days, as grid-service dates visits)
        UUID monday = UUID.randomUUID();
        String mondayEvent = UUID.randomUUID().toString();
        try (GridFeed feed = new GridFeed(clock)) {
            for (String day : List.of("2026-10-25", "2026-10-27", "2026-11-01", "2026-11-02")) {
                feed.visited(town.majia1, town.majia1Worker, java.time.LocalDate.parse(day));
            }
            feed.visited(town.majia1, town.majia1Worker, java.time.LocalDate.parse("2026-10-26"), monday,
                    mondayEvent);
            feed.visited(town.majia2, town.majia2Worker, java.time.LocalDate.parse("2026-10-28"));
            feed.visited(town.xuejia1, town.xuejia1Worker, java.time.LocalDate.parse("2026-10-28"));
        }
        awaitVisits(7);
        // the same visit again: redelivered, and replayed under a new event id once its claim was pruned (a rebuilt
        // read model reads wangge.grid from the start); then one new visit, so the count is read after both
        try (GridFeed feed = new GridFeed(clock)) {
            feed.visited(town.majia1, town.majia1Worker, java.time.LocalDate.parse("2026-10-26"), monday,
                    mondayEvent);
            feed.visited(town.majia1, town.majia1Worker, java.time.LocalDate.parse("2026-10-26"), monday,
                    UUID.randomUUID().toString());
            feed.visited(town.xuejia1, town.xuejia1Worker, java.time.LocalDate.parse("2026-10-29"));
        }
        awaitVisits(8);

        String id = draft(town.majia1Worker, town.majia1.id(), "2026-W44");
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/reports/" + id).then().statusCode(200)
                .body("activities.householdVisits", equalTo(3));
        String other = draft(town.majia2Worker, town.majia2.id(), "2026-W45");
        ReportTown.as(town.majia2Worker, "grid-worker").get("/api/reports/" + other).then().statusCode(200)
                .body("activities.householdVisits", equalTo(null));
        // the village's draft: its two micro-grids' visits of the week, and of October
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/reports/draft?nodeId=" + town.majia.id()
                + "&period=2026-W44").then().statusCode(200).body("recordedHouseholdVisits", equalTo(4));
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/reports/draft?nodeId=" + town.majia.id()
                + "&period=2026-10").then().statusCode(200).body("recordedHouseholdVisits", equalTo(4));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/reports/draft?nodeId=" + town.town.id()
                + "&period=2026-11").then().statusCode(200).body("recordedHouseholdVisits", equalTo(2));
    }

    @Test
    void nobodyAcceptsTheirOwnReport() {
        // 马家村's cadre also works 马家村第一微网格: they may file its report, not accept it
        try (GridFeed feed = new GridFeed(clock)) {
            feed.assign(town.majia1, town.majiaCadre, "马秀英", "AUXILIARY_GRID_WORKER", false);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                        .createNativeQuery("SELECT count(*) FROM assignment_view WHERE account_id = ?1")
                        .setParameter(1, town.majiaCadre).getSingleResult()).intValue() == 2));
        String id = ReportTown.as(town.majiaCadre, "village-cadre").body(Map.of("nodeId", town.majia1.id(),
                "period", "2026-W45")).post("/api/reports").then().statusCode(201).extract().path("id");
        ReportTown.as(town.majiaCadre, "village-cadre").post("/api/reports/" + id + "/file").then().statusCode(200);
        ReportTown.as(town.majiaCadre, "village-cadre").post("/api/reports/" + id + "/accept").then()
                .statusCode(403).body("detail", containsString("their own work"));
        ReportTown.as(town.majiaCadre, "village-cadre").body(Map.of("reason", "自己退回"))
                .post("/api/reports/" + id + "/return").then().statusCode(403);
        ReportTown.as(town.townAdmin, "town-admin").post("/api/reports/" + id + "/accept").then().statusCode(200);
        // and a town admin does not file a village's report in its name
        ReportTown.as(town.townAdmin, "town-admin").body(Map.of("nodeId", town.majia.id(), "period", "2026-W45"))
                .post("/api/reports").then().statusCode(403);
    }

    @Test
    void onlyTheNodesOwnStaffFileAndOthersDoNotSee() {
        ReportTown.as(town.xuejia1Worker, "grid-worker").body(Map.of("nodeId", town.majia2.id(), "period",
                "2026-W47")).post("/api/reports").then().statusCode(404);
        ReportTown.as(town.majia1Worker, "grid-worker").body(Map.of("nodeId", town.majia.id(), "period",
                "2026-W47")).post("/api/reports").then().statusCode(404);
        String id = draft(town.majia2Worker, town.majia2.id(), "2026-W47");
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/reports/" + id).then().statusCode(404);
        ReportTown.as(town.majia2Worker, "grid-worker").body(Map.of("nodeId", town.majia2.id(), "period",
                "2026-W47")).post("/api/reports").then().statusCode(409);
        ReportTown.as(town.majia2Worker, "grid-worker").body(Map.of("nodeId", town.majia2.id(), "period",
                "第47周")).post("/api/reports").then().statusCode(400).body("errors.field", hasItem("period"));
    }

    @Test
    void villageDraftMissingRankingAndBrief() {
        clock.set(OffsetDateTime.parse("2026-11-12T10:00:00+08:00").toInstant());
        String a1 = draft(town.majia1Worker, town.majia1.id(), "2026-W46");
        write(town.majia1Worker, a1, 0, 10, "马一组：走访10户");
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + a1 + "/file").then().statusCode(200);
        String a2 = draft(town.majia2Worker, town.majia2.id(), "2026-W46");
        write(town.majia2Worker, a2, 0, 7, "马二组：走访7户");

        clock.set(OffsetDateTime.parse("2026-11-14T20:00:00+08:00").toInstant());
        ReportTown.as(town.majia2Worker, "grid-worker").post("/api/reports/" + a2 + "/file").then()
                .body("onTime", equalTo(false));
        clock.set(OffsetDateTime.parse("2026-11-13T09:00:00+08:00").toInstant());

        Response draft = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/reports/draft?nodeId=" + town.majia.id() + "&period=2026-W46");
        draft.then().statusCode(200)
                .body("activities.householdVisits", equalTo(17))
                .body("activities.meetings", equalTo(2))
                .body("sections[0].tasksDone", equalTo(4))
                .body("childNarratives", hasItem(containsString("马一组")))
                .body("missingChildren.size()", equalTo(0));

        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/reports/missing?nodeId=" + town.town.id() + "&period=2026-W46").then().statusCode(200)
                .body("name", contains("马家村", "薛家村"))
                .body("[0].deadline", equalTo("2026-11-14T12:00:00+08:00"));

        UUID item = UUID.randomUUID();
        try (TaskFeed feed = new TaskFeed(clock)) {
            OffsetDateTime due = OffsetDateTime.parse("2026-11-13T18:00:00+08:00");
            TaskFeed.Task m1 = new TaskFeed.Task(item, town.majia1, "LIVELIHOOD", due, town.majia1Worker);
            TaskFeed.Task m2 = new TaskFeed.Task(item, town.majia2, "LIVELIHOOD", due, town.majia2Worker);
            feed.dispatched(m1);
            feed.dispatched(m2);
            feed.complete(m1, due.minusHours(5), town.majiaCadre);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                ReportTown.as(town.majiaCadre, "village-cadre")
                        .get("/api/rollups?nodeId=" + town.majia.id() + "&period=2026-W46")
                        .<Integer>path("total.completed") == 1);
        ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/rankings?nodeId=" + town.majia.id() + "&period=2026-W46").then().statusCode(200)
                .body("formula", containsString("任务完成率"))
                .body("weights.completion", equalTo(0.4f))
                .body("entries.name", contains("马家村第一微网格", "马家村第二微网格"))
                .body("entries[0].score", equalTo(1.0f))
                .body("entries[1].filing", equalTo(0.5f))
                .body("entries[1].rank", equalTo(2));

        byte[] csv = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/exports/brief.csv?nodeId=" + town.majia.id() + "&period=2026-W46")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asByteArray();
        assertEquals((byte) 0xEF, csv[0], "UTF-8 BOM for Excel");
        String text = new String(csv, StandardCharsets.UTF_8);
        assertTrue(text.contains("马家村第一微网格,已报送"), text);
        assertTrue(text.contains("包户走访"));
        var xlsx = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/exports/ranking.xlsx?nodeId=" + town.majia.id() + "&period=2026-W46");
        xlsx.then().statusCode(200).header("Content-Disposition", containsString(".xlsx"));
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(xlsx.asByteArray()))) {
            var rows = workbook.getFirstSheet().read();
            assertEquals("督办红牌", rows.get(0).getCellText(7));
            assertEquals("马家村第一微网格", rows.get(1).getCellText(1));
            assertEquals(org.dhatim.fastexcel.reader.CellType.NUMBER, rows.get(1).getCell(2).getType());
            assertTrue(rows.get(rows.size() - 1).getCellText(2).contains("任务完成率"), "the formula goes along");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/exports/brief.html?nodeId=" + town.majia.id() + "&period=2026-W46")
                .then().statusCode(200).body(containsString("class=\"bar\" style=\"width: 100%\""))
                .body(containsString("马家村 2026-W46 工作简报")).body(containsString("观摩评比排名"));

        Response pdf = ReportTown.as(town.majiaCadre, "village-cadre")
                .get("/api/exports/brief.pdf?nodeId=" + town.majia.id() + "&period=2026-W46");
        pdf.then().statusCode(200).contentType("application/pdf")
                .header("Content-Disposition", containsString("filename*=UTF-8''"
                        + java.net.URLEncoder.encode("马家村 2026-W46 工作简报.pdf", StandardCharsets.UTF_8)
                        .replace("+", "%20")));
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf.asByteArray())) {
            var page = document.getPage(0);
            assertEquals(595, Math.round(page.getMediaBox().getWidth()), "A4");
            assertEquals(842, Math.round(page.getMediaBox().getHeight()), "A4");
            String printed = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("[ \\t]+", " ");
            assertTrue(printed.contains("马家村 2026-W46 工作简报"), printed);
            assertTrue(printed.contains("马家村第一微网格"), printed);
            assertTrue(printed.contains("观摩评比排名"), printed);
            assertTrue(printed.contains("100.0%"), "the first micro-grid's bar and rate: " + printed);
            assertTrue(printed.contains("\u2212 0.05 ×") && !printed.contains("#"), "every character has a glyph: " + printed);
            // every character printed is drawn with a font inside the PDF (no reader substitutes one)
            var used = new java.util.TreeMap<String, StringBuilder>();
            var stripper = new org.apache.pdfbox.text.PDFTextStripper() {
                @Override
                protected void writeString(String text, java.util.List<org.apache.pdfbox.text.TextPosition> positions) {
                    for (var position : positions) {
                        String font = position.getFont().getName() + (position.getFont().isEmbedded() ? "" : " (not embedded)");
                        used.computeIfAbsent(font, f -> new StringBuilder()).append(position.getUnicode());
                    }
                }
            };
            stripper.getText(document);
            assertEquals(2, used.size(), used.toString());
            assertTrue(used.keySet().stream().allMatch(f -> !f.contains("not embedded")), used.keySet().toString());
            String chinese = used.entrySet().stream().filter(e -> e.getKey().contains("DroidSansFallback"))
                    .findFirst().orElseThrow().getValue().toString();
            String latin = used.entrySet().stream().filter(e -> e.getKey().contains("DejaVuSans"))
                    .findFirst().orElseThrow().getValue().toString();
            assertTrue(chinese.contains("马家村第一微网格") && latin.contains("2026-W46"), used.toString());
            // the first page as an image, for people to look at (target/brief-page1.png)
            var image = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 110);
            javax.imageio.ImageIO.write(image, "png", new java.io.File("target/brief-page1.png"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void tiesShareARank() {
        ReportTown.as(town.townAdmin, "town-admin")
                .get("/api/rankings?nodeId=" + town.town.id() + "&period=2026-W40").then().statusCode(200)
                .body("entries.rank", contains(1, 1))
                .body("entries.score", contains(0.0f, 0.0f));
    }
}
