package io.wangge.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ContractAssertions;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.TestClock;
import io.wangge.report.service.ReminderService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 收网提醒 by the injected clock, for week 2026-W48 (micro-grids file by Friday 27 November 18:00, villages by
 * Saturday 12:00, the town by Monday 30 November 12:00, Asia/Shanghai; reminders 24 hours before): whoever has not
 * filed is reminded once, when their level's window opens, the town after its week has ended.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReminderTest {

    private static final OffsetDateTime THURSDAY = OffsetDateTime.parse("2026-11-26T10:00:00+08:00");

    private ReportTown town;

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    ReminderService reminders;

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

    private void at(String time) {
        clock.set(OffsetDateTime.parse(time).toInstant());
        reminders.remind();
    }

    /** This town's reminders of W48: node name → the report's status when reminded. */
    private Map<String, String> reminded() {
        Map<String, String> byName = new TreeMap<>();
        Map<UUID, String> names = Map.of(town.town.id(), "长宁镇", town.majia.id(), "马家村", town.xuejia.id(),
                "薛家村", town.majia1.id(), "马家村第一微网格", town.majia2.id(), "马家村第二微网格", town.xuejia1.id(),
                "薛家村第一微网格");
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(
                            "SELECT node_id, status FROM report_reminder WHERE period_id = '2026-W48'"
                                    + " AND node_id = ANY (CAST(?1 AS uuid[]))")
                    .setParameter(1, names.keySet().toString().replace('[', '{').replace(']', '}').replace(" ", ""))
                    .getResultList();
            rows.forEach(row -> byName.put(names.get((UUID) row[0]), (String) row[1]));
        });
        return byName;
    }

    @Test
    void whoeverHasNotFiledIsRemindedOnceWhenTheirLevelsWindowOpens() {
        // 马家村第一微网格 files; 马家村第二微网格 begins a draft and leaves it
        String filed = ReportTown.as(town.majia1Worker, "grid-worker")
                .body(Map.of("nodeId", town.majia1.id(), "period", "2026-W48")).post("/api/reports").then()
                .statusCode(201).extract().path("id");
        ReportTown.as(town.majia1Worker, "grid-worker").post("/api/reports/" + filed + "/file").then()
                .statusCode(200).body("status", equalTo("FILED"));
        ReportTown.as(town.majia2Worker, "grid-worker")
                .body(Map.of("nodeId", town.majia2.id(), "period", "2026-W48")).post("/api/reports").then()
                .statusCode(201);

        at("2026-11-26T17:59:00+08:00");
        assertEquals(Map.of(), reminded(), "a day before the micro-grids' deadline, not a minute sooner");

        at("2026-11-26T18:00:00+08:00");
        assertEquals(Map.of("马家村第二微网格", "DRAFT", "薛家村第一微网格", "NONE"), reminded());
        at("2026-11-27T09:00:00+08:00");
        at("2026-11-27T17:59:00+08:00");

        at("2026-11-27T12:00:00+08:00"); // the villages' window: Saturday 12:00 less a day
        assertEquals(Map.of("马家村", "NONE", "薛家村", "NONE", "马家村第二微网格", "DRAFT", "薛家村第一微网格", "NONE"),
                reminded());

        // the week has ended (Monday 07:30 in Shanghai, still Sunday in UTC): the town files by 12:00
        at("2026-11-30T07:30:00+08:00");
        assertEquals("NONE", reminded().get("长宁镇"));
        at("2026-11-30T12:00:00+08:00");
        assertEquals(5, reminded().size());

        try (EventTap tap = EventTap.on("wangge.report")) {
            // swept at 18:00, 09:00, 17:59, 12:00, 07:30 and 12:00: reminded once
            List<ConsumerRecord<String, String>> events = tap.await(EventTap.keyed(town.majia2.id()), 1,
                    Duration.ofSeconds(20), Duration.ofSeconds(1));
            assertEquals(1, events.size(), "once: " + events);
            assertEquals("wangge.report.due-soon.v1", EventTap.header(events.get(0), "ce_type"));
            JsonNode due = ContractAssertions.assertConforms(events.get(0));
            assertEquals("马家村第二微网格", due.path("nodeName").asText());
            assertEquals("2026-W48", due.path("period").asText());
            assertEquals("2026-11-27T18:00:00.000000+08:00", due.path("deadlineAt").asText());
            assertEquals("DRAFT", due.path("reportStatus").asText());
            // the town: November's report too (its deadline, 1 December 12:00, a day away at Monday noon)
            assertEquals(List.of("2026-11", "2026-W48"), tap.await(EventTap.keyed(town.town.id()), 2,
                            Duration.ofSeconds(20), Duration.ofSeconds(1)).stream()
                    .map(r -> ContractAssertions.assertConforms(r).path("period").asText()).sorted().toList());
        }
    }
}
