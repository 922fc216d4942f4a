package io.wangge.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.wangge.platform.config.WanggeConfig;
import io.wangge.platform.events.CloudEventHeaders;
import io.wangge.platform.events.EventContract;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.lifecycle.Races;
import io.wangge.platform.events.KafkaSender;
import io.wangge.platform.tracing.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The idempotent-consumer mechanism, one poll batch at a time. Every record is first admitted at the door: a
 * CloudEvent of a type the contract puts on this topic, from the topic's owner, whose data matches the type's
 * schema; anything else goes to {@code <topic>.dlq} with the reason. Events of types the consumer has no effect
 * for are acknowledged without a database write. The rest are applied in one transaction: their ids are claimed
 * in one statement (an id already claimed is a duplicate and is skipped), then the consumer's effect runs on the
 * claimed events in their order. A consumer exact by the versions its events carry is not claimed (see
 * {@link Consumer#versioned}). The offsets are committed only after this method returns, so after the commit.
 *
 * <p>A batch that loses a race with another writer (a deadlock or serialisation failure: two instances during a
 * rebalance) runs again whole, a few times in all, before anything is split. A batch whose effect fails is split in
 * halves, each applied on its own, down to the one record that fails;
 * that record is retried with doubling back-off and then dead-lettered, while every other record of the batch is
 * applied. A dead-lettered event is not claimed, so once its cause is fixed a re-driven copy applies once. A
 * database that is away is waited for, batch and all: nothing is dead-lettered because PostgreSQL restarted.
 */
@ApplicationScoped
public class Inbox {

    public static final String DLQ_SUFFIX = ".dlq";
    public static final String DLQ_CONSUMER = "wangge_dlq_consumer";
    public static final String DLQ_ERROR = "wangge_dlq_error";
    public static final String DLQ_EXCEPTION = "wangge_dlq_exception";
    public static final String DLQ_ORIGIN = "wangge_dlq_origin";
    public static final String DLQ_ATTEMPTS = "wangge_dlq_attempts";
    /**
     * Why a letter was refused: {@code forged} (not the topic owner's), {@code refused} (malformed, breaking its
     * schema, of a type or version this consumer does not know) or {@code failed} (its effect failed).
     */
    public static final String DLQ_KIND = "wangge_dlq_kind";

    private static final Duration UNAVAILABLE_BACKOFF_CAP = Duration.ofSeconds(10);
    /** How often a batch that lost a race with another writer (deadlock, serialisation) runs again whole. */
    private static final int CONFLICT_RETRIES = 5;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    KafkaSender sender;

    @Inject
    WanggeConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Tracer tracer;

    private final EventContract contract = EventContract.load();

    /** What became of a record. */
    public enum Outcome { APPLIED, DUPLICATE, IGNORED, DEAD_LETTERED }

    /** What a consumer does with the events of a batch it has an effect for, in their order, in one transaction. */
    @FunctionalInterface
    public interface BatchEffect {
        void apply(List<InboundEvent> events) throws Exception;
    }

    /**
     * A consumer of the inbox: a stable name (such as {@code task-service.grid}), the event types it has an effect
     * for, that effect, and whether the ids of its events are claimed. A consumer whose effect keeps only the newest
     * version of what an event carries is exact under redelivery by itself: claiming its ids would cost a row per
     * event and add nothing, so it is not claimed.
     */
    public record Consumer(String name, Set<String> types, BatchEffect effect, boolean claims) {

        public Consumer(String name, Set<String> types, BatchEffect effect) {
            this(name, types, effect, true);
        }

        /**
         * A consumer whose effect is idempotent by the versions its events carry (a redelivered or older event
         * changes nothing), so its events are applied without claiming their ids.
         */
        public static Consumer versioned(String name, Set<String> types, BatchEffect effect) {
            return new Consumer(name, types, effect, false);
        }

        /** A consumer whose effect takes one event at a time, in order, all in the batch's transaction. */
        public static Consumer each(String name, Set<String> types, EventEffect effect) {
            return new Consumer(name, Set.copyOf(types), events -> {
                for (InboundEvent event : events) {
                    // the event's own span is current while it is applied: what it records continues its trace
                    try (Scope ignored = Traces.parent(event.traceparent()).makeCurrent()) {
                        effect.apply(event);
                    }
                }
            });
        }
    }

    private record Admitted(ConsumerRecord<String, ?> record, InboundEvent event) {
    }

    private record Letter(ConsumerRecord<String, ?> record, Throwable error, int attempts) {
    }

    /**
     * Handles one poll batch. Returns once every record is applied, recognised as a duplicate, ignored or
     * dead-lettered; throws only if a dead letter cannot be written, so that nothing is ever silently dropped.
     */
    public Map<Outcome, Integer> handle(Consumer consumer, Iterable<? extends ConsumerRecord<String, ?>> records) {
        long started = System.nanoTime();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        List<Admitted> admitted = new ArrayList<>();
        List<Letter> letters = new ArrayList<>();
        // a span per record handled, child of the span that recorded the event: the trace goes on past Kafka
        Map<ConsumerRecord<String, ?>, Span> spans = new IdentityHashMap<>();
        try {
            for (ConsumerRecord<String, ?> record : records) {
                try {
                    InboundEvent event = admit(record, consumer.types());
                    if (event == null) {
                        outcomes.merge(Outcome.IGNORED, 1, Integer::sum);
                    } else {
                        Span span = startSpan(consumer, record);
                        spans.put(record, span);
                        admitted.add(new Admitted(record, event.inTrace(Traces.traceparent(span.getSpanContext()))));
                    }
                } catch (PoisonEventException e) {
                    spans.put(record, startSpan(consumer, record));
                    letters.add(new Letter(record, e, 0));
                }
            }
            applyInParts(consumer, admitted, letters, outcomes, new int[] {0});
            deadLetter(consumer.name(), letters);
            for (Letter letter : letters) {
                Span span = spans.get(letter.record());
                span.recordException(letter.error());
                span.setStatus(StatusCode.ERROR, "dead-lettered: " + letter.error().getMessage());
            }
        } catch (RuntimeException | Error e) {
            // nothing of the batch is acknowledged: every record comes again
            spans.values().forEach(span -> span.setStatus(StatusCode.ERROR, "batch not acknowledged: " + e));
            throw e;
        } finally {
            spans.values().forEach(Span::end);
        }
        if (!letters.isEmpty()) {
            outcomes.put(Outcome.DEAD_LETTERED, letters.size());
        }
        outcomes.forEach((outcome, count) -> registry.counter("wangge.inbox.events", "consumer", consumer.name(),
                "outcome", outcome.name()).increment(count));
        // the consumer's busy time: events / busy seconds is what it can take, however fast records arrive
        registry.timer("wangge.inbox.batch", "consumer", consumer.name())
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return outcomes;
    }

    private Span startSpan(Consumer consumer, ConsumerRecord<String, ?> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        return tracer.spanBuilder("process " + record.topic())
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(Traces.parent(header(record, Traces.TRACEPARENT)))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.consumer.group.name", consumer.name())
                .setAttribute("messaging.message.id", id == null ? "" : id)
                .setAttribute("cloudevents.event_id", id == null ? "" : id)
                .setAttribute("cloudevents.event_type", type == null ? "" : type)
                .startSpan();
    }

    /**
     * The event in the record if it may be applied; null if the consumer has no effect for its type; a
     * {@link PoisonEventException} naming the reason if it is not admitted at all.
     */
    InboundEvent admit(ConsumerRecord<String, ?> record, Set<String> handled) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || id.isBlank() || type == null || type.isBlank()) {
            throw new PoisonEventException("not a CloudEvent: ce_id and ce_type headers are required");
        }
        String source = header(record, CloudEventHeaders.SOURCE);
        String owner = contract.ownerOf(record.topic());
        if (owner != null && !owner.equals(source)) {
            // before the type is looked at: a stranger's record is forged whatever type it claims
            throw new ForgedEventException("source " + source + " is not the owner of " + record.topic() + " ("
                    + owner + ")");
        }
        EventContract.EventDefinition definition = contract.definitions().get(type);
        if (definition == null) {
            throw new PoisonEventException("unknown event type " + type + ": the contract has no such type or version");
        }
        if (!definition.topic().equals(record.topic())) {
            throw new ForgedEventException(type + " does not belong on " + record.topic() + " but on "
                    + definition.topic());
        }
        if (!handled.contains(type)) {
            return null;
        }
        String time = header(record, CloudEventHeaders.TIME);
        OffsetDateTime occurredAt;
        try {
            occurredAt = time == null ? null : OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            throw new PoisonEventException("ce_time is not an RFC 3339 timestamp: " + time, e);
        }
        JsonNode data;
        try {
            Object value = record.value();
            data = value instanceof byte[] bytes ? objectMapper.readTree(bytes)
                    : objectMapper.readTree(value == null ? "" : value.toString());
        } catch (IOException e) {
            throw new PoisonEventException("event data is not JSON: " + e.getMessage(), e);
        }
        if (data == null || data.isMissingNode() || !data.isObject()) {
            throw new PoisonEventException("event data is not a JSON object");
        }
        Set<String> violations = contract.violations(type, data);
        if (!violations.isEmpty()) {
            throw new PoisonEventException("data breaks the schema of " + type + ": " + violations);
        }
        return new InboundEvent(id, type, source, header(record, CloudEventHeaders.SUBJECT), occurredAt,
                record.key(), record.topic(), data);
    }

    /**
     * Applies the part, splitting it around a failing record. {@code races} counts the races lost by the whole poll
     * batch, shared by all its parts: a batch meets a concurrent writer at most {@link #CONFLICT_RETRIES} times in
     * all, not that many times again in every half it is split into.
     */
    private void applyInParts(Consumer consumer, List<Admitted> part, List<Letter> letters,
                              Map<Outcome, Integer> outcomes, int[] races) {
        if (part.isEmpty()) {
            return;
        }
        Duration backoff = config.inbox().initialBackoff();
        int attempt = 1;
        while (true) {
            try {
                int applied = applyOnce(consumer, part);
                if (applied > 0) {
                    outcomes.merge(Outcome.APPLIED, applied, Integer::sum);
                }
                if (part.size() > applied) {
                    outcomes.merge(Outcome.DUPLICATE, part.size() - applied, Integer::sum);
                }
                return;
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                if (unavailable(e)) {
                    // the database is away: wait for it rather than dead-letter healthy events
                    Log.warnf("%s: database unavailable (%s); retrying a batch of %d in %s", consumer.name(),
                            cause.toString(), part.size(), backoff);
                    sleep(backoff);
                    backoff = min(backoff.multipliedBy(2), UNAVAILABLE_BACKOFF_CAP);
                    continue;
                }
                if (Races.lost(e) && races[0] < CONFLICT_RETRIES) {
                    // a deadlock or serialisation failure with another instance says nothing about the events:
                    // the whole part again, not split and not counted towards dead-lettering
                    races[0]++;
                    Log.infof("%s: a batch of %d met a concurrent writer (%s); retrying it whole", consumer.name(),
                            part.size(), cause.toString());
                    sleep(config.inbox().initialBackoff().multipliedBy(races[0]));
                    continue;
                }
                if (part.size() > 1) {
                    int half = part.size() / 2;
                    applyInParts(consumer, part.subList(0, half), letters, outcomes, races);
                    applyInParts(consumer, part.subList(half, part.size()), letters, outcomes, races);
                    return;
                }
                Admitted one = part.get(0);
                if (cause instanceof PoisonEventException || attempt >= Math.max(1, config.inbox().maxAttempts())) {
                    letters.add(new Letter(one.record(), cause, attempt));
                    return;
                }
                Log.warnf("%s: event %s (%s) failed on attempt %d: %s; retrying in %s", consumer.name(),
                        one.event().id(), one.event().type(), attempt, cause.toString(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
                attempt++;
            }
        }
    }

    /** Claims the part's ids and applies the newly claimed events, in one transaction; returns how many. */
    private int applyOnce(Consumer consumer, List<Admitted> part) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Set<String> claimed = consumer.claims() ? claim(consumer.name(), part) : ids(part);
            List<InboundEvent> fresh = new ArrayList<>(claimed.size());
            for (Admitted admitted : part) {
                // an id twice in one batch is applied at its first place only
                if (claimed.remove(admitted.event().id())) {
                    fresh.add(admitted.event());
                }
            }
            if (!fresh.isEmpty()) {
                Map<String, String> spans = new HashMap<>();
                for (InboundEvent event : fresh) {
                    spans.put(event.id(), event.traceparent());
                }
                Traces.withBatch(spans, () -> {
                    consumer.effect().apply(fresh);
                    return null;
                });
            }
            return fresh.size();
        });
    }

    private static Set<String> ids(List<Admitted> part) {
        Set<String> ids = new HashSet<>();
        for (Admitted admitted : part) {
            ids.add(admitted.event().id());
        }
        return ids;
    }

    private Set<String> claim(String consumer, List<Admitted> part) throws SQLException {
        // The pool hands out the connection already enlisted in this transaction, the one the effect uses too.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO inbox_event (consumer, event_id, event_type)
                     SELECT ?, e.id, e.type FROM unnest(?, ?) AS e(id, type)
                     ON CONFLICT DO NOTHING RETURNING event_id""")) {
            String[] ids = new String[part.size()];
            String[] types = new String[part.size()];
            for (int i = 0; i < part.size(); i++) {
                ids[i] = part.get(i).event().id();
                types[i] = part.get(i).event().type();
            }
            Array idArray = connection.createArrayOf("varchar", ids);
            Array typeArray = connection.createArrayOf("varchar", types);
            insert.setString(1, consumer);
            insert.setArray(2, idArray);
            insert.setArray(3, typeArray);
            Set<String> claimed = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getString(1));
                }
            }
            return claimed;
        }
    }

    private void deadLetter(String consumer, List<Letter> letters) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(letters.size());
        for (Letter letter : letters) {
            sends.add(sender.producer().send(toDeadLetter(consumer, letter)));
        }
        for (int i = 0; i < sends.size(); i++) {
            ConsumerRecord<String, ?> record = letters.get(i).record();
            try {
                sends.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering " + record.topic(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write to " + record.topic() + DLQ_SUFFIX
                        + "; the batch stays unacknowledged", e);
            }
            Log.errorf("%s: %s/%d@%d sent to %s%s after %d attempt(s): %s", consumer, record.topic(),
                    record.partition(), record.offset(), record.topic(), DLQ_SUFFIX, letters.get(i).attempts(),
                    letters.get(i).error().toString());
        }
    }

    private static ProducerRecord<String, byte[]> toDeadLetter(String consumer, Letter letter) {
        ConsumerRecord<String, ?> record = letter.record();
        Object value = record.value();
        byte[] bytes = value == null ? null
                : value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + DLQ_SUFFIX, record.key(), bytes);
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        dead.headers().add(header(DLQ_CONSUMER, consumer));
        dead.headers().add(header(DLQ_ERROR, String.valueOf(letter.error().getMessage())));
        dead.headers().add(header(DLQ_EXCEPTION, stackTrace(letter.error())));
        dead.headers().add(header(DLQ_ORIGIN, record.topic() + "/" + record.partition() + "@" + record.offset()));
        dead.headers().add(header(DLQ_ATTEMPTS, Integer.toString(letter.attempts())));
        dead.headers().add(header(DLQ_KIND, letter.error() instanceof ForgedEventException ? "forged"
                : letter.error() instanceof PoisonEventException ? "refused" : "failed"));
        return dead;
    }

    /** A failure of the database connection rather than of the effect: waiting helps, dead-lettering would not. */
    private static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static String header(ConsumerRecord<String, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause != cause.getCause()
                && (cause instanceof io.quarkus.narayana.jta.QuarkusTransactionException
                || cause.getClass() == RuntimeException.class)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        return trace.length() > 4000 ? trace.substring(0, 4000) : trace;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
