package io.wangge.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.OffsetDateTime;

/**
 * A CloudEvent as a consumer sees it: the envelope attributes, the parsed JSON data, and the traceparent of the
 * span in which the consumer handles it (null outside the inbox).
 */
public record InboundEvent(String id, String type, String source, String subject, OffsetDateTime time,
                           String key, String topic, JsonNode data, String traceparent) {

    public InboundEvent(String id, String type, String source, String subject, OffsetDateTime time,
                        String key, String topic, JsonNode data) {
        this(id, type, source, subject, time, key, topic, data, null);
    }

    /** This event, handled in the span {@code traceparent} names. */
    public InboundEvent inTrace(String traceparent) {
        return new InboundEvent(id, type, source, subject, time, key, topic, data, traceparent);
    }

    /** Fields the record does not name are left out; times keep the offset they were written with. */
    private static final ObjectMapper READER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    /**
     * The data as one of the typed records its producer declares ({@code io.wangge.platform.events.types}). The
     * inbox has validated the data against its type's schema before a consumer sees it.
     */
    public <T> T as(Class<T> type) {
        try {
            return READER.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new ContractViolationException(this.type + " " + id + " does not read as "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
