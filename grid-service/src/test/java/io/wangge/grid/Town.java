package io.wangge.grid;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small town built through the API for each test class, with its own county code so classes sharing one
 * database never collide: county → 长宁镇 → 马家村 (two micro-grids) and 薛家村 (one), staffed by a town admin,
 * a village cadre of 马家村 and a grid worker in each village; the town's party committee and 马家村's branch.
 */
public final class Town {

    private static final AtomicInteger NEXT_COUNTY = new AtomicInteger((int) (System.nanoTime() % 400) * 100);

    public final String countyCode;
    public final String county;
    public final String town;
    public final String majia;
    public final String majia1;
    public final String majia2;
    public final String xuejia;
    public final String xuejia1;
    /** 长宁镇党委 (at the town) and 马家村党支部 (at 马家村). */
    public final String townBranch;
    public final String majiaBranch;
    public final Api townAdmin;
    public final Api majiaCadre;
    public final Api majiaWorker;
    public final Api xuejiaWorker;
    public final Map<String, String> personOf = new HashMap<>();

    public Town() {
        // a county of 新疆 (65), whose counties are checked by prefix only: the shipped GB/T 2260 list has Shaanxi's
        int n = NEXT_COUNTY.incrementAndGet();
        countyCode = String.format("65%02d%02d", 1 + (n / 99) % 99, 1 + n % 99);
        county = node(null, countyCode, "武功县", "COUNTY");
        town = node(county, countyCode + "104000", "长宁镇", "TOWN");
        majia = node(town, countyCode + "104201", "马家村", "VILLAGE");
        majia1 = node(majia, countyCode + "104201001", "马家村第一微网格", "MICRO_GRID");
        majia2 = node(majia, countyCode + "104201002", "马家村第二微网格", "MICRO_GRID");
        xuejia = node(town, countyCode + "104202", "薛家村", "VILLAGE");
        xuejia1 = node(xuejia, countyCode + "104202001", "薛家村第一微网格", "MICRO_GRID");

        townBranch = Api.PROVINCE_ADMIN.create("/api/branches", Map.of("nodeId", town, "name", "长宁镇党委"));
        majiaBranch = Api.PROVINCE_ADMIN.create("/api/branches", Map.of("nodeId", majia, "name", "马家村党支部"));

        String suffix = countyCode;
        townAdmin = staff("town-admin-" + suffix, "王建国", town, "TOWN_CADRE", "town-admin");
        majiaCadre = staff("majia-cadre-" + suffix, "马秀英", majia, "VILLAGE_CADRE", "village-cadre");
        majiaWorker = staff("majia-worker-" + suffix, "马小明", majia1, "COMPREHENSIVE_GRID_WORKER", "grid-worker");
        xuejiaWorker = staff("xuejia-worker-" + suffix, "薛丽", xuejia1, "COMPREHENSIVE_GRID_WORKER", "grid-worker");
    }

    /** One more member of staff, at a node of this town, in a post and with a realm role. */
    public Api staffAt(String account, String name, String nodeId, String role, String realmRole) {
        return staff(account + "-" + countyCode, name, nodeId, role, realmRole);
    }

    public String code(String suffix) {
        return countyCode + suffix;
    }

    private String node(String parentId, String code, String name, String level) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", name);
        body.put("level", level);
        body.put("parentId", parentId);
        body.put("contactChannel", "微信群：" + name + "知事议事办事群");
        return Api.PROVINCE_ADMIN.create("/api/grids", body);
    }

    private Api staff(String accountId, String name, String nodeId, String role, String realmRole) {
        String personId = Api.PROVINCE_ADMIN.create("/api/people", Map.of("name", name, "accountId", accountId,
                "phone", "13912345678", "partyMember", true, "partyBranchId", townBranch));
        Api.PROVINCE_ADMIN.post("/api/assignments", Map.of("personId", personId, "nodeId", nodeId, "role", role,
                "primary", true)).then().statusCode(201);
        personOf.put(accountId, personId);
        return new Api(accountId, realmRole);
    }
}
