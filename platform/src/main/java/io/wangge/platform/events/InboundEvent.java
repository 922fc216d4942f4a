package io.wangge.platform.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/** A CloudEvent as a consumer sees it: the envelope attributes and the parsed JSON data. */
public record InboundEvent(String id, String type, String source, String subject, OffsetDateTime time,
                           String key, String topic, JsonNode data) {
}
