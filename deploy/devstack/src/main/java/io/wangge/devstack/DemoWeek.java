package io.wangge.devstack;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.wangge.devstack.DemoApi.get;
import static io.wangge.devstack.DemoApi.post;
import static io.wangge.devstack.DemoApi.send;
import static io.wangge.devstack.DemoApi.step;

/**
 * Plays one realistic week in the local Changning demo, through the public APIs only and as the people who do
 * the work (each with their own login): key work cast to every micro-grid by the town, most tasks accepted and
 * submitted by their grid's worker and verified by the village cadre, some left to go overdue, a few residents'
 * cases, weekly reports filed up the tree (some late, some missing), points earned. Then prints a short summary
 * read back from the APIs. Arguments: the Keycloak base URL; the demo password.
 */
public final class DemoWeek {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String GRID = DemoApi.GRID;
    private static final String TASK = DemoApi.TASK;
    private static final String REPORT = DemoApi.REPORT;
    private static final String POINTS = DemoApi.POINTS;

    private final DemoApi.Logins logins;
    private final Random random = new Random(20_261_127L);

    private DemoWeek(String keycloak, String password) {
        this.logins = new DemoApi.Logins(keycloak, password);
    }

    /** Arguments: Keycloak base URL and demo password. Plays the week once; later runs print its summary. */
    public static void main(String[] args) throws Exception {
        DemoWeek demo = new DemoWeek(args[0], args[1]);
        try {
            if (!demo.summaryIfPlayed()) {
                demo.play();
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // the worker threads would keep a failed week's JVM, and the local run, waiting
        }
    }

    /** Prints the summary of a week played before and returns true, or returns false if none was. */
    private boolean summaryIfPlayed() throws Exception {
        String admin = as("county.admin");
        String townAdmin = as("changning.admin");
        String town = get(GRID + "/api/me", townAdmin).path("assignments").path(0).path("nodeId").asText();
        String item = null;
        for (JsonNode candidate : get(TASK + "/api/key-work?size=200", townAdmin).path("items")) {
            if (candidate.path("title").asText().equals("秸秆禁烧巡查")) {
                item = candidate.path("id").asText();
                break;
            }
        }
        if (item == null) {
            return false;
        }
        summary(admin, townAdmin, town, item);
        return true;
    }

    private void play() throws Exception {
        String admin = as("county.admin");
        String townAdmin = as("changning.admin");
        String town = get(GRID + "/api/me", townAdmin).path("assignments").path(0).path("nodeId").asText();
        waitForReadModel(admin, town);

        // the services' domain clock, moved as far as theirs when the local run rehearses a date
        OffsetDateTime now = OffsetDateTime.now(SHANGHAI)
                .plus(Duration.parse(System.getProperty("wangge.clock.offset", "PT0S")));
        String inspection = castWork(townAdmin, town, "秸秆禁烧巡查", "AIR_POLLUTION", now.plusDays(3));
        String cleanup = castWork(townAdmin, town, "人居环境整治：清理房前屋后", "LIVING_ENVIRONMENT",
                now.plusMinutes(2));
        say("dispatched 2 key-work items to every micro-grid");

        List<JsonNode> tasks = new ArrayList<>(tasksOf(admin, inspection));
        List<JsonNode> shortTasks = tasksOf(admin, cleanup);
        List<JsonNode> villages = children(admin, town);
        Map<String, String> cadres = DemoApi.villageCadres(admin, villages);
        Map<String, String> workers = new HashMap<>();
        tasks.forEach(task -> workers.put(task.path("nodeId").asText(), task.path("assigneeAccountId").asText()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            JsonNode task = tasks.get(i);
            boolean finish = i % 10 != 0;
            work.add(pool.submit(() -> workOn(task, cadres, finish)));
        }
        for (int i = 0; i < shortTasks.size(); i++) {
            JsonNode task = shortTasks.get(i);
            boolean finish = i % 4 != 0;
            work.add(pool.submit(() -> workOn(task, cadres, finish)));
        }
        for (Future<?> done : work) {
            done.get();
        }
        say("worked " + (tasks.size() + shortTasks.size()) + " tasks: most verified, some left open (the 2-minute"
                + " clean-up goes overdue)");

        for (int i = 0; i < 4; i++) {
            String grid = children(admin, villages.get(i).path("id").asText()).get(0).path("id").asText();
            // a resident tells their grid worker, who reports it; the town's office takes it from there
            JsonNode reported = post(TASK + "/api/cases", as(workers.get(grid)), Map.of("nodeId", grid, "categoryCode",
                    i % 2 == 0 ? "SAFETY_PRODUCTION" : "LIVELIHOOD", "description",
                    i % 2 == 0 ? "村口变压器箱门损坏，存在触电隐患" : "独居老人反映自来水管冻裂",
                    "locationText", villages.get(i).path("name").asText() + "村委会附近"));
            if (i < 2) {
                String id = reported.path("id").asText();
                JsonNode matter = step(TASK + "/api/cases/" + id + "/register", townAdmin, Map.of(), reported);
                matter = step(TASK + "/api/cases/" + id + "/dispatch", townAdmin, Map.of("note", "镇综合执法办"), matter);
                matter = step(TASK + "/api/cases/" + id + "/handle", townAdmin, Map.of("note", "已处置"), matter);
                matter = step(TASK + "/api/cases/" + id + "/verify", townAdmin, Map.of(), matter);
                step(TASK + "/api/cases/" + id + "/close", townAdmin, Map.of(), matter);
            }
        }
        say("4 residents' cases reported, 2 closed");

        String period = currentPeriod(townAdmin, "WEEK");
        // the workers visit their households first (包户走访); the reports then start from the visits recorded
        List<String> filing = new ArrayList<>();
        int visited = 0;
        for (JsonNode village : villages) {
            List<JsonNode> grids = children(admin, village.path("id").asText());
            for (int g = 0; g < grids.size(); g++) {
                if ((g + village.path("code").asText().hashCode()) % 8 == 0) {
                    continue; // a few micro-grids do not file
                }
                String grid = grids.get(g).path("id").asText();
                if (g % 3 == 0) {
                    visited += visitHouseholds(as(workers.get(grid)), grid, 1 + random.nextInt(3));
                }
                filing.add(grid);
            }
        }
        String draft = REPORT + "/api/reports/draft?nodeId=" + town + "&period=" + period;
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get(draft, townAdmin).path("recordedHouseholdVisits").asInt() < visited && System.nanoTime() < until) {
            Thread.sleep(200); // report-service counts the visits as grid-service's events arrive
        }
        for (String grid : filing) {
            fileReport(as(workers.get(grid)), grid, period);
        }
        for (int v = 0; v < villages.size() - 3; v++) {
            String village = villages.get(v).path("id").asText();
            fileReport(as(cadres.get(village)), village, period);
        }
        say("recorded " + visited + " household visits; filed " + filing.size() + " micro-grid and "
                + (villages.size() - 3) + " village reports for " + period + " (visits prefilled from those recorded)");
        pool.shutdown();

        summary(admin, townAdmin, town, inspection);
    }

    /** The grid's own worker accepts and submits; the cadre of its village verifies. */
    private void workOn(JsonNode task, Map<String, String> cadres, boolean finish) {
        String id = task.path("id").asText();
        String village = task.path("nodePath").asText().split("/")[3];
        try {
            String worker = as(task.path("assigneeAccountId").asText());
            JsonNode accepted = step(TASK + "/api/tasks/" + id + "/accept", worker, Map.of(), task);
            if (finish) {
                JsonNode submitted = step(TASK + "/api/tasks/" + id + "/submit", worker, Map.of("note",
                        "已按要求完成，附现场照片", "photoUrls", List.of("https://img.wangge.local/" + id + ".jpg")),
                        accepted);
                step(TASK + "/api/tasks/" + id + "/complete", as(cadres.get(village)), Map.of("note", "核查属实"),
                        submitted);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<String> VISIT_NOTES = List.of("了解冬季取暖情况，提醒用电安全", "宣传秸秆禁烧政策",
            "老人身体健康，代办医保缴费", "收集对村道硬化的意见");

    /** The grid's worker visits households nobody visited today (包户走访); returns how many. */
    private int visitHouseholds(String token, String grid, int count) throws Exception {
        int visited = 0;
        for (JsonNode household : get(GRID + "/api/grids/" + grid + "/households?notVisitedDays=1&size=" + count,
                token).path("items")) {
            post(GRID + "/api/households/" + household.path("id").asText() + "/visits", token,
                    Map.of("note", VISIT_NOTES.get(random.nextInt(VISIT_NOTES.size()))));
            visited++;
        }
        return visited;
    }

    /** A report as its author writes it: the visits come prefilled from those recorded, the rest is typed. */
    private void fileReport(String token, String node, String period) throws Exception {
        JsonNode report = post(REPORT + "/api/reports", token, Map.of("nodeId", node, "period", period));
        String id = report.path("id").asText();
        Map<String, Object> activities = new HashMap<>();
        report.path("activities").fields().forEachRemaining(e -> activities.put(e.getKey(), e.getValue().asInt()));
        activities.put("meetings", 1 + random.nextInt(2));
        activities.put("suggestionsCollected", random.nextInt(4));
        JsonNode edited = send("PUT", REPORT + "/api/reports/" + id, token, Map.of("activities", activities,
                "narrative", "本周开展包户走访和禁烧宣传"), "\"" + report.path("version").asLong() + "\"");
        step(REPORT + "/api/reports/" + id + "/file", token, Map.of(), edited);
    }

    /** The reporting period (WEEK or MONTH) it is now, as report-service reckons it: one clock for the town. */
    private String currentPeriod(String token, String type) throws Exception {
        return get(REPORT + "/api/periods/current?type=" + type, token).path("id").asText();
    }

    private void summary(String admin, String townAdmin, String town, String item) throws Exception {
        String period = currentPeriod(townAdmin, "WEEK");
        JsonNode progress = get(TASK + "/api/key-work/" + item + "/progress", townAdmin);
        JsonNode total = progress.path("total");
        JsonNode ranking = get(REPORT + "/api/rankings?nodeId=" + town + "&period=" + period, townAdmin);
        JsonNode members = get(POINTS + "/api/leaderboards/members?nodeId=" + town + "&period="
                + currentPeriod(admin, "MONTH"), admin);
        System.out.println();
        System.out.printf(Locale.ROOT, " 长宁镇 this week — 秸秆禁烧巡查: %d tasks, %d verified (%.1f%%), %d open%n",
                total.path("dispatched").asLong(), total.path("completed").asLong(),
                100.0 * total.path("completed").asLong() / Math.max(1, total.path("dispatched").asLong()),
                total.path("open").asLong());
        JsonNode entries = ranking.path("entries");
        StringBuilder best = new StringBuilder();
        StringBuilder worst = new StringBuilder();
        for (int i = 0; i < Math.min(3, entries.size()); i++) {
            best.append(i == 0 ? "" : ", ").append(entries.get(i).path("name").asText())
                    .append(String.format(Locale.ROOT, " %.2f", entries.get(i).path("score").asDouble()));
            JsonNode low = entries.get(entries.size() - 1 - i);
            worst.append(i == 0 ? "" : ", ").append(low.path("name").asText())
                    .append(String.format(Locale.ROOT, " %.2f", low.path("score").asDouble()));
        }
        System.out.println(" 观摩评比 best:  " + best);
        System.out.println(" 观摩评比 worst: " + worst);
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(3, members.size()); i++) {
            top.append(i == 0 ? "" : ", ").append(members.get(i).path("name").asText()).append(' ')
                    .append(members.get(i).path("points").asLong()).append(" 分");
        }
        System.out.println(" top party members this month: " + top);
    }

    private void waitForReadModel(String token, String town) throws Exception {
        for (int i = 0; i < 120; i++) {
            String url = TASK + "/api/grid-status?nodeId=" + town;
            // 404 until the town itself has arrived
            if (DemoApi.status(url, token) == 200) {
                JsonNode status = get(url, token);
                // every micro-grid and its worker: a grid whose worker has not arrived is dispatched unassigned
                if (status.path("activeNodesByLevel").path("MICRO_GRID").asInt() >= 611
                        && status.path("primaryPostsByRole").path("COMPREHENSIVE_GRID_WORKER").asInt() >= 611) {
                    return;
                }
            }
            Thread.sleep(1000); // the read model catches up from Kafka; nothing to be notified of
        }
        throw new IllegalStateException("task-service's grid read model did not reach 611 staffed micro-grids");
    }

    private String castWork(String token, String town, String title, String category, OffsetDateTime due)
            throws Exception {
        JsonNode item = post(TASK + "/api/key-work", token, Map.of("title", title, "categoryCode", category,
                "description", title + "：每个微网格完成并拍照上报", "scopeNodeIds", List.of(town),
                "targetLevel", "MICRO_GRID", "assigneeRole", "COMPREHENSIVE_GRID_WORKER", "dueAt", due.toString()));
        step(TASK + "/api/key-work/" + item.path("id").asText() + "/dispatch", token, Map.of(), item);
        return item.path("id").asText();
    }

    private List<JsonNode> tasksOf(String token, String item) throws Exception {
        List<JsonNode> tasks = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode result = get(TASK + "/api/key-work/" + item + "/tasks?size=200&page=" + page, token);
            result.path("items").forEach(tasks::add);
            if (tasks.size() >= result.path("total").asInt()) {
                return tasks;
            }
        }
    }

    private List<JsonNode> children(String token, String node) throws Exception {
        List<JsonNode> children = new ArrayList<>();
        get(GRID + "/api/grids/" + node + "/children?size=200", token).path("items").forEach(children::add);
        return children;
    }

    private String as(String account) {
        return logins.token(account);
    }

    private static void say(String message) {
        System.out.println("  demo week: " + message);
    }
}
