package io.wangge.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The town's work on record (活动台账): recorded in the caller's place, counted, prefilled, ranked, summed up. */
@QuarkusTest
class ActivityTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, Object> activity(UUID node, String kind, String title, String heldOn, int quantity,
                                                int headcount) {
        Map<String, Object> body = new HashMap<>();
        body.put("nodeId", node);
        body.put("kind", kind);
        body.put("title", title);
        body.put("heldOn", heldOn);
        body.put("quantity", quantity);
        body.put("headcount", headcount);
        return body;
    }

    private static String record(String account, String role, Map<String, Object> body) {
        return ReportTown.as(account, role).body(body).post("/api/activities").then().statusCode(201)
                .header("ETag", equalTo("\"0\"")).extract().path("id");
    }

    @Test
    void staffRecordTheirPlacesWorkAndItCountsWhereverItIsRead() {
        // Wednesday of 2026-W49
        clock.set(OffsetDateTime.parse("2026-12-02T10:00:00+08:00").toInstant());
        ReportTown town = new ReportTown(entityManager, clock);
        UUID cadre = UUID.nameUUIDFromBytes(("person:" + town.majiaCadre).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> visit = activity(town.majia.id(), "RESEARCH_VISIT", "走访马家村种植大户，了解冬季用工",
                "2026-11-30", 1, 6);
        visit.put("participantIds", List.of(cadre));
        visit.put("note", "大户反映冷库用电紧张");
        String research = record(town.majiaCadre, "village-cadre", visit);
        String suggestions = record(town.majia1Worker, "grid-worker", activity(town.majia1.id(), "SUGGESTION",
                "网格群收集村道硬化意见", "2026-12-01", 5, 0));
        clock.set(OffsetDateTime.parse("2026-03-16T10:00:00+08:00").toInstant());
        record(town.townAdmin, "town-admin", activity(town.town.id(), "TRAINING", "全镇网格员业务培训",
                "2026-03-15", 150, 150));
        clock.set(OffsetDateTime.parse("2026-12-02T10:00:00+08:00").toInstant());
        record(town.townAdmin, "town-admin", activity(town.town.id(), "SEMINAR", "党建+网格座谈会", "2026-12-02", 1,
                20));

        try (EventTap tap = EventTap.on("wangge.report")) {
            JsonNode data = ContractAssertions.assertConforms(tap.await(EventTap.keyed(research), 1).get(0));
            assertEquals("RESEARCH_VISIT", data.path("kind").asText());
            assertEquals(cadre.toString(), data.path("participantIds").get(0).asText());
            assertEquals("2026-11-30", data.path("heldOn").asText());
        }

        // the refusals: a member of the place without a staff role records nothing; a micro-grid's worker does not
        // see the village above it, nor another village's worker the grid; no future days; a kind, a title and a
        // day are required; quantities count
        ReportTown.as(town.majia1Worker, "party-member").body(activity(town.majia1.id(), "SEMINAR", "党员议事",
                "2026-12-01", 1, 12)).post("/api/activities").then().statusCode(403);
        ReportTown.as(town.majia1Worker, "grid-worker").body(activity(town.majia.id(), "SEMINAR", "村民议事会",
                "2026-12-01", 1, 12)).post("/api/activities").then().statusCode(404);
        ReportTown.as(town.xuejia1Worker, "grid-worker").body(activity(town.majia1.id(), "SEMINAR", "议事会",
                "2026-12-01", 1, 12)).post("/api/activities").then().statusCode(404);
        ReportTown.as(town.majiaCadre, "village-cadre").body(activity(town.majia.id(), "SEMINAR", "议事会",
                "2026-12-03", 1, 12)).post("/api/activities").then().statusCode(400)
                .body("errors.field", hasItem("heldOn"));
        ReportTown.as(town.majiaCadre, "village-cadre").body(Map.of("nodeId", town.majia.id(), "quantity", 0,
                "headcount", 1)).post("/api/activities").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("kind", "title", "heldOn", "quantity"));
        ReportTown.as(town.majiaCadre, "village-cadre").body(activity(town.majia.id(), "PARTY", "聚餐",
                "2026-12-01", 1, 12)).post("/api/activities").then().statusCode(400);
        // recorded while fresh (14 days), and only the place's own people (or their superiors) take part in it
        ReportTown.as(town.majiaCadre, "village-cadre").body(activity(town.majia.id(), "SEMINAR", "补登的座谈会",
                "2026-11-17", 1, 12)).post("/api/activities").then().statusCode(400)
                .body("errors.field", hasItem("heldOn"));
        UUID stranger = UUID.nameUUIDFromBytes(("person:" + town.xuejia1Worker).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> borrowed = activity(town.majia.id(), "SEMINAR", "村民议事会", "2026-12-01", 1, 12);
        borrowed.put("participantIds", List.of(cadre, stranger));
        ReportTown.as(town.majiaCadre, "village-cadre").body(borrowed).post("/api/activities").then()
                .statusCode(400).body("errors.field", hasItem("participantIds"))
                .body("errors.message", hasItem(containsString(stranger.toString())));

        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/activities?nodeId=" + town.majia.id()
                + "&period=2026-W49").then().statusCode(200)
                .body("items.title", contains("网格群收集村道硬化意见", "走访马家村种植大户，了解冬季用工"))
                .body("items[1].kindLabel", equalTo("调研走访"))
                .body("items[1].note", equalTo("大户反映冷库用电紧张"));
        ReportTown.as(town.xuejia1Worker, "grid-worker").get("/api/activities/" + research).then().statusCode(404);

        // a new report of the micro-grid starts with what it recorded
        String report = ReportTown.as(town.majia1Worker, "grid-worker").body(Map.of("nodeId", town.majia1.id(),
                "period", "2026-W49")).post("/api/reports").then().statusCode(201).extract().path("id");
        ReportTown.as(town.majia1Worker, "grid-worker").get("/api/reports/" + report).then()
                .body("activities.suggestionsCollected", equalTo(5));

        // the ranking counts the activities on record, its formula and weights say how
        ReportTown.as(town.townAdmin, "town-admin").get("/api/rankings?nodeId=" + town.town.id()
                + "&period=2026-W49").then().statusCode(200)
                .body("formula", containsString("活动台账"))
                .body("weights.activity", equalTo(0.1f))
                .body("weights.activityTarget", equalTo(4.0f))
                .body("entries.find { it.name == '马家村' }.activities", equalTo(2))
                .body("entries.find { it.name == '马家村' }.score", equalTo(0.05f))
                .body("entries.find { it.name == '薛家村' }.activities", equalTo(0))
                .body("entries[0].name", equalTo("马家村"));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/rollups?nodeId=" + town.town.id()
                + "&period=2026-W49").then().statusCode(200)
                .body("activities.SUGGESTION", equalTo(5)).body("activities.SEMINAR", equalTo(1))
                .body("children.find { it.name == '马家村' }.activities.RESEARCH_VISIT", equalTo(1));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/exports/brief.html?nodeId=" + town.town.id()
                + "&period=2026-W49").then().statusCode(200).body(containsString("活动台账"))
                .body(containsString("意见建议 5 条"));

        // the town's year in figures, as the article tells it
        ReportTown.as(town.townAdmin, "town-admin").get("/api/activities/year-in-figures?nodeId="
                + town.town.id() + "&year=2026").then().statusCode(200)
                .body("figures.find { it.kind == 'RESEARCH_VISIT' }.quantity", equalTo(1))
                .body("figures.find { it.kind == 'SUGGESTION' }.quantity", equalTo(5))
                .body("figures.find { it.kind == 'TRAINING' }.quantity", equalTo(150))
                .body("figures.find { it.kind == 'TRAINING' }.unit", equalTo("人次"))
                .body("figures.find { it.kind == 'SEMINAR' }.records", equalTo(1))
                .body("figures.find { it.kind == 'PROBLEM_SOLVED' }.quantity", equalTo(0));

        // a mistake is withdrawn by whoever recorded it or a cadre above, on the version read; it counts no more
        String cadres = record(town.majiaCadre, "village-cadre", activity(town.majia1.id(), "PROBLEM_SOLVED",
                "修好一组路灯", "2026-12-02", 1, 2));
        ReportTown.as(town.majia1Worker, "grid-worker").header("If-Match", "\"0\"")
                .post("/api/activities/" + cadres + "/withdraw").then().statusCode(403);
        ReportTown.as(town.xuejia1Worker, "grid-worker").header("If-Match", "\"0\"")
                .post("/api/activities/" + suggestions + "/withdraw").then().statusCode(404);
        ReportTown.as(town.majia1Worker, "grid-worker").header("If-Match", "\"0\"")
                .post("/api/activities/" + suggestions + "/withdraw").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"));
        ReportTown.as(town.majia1Worker, "grid-worker").header("If-Match", "\"1\"")
                .post("/api/activities/" + suggestions + "/withdraw").then().statusCode(409);
        ReportTown.as(town.townAdmin, "town-admin").get("/api/activities/year-in-figures?nodeId="
                + town.town.id() + "&year=2026").then()
                .body("figures.find { it.kind == 'SUGGESTION' }.records", equalTo(0))
                .body("figures.find { it.kind == 'SUGGESTION' }.quantity", equalTo(0));
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/activities?nodeId=" + town.majia.id()
                + "&period=2026-W49").then().body("items.title", contains("修好一组路灯", "走访马家村种植大户，了解冬季用工"));
        ReportTown.as(town.majiaCadre, "village-cadre").get("/api/activities?nodeId=" + town.majia.id()
                + "&period=2026-W49&includeWithdrawn=true").then().body("items.size()", equalTo(3));
    }

    @Test
    void newYearsDayInShanghaiBelongsToTheNewYearAndTheOldIsoWeek() {
        // 16:30 UTC on New Year's Eve: already New Year's Day in Shanghai, a Friday of ISO week 2026-W53
        clock.set(java.time.Instant.parse("2026-12-31T16:30:00Z"));
        ReportTown town = new ReportTown(entityManager, clock);
        record(town.majiaCadre, "village-cadre", activity(town.majia.id(), "PROBLEM_SOLVED", "修复村口路灯",
                "2027-01-01", 2, 3));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/activities/year-in-figures?nodeId="
                + town.town.id() + "&year=2027").then().statusCode(200)
                .body("figures.find { it.kind == 'PROBLEM_SOLVED' }.quantity", equalTo(2));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/activities/year-in-figures?nodeId="
                + town.town.id() + "&year=2026").then()
                .body("figures.find { it.kind == 'PROBLEM_SOLVED' }.quantity", equalTo(0));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/rankings?nodeId=" + town.town.id()
                + "&period=2026-W53").then().body("entries.find { it.name == '马家村' }.activities", equalTo(1));
        ReportTown.as(town.townAdmin, "town-admin").get("/api/rankings?nodeId=" + town.town.id()
                + "&period=2027-01").then().body("entries.find { it.name == '马家村' }.activities", equalTo(1));
    }
}
