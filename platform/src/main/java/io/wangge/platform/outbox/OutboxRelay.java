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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka in sequence order and marks them published.
 *
 * <p>Exactly one instance of a service relays at a time: the relay holds a PostgreSQL advisory lock on its own
 * connection as its lease, so if that instance dies the lock is released and another one takes over. The relay
 * sleeps on LISTEN and is woken by the NOTIFY each recording transaction sends on commit, so a committed event
 * reaches Kafka within milliseconds; the idle wait is only a safety net.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final String SELECT_PENDING = "SELECT seq, id, topic, type, source, aggregate_id, subject,"
            + " occurred_at, payload FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT ?";
    private static final Duration LEASE_RETRY = Duration.ofSeconds(2);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

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
    private Counter published;
    private Counter failures;
    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;
    private Connection connection;
    private long lastPrune;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("wangge.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed events not yet published to Kafka").register(registry);
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
        running = false;
        if (thread != null) {
            try {
                thread.join(config.outbox().idleWait().toMillis() + 2_000);
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
                int count = relayBatch();
                backoff = config.outbox().initialBackoff();
                if (count < config.outbox().batchSize()) {
                    pruneIfDue();
                    awaitCommit(count == 0 ? config.outbox().idleWait() : Duration.ZERO);
                }
            } catch (SQLException e) {
                failures.increment();
                Log.warnf("outbox relay lost its database connection (%s); retrying in %s", e.getMessage(), backoff);
                closeConnection();
                sleep(backoff);
                backoff = next(backoff);
            } catch (RuntimeException | PublishException e) {
                failures.increment();
                Log.warnf("outbox relay could not publish (%s); retrying in %s", e.getMessage(), backoff);
                sleep(backoff);
                backoff = next(backoff);
            }
        }
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

    private int relayBatch() throws SQLException, PublishException {
        List<PendingEvent> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_PENDING)) {
            select.setInt(1, config.outbox().batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    batch.add(new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getObject(8, java.time.OffsetDateTime.class), rs.getString(9)));
                }
            }
        }
        if (batch.isEmpty()) {
            backlog.set(0);
            return 0;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
        for (PendingEvent event : batch) {
            sends.add(sender.producer().send(event.toRecord()));
        }
        // Only the prefix that reached the broker is marked: a failed event and everything after it are sent
        // again, so no aggregate's later event is marked while an earlier one is still unpublished.
        List<Long> delivered = new ArrayList<>(batch.size());
        Throwable failure = null;
        for (Future<RecordMetadata> send : sends) {
            try {
                send.get();
                delivered.add(batch.get(delivered.size()).seq());
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            }
        }
        markPublished(delivered);
        published.increment(delivered.size());
        refreshBacklog();
        if (failure != null) {
            throw new PublishException(failure);
        }
        return delivered.size();
    }

    private void markPublished(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_event SET published_at = now() WHERE seq = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    private void refreshBacklog() throws SQLException {
        try (Statement count = connection.createStatement();
             ResultSet rs = count.executeQuery("SELECT count(*) FROM outbox_event WHERE published_at IS NULL")) {
            rs.next();
            backlog.set(rs.getLong(1));
        }
    }

    private void pruneIfDue() throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lastPrune < PRUNE_EVERY.toMillis()) {
            return;
        }
        lastPrune = now;
        try (PreparedStatement prune = connection.prepareStatement(
                "DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => ?)")) {
            prune.setDouble(1, config.outbox().retention().toMillis() / 1000.0);
            int pruned = prune.executeUpdate();
            if (pruned > 0) {
                Log.debugf("outbox pruned %d published events", pruned);
            }
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kafka refused or timed out a send. */
    static final class PublishException extends Exception {
        PublishException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private record PendingEvent(long seq, String id, String topic, String type, String source, String aggregateId,
                                String subject, java.time.OffsetDateTime occurredAt, String payload) {

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
            return record;
        }

        private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
            record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
