package io.wangge.grid.demo;

import io.wangge.grid.Level;
import io.wangge.grid.Role;
import io.wangge.platform.rest.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic Changning-like town (fixed seed): Wugong County → 长宁镇 → 30 villages (the mid-grids) → 611
 * micro-grids, uneven per village as real ones are, about 15,000 households, staff in the three tiers with one
 * primary each, and party members in 31 branches. The same seed gives the same town, names and all.
 */
public final class ChangningDemo {

    public static final long SEED = 20_261_127L;
    public static final String COUNTY_CODE = "610431";
    public static final int VILLAGES = 30;
    public static final int MICRO_GRIDS = 611;
    public static final int HOUSEHOLDS_TARGET = 15_000;

    /**
     * The named demo logins' account ids (the OIDC subjects the local Keycloak realm issues). Every other member of
     * staff has a login too, named after their place: {@code changning.cadre1}…, {@code village07.cadre},
     * {@code village07.party}, {@code village07.aux}, {@code village07.grid012} (deploy/run-local.sh creates them).
     */
    public static final String COUNTY_ADMIN_ACCOUNT = "county.admin";
    public static final String TOWN_ADMIN_ACCOUNT = "changning.admin";
    public static final String VILLAGE_CADRE_ACCOUNT = "majia.cadre";
    public static final String GRID_WORKER_ACCOUNT = "majia.worker";
    public static final String PARTY_MEMBER_ACCOUNT = "majia.member";

    private static final String[] VILLAGE_NAMES = {
        "长宁村", "马家村", "薛家村", "王家堡村", "河道村", "苏家坊村",
        "南寨村", "北寨村", "东坡村", "西坡村", "新庄村", "柳树村",
        "杨家村", "李家村", "赵家村", "刘家庄村", "郭家村", "姚家村",
        "康家村", "屯庄村", "先锋村", "红星村", "永丰村", "五一村",
        "白庙村", "三合村", "胡家底村", "上阁村", "下阁村", "官道村"};
    private static final String[] SURNAMES = {
        "王", "李", "张", "刘", "陈", "杨", "赵", "马", "薛", "苏",
        "郭", "姚", "康", "胡", "白", "孙", "周", "吴", "徐", "朱"};
    private static final String[] GIVEN = {
        "建国", "秀英", "桂兰", "志强", "红梅", "小明", "丽", "春生", "德福", "桂芳",
        "海燕", "文军", "永红", "晓东", "玉珍", "国强", "淑珍", "俊杰", "凤英", "金花",
        "新民", "宝山", "彩霞", "立新", "振华", "爱民", "慧敏", "长林", "巧云", "明亮"};
    private static final String[] TAGS = {"独居老人", "低保户", "重点关注", "留守儿童", "残疾人"};
    private static final double[] TAG_SHARE = {0.05, 0.04, 0.03, 0.03, 0.02};

    /** A node of the demo tree. */
    public record Node(String code, String name, Level level, String parentCode, Integer households,
                       String contactChannel) {
    }

    /** A person, with the assignments they hold (by node code). */
    public record Staff(String name, String phone, String accountId, boolean partyMember, String partyBranch,
                        List<Post> posts) {
    }

    /** One assignment of a demo person. */
    public record Post(String nodeCode, Role role, boolean primary) {
    }

    /** A household of a micro-grid; {@code contactIndex} points into {@link Town#staff()}. */
    public record Home(String microGridCode, String address, String headName, int members, List<String> tags,
                       int contactIndex) {
    }

    /** A party branch of a node, by name (unique in the demo town). */
    public record Branch(String nodeCode, String name) {
    }

    /** The whole generated town. */
    public record Town(List<Node> nodes, List<Staff> staff, List<Home> households, List<Branch> branches) {

        /** The tree as the import CSV (code,name,level,parent_code,households,contact_channel). */
        public String csv() {
            StringBuilder csv = new StringBuilder("code,name,level,parent_code,households,contact_channel\n");
            for (Node node : nodes) {
                csv.append(node.code()).append(',').append(node.name()).append(',').append(node.level())
                        .append(',').append(node.parentCode() == null ? "" : node.parentCode())
                        .append(',').append(node.households() == null ? "" : node.households())
                        .append(',').append(node.contactChannel() == null ? "" : node.contactChannel())
                        .append('\n');
            }
            return csv.toString();
        }

