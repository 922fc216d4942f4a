package io.wangge.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reads a town's people make, under 16 concurrent clients with real Keycloak tokens, against a running local
 * system (deploy/run-local.sh): rankings, roll-up, member leaderboard, a subtree page and a worker's own tasks, each
 * printed beside the same service's {@code /q/health/live} under the same load (the floor of a request there).
 * Each phase runs a fixed number of seconds after a warm-up and stops by itself; only 127.0.0.1 is called.
 *
 * <pre>java -cp deploy/devstack/target/devstack.jar:deploy/devstack/target/lib/* io.wangge.devstack.ReadLoad \
 *     http://127.0.0.1:8180 wangge [seconds] [part of a read's name, e.g. "my tasks"]</pre>
 */
public final class ReadLoad {

    private static final int CLIENTS = 16;
    // HTTP/1.1: 16 clients are 16 connections, as 16 people's phones and browsers are; the JDK client would
    // otherwise upgrade to h2c and carry every request over one connection, served by one event-loop thread
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ReadLoad() {
    }

    public static void main(String[] args) throws Exception {
        String keycloak = args[0];
        String password = args[1];
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String only = args.length > 3 ? args[3] : "";
        String admin = DemoApi.token(keycloak, "wangge", "wangge-demo", "changning.admin", password);
        String worker = DemoApi.token(keycloak, "wangge", "wangge-demo", "majia.worker", password);
        String town = DemoApi.get(DemoApi.GRID + "/api/me", admin).path("assignments").path(0).path("nodeId")
                .asText();
        String week = DemoApi.get(DemoApi.REPORT + "/api/periods/current?type=WEEK", admin).path("id").asText();
        String month = DemoApi.get(DemoApi.REPORT + "/api/periods/current?type=MONTH", admin).path("id").asText();

        Map<String, String[]> reads = new LinkedHashMap<>(); // name -> {url, token}
        reads.put("rankings of the town (report-service)",
                new String[] {DemoApi.REPORT + "/api/rankings?nodeId=" + town + "&period=" + week, admin});
        reads.put("roll-up of the town (report-service)",
                new String[] {DemoApi.REPORT + "/api/rollups?nodeId=" + town + "&period=" + week, admin});
        reads.put("  baseline: report-service /q/health/live", new String[] {DemoApi.REPORT + "/q/health/live", null});
        reads.put("member leaderboard of the town (party-points-service)",
                new String[] {DemoApi.POINTS + "/api/leaderboards/members?nodeId=" + town + "&period=" + month, admin});
        reads.put("  baseline: party-points-service /q/health/live",
                new String[] {DemoApi.POINTS + "/q/health/live", null});
        reads.put("subtree page, 50 micro-grids (grid-service)", new String[] {DemoApi.GRID + "/api/grids/" + town
                + "/subtree?level=MICRO_GRID&size=50", admin});
        reads.put("  baseline: grid-service /q/health/live", new String[] {DemoApi.GRID + "/q/health/live", null});
        reads.put("my tasks, a grid worker (task-service)", new String[] {DemoApi.TASK + "/api/me/tasks", worker});
        reads.put("  baseline: task-service /q/health/live", new String[] {DemoApi.TASK + "/q/health/live", null});

        System.out.printf("READ LOAD %d clients, %d s per read after a 3 s warm-up, week %s, month %s%n", CLIENTS,
                seconds, week, month);
        for (Map.Entry<String, String[]> read : reads.entrySet()) {
            if (!read.getKey().contains(only)) {
                continue;
            }
            run(read.getKey(), read.getValue()[0], read.getValue()[1], 3, false);
            run(read.getKey(), read.getValue()[0], read.getValue()[1], seconds, true);
        }
    }

    private static void run(String name, String url, String token, int seconds, boolean print) throws Exception {
        Loop loop = closedLoop(url, token == null ? null : "Bearer " + token, CLIENTS, seconds);
        if (!print) {
            return;
        }
        List<Long> all = loop.latencies();
        System.out.printf(Locale.ROOT, "READ LOAD %-55s %7.0f req/s  p50 %7.1f ms  p99 %7.1f ms  n=%d%s%n", name,
                all.size() / (double) seconds, millis(all, 0.50), millis(all, 0.99), all.size(),
                loop.notOk() == 0 ? "" : "  NOT 200: " + loop.notOk());
    }

    /** What a closed loop measured: every latency in nanoseconds, sorted, and how many answers were not 200. */
    public record Loop(List<Long> latencies, int notOk) {
    }

    /**
     * {@code clients} clients, each sending the GET again as soon as the last answer came, for {@code seconds}
     * (a service's readers as the reads above and the services' benchmarks make them).
     */
    public static Loop closedLoop(String url, String authorization, int clients, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            AtomicInteger notOk = new AtomicInteger();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpRequest get = request.build();
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = HTTP.send(get, HttpResponse.BodyHandlers.ofByteArray());
                        latencies.add(System.nanoTime() - start);
                        if (response.statusCode() != 200) {
                            notOk.incrementAndGet();
                        }
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> run : runs) {
                all.addAll(run.get());
            }
            Collections.sort(all);
            return new Loop(all, notOk.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double millis(List<Long> sorted, double percentile) {
        int index = (int) Math.ceil(percentile * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
