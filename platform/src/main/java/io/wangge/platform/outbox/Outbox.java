package io.wangge.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.wangge.platform.config.WanggeConfig;
import io.wangge.platform.events.EventContract;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.tracing.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records events in the caller's database transaction; {@link OutboxRelay} publishes them once committed.
 * There is no other way for a service to publish: a state change and its events commit together or not at all.
 */
@ApplicationScoped
public class Outbox {

    static final String NOTIFY_CHANNEL = "wangge_outbox";
    private static final int STATEMENT_ROWS = 1000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionManager transactionManager;

    @Inject
    Instance<EntityManager> entityManager;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    Clock clock;

    @Inject
    WanggeConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private final EventContract contract = EventContract.load();

    /** Records one event; returns its CloudEvents id. Must run inside an active transaction. */
    public UUID record(OutgoingEvent event) {
        return recordAll(List.of(event)).get(0);
    }

    /**
     * Records events in order, a thousand per statement (arrays bound to {@code unnest}: a dispatch of 100,000
     * tasks is a hundred round trips, a consumer's batch one).
     */
    public List<UUID> recordAll(List<OutgoingEvent> events) {
        requireActiveTransaction();
        if (events.isEmpty()) {
            return List.of();
        }
        // Flush pending entity changes first, so the aggregate's row lock is taken before the event's sequence
        // number: two transactions on one aggregate then commit their events in sequence order.
        if (entityManager.isResolvable()) {
            entityManager.get().flush();
        }
        String source = config.events().source().orElse("/wangge/" + applicationName);
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<UUID> ids = new ArrayList<>(events.size());
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO outbox_event (id, topic, type, source, aggregate_id, subject, occurred_at, payload,
                                               traceparent)
                     SELECT u.id, u.topic, u.type, ?, u.aggregate_id, u.subject, ?, u.payload, u.traceparent
                       FROM unnest(?, ?, ?, ?, ?, ?, ?) WITH ORDINALITY
                            AS u(id, topic, type, aggregate_id, subject, payload, traceparent, n)
                      ORDER BY u.n""")) {
            String current = Traces.current();
            for (int from = 0; from < events.size(); from += STATEMENT_ROWS) {
                List<OutgoingEvent> chunk = events.subList(from, Math.min(events.size(), from + STATEMENT_ROWS));
                int n = chunk.size();
                UUID[] id = new UUID[n];
                String[] topic = new String[n];
                String[] type = new String[n];
                String[] aggregate = new String[n];
                String[] subject = new String[n];
                String[] payload = new String[n];
                String[] traceparent = new String[n];
                for (int i = 0; i < n; i++) {
                    OutgoingEvent event = chunk.get(i);
                    id[i] = UUID.randomUUID();
                    topic[i] = contract.require(event.type()).topic();
                    type[i] = event.type();
                    aggregate[i] = event.aggregateId();
                    subject[i] = event.subject();
                    payload[i] = payload(event);
                    traceparent[i] = event.traceparent() != null ? event.traceparent() : current;
                    ids.add(id[i]);
                }
                insert.setString(1, source);
                insert.setTimestamp(2, now);
                insert.setArray(3, connection.createArrayOf("uuid", id));
                insert.setArray(4, connection.createArrayOf("varchar", topic));
                insert.setArray(5, connection.createArrayOf("varchar", type));
                insert.setArray(6, connection.createArrayOf("varchar", aggregate));
                insert.setArray(7, connection.createArrayOf("varchar", subject));
                insert.setArray(8, connection.createArrayOf("text", payload));
                insert.setArray(9, connection.createArrayOf("varchar", traceparent));
                insert.executeUpdate();
            }
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
                notify.setString(1, NOTIFY_CHANNEL);
                notify.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record events in the outbox", e);
        }
        return ids;
    }

    /** The event's data as JSON text, checked against its schema where payload validation is on. */
    private String payload(OutgoingEvent event) {
        try {
            if (config.events().validatePayloads()) {
                JsonNode data = objectMapper.valueToTree(event.payload());
                contract.validate(event.type(), data);
                return objectMapper.writeValueAsString(data);
            }
            return objectMapper.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event payload is not serialisable", e);
        }
    }

    /**
     * Ids as the text of a PostgreSQL array ({@code {id1,id2}}), for a {@link #recordFromQuery} (and the statements
     * beside it) to select the rows of just those ids with {@code = ANY (CAST(? AS uuid[]))}.
     */
    public static String idArray(java.util.Collection<?> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    /**
     * Records one event of {@code type} per row of {@code query}, written by the database in one statement: the
     * query (run with {@code parameters}) yields {@code aggregate_id} (text) and {@code payload} (JSON text), in the
     * order the events must be published. For events of many rows at once (a dispatch to 100,000 grids) without
     * holding them in memory. Returns how many were recorded. Must run inside an active transaction; in dev and test
     * the payloads are validated against the type's schema as {@link #recordAll} does.
     */
    public int recordFromQuery(String type, String query, Object... parameters) {
        requireActiveTransaction();
        EventContract.EventDefinition definition = contract.require(type);
        if (entityManager.isResolvable()) {
            entityManager.get().flush();
        }
        String source = config.events().source().orElse("/wangge/" + applicationName);
        try (Connection connection = dataSource.getConnection()) {
            long after = config.events().validatePayloads() ? lastSeq(connection) : 0;
            int recorded;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox_event (id, topic, type, source, aggregate_id, occurred_at, traceparent, payload)
                    SELECT gen_random_uuid(), ?, ?, ?, q.aggregate_id, ?, ?, q.payload
                      FROM (%s) AS q""".formatted(query))) {
                insert.setString(1, definition.topic());
                insert.setString(2, type);
                insert.setString(3, source);
                insert.setTimestamp(4, Timestamp.from(Instant.now(clock)));
                // one trace for every row of a bulk statement, but unsampled: a dispatch to 100,000 grids would
                // otherwise make one trace of 100,000 spans in every consumer; the ids still correlate
                insert.setString(5, Traces.unsampled(Traces.current()));
                for (int i = 0; i < parameters.length; i++) {
                    insert.setObject(6 + i, parameters[i]);
                }
                recorded = insert.executeUpdate();
            }
            if (config.events().validatePayloads()) {
                try (PreparedStatement written = connection.prepareStatement(
                        "SELECT payload FROM outbox_event WHERE seq > ? AND type = ?")) {
                    written.setLong(1, after);
                    written.setString(2, type);
                    try (java.sql.ResultSet rs = written.executeQuery()) {
                        while (rs.next()) {
                            contract.validate(type, objectMapper.readTree(rs.getString(1)));
                        }
                    }
                }
            }
            try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
                notify.setString(1, NOTIFY_CHANNEL);
                notify.execute();
            }
            return recorded;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record events in the outbox", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the query wrote a payload that is not JSON", e);
        }
    }

    private static long lastSeq(Connection connection) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement("SELECT COALESCE(max(seq), 0) FROM outbox_event");
             java.sql.ResultSet rs = last.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void requireActiveTransaction() {
        try {
            if (transactionManager.getStatus() != Status.STATUS_ACTIVE) {
                throw new IllegalStateException(
                        "Outbox.record needs an active transaction: the event must commit with its state change");
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
    }
}
