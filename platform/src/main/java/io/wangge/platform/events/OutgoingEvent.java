package io.wangge.platform.events;

import java.util.Objects;

/**
 * An event a service records for publishing: its contract type (e.g. {@code wangge.task.completed.v1}), the
 * aggregate id that becomes the Kafka key (so one aggregate's events stay in order), an optional CloudEvents
 * subject, and the payload, serialised to JSON as it is. Its trace context is the current span's, unless the event
 * names the trace it belongs to ({@link #inTrace}): a consumer applying a batch at once is in no one event's span,
 * and names the trace of the event that caused each of its own ({@code Traces.ofEvent}).
 */
public record OutgoingEvent(String type, String aggregateId, String subject, Object payload, String traceparent) {

    public OutgoingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
    }

    public OutgoingEvent(String type, String aggregateId, String subject, Object payload) {
        this(type, aggregateId, subject, payload, null);
    }

    public static OutgoingEvent of(String type, Object aggregateId, Object payload) {
        return new OutgoingEvent(type, aggregateId.toString(), null, payload, null);
    }

    /** This event, in the trace {@code traceparent} names (null: the current span's). */
    public OutgoingEvent inTrace(String traceparent) {
        return new OutgoingEvent(type, aggregateId, subject, payload, traceparent);
    }
}
