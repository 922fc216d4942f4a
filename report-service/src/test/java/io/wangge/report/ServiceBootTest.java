package io.wangge.report;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ServiceBootChecks;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.Map;

@QuarkusTest
class ServiceBootTest extends ServiceBootChecks {

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Override
    protected String protectedPath() {
        return "/api/periods/current";
    }

    /** A week's report of one town's micro-grid, drafted by its worker, and an activity it recorded. */
    @Override
    protected Map<String, String> recordsOfOnePlace() {
        ReportTown town = new ReportTown(entityManager, clock);
        String report = ReportTown.as(town.majia1Worker, "grid-worker").body(Map.of("nodeId", town.majia1.id(),
                "period", "2026-W48")).post("/api/reports").then().statusCode(201).extract().path("id");
        clock.set(java.time.OffsetDateTime.parse("2026-11-27T10:00:00+08:00").toInstant());
        String activity = ReportTown.as(town.majia1Worker, "grid-worker").body(Map.of("nodeId", town.majia1.id(),
                "kind", "SUGGESTION", "title", "收集意见", "heldOn", "2026-11-26", "quantity", 3, "headcount", 3))
                .post("/api/activities").then().statusCode(201).extract().path("id");
        clock.reset();
        return Map.of("/api/reports/{id}", report, "/api/reports/{id}/accept", report,
                "/api/reports/{id}/file", report, "/api/reports/{id}/return", report,
                "/api/activities/{id}", activity, "/api/activities/{id}/withdraw", activity);
    }

    @Override
    protected Map<String, String> notBoundToAPlace() {
        return Map.of("/api/periods/{id}", "a reporting period (2026-W48) is the calendar's, the same everywhere");
    }

    /** The town admin of another county's town, holding every staff role. */
    @Override
    protected String outsider() {
        ReportTown elsewhere = new ReportTown(entityManager, clock);
        return Tokens.everyStaffRole(elsewhere.townAdmin);
    }
}
