package io.wangge.grid;

import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.testing.ServiceBootChecks;
import io.wangge.platform.testing.Tokens;

import java.util.HashMap;
import java.util.Map;

@QuarkusTest
class ServiceBootTest extends ServiceBootChecks {

    @Override
    protected String protectedPath() {
        return "/api/me";
    }

    /** 马家村 of one town: its nodes, a worker, their post, a household and the village's branch. */
    @Override
    protected Map<String, String> recordsOfOnePlace() {
        Town town = new Town();
        String worker = town.personOf.get("majia-worker-" + town.countyCode);
        String post = Api.PROVINCE_ADMIN.get("/api/people/" + worker + "/assignments").path("[0].id");
        String household = town.majiaCadre.create("/api/households", Map.of("microGridId", town.majia1,
                "address", "马家村1组8号", "headName", "马老汉", "membersCount", 3));
        Map<String, String> records = new HashMap<>();
        for (String template : new String[] {"/api/grids/{id}", "/api/grids/{id}/ancestors",
            "/api/grids/{id}/assignments", "/api/grids/{id}/children", "/api/grids/{id}/households",
            "/api/grids/{id}/households.xlsx", "/api/grids/{id}/households.csv",
            "/api/grids/{id}/move", "/api/grids/{id}/responsible", "/api/grids/{id}/retire",
            "/api/grids/{id}/subtree"}) {
            records.put(template, town.majia);
        }
        records.put("/api/assignments/{id}/end", post);
        records.put("/api/branches/{id}", town.majiaBranch);
        records.put("/api/households/{id}", household);
        records.put("/api/households/{id}/contact-cadre", household);
        records.put("/api/households/{id}/visits", household);
        records.put("/api/people/{id}", worker);
        records.put("/api/people/{id}/assignments", worker);
        return records;
    }

    /** The town admin of another county's town, holding every staff role. */
    @Override
    protected String outsider() {
        Town elsewhere = new Town();
        return Tokens.everyStaffRole("town-admin-" + elsewhere.countyCode);
    }
}
