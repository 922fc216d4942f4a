package io.wangge.points;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.ReadBeforeWrite;
import io.wangge.platform.testing.Tokens;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A town fed through wangge.grid for the points tests: 长宁镇 with 马家村 and its first micro-grid, three party
 * members of one branch (two workers and the branch secretary), a worker who is not a member, and a town admin.
 */
final class PointsTown {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500));

    final int n = NEXT.incrementAndGet();
    final GridFeed.Node county;
    final GridFeed.Node town;
    final GridFeed.Node majia;
    final GridFeed.Node grid1;
    final GridFeed.Branch branch;
    final String worker1 = "p-worker1-" + n;
    final String worker2 = "p-worker2-" + n;
    final String outsider = "p-outsider-" + n;
    final String secretary = "p-secretary-" + n;
    final String townAdmin = "p-town-" + n;
    private final EntityManager entityManager;

    PointsTown(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        String county = String.valueOf(660000 + n);
        GridFeed.Node root = GridFeed.Node.root(county, "武功县", "COUNTY");
        this.county = root;
        town = root.child(county + "104", "长宁镇", "TOWN");
        majia = town.child(county + "104201", "马家村", "VILLAGE");
        grid1 = majia.child(majia.code() + "001", "马家村第一微网格", "MICRO_GRID");
        branch = GridFeed.Branch.of(majia, "马家村党支部");
        try (GridFeed feed = new GridFeed(clock)) {
            for (GridFeed.Node node : new GridFeed.Node[] {root, town, majia, grid1}) {
                feed.node(node);
            }
            feed.person(worker1, "马小明", true, branch, 0);
            feed.person(worker2, "马春生", true, branch, 0);
            feed.person(outsider, "马群众", false, null, 0);
            feed.person(secretary, "马书记", true, branch, 0);
            feed.assign(grid1, worker1, "马小明", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(grid1, worker2, "马春生", "AUXILIARY_GRID_WORKER", true);
            feed.assign(grid1, outsider, "马群众", "PARTY_BUILDING_GRID_WORKER", true);
            feed.assign(majia, secretary, "马书记", "BRANCH_SECRETARY", true);
            feed.assign(town, townAdmin, "王建国", "TOWN_CADRE", true);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member WHERE branch_id = ?1",
                branch.id()) == 3 && count("SELECT count(*) FROM assignment_view WHERE account_id = ?1", townAdmin) == 1
                && count("SELECT count(*) FROM grid_node_view WHERE id = ?1", grid1.id()) == 1);
    }

    /** Publishes report-service's report.filed for a report of grid1 by the author; returns the report id. */
    UUID fileReport(GridFeed feed, String author, String period, int visits, String filedAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        UUID report = UUID.randomUUID();
        data.put("reportId", report);
        data.put("nodeId", grid1.id());
        data.put("nodePath", grid1.path());
        data.put("nodeName", grid1.name());
        data.put("nodeLevel", "MICRO_GRID");
        data.put("period", period);
        data.put("author", author);
        data.put("status", "FILED");
        data.put("filedAt", filedAt);
        data.put("onTime", true);
        data.put("activities", Map.of("householdVisits", visits));
        data.put("version", 1);
        data.put("actor", author);
        data.put("occurredAt", filedAt);
        feed.send("wangge.report.filed.v1", report, data, UUID.randomUUID().toString());
        return report;
    }

    static UUID person(String account) {
        return UUID.nameUUIDFromBytes(("person:" + account).getBytes(StandardCharsets.UTF_8));
    }

    long count(String sql, Object parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    static RequestSpecification as(String account, String... roles) {
        return given().header("Authorization", Tokens.bearer(account, roles)).contentType(ContentType.JSON)
                .filter(ReadBeforeWrite.INSTANCE);
    }
}
