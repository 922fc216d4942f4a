package io.wangge.report;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.ReadBeforeWrite;
import io.wangge.platform.testing.Tokens;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A town fed through wangge.grid: 长宁镇 with 马家村 (two micro-grids) and 薛家村 (one); a town admin, a
 * village cadre of each village and a worker in each micro-grid.
 */
public final class ReportTown {

    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 500));

    public final GridFeed.Node town;
    public final GridFeed.Node majia;
    public final GridFeed.Node xuejia;
    public final GridFeed.Node majia1;
    public final GridFeed.Node majia2;
    public final GridFeed.Node xuejia1;
    public final String townAdmin;
    public final String majiaCadre;
    public final String majia1Worker;
    public final String majia2Worker;
    public final String xuejia1Worker;

    public ReportTown(EntityManager entityManager, Clock clock) {
        int n = NEXT.incrementAndGet();
        String county = String.valueOf(650000 + n);
        GridFeed.Node root = GridFeed.Node.root(county, "武功县", "COUNTY");
        town = root.child(county + "104", "长宁镇", "TOWN");
        majia = town.child(county + "104201", "马家村", "VILLAGE");
        xuejia = town.child(county + "104202", "薛家村", "VILLAGE");
        majia1 = majia.child(majia.code() + "001", "马家村第一微网格", "MICRO_GRID");
        majia2 = majia.child(majia.code() + "002", "马家村第二微网格", "MICRO_GRID");
        xuejia1 = xuejia.child(xuejia.code() + "001", "薛家村第一微网格", "MICRO_GRID");
        townAdmin = "r-town-" + n;
        majiaCadre = "r-majia-cadre-" + n;
        majia1Worker = "r-majia1-" + n;
        majia2Worker = "r-majia2-" + n;
        xuejia1Worker = "r-xuejia1-" + n;
        try (GridFeed feed = new GridFeed(clock)) {
            for (GridFeed.Node node : List.of(root, town, majia, xuejia, majia1, majia2, xuejia1)) {
                feed.node(node);
            }
            feed.assign(town, townAdmin, "王建国", "TOWN_CADRE", true);
            feed.assign(majia, majiaCadre, "马秀英", "VILLAGE_CADRE", true);
            feed.assign(majia1, majia1Worker, "马小明", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(majia2, majia2Worker, "马春生", "COMPREHENSIVE_GRID_WORKER", true);
            feed.assign(xuejia1, xuejia1Worker, "薛丽", "COMPREHENSIVE_GRID_WORKER", true);
        }
        // Events of different keys travel on different partitions: wait for the nodes and the last assignment.
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM assignment_view WHERE account_id = ?1")
                        .setParameter(1, xuejia1Worker).getSingleResult()).intValue() == 1
                        && ((Number) entityManager.createNativeQuery("SELECT count(*) FROM grid_node_view"
                                + " WHERE path >= ?1 AND path < ?2").setParameter(1, root.path())
                        .setParameter(2, new io.wangge.platform.security.GridPath(root.path()).subtreeUpperBound())
                        .getSingleResult()).intValue() == 7));
    }

    public static RequestSpecification as(String account, String role) {
        return given().header("Authorization", Tokens.bearer(account, role)).contentType(ContentType.JSON)
                .filter(ReadBeforeWrite.INSTANCE);
    }
}
