package io.wangge.platform.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.wangge.platform.config.WanggeConfig;
import io.wangge.platform.events.CloudEventHeaders;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.KafkaSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ExecutionException;

/**
 * The idempotent-consumer mechanism. For each record: insert (consumer, event id) first, then apply the effect,
 * in one transaction; a duplicate id is acknowledged and does nothing. A failing effect is retried with
 * doubling back-off; after the last attempt, or at once for a malformed event, the record goes to
 * {@code <topic>.dlq} with the error in its headers, and the consumer moves on.
 */
@ApplicationScoped
public class Inbox {

    public static final String DLQ_SUFFIX = ".dlq";
    public static final String DLQ_CONSUMER = "wangge_dlq_consumer";
    public static final String DLQ_ERROR = "wangge_dlq_error";
    public static final String DLQ_EXCEPTION = "wangge_dlq_exception";
    public static final String DLQ_ORIGIN = "wangge_dlq_origin";
    public static final String DLQ_ATTEMPTS = "wangge_dlq_attempts";

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

    /** Outcome of handling one record. */
    public enum Outcome { APPLIED, DUPLICATE, DEAD_LETTERED }

    /**
     * Handles one record for {@code consumer} (a stable name such as {@code task-service.grid-read-model}).
     * Returns normally once the record is applied, recognised as a duplicate, or dead-lettered; throws only
     * if even the dead-letter topic cannot be written, so nothing is ever silently dropped.
     */
    public Outcome handle(String consumer, ConsumerRecord<String, ?> record, EventEffect effect) {
        InboundEvent event;
        try {
            event = parse(record);
        } catch (PoisonEventException e) {
            return deadLetter(consumer, record, e, 0);
        }
        int maxAttempts = Math.max(1, config.inbox().maxAttempts());
        Duration backoff = config.inbox().initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                boolean applied = QuarkusTransaction.requiringNew().call(() -> {
                    if (!claim(consumer, event)) {
                        return false;
                    }
                    effect.apply(event);
                    return true;
                });
                Outcome outcome = applied ? Outcome.APPLIED : Outcome.DUPLICATE;
                registry.counter("wangge.inbox.events", "consumer", consumer, "outcome", outcome.name()).increment();
                return outcome;
            } catch (RuntimeException e) {
                Throwable cause = unwrap(e);
                if (cause instanceof PoisonEventException || attempt >= maxAttempts) {
                    Outcome outcome = deadLetter(consumer, record, cause, attempt);
                    // Remembered as handled, so a redelivery (after a rebalance) is not dead-lettered again.
                    QuarkusTransaction.requiringNew().call(() -> claim(consumer, event));
                    return outcome;
                }
                Log.warnf("%s: event %s (%s) failed on attempt %d of %d: %s; retrying in %s", consumer, event.id(),
                        event.type(), attempt, maxAttempts, cause.toString(), backoff);
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private boolean claim(String consumer, InboundEvent event) throws SQLException {
        // The pool hands out the connection already enlisted in this transaction, the one the effect uses too.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO inbox_event"
                     + " (consumer, event_id, event_type) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, consumer);
            insert.setString(2, event.id());
            insert.setString(3, event.type());
            return insert.executeUpdate() == 1;
        }
    }

    InboundEvent parse(ConsumerRecord<String, ?> record) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || id.isBlank() || type == null || type.isBlank()) {
            throw new PoisonEventException("not a CloudEvent: ce_id and ce_type headers are required");
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
        return new InboundEvent(id, type, header(record, CloudEventHeaders.SOURCE),
                header(record, CloudEventHeaders.SUBJECT), occurredAt, record.key(), record.topic(), data);
    }

    private Outcome deadLetter(String consumer, ConsumerRecord<String, ?> record, Throwable error, int attempts) {
        String dlq = record.topic() + DLQ_SUFFIX;
        Object value = record.value();
        byte[] bytes = value == null ? null
                : value instanceof byte[] b ? b : value.toString().getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(dlq, record.key(), bytes);
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        letter.headers().add(header(DLQ_CONSUMER, consumer));
        letter.headers().add(header(DLQ_ERROR, String.valueOf(error.getMessage())));
        letter.headers().add(header(DLQ_EXCEPTION, stackTrace(error)));
        letter.headers().add(header(DLQ_ORIGIN, record.topic() + "/" + record.partition() + "@" + record.offset()));
        letter.headers().add(header(DLQ_ATTEMPTS, Integer.toString(attempts)));
        try {
            sender.producer().send(letter).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + dlq + "; the record stays unacknowledged", e);
        }
        Log.errorf("%s: %s/%d@%d sent to %s after %d attempt(s): %s", consumer, record.topic(), record.partition(),
                record.offset(), dlq, attempts, error.toString());
        registry.counter("wangge.inbox.events", "consumer", consumer, "outcome", Outcome.DEAD_LETTERED.name())
                .increment();
        return Outcome.DEAD_LETTERED;
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
