package io.wangge.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open-loop run of the town's busiest write against the running local system (deploy/run-local.sh): village
 * cadres verify submitted tasks through REST at a fixed arrival rate, whatever the answers take (each completion is
 * timed from when it was due to be sent, so a slow system cannot hide its queue), and the run measures how long
 * after each answer its effects were visible:
 * <ul>
 *   <li>points: the {@code points.awarded} entry of the task read off {@code wangge.points} by a county system
 *       (the entry is committed before the outbox publishes it, so this bounds "visible in the ledger" from above);
 *   <li>roll-up: the town's roll-up read by REST every 50 ms; the k-th answered completion is visible when the
 *       completed count first reaches k.</li>
 * </ul>
 * Percentiles by HdrHistogram; the consumer lag (answered but not yet visible) is printed once a second.
 * Preparation (not measured): key work is cast to the 611 micro-grids as often as the run needs, and every task is
 * accepted and submitted by its grid's worker. With a batch size (the sixth argument), each village cadre verifies
 * that many of the village's tasks per request ({@code POST /api/tasks/completions}, a page of submissions), the
 * rate still counted in tasks and the baseline sent on the requests' schedule.
 *
 * <pre>java -cp deploy/devstack/target/devstack.jar:deploy/devstack/target/lib/* io.wangge.devstack.CompletionLoad \
 *     http://127.0.0.1:8180 wangge $WANGGE_HOME/devstack/kafka/clients/county.properties 50,100,200 15 [batch]</pre>
 */