        /** The tree as a town office fills in the import template. */
        public Table treeSheet() {
            List<List<Object>> rows = new ArrayList<>();
            for (Node node : nodes) {
                rows.add(java.util.Arrays.asList(node.code(), node.name(), LEVEL_NAMES.get(node.level()),
                        node.parentCode(), node.households(), node.contactChannel()));
            }
            return new Table("网格", List.of("编码", "名称", "层级", "上级编码", "户数", "联系渠道"), rows);
        }

        /** The staff, one row per post, as the import template has them; {@code validFrom} is when they took up. */
        public Table staffSheet(java.time.LocalDate validFrom) {
            List<List<Object>> rows = new ArrayList<>();
            for (Staff person : staff) {
                for (Post post : person.posts()) {
                    rows.add(java.util.Arrays.asList(person.name(), person.phone(), person.accountId(),
                            person.partyMember() ? "是" : "否", person.partyBranch(), post.nodeCode(),
                            ROLE_NAMES.get(post.role()), post.primary() ? "是" : "否", validFrom.toString()));
                }
            }
            return new Table("人员", List.of("姓名", "手机", "账号", "党员", "党支部", "网格编码", "岗位", "主岗", "任职日期"),
                    rows);
        }

        /** The households, each with its contact cadre's phone. */
        public Table householdSheet() {
            List<List<Object>> rows = new ArrayList<>();
            for (Home home : households) {
                rows.add(List.of(home.microGridCode(), home.address(), home.headName(), home.members(),
                        String.join("、", home.tags()), staff.get(home.contactIndex()).phone()));
            }
            return new Table("住户", List.of("微网格编码", "地址", "户主", "人口", "标签", "包户干部手机"), rows);
        }
    }

    private static final java.util.Map<Level, String> LEVEL_NAMES = java.util.Map.of(Level.PROVINCE, "省",
            Level.CITY, "市", Level.COUNTY, "县", Level.TOWN, "镇", Level.VILLAGE, "村", Level.GRID, "网格",
            Level.MICRO_GRID, "微网格");
    private static final java.util.Map<Role, String> ROLE_NAMES = java.util.Map.of(
            Role.PARTY_BUILDING_GRID_WORKER, "党建网格员", Role.COMPREHENSIVE_GRID_WORKER, "综治网格员",
            Role.AUXILIARY_GRID_WORKER, "辅助网格员", Role.VILLAGE_CADRE, "村干部", Role.TOWN_CADRE, "镇干部",
            Role.BRANCH_SECRETARY, "党支部书记", Role.COUNTY_CADRE, "县级干部");

    private ChangningDemo() {
    }

    public static Town generate() {
        return generate(COUNTY_CODE, SEED);
    }

