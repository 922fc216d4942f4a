package io.wangge.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wangge.platform.events.EventContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.OffsetDateTime;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks a record on Kafka against the published contract: CloudEvents envelope, topic, and data schema. */
public final class ContractAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractAssertions() {
    }

    /** Asserts the record is a well-formed CloudEvent of a contract type, on its topic, with schema-valid data. */
    public static JsonNode assertConforms(ConsumerRecord<String, String> record) {
        String type = EventTap.header(record, "ce_type");
        assertNotNull(type, "ce_type header");
        assertEquals("1.0", EventTap.header(record, "ce_specversion"), "ce_specversion");
        assertNotNull(EventTap.header(record, "ce_id"), "ce_id");
        assertNotNull(EventTap.header(record, "ce_source"), "ce_source");
        assertDoesNotThrow(() -> OffsetDateTime.parse(EventTap.header(record, "ce_time")), "ce_time is RFC 3339");
        assertEquals("application/json", EventTap.header(record, "content-type"), "content-type");
        assertNotNull(record.key(), "record key (the aggregate id)");

        EventContract contract = EventContract.load();
        EventContract.EventDefinition definition = contract.require(type);
        assertEquals(definition.topic(), record.topic(), type + " belongs on " + definition.topic());
        JsonNode data = assertDoesNotThrow(() -> JSON.readTree(record.value()), "data is JSON");
        Set<String> violations = contract.violations(type, data);
        assertTrue(violations.isEmpty(), type + " data breaks its schema: " + violations + " in " + record.value());
        return data;
    }
}