public final class CompletionLoad {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(8)).build();
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int WARM_UP_SECONDS = 5;

    private final DemoApi.Logins logins;
    private final int batch;

    private CompletionLoad(String keycloak, String password, int batch) {
        this.logins = new DemoApi.Logins(keycloak, password);
        this.batch = batch;
    }

    /** A task ready to be verified: its id, version (for If-Match) and its village cadre's login. */
    private record Ready(String id, long version, String cadre) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CompletionLoad <keycloak-url> <demo-password> <county.properties>"
                    + " [rates, e.g. 50,100,200] [seconds per rate] [tasks per request, 1: one by one]");
            System.exit(2);
        }
        List<Integer> rates = new ArrayList<>();
        for (String rate : (args.length > 3 ? args[3] : "50,100,200").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
        int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        if (batch < 1 || batch > 200) {
            System.err.println("tasks per request: 1 to 200 (a page of submissions), was " + batch);
            System.exit(2);
        }
        new CompletionLoad(args[0], args[1], batch).run(Path.of(args[2]), rates, seconds);
    }

    private void run(Path countyClient, List<Integer> rates, int seconds) throws Exception {
        String townAdmin = as("changning.admin");
        String town = DemoApi.get(DemoApi.GRID + "/api/me", townAdmin).path("assignments").path(0).path("nodeId")
                .asText();
        String week = DemoApi.get(DemoApi.REPORT + "/api/periods/current?type=WEEK", townAdmin).path("id").asText();
        Map<String, String> cadres = villageCadres(townAdmin, town);
        int needed = rates.get(0) * WARM_UP_SECONDS + rates.stream().mapToInt(rate -> rate * seconds).sum();
        long prepared = System.nanoTime();
        List<Ready> ready = prepare(townAdmin, town, cadres, needed);
        System.out.printf(Locale.ROOT, "COMPLETION LOAD prepared %d submitted tasks in %.0f s (not measured)%n",
                ready.size(), (System.nanoTime() - prepared) / 1e9);

        try (PointsTap points = new PointsTap(countyClient)) {
            // warm-up at the first rate for 5 s (the services' JIT), not reported
            int from = rates.get(0) * WARM_UP_SECONDS;
            step(rates.get(0), WARM_UP_SECONDS, ready.subList(0, from), points, town, week, townAdmin, false);
            for (int rate : rates) {
                List<Ready> step = ready.subList(from, from + rate * seconds);
                from += step.size();
                step(rate, seconds, step, points, town, week, townAdmin, true);
            }
        }
        HTTP.executor().ifPresent(executor -> ((ExecutorService) executor).shutdown());
    }

    /** One rate: sends on schedule, then waits for every effect (at most 2 minutes) and prints the figures. */
    private void step(int rate, int seconds, List<Ready> tasks, PointsTap points, String town, String week,
                      String townAdmin, boolean report) throws Exception {
        String rollupUrl = DemoApi.REPORT + "/api/rollups?nodeId=" + town + "&period=" + week;
        long rollupBase = DemoApi.get(rollupUrl, townAdmin).path("total").path("completed").asLong();
        Histogram answer = new ConcurrentHistogram(MAX_MICROS, 3); // recorded from the HTTP client's threads
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> answerTimes = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks.size());
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        AtomicBoolean sending = new AtomicBoolean(true);

        List<long[]> rollupTimeline = new ArrayList<>(); // {nanoTime, completed}
        Thread rollupPoller = new Thread(() -> {
            while (sending.get() || done.getCount() > 0
                    || lastCount(rollupTimeline) < rollupBase + answerTimes.size()) {
                try {
                    long completed = DemoApi.get(rollupUrl, townAdmin).path("total").path("completed").asLong();
                    synchronized (rollupTimeline) {
                        rollupTimeline.add(new long[] {System.nanoTime(), completed});
                    }
                    if (System.nanoTime() - start > Duration.ofSeconds(seconds + 120).toNanos()) {
                        return;
                    }
                    Thread.sleep(50);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "rollup-poller");
        rollupPoller.start();

        int sentTasks = 0;
        List<List<Ready>> requests = requests(tasks);
        for (List<Ready> request : requests) {
            long due = start + sentTasks * intervalNanos; // a request of n tasks is due when its first one is
            sentTasks += request.size();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            HTTP.sendAsync(completion(request), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        long now = System.nanoTime();
                        for (Ready task : request) {
                            if (error == null && response.statusCode() == 200) {
                                answer.recordValue(Math.min(MAX_MICROS, (now - due) / 1000));
                                answeredAt.put(task.id(), now);
                                answerTimes.add(now);
                            } else {
                                failed.incrementAndGet();
                            }
                            done.countDown();
                        }
                    });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        sending.set(false);
        long sent = System.nanoTime();
        // the lag over time: answered but not yet seen; done when every answer's effects are in, 2 minutes at most
        while (!done.await(1, TimeUnit.SECONDS) || points.count(answeredAt.keySet()) < expectedPoints(answeredAt)
                || lastCount(rollupTimeline) < rollupBase + answeredAt.size()) {
            if (done.getCount() == 0) {
                Thread.sleep(200);
            }
            if (!report) {
                continue;
            }
            System.out.printf(Locale.ROOT, "COMPLETION LOAD   %4d/s t=%5.1f s  answered %5d  points behind %5d"
                            + "  roll-up behind %5d%n", rate, (System.nanoTime() - start) / 1e9, answeredAt.size(),
                    Math.max(0, expectedPoints(answeredAt) - points.count(answeredAt.keySet())),
                    Math.max(0, rollupBase + answeredAt.size() - lastCount(rollupTimeline)));
            if (System.nanoTime() - sent > Duration.ofSeconds(120).toNanos()) {
                System.out.println("COMPLETION LOAD   gave up waiting for the effects after 120 s");
                break;
            }
        }
        rollupPoller.join(Duration.ofSeconds(130).toMillis());
        if (!report) {
            return;
        }

        Histogram pointsLag = new Histogram(MAX_MICROS, 3);
        for (Map.Entry<String, Long> answered : answeredAt.entrySet()) {
            Long seen = points.seenAt(answered.getKey());
            if (seen != null) {
                pointsLag.recordValue(Math.max(0, Math.min(MAX_MICROS, (seen - answered.getValue()) / 1000)));
            }
        }
        Histogram rollupLag = new Histogram(MAX_MICROS, 3);
        List<Long> answers = new ArrayList<>(answerTimes);
        answers.sort(Long::compare);
        List<long[]> timeline;
        synchronized (rollupTimeline) {
            timeline = new ArrayList<>(rollupTimeline);
        }
        int t = 0;
        for (int k = 0; k < answers.size(); k++) {
            while (t < timeline.size() && timeline.get(t)[1] < rollupBase + k + 1) {
                t++;
            }
            // the first poll that showed k+1 completions, and was sent after the k-th answer
            int first = t;
            while (first < timeline.size() && timeline.get(first)[0] < answers.get(k)) {
                first++;
            }
            if (first < timeline.size()) {
                rollupLag.recordValue(Math.max(0, Math.min(MAX_MICROS,
                        (timeline.get(first)[0] - answers.get(k)) / 1000)));
            }
        }
        System.out.printf(Locale.ROOT, "COMPLETION LOAD %4d completions/s offered for %d s (%s): sent in %.1f s,"
                        + " %d answered 200 (%.0f/s), %d failed%n", rate, seconds, batch == 1 ? "one per request"
                        : "up to " + batch + " per request", sendSeconds, answeredAt.size(),
                answeredAt.size() / Math.max(sendSeconds, (answerTimes.stream().mapToLong(Long::longValue).max()
                        .orElse(start) - start) / 1e9), failed.get());
        print("  REST completion, from when it was due", answer);
        print("  baseline: GET task-service /q/health/live, same schedule", baseline((double) requests.size()
                / seconds, seconds));
        print("  → points entry on wangge.points", pointsLag);
        print("  → town roll-up shows it (REST, 50 ms polls)", rollupLag);
    }

    /**
     * The requests that carry the tasks: one per task, or with a batch size each village cadre's tasks in requests
     * of that many (a page of submissions verified at once), in the order the tasks came.
     */
    private List<List<Ready>> requests(List<Ready> tasks) {
        List<List<Ready>> requests = new ArrayList<>();
        Map<String, List<Ready>> filling = new LinkedHashMap<>();
        for (Ready task : tasks) {
            List<Ready> request = filling.computeIfAbsent(task.cadre(), cadre -> new ArrayList<>());
            request.add(task);
            if (request.size() == batch) {
                requests.add(request);
                filling.remove(task.cadre());
            }
        }
        requests.addAll(filling.values());
        return requests;
    }

    /** A cadre's verification of one task ({@code /complete} with its If-Match) or of several at once. */
    private HttpRequest completion(List<Ready> request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + as(request.get(0).cadre()))
                .header("Content-Type", "application/json");
        if (batch == 1) {
            Ready task = request.get(0);
            return builder.uri(URI.create(DemoApi.TASK + "/api/tasks/" + task.id() + "/complete"))
                    .header("If-Match", "\"" + task.version() + "\"")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"核查属实\"}", StandardCharsets.UTF_8))
                    .build();
        }
        List<Map<String, Object>> read = request.stream().map(task -> Map.<String, Object>of("id", task.id(),
                "version", task.version())).toList();
        try {
            return builder.uri(URI.create(DemoApi.TASK + "/api/tasks/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(DemoApi.JSON.writeValueAsString(Map.of("tasks", read,
                            "note", "本村提交的记录已逐项核对")), StandardCharsets.UTF_8))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same open-loop schedule against the service's liveness check: the floor of the harness and HTTP. */
    private static Histogram baseline(double requestsPerSecond, int seconds) throws InterruptedException {
        Histogram latency = new ConcurrentHistogram(MAX_MICROS, 3);
        HttpRequest live = HttpRequest.newBuilder(URI.create(DemoApi.TASK + "/q/health/live"))
                .timeout(Duration.ofSeconds(60)).build();
        int count = (int) Math.round(requestsPerSecond * seconds);
        CountDownLatch done = new CountDownLatch(count);
        long intervalNanos = Math.round(1e9 / requestsPerSecond);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            HTTP.sendAsync(live, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() == 200) {
                    latency.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - due) / 1000));
                }
                done.countDown();
            });
        }
        done.await(2, TimeUnit.MINUTES);
        return latency;
    }

    private static long lastCount(List<long[]> timeline) {
        synchronized (timeline) {
            return timeline.isEmpty() ? -1 : timeline.get(timeline.size() - 1)[1];
        }
    }

    /** Party members earn points for a completion (TASK_ON_TIME, no cap); the others earn none. */
    private int expectedPoints(Map<String, Long> answered) {
        return (int) answered.keySet().stream().filter(memberTasks::contains).count();
    }

    private final java.util.Set<String> memberTasks = ConcurrentHashMap.newKeySet();

    private static void print(String what, Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            System.out.printf("COMPLETION LOAD %-48s no samples%n", what);
            return;
        }
        System.out.printf(Locale.ROOT, "COMPLETION LOAD %-48s n=%6d  p50 %8.1f ms  p90 %8.1f ms  p99 %8.1f ms"
                        + "  max %8.1f ms%n", what, histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
    }

    /** Casts key work to every micro-grid as often as needed; each grid's worker accepts and submits its task. */
    private List<Ready> prepare(String townAdmin, String town, Map<String, String> cadres, int needed)
            throws Exception {
        List<JsonNode> tasks = new ArrayList<>();
        OffsetDateTime due = OffsetDateTime.now(SHANGHAI).plusHours(6);
        while (tasks.size() < needed) {
            JsonNode item = DemoApi.post(DemoApi.TASK + "/api/key-work", townAdmin, Map.of("title",
                    "负载测试：入户核查（" + (tasks.size() / 611 + 1) + "）", "categoryCode", "LIVELIHOOD",
                    "description", "开环负载测试", "scopeNodeIds", List.of(town), "targetLevel", "MICRO_GRID",
                    "assigneeRole", "COMPREHENSIVE_GRID_WORKER", "dueAt", due.toString()));
            String id = item.path("id").asText();
            DemoApi.step(DemoApi.TASK + "/api/key-work/" + id + "/dispatch", townAdmin, Map.of(), item);
            for (int page = 0; ; page++) {
                JsonNode result = DemoApi.get(DemoApi.TASK + "/api/key-work/" + id + "/tasks?size=200&page=" + page,
                        townAdmin);
                result.path("items").forEach(tasks::add);
                if (result.path("items").size() < 200) {
                    break;
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Ready>> work = new ArrayList<>();
        AtomicLong members = new AtomicLong();
        for (JsonNode task : tasks.subList(0, needed)) {
            work.add(pool.submit(() -> {
                String id = task.path("id").asText();
                String worker = as(task.path("assigneeAccountId").asText());
                JsonNode accepted = DemoApi.step(DemoApi.TASK + "/api/tasks/" + id + "/accept", worker, Map.of(),
                        task);
                JsonNode submitted = DemoApi.step(DemoApi.TASK + "/api/tasks/" + id + "/submit", worker,
                        Map.of("note", "已入户核查"), accepted);
                String village = task.path("nodePath").asText().split("/")[3];
                if (isMember(worker, task)) {
                    memberTasks.add(id);
                    members.incrementAndGet();
                }
                return new Ready(id, submitted.path("version").asLong(), cadres.get(village));
            }));
        }
        List<Ready> ready = new ArrayList<>();
        for (Future<Ready> future : work) {
            ready.add(future.get());
        }
        pool.shutdown();
        System.out.printf("COMPLETION LOAD %d of the tasks are party members' (they earn points)%n", members.get());
        return ready;
    }

    private final Map<String, Boolean> memberByLogin = new ConcurrentHashMap<>();

    private boolean isMember(String workerToken, JsonNode task) {
        return memberByLogin.computeIfAbsent(task.path("assigneeAccountId").asText(), login -> {
            try {
                return DemoApi.get(DemoApi.GRID + "/api/me", workerToken).path("person").path("partyMember")
                        .asBoolean();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Map<String, String> villageCadres(String admin, String town) throws Exception {
        return DemoApi.villageCadres(admin, DemoApi.get(DemoApi.GRID + "/api/grids/" + town + "/children?size=200",
                admin).path("items"));
    }

    private String as(String login) {
        return logins.token(login);
    }

    /** A county system's consumer of wangge.points from its end: when each task's points entry arrived. */
    private static final class PointsTap implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread poller;

        PointsTap(Path countyClient) throws IOException {
            Properties settings = new Properties();
            try (Reader reader = Files.newBufferedReader(countyClient, StandardCharsets.UTF_8)) {
                settings.load(reader);
            }
            settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("wangge.points").forEach(p -> partitions.add(new TopicPartition(p.topic(),
                    p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes the start before any completion is sent
            poller = new Thread(() -> {
                try (consumer) {
                    while (running.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                            long now = System.nanoTime();
                            try {
                                String source = DemoApi.JSON.readTree(record.value()).path("source").asText();
                                if (source.startsWith("task:")) {
                                    seen.putIfAbsent(source.substring("task:".length()), now);
                                }
                            } catch (IOException e) {
                                // not JSON: not an entry this run waits for
                            }
                        }
                    }
                }
            }, "points-tap");
            poller.start();
        }

        Long seenAt(String taskId) {
            return seen.get(taskId);
        }

        int count(java.util.Set<String> tasks) {
            int n = 0;
            for (String task : tasks) {
                if (seen.containsKey(task)) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            poller.join();
        }
    }
}