    /** The same town under another county code (benchmarks import it repeatedly). */
    public static Town generate(String countyCode, long seed) {
        Random random = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        List<Staff> staff = new ArrayList<>();
        List<Home> homes = new ArrayList<>();
        String townCode = countyCode + "104000"; // 1xx: a 镇
        nodes.add(new Node(countyCode, "武功县", Level.COUNTY, null, null, null));
        nodes.add(new Node(townCode, "长宁镇", Level.TOWN, countyCode, null, "微信群：长宁镇为民服务群"));

        // the county's admin, placed at the county: their place is 武功县 and nothing outside it
        staff.add(new Staff("刘志强", phone(random), COUNTY_ADMIN_ACCOUNT, true, null,
                List.of(new Post(countyCode, Role.COUNTY_CADRE, true))));
        List<Branch> branches = new ArrayList<>();
        String townBranch = "长宁镇机关党支部";
        branches.add(new Branch(townCode, townBranch));
        staff.add(new Staff("王建国", phone(random), TOWN_ADMIN_ACCOUNT, true, townBranch,
                List.of(new Post(townCode, Role.TOWN_CADRE, true))));
        for (int i = 0; i < 4; i++) {
            staff.add(new Staff(name(random), phone(random), "changning.cadre" + (i + 1), true, townBranch,
                    List.of(new Post(townCode, Role.TOWN_CADRE, false))));
        }

        int[] gridsPerVillage = spread(MICRO_GRIDS, VILLAGES, 12, random);
        int householdsLeft = HOUSEHOLDS_TARGET;
        int gridsLeft = MICRO_GRIDS;
        for (int v = 0; v < VILLAGES; v++) {
            String villageName = VILLAGE_NAMES[v];
            String villageCode = townCode.substring(0, 9) + (201 + v); // 2xx: a 村委会
            String branch = villageName + "党支部";
            branches.add(new Branch(villageCode, branch));
            int villageHouseholds = 0;
            List<Node> villageGrids = new ArrayList<>();
            for (int g = 0; g < gridsPerVillage[v]; g++) {
                int households = gridsLeft == 1 ? householdsLeft
                        : Math.max(8, (int) Math.round(householdsLeft / (double) gridsLeft
                        * (0.6 + 0.8 * random.nextDouble())));
                householdsLeft -= households;
                gridsLeft--;
                villageHouseholds += households;
                String gridName = villageName + "第" + chineseNumber(g + 1) + "微网格";
                villageGrids.add(new Node(villageCode + String.format("%03d", g + 1), gridName, Level.MICRO_GRID,
                        villageCode, households, "微信群：" + gridName + "知事议事办事群"));
            }
            nodes.add(new Node(villageCode, villageName, Level.VILLAGE, townCode, villageHouseholds,
                    "微信群：" + villageName + "村民服务群"));
            nodes.addAll(villageGrids);

            boolean demoVillage = v == 1; // 马家村 carries the named demo logins
            String login = String.format("village%02d.", v + 1);
            staff.add(new Staff(name(random), phone(random), demoVillage ? VILLAGE_CADRE_ACCOUNT : login + "cadre", true,
                    branch, List.of(new Post(villageCode, Role.VILLAGE_CADRE, true),
                    new Post(villageCode, Role.BRANCH_SECRETARY, true))));
            List<Post> partyBuilding = new ArrayList<>();
            partyBuilding.add(new Post(villageCode, Role.PARTY_BUILDING_GRID_WORKER, true));
            List<Post> auxiliary = new ArrayList<>();
            for (Node grid : villageGrids) {
                partyBuilding.add(new Post(grid.code(), Role.PARTY_BUILDING_GRID_WORKER, true));
                auxiliary.add(new Post(grid.code(), Role.AUXILIARY_GRID_WORKER, true));
            }
            staff.add(new Staff(name(random), phone(random), login + "party", true, branch, partyBuilding));
            String auxName = name(random);
            String auxPhone = phone(random);
            boolean auxMember = random.nextDouble() < 0.5;
            // a branch is a party member's: the half of the auxiliaries who are not members belong to none
            staff.add(new Staff(auxName, auxPhone, login + "aux", auxMember, auxMember ? branch : null, auxiliary));
            for (int g = 0; g < villageGrids.size(); g++) {
                Node grid = villageGrids.get(g);
                boolean member = random.nextDouble() < 0.45;
                boolean named = demoVillage && g == 0;
                String account = named ? GRID_WORKER_ACCOUNT : login + String.format("grid%03d", g + 1);
                staff.add(new Staff(name(random), phone(random), account, member || named,
                        member || named ? branch : null,
                        List.of(new Post(grid.code(), Role.COMPREHENSIVE_GRID_WORKER, true))));
                int contact = staff.size() - 1;
                for (int h = 0; h < grid.households(); h++) {
                    List<String> tags = new ArrayList<>();
                    for (int t = 0; t < TAGS.length; t++) {
                        if (random.nextDouble() < TAG_SHARE[t]) {
                            tags.add(TAGS[t]);
                        }
                    }
                    homes.add(new Home(grid.code(), villageName + (g + 1) + "组" + (h + 1) + "号", name(random),
                            1 + random.nextInt(6), tags, contact));
                }
            }
            if (demoVillage) {
                staff.add(new Staff("马红英", phone(random), PARTY_MEMBER_ACCOUNT, true, branch,
                        List.of(new Post(villageGrids.get(0).code(), Role.AUXILIARY_GRID_WORKER, false))));
            }
        }
        return new Town(nodes, staff, homes, branches);
    }

    /** Splits {@code total} into {@code parts} uneven shares of at least {@code min}. */
    static int[] spread(int total, int parts, int min, Random random) {
        double[] weights = new double[parts];
        double sum = 0;
        for (int i = 0; i < parts; i++) {
            weights[i] = 0.4 + random.nextDouble() * 1.2;
            sum += weights[i];
        }
        int[] shares = new int[parts];
        int given = 0;
        for (int i = 0; i < parts; i++) {
            shares[i] = min + (int) Math.floor((total - min * parts) * weights[i] / sum);
            given += shares[i];
        }
        for (int i = 0; given < total; i = (i + 1) % parts) {
            shares[i]++;
            given++;
        }
        return shares;
    }

    private static String name(Random random) {
        return SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
    }

    private static String phone(Random random) {
        return "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
    }

    static String chineseNumber(int n) {
        String[] digits = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
        if (n < 10) {
            return digits[n];
        }
        if (n < 20) {
            return "十" + (n % 10 == 0 ? "" : digits[n % 10]);
        }
        return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]);
    }
}
