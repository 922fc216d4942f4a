package io.wangge.platform.events;

import java.util.Objects;

/**
 * An event a service records for publishing: its contract type (e.g. {@code wangge.task.completed.v1}), the
 * aggregate id that becomes the Kafka key (so one aggregate's events stay in order), an optional CloudEvents
 * subject, and the payload, serialised to JSON as it is.
 */
public record OutgoingEvent(String type, String aggregateId, String subject, Object payload) {

    public OutgoingEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
    }

    public static OutgoingEvent of(String type, Object aggregateId, Object payload) {
        return new OutgoingEvent(type, aggregateId.toString(), null, payload);
    }
}
