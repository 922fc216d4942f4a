package io.wangge.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.wangge.platform.config.WanggeConfig;
import io.wangge.platform.events.CloudEventHeaders;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.KafkaSender;
import io.wangge.platform.tracing.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka in sequence order and deletes them once the broker has them.
 *
 * <p>Exactly one instance of a service relays at a time: the relay holds a PostgreSQL advisory lock on its own
 * connection as its lease, so if that instance dies the lock is released and another one takes over. The relay
 * sleeps on LISTEN and is woken by the NOTIFY each recording transaction sends on commit, so a committed event
 * reaches Kafka within milliseconds; the idle wait is only a safety net.
 *
 * <p>No record goes on a topic twice because of an outage: the producer never gives up on a send it has made (its
 * delivery timeout is unbounded; the idempotent producer's retries are de-duplicated by the broker), and the relay
 * waits for every send it made before it sends a row again. A row is sent again only if its send failed, which
 * means Kafka never stored it. The one window left is a relay killed after the broker's ack and before the delete:
 * the next relay sends that row again, with the same {@code ce_id} (stated in the AsyncAPI document).
 *
 * <p>Several batches are in flight at once. A row Kafka can never take (too large, not a valid record) is parked
 * with its error at once ({@code wangge_outbox_parked}), without the back-off of a failed send; one refused for a
 * cause that may pass (not authorised, an unknown topic) is tried {@code maxAttempts} times and then parked. The
 * rows behind a parked row keep flowing.
 *
 * <p>On shutdown the relay sends nothing new and waits (at most {@link #DRAIN_ON_STOP}) for the sends it made, and
 * deletes the rows the broker acknowledged: a rolling restart does not send them again.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String SELECT_PENDING = "SELECT seq, id, topic, type, source, aggregate_id, subject,"
            + " occurred_at, payload, traceparent FROM outbox_event WHERE parked_at IS NULL AND seq > ? ORDER BY seq LIMIT ?";
    private static final Duration LEASE_RETRY = Duration.ofSeconds(2);
    private static final Duration COUNT_EVERY = Duration.ofSeconds(5);
    private static final Duration SEND_POLL = Duration.ofMillis(200);
    static final Duration DRAIN_ON_STOP = Duration.ofSeconds(5);

    @Inject
    WanggeConfig config;

    @Inject
    KafkaSender sender;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    /** Failed sends per row, in memory: a row is parked once it reaches the limit. */
    private final Map<Long, Integer> failedSends = new HashMap<>();
    private Counter published;
    private Counter failures;
    private volatile boolean running;
    /** Set on stop: until then the relay waits for the acknowledgements of what it sent. */
    private volatile long drainUntil;
    private volatile boolean leader;
    private Thread thread;
    private volatile Connection connection;
    private long lastCount;

    /** A row sent and not yet acknowledged. */
    private record InFlight(PendingEvent event, Future<RecordMetadata> send) {
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("wangge.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed events not yet published to Kafka").register(registry);
        Gauge.builder("wangge.outbox.parked", parked, AtomicLong::get)
                .description("Events Kafka refused for good, parked with their error").register(registry);
        Gauge.builder("wangge.outbox.leader", this, relay -> relay.leader ? 1 : 0)
                .description("1 while this instance holds the relay lease").register(registry);
        published = Counter.builder("wangge.outbox.published").register(registry);
        failures = Counter.builder("wangge.outbox.failures").register(registry);
        if (!config.outbox().relayEnabled()) {
            Log.info("outbox relay disabled on this instance");
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        drainUntil = System.nanoTime() + DRAIN_ON_STOP.toNanos();
        running = false;
        if (thread != null) {
            try {
                thread.join(Math.max(config.outbox().idleWait().toMillis(), DRAIN_ON_STOP.toMillis()) + 2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeConnection();
    }

    /** True while this instance holds the relay lease. */
    public boolean isLeader() {
        return leader;
    }

    public long backlog() {
        return backlog.get();
    }

    private void run() {
        Duration backoff = config.outbox().initialBackoff();
        while (running) {
            try {
                if (!holdLease()) {
                    sleep(LEASE_RETRY);
                    continue;
                }
                Round round = relayRound();
                if (round.failed() > 0 && running) {
                    failures.increment(round.failed());
                    Log.warnf("outbox relay: %d send(s) failed; retrying in %s", round.failed(), backoff);
                    sleep(backoff);
                    backoff = next(backoff);
                    continue;
                }
                backoff = config.outbox().initialBackoff();
                if (round.sent() == 0) {
                    count(true);
                    awaitCommit(config.outbox().idleWait());
                }
            } catch (SQLException e) {
                failures.increment();
                Log.warnf("outbox relay lost its database connection (%s); retrying in %s", e.getMessage(), backoff);
                closeConnection();
                sleep(backoff);
                backoff = next(backoff);
            } catch (RuntimeException e) {
                failures.increment();
                Log.warnf("outbox relay could not publish (%s); retrying in %s", e.getMessage(), backoff);
                sleep(backoff);
                backoff = next(backoff);
            }
        }
    }

    private record Round(int sent, int failed) {
    }

    /**
     * Sends every pending row, up to {@code inFlightBatches} batches ahead of the acknowledgements, and deletes
     * the acknowledged ones. Returns once nothing is pending or a send failed; in both cases after every send it
     * made has completed, so the next round never sends a row whose earlier send may still land. A stop ends the
     * sending, not the waiting: what was sent is awaited until the drain's deadline and its rows deleted.
     */
    private Round relayRound() throws SQLException {
        Deque<InFlight> inFlight = new ArrayDeque<>();
        int window = config.outbox().batchSize() * Math.max(1, config.outbox().inFlightBatches());
        long lastQueued = 0;
        boolean more = true;
        int sent = 0;
        int failed = 0;
        while ((running && more) || (!inFlight.isEmpty() && awaiting())) {
            while (running && more && failed == 0 && inFlight.size() + config.outbox().batchSize() <= window) {
                List<PendingEvent> batch = select(lastQueued);
                for (PendingEvent event : batch) {
                    inFlight.add(new InFlight(event, sender.producer().send(event.toRecord())));
                    lastQueued = event.seq();
                }
                more = batch.size() == config.outbox().batchSize();
                count(false);
            }
            if (inFlight.isEmpty()) {
                break;
            }
            List<Long> delivered = new ArrayList<>();
            awaitHead(inFlight);
            if (!awaiting()) {
                // stopped and the drain is over: whatever the broker acknowledged, at the head or behind a send
                // still waiting, is deleted so a restart does not send it again
                for (InFlight pending : inFlight) {
                    if (acknowledged(pending.send())) {
                        delivered.add(pending.event().seq());
                    }
                }
                delete(delivered);
                published.increment(delivered.size());
                sent += delivered.size();
                break;
            }
            while (!inFlight.isEmpty() && inFlight.peek().send().isDone()) {
                InFlight head = inFlight.poll();
                try {
                    head.send().get();
                    delivered.add(head.event().seq());
                    failedSends.remove(head.event().seq());
                } catch (ExecutionException e) {
                    if (!refused(head.event(), e.getCause())) {
                        failed++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed++;
                }
            }
            delete(delivered);
            sent += delivered.size();
            published.increment(delivered.size());
            backlog.updateAndGet(b -> Math.max(0, b - delivered.size()));
            // after a failure no new rows are sent: the round drains what it sent, then the relay backs off
            more = more && failed == 0;
        }
        return new Round(sent, failed);
    }

    private static boolean acknowledged(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return false;
        }
        try {
            send.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True while the relay runs, and after a stop until the drain's deadline. */
    private boolean awaiting() {
        return running || System.nanoTime() - drainUntil < 0;
    }

    /** Waits for the oldest send to complete, however long the broker is away, until the relay stops draining. */
    private void awaitHead(Deque<InFlight> inFlight) {
        Future<RecordMetadata> head = inFlight.peek().send();
        while (awaiting() && !head.isDone()) {
            try {
                head.get(SEND_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // still waiting, or done with a failure the caller reads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A send failed, so Kafka does not have the row: it is sent again later, or parked (returns true) when it can
     * never be taken or has been tried too often.
     */
    private boolean refused(PendingEvent event, Throwable cause) throws SQLException {
        int attempts = failedSends.merge(event.seq(), 1, Integer::sum);
        boolean never = cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException;
        if (!never && (cause instanceof RetriableException || attempts < Math.max(1, config.outbox().maxAttempts()))) {
            Log.warnf("outbox relay: %s (%s, seq %d) not published, attempt %d: %s", event.id(), event.type(),
                    event.seq(), attempts, String.valueOf(cause));
            return false;
        }
        failedSends.remove(event.seq());
        try (PreparedStatement park = connection.prepareStatement(
                "UPDATE outbox_event SET parked_at = now(), park_reason = ? WHERE seq = ?")) {
            park.setString(1, truncate("after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                    + cause, 2000));
            park.setLong(2, event.seq());
            park.executeUpdate();
        }
        parked.incrementAndGet();
        Log.errorf("outbox relay parked %s (%s, seq %d, topic %s) after %d attempts: %s", event.id(), event.type(),
                event.seq(), event.topic(), attempts, String.valueOf(cause));
        return true;
    }

    private boolean holdLease() throws SQLException {
        if (connection != null && leader) {
            return true;
        }
        if (connection == null) {
            connection = DriverManager.getConnection(jdbcUrl, username.orElse(null), password.orElse(null));
            connection.setAutoCommit(true);
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, "wangge-outbox-relay:" + applicationName);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                leader = rs.getBoolean(1);
            }
        }
        if (leader) {
            try (Statement listen = connection.createStatement()) {
                listen.execute("LISTEN " + Outbox.NOTIFY_CHANNEL);
            }
            Log.infof("outbox relay of %s holds the lease", applicationName);
        }
        return leader;
    }

    private List<PendingEvent> select(long after) throws SQLException {
        List<PendingEvent> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_PENDING)) {
            select.setLong(1, after);
            select.setInt(2, config.outbox().batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getObject(8, java.time.OffsetDateTime.class), rs.getString(9), rs.getString(10)));
                }
            }
        }
        return batch;
    }

    private void delete(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM outbox_event WHERE seq = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            delete.setArray(1, array);
            delete.executeUpdate();
        }
    }

    /** Counts the backlog and the parked rows: always when idle, at most every few seconds while busy. */
    private void count(boolean idle) throws SQLException {
        long now = System.nanoTime();
        if (!idle && now - lastCount < COUNT_EVERY.toNanos()) {
            return;
        }
        lastCount = now;
        try (Statement count = connection.createStatement();
             ResultSet rs = count.executeQuery("SELECT count(*) FILTER (WHERE parked_at IS NULL),"
                     + " count(*) FILTER (WHERE parked_at IS NOT NULL) FROM outbox_event")) {
            rs.next();
            backlog.set(rs.getLong(1));
            parked.set(rs.getLong(2));
        }
    }

    private void awaitCommit(Duration wait) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        // getNotifications(0) would block forever; 1 ms is "just drain what is there".
        pg.getNotifications((int) Math.max(1, wait.toMillis()));
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.outbox().maxBackoff()) > 0 ? config.outbox().maxBackoff() : doubled;
    }

    private void closeConnection() {
        leader = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is already gone; the lease went with it
            }
            connection = null;
        }
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record PendingEvent(long seq, String id, String topic, String type, String source, String aggregateId,
                                String subject, java.time.OffsetDateTime occurredAt, String payload,
                                String traceparent) {

        ProducerRecord<String, byte[]> toRecord() {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, aggregateId,
                    payload.getBytes(StandardCharsets.UTF_8));
            header(record, CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION);
            header(record, CloudEventHeaders.ID, id);
            header(record, CloudEventHeaders.SOURCE, source);
            header(record, CloudEventHeaders.TYPE, type);
            header(record, CloudEventHeaders.TIME, EventTime.format(occurredAt));
            if (subject != null) {
                header(record, CloudEventHeaders.SUBJECT, subject);
            }
            header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
            if (traceparent != null) {
                header(record, Traces.TRACEPARENT, traceparent);
            }
            return record;
        }

        private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
            record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
