package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.grid.demo.ChangningDemo;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ChangningDemoTest {

    @Test
    void theGeneratedTownHasTheArticlesShape() {
        ChangningDemo.Town town = ChangningDemo.generate();
        Map<io.wangge.grid.Level, Long> levels = town.nodes().stream()
                .collect(Collectors.groupingBy(ChangningDemo.Node::level, Collectors.counting()));
        assertEquals(1L, levels.get(io.wangge.grid.Level.TOWN));
        assertEquals(30L, levels.get(io.wangge.grid.Level.VILLAGE));
        assertEquals(611L, levels.get(io.wangge.grid.Level.MICRO_GRID));
        assertEquals(ChangningDemo.HOUSEHOLDS_TARGET, town.households().size());
        Map<String, Long> perVillage = town.nodes().stream()
                .filter(n -> n.level() == io.wangge.grid.Level.MICRO_GRID)
                .collect(Collectors.groupingBy(ChangningDemo.Node::parentCode, Collectors.counting()));
        assertTrue(perVillage.values().stream().distinct().count() > 5, "villages differ in size");
        assertEquals(town.csv(), ChangningDemo.generate().csv(), "the same seed gives the same town");
        assertEquals(31, town.branches().size(), "the town's organ and each village have a branch");
        Set<String> branchNames = town.branches().stream().map(ChangningDemo.Branch::name).collect(Collectors.toSet());
        assertTrue(town.staff().stream().filter(s -> s.partyBranch() != null)
                .allMatch(s -> branchNames.contains(s.partyBranch())), "every branch named is one of them");
        assertEquals(town.staff().size(), town.staff().stream().map(ChangningDemo.Staff::accountId)
                .filter(Objects::nonNull).distinct().count(), "every member of staff has their own login");
        assertTrue(town.staff().stream().anyMatch(s -> "village07.grid012".equals(s.accountId())));
    }

    @Test
    void loadsOnceAndTheDemoLoginsFindTheirPlaces() {
        Api.PROVINCE_ADMIN.post("/api/demo/changning", Map.of()).then().statusCode(200)
                .body("nodes", equalTo(643))
                .body("households", equalTo(ChangningDemo.HOUSEHOLDS_TARGET))
                .body("people", greaterThan(700));
        Api.PROVINCE_ADMIN.post("/api/demo/changning", Map.of()).then().statusCode(409);

        new Api(ChangningDemo.TOWN_ADMIN_ACCOUNT, "town-admin").get("/api/me").then()
                .body("assignments[0].nodeName", equalTo("长宁镇"));
        new Api(ChangningDemo.COUNTY_ADMIN_ACCOUNT, "county-admin").get("/api/me").then()
                .body("assignments[0].nodeName", equalTo("武功县"))
                .body("assignments[0].role", equalTo("COUNTY_CADRE"));
        new Api(ChangningDemo.GRID_WORKER_ACCOUNT, "grid-worker").get("/api/me").then()
                .body("assignments[0].nodeName", equalTo("马家村第一微网格"))
                .body("assignments[0].role", equalTo("COMPREHENSIVE_GRID_WORKER"));
        String townId = new Api(ChangningDemo.TOWN_ADMIN_ACCOUNT, "town-admin").get("/api/me")
                .path("assignments[0].nodeId");
        new Api(ChangningDemo.TOWN_ADMIN_ACCOUNT, "town-admin")
                .get("/api/grids/" + townId + "/subtree?level=MICRO_GRID&size=1").then()
                .body("total", equalTo(611));
        new Api(ChangningDemo.VILLAGE_CADRE_ACCOUNT, "village-cadre").get("/api/me").then()
                .body("assignments.nodeName", org.hamcrest.Matchers.hasItem("马家村"));
        new Api("village07.grid012", "grid-worker").get("/api/me").then()
                .body("assignments[0].nodeName", equalTo("南寨村第十二微网格"))
                .body("assignments[0].role", equalTo("COMPREHENSIVE_GRID_WORKER"));
    }
}
