package io.wangge.report;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import io.wangge.platform.testing.BusyTime;
import io.wangge.platform.testing.ClosedLoad;
import io.wangge.platform.testing.GridFeed;
import io.wangge.platform.testing.Stopwatch;
import io.wangge.platform.testing.TaskFeed;
import io.wangge.platform.testing.TestClock;
import io.wangge.platform.testing.Tokens;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;

/**
 * Roll-up query p50/p99 for a town and for a 100,000-node tree with 1,000,000 tasks, against the same aggregate
 * over plain JDBC, and the roll-up and rankings of each under 16 concurrent clients beside {@code /q/health/live};
 * and the task events per second the roll-up consumer sustains, against Kafka's own consume rate of the same
 * records. Run with {@code ./mvnw -pl report-service -am verify -Pbenchmark}.
 */
@QuarkusTest
@TestProfile(RollupBenchmark.Backlog.class)
@Tag("benchmark")
class RollupBenchmark {

    /** The task channel can be held while a backlog is produced, so that the drain is timed alone. */
    public static class Backlog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.task.pausable", "true");
        }
    }

    @Inject
    ChannelRegistry channels;

    private static final String ADMIN = Tokens.bearer("province-admin-rollup-bench", "province-admin", "county-admin");
    private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-11-27T18:00:00+08:00");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;


    @Test
    void rollupQueriesOnAProvinceSizedTree() throws Exception {
        List<String[]> scopes = build(); // {label, id, path}
        for (String[] scope : scopes) {
            Stopwatch api = new Stopwatch("roll-up of " + scope[0] + " via REST");
            Stopwatch live = new Stopwatch("baseline: GET /q/health/live of the same service");
            Stopwatch jdbc = new Stopwatch("reference: the aggregate over all facts via JDBC (the old roll-up)");
            for (int i = 0; i < 10; i++) {
                given().header("Authorization", ADMIN).get("/api/rollups?nodeId=" + scope[1] + "&period=2026-W48");
            }
            // 500 samples: p99 is the 5th slowest, not the maximum
            for (int i = 0; i < 500; i++) {
                api.run(() -> given().header("Authorization", ADMIN)
                        .get("/api/rollups?nodeId=" + scope[1] + "&period=2026-W48").then().statusCode(200));
                live.run(() -> given().get("/q/health/live").then().statusCode(200));
            }
            int references = scope[0].startsWith("county") ? 10 : 100;
            for (int i = 0; i < references; i++) {
                jdbc.run(() -> aggregate(scope[2]));
            }
            api.print();
            live.print();
            jdbc.print();
            api.printRatio(live);
            api.printRatio(jdbc);

            // as the place's people read it: 16 clients at once; the service's liveness under the same clients after
            String rollup = "/api/rollups?nodeId=" + scope[1] + "&period=2026-W48";
            String rankings = "/api/rankings?nodeId=" + scope[1] + "&period=2026-W48";
            ClosedLoad.get("roll-up of " + scope[0], rollup, ADMIN, 16, 10);
            ClosedLoad.get("rankings of " + scope[0], rankings, ADMIN, 16, 10);
            ClosedLoad.get("baseline: GET /q/health/live", "/q/health/live", null, 16, 10);
        }
    }

    @Test
    void eventsPerSecondTheRollupConsumerSustains() throws Exception {
        int events = 20_000;
        drain(5_000, "warm-up");
        for (int run = 1; run <= 3; run++) {
            drain(events, "run " + run);
        }
        jdbcBaseline(events);
        long start = System.nanoTime();
        Map<String, Object> plain = io.wangge.devstack.DevstackTestResource.kafkaClient(
                io.wangge.devstack.KafkaAccess.COUNTY);
        plain.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        plain.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(plain)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("wangge.task").forEach(p -> partitions.add(new TopicPartition(p.topic(),
                    p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "BENCHMARK baseline: a plain Kafka consumer reads %d records in %.2f s"
                    + " = %.0f records/s%n", read, seconds, read / seconds);
        }
    }

    /**
     * The convergence goal: a dispatch to 100,000 grids puts 100,000 {@code task.dispatched} on the topic at
     * once (task-service writes them in one transaction, its relay publishes them in a few seconds); the roll-ups
     * have converged when the last is counted (goal: within 60 s).
     */
    @Test
    void rollupsConvergeAfterAHundredThousandTaskDispatch() throws Exception {
        drain(5_000, "warm-up");
        drain(100_000, "a 100,000-task dispatch");
        jdbcBaseline(100_000);
    }

    /**
     * A backlog like the issue's: {@code events} task events on the topic before the consumer takes the first, then
     * the time until the consumer has applied them all.
     */
    private void drain(int events, String label) throws Exception {
        UUID item = UUID.randomUUID();
        // task-service's own events, schema-valid and from its source, or the consumer would dead-letter them
        GridFeed.Node town = GridFeed.Node.root("679998", "基准县", "COUNTY").child("679998101", "基准镇", "TOWN");
        List<TaskFeed.Task> dispatched = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            dispatched.add(new TaskFeed.Task(item, town.child("679998101201", "基准网格", "MICRO_GRID"), "LIVELIHOOD",
                    DUE, null));
        }
        PausableChannel channel = channels.getPausable("task");
        try (TaskFeed producer = new TaskFeed(clock)) {
            channel.pause();
            long producing = System.nanoTime();
            producer.publishAll("wangge.task.dispatched.v1", dispatched);
            double produced = (System.nanoTime() - producing) / 1e9;
            double busyBefore = BusyTime.seconds(registry, "report-service.task");
            double appliedBefore = applied();
            long start = System.nanoTime();
            channel.resume();
            // watched by the consumer's own counter: a query in a loop would take a core from the database
            while (applied() - appliedBefore < events) {
                LockSupport.parkNanos(1_000_000);
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("the consumer did not keep up within 5 minutes");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (count(item) != events) {
                throw new IllegalStateException("applied " + events + " events but the facts hold " + count(item));
            }
            double busy = BusyTime.seconds(registry, "report-service.task") - busyBefore;
            System.out.printf(Locale.ROOT, "BENCHMARK roll-up consumer, %s: a backlog of %d task events (produced"
                    + " beforehand in %.1f s) applied in %.2f s = %.0f events/s; the consumer busy %.2f s of it"
                    + " = %.0f events/s of capacity%n", label, events, produced, seconds, events / seconds, busy,
                    events / busy);
        } finally {
            if (channel.isPaused()) {
                channel.resume();
            }
        }
    }

    /**
     * The same rows the consumer writes (one fact per event, one counter row per grid level), by a plain JDBC batch
     * in transactions of the consumer's poll size: what the database alone costs.
     */
    private void jdbcBaseline(int events) throws Exception {
        UUID item = UUID.randomUUID();
        UUID grid = UUID.randomUUID();
        String path = "/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/" + grid + "/";
        Timestamp due = Timestamp.from(DUE.toInstant());
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection();
             PreparedStatement fact = c.prepareStatement("INSERT INTO task_fact (task_id, item_id, category,"
                     + " node_id, node_path, status, due_at, overdue, version) VALUES (?, ?, 'LIVELIHOOD', ?, ?,"
                     + " 'DISPATCHED', ?, false, 1)");
             PreparedStatement counter = c.prepareStatement("INSERT INTO rollup_counter (period_id, node_id,"
                     + " category, dispatched, completed, completed_on_time, overdue, open, cancelled)"
                     + " VALUES ('bench', ?, 'LIVELIHOOD', ?, 0, 0, 0, ?, 0)"
                     + " ON CONFLICT (period_id, node_id, category) DO UPDATE SET"
                     + " dispatched = rollup_counter.dispatched + EXCLUDED.dispatched,"
                     + " open = rollup_counter.open + EXCLUDED.open")) {
            c.setAutoCommit(false);
            for (int i = 0; i < events; i++) {
                fact.setObject(1, UUID.randomUUID());
                fact.setObject(2, item);
                fact.setObject(3, grid);
                fact.setString(4, path);
                fact.setTimestamp(5, due);
                fact.addBatch();
                if ((i + 1) % 500 == 0 || i == events - 1) {
                    fact.executeBatch();
                    for (String node : path.substring(1).split("/")) {
                        counter.setObject(1, UUID.fromString(node));
                        counter.setLong(2, 500);
                        counter.setLong(3, 500);
                        counter.addBatch();
                    }
                    counter.executeBatch();
                    c.commit();
                }
            }
            c.setAutoCommit(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "BENCHMARK baseline: the same %d facts and their counters by a plain JDBC"
                + " batch (transactions of 500) in %.2f s = %.0f rows/s%n", events, seconds, events / seconds);
    }

    private double applied() {
        io.micrometer.core.instrument.Counter counter = registry.find("wangge.inbox.events")
                .tags("consumer", "report-service.task", "outcome", "APPLIED").counter();
        return counter == null ? 0 : counter.count();
    }

    private long count(UUID item) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT count(*) FROM task_fact WHERE item_id = ?")) {
            select.setObject(1, item);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 1 county → 10 towns → 30 villages each → 333 micro-grids each (100,211 nodes), 10 tasks per grid. */
    private List<String[]> build() throws Exception {
        UUID county = UUID.randomUUID();
        String countyPath = "/" + county + "/";
        List<String[]> scopes = new ArrayList<>();
        Timestamp due = Timestamp.from(DUE.toInstant());
        try (Connection c = dataSource.getConnection();
             PreparedStatement node = c.prepareStatement("INSERT INTO grid_node_view (id, code, name, level,"
                     + " parent_id, path, depth, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0)");
             PreparedStatement fact = c.prepareStatement("INSERT INTO task_fact (task_id, item_id, category,"
                     + " node_id, node_path, status, due_at, overdue, on_time, version)"
                     + " VALUES (?, ?, 'SAFETY_PRODUCTION', ?, ?, ?, ?, ?, ?, 1)")) {
            c.setAutoCommit(false);
            insertNode(node, county, "669999", "基准县", "COUNTY", null, countyPath, 1);
            scopes.add(new String[] {"county (100,211 nodes, 999,000 tasks)", county.toString(), countyPath});
            UUID item = UUID.randomUUID();
            int n = 0;
            for (int t = 0; t < 10; t++) {
                UUID town = UUID.randomUUID();
                String townPath = countyPath + town + "/";
                insertNode(node, town, "669999" + (101 + t), "基准镇" + t, "TOWN", county, townPath, 2);
                if (t == 0) {
                    scopes.add(new String[] {"town (10,021 nodes, 99,900 tasks)", town.toString(), townPath});
                }
                for (int v = 0; v < 30; v++) {
                    UUID village = UUID.randomUUID();
                    String villagePath = townPath + village + "/";
                    insertNode(node, village, "v" + t + "-" + v, "基准村" + v, "VILLAGE", town, villagePath, 3);
                    for (int g = 0; g < 333; g++) {
                        UUID grid = UUID.randomUUID();
                        String gridPath = villagePath + grid + "/";
                        insertNode(node, grid, "g" + t + "-" + v + "-" + g, "微网格" + g, "MICRO_GRID", village,
                                gridPath, 4);
                        for (int k = 0; k < 10; k++) {
                            n++;
                            fact.setObject(1, UUID.randomUUID());
                            fact.setObject(2, item);
                            fact.setObject(3, grid);
                            fact.setString(4, gridPath);
                            String status = n % 3 == 0 ? "COMPLETED" : n % 3 == 1 ? "ACCEPTED" : "DISPATCHED";
                            fact.setString(5, status);
                            fact.setTimestamp(6, due);
                            fact.setBoolean(7, n % 7 == 0);
                            fact.setObject(8, "COMPLETED".equals(status) ? n % 2 == 0 : null);
                            fact.addBatch();
                        }
                    }
                    node.executeBatch();
                    fact.executeBatch();
                }
            }
            c.commit();
            // facts written behind the consumer's back: their counters too, as the consumer keeps them
            c.createStatement().execute("SELECT rollup_counters_rebuild()");
            c.commit();
            c.setAutoCommit(true);
            // the old roll-up read the facts by this index (dropped since: nothing reads facts by path now)
            c.createStatement().execute("CREATE INDEX IF NOT EXISTS task_fact_path_due_reference"
                    + " ON task_fact (node_path, due_at)");
            c.createStatement().execute("ANALYZE grid_node_view; ANALYZE task_fact; ANALYZE rollup_counter");
            System.out.printf("BENCHMARK setup: %d task facts%n", n);
        }
        return scopes;
    }

    private static void insertNode(PreparedStatement node, UUID id, String code, String name, String level,
                                   UUID parent, String path, int depth) throws Exception {
        node.setObject(1, id);
        node.setString(2, code.length() > 15 ? code.substring(0, 15) : code);
        node.setString(3, name);
        node.setString(4, level);
        node.setObject(5, parent);
        node.setString(6, path);
        node.setInt(7, depth);
        node.addBatch();
    }

    private void aggregate(String path) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT substring(node_path FROM ? FOR 36), count(*),"
                     + " count(*) FILTER (WHERE status = 'COMPLETED'), count(*) FILTER (WHERE on_time)"
                     + " FROM task_fact WHERE node_path >= ? AND node_path < ? AND due_at >= ? AND due_at < ?"
                     + " GROUP BY 1")) {
            select.setInt(1, path.length() + 1);
            select.setString(2, path);
            select.setString(3, path.substring(0, path.length() - 1) + "0");
            select.setTimestamp(4, Timestamp.from(Instant.parse("2026-11-22T16:00:00Z")));
            select.setTimestamp(5, Timestamp.from(Instant.parse("2026-11-29T16:00:00Z")));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
