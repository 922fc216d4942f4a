package io.wangge.platform.kernel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.wangge.platform.testing.EventTap;
import io.wangge.platform.testing.Tokens;
import io.wangge.platform.tracing.TraceExport;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A request's trace goes on through the outbox and Kafka into the consumer that applies its event. */
@QuarkusTest
class TraceTest {

    private static final String ADMIN = Tokens.bearer("town-admin-trace", "town-admin");

    @Inject
    TestSpans spans;

    @Inject
    TraceExport export;

    @Test
    void aRequestsTraceGoesOnThroughTheOutboxAndKafkaIntoTheConsumer() {
        String traceId = hex(16);
        String callersSpan = hex(8);
        String incoming = "00-" + traceId + "-" + callersSpan + "-01";
        Response created = given().header("Authorization", ADMIN).header("traceparent", incoming)
                .contentType(ContentType.JSON)
                .body("{\"code\": \"" + freshCode() + "\", \"name\": \"追踪镇\", \"level\": \"TOWN\"}")
                .post("/api/test-nodes");
        created.then().statusCode(201);
        UUID node = UUID.fromString(created.path("id"));

        try (EventTap tap = EventTap.on("wangge.grid")) {
            given().header("Authorization", ADMIN).header("traceparent", incoming)
                    .header("If-Match", created.header("ETag")).contentType(ContentType.JSON)
                    .body("{\"name\": \"追踪镇（更名）\"}").put("/api/test-nodes/" + node).then().statusCode(200);
            ConsumerRecord<String, String> updated = tap.await(record -> EventTap.keyed(node).test(record)
                    && "wangge.node.updated.v1".equals(EventTap.header(record, "ce_type")), 1).get(0);

            String sent = EventTap.header(updated, "traceparent");
            assertTrue(sent != null && sent.matches("00-" + traceId + "-[0-9a-f]{16}-01"), String.valueOf(sent));
            String recordingSpan = sent.substring(36, 52);
            assertNotEquals(callersSpan, recordingSpan, "the event is recorded in the service's own server span");
            assertTrue(spans.finished().stream().anyMatch(span -> span.getSpanId().equals(recordingSpan)
                    && span.getKind() == SpanKind.SERVER && span.getParentSpanId().equals(callersSpan)));

            SpanData handled = consumerSpan(EventTap.header(updated, "ce_id"));
            assertEquals(traceId, handled.getTraceId(), "the consumer continues the caller's trace");
            assertEquals(recordingSpan, handled.getParentSpanId(), "a child of the span that recorded the event");
            assertEquals("process wangge.grid", handled.getName());
            assertEquals("kernel-test.grid",
                    handled.getAttributes().get(AttributeKey.stringKey("messaging.consumer.group.name")));
            assertEquals("wangge.node.updated.v1",
                    handled.getAttributes().get(AttributeKey.stringKey("cloudevents.event_type")));
            assertEquals(StatusCode.UNSET, handled.getStatus().getStatusCode());
        }
    }

    @Test
    void anEventThatIsDeadLetteredEndsItsSpanInErrorAndKeepsItsTraceOnTheLetter() {
        String traceId = hex(16);
        String incoming = "00-" + traceId + "-" + hex(8) + "-01";
        Response created = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"code\": \"" + freshCode() + "\", \"name\": \"将病镇\", \"level\": \"TOWN\"}")
                .post("/api/test-nodes");
        created.then().statusCode(201);
        UUID node = UUID.fromString(created.path("id"));

        try (EventTap dlq = EventTap.on("wangge.grid.dlq")) {
            given().header("Authorization", ADMIN).header("traceparent", incoming)
                    .header("If-Match", created.header("ETag")).contentType(ContentType.JSON)
                    .body("{\"name\": \"" + TestEffectConsumer.POISON + "\"}").put("/api/test-nodes/" + node)
                    .then().statusCode(200);
            ConsumerRecord<String, String> letter = dlq.await(EventTap.keyed(node), 1).get(0);
            assertTrue(EventTap.header(letter, "traceparent").startsWith("00-" + traceId + "-"),
                    "a re-driven letter goes on in the same trace");

            SpanData failed = consumerSpan(EventTap.header(letter, "ce_id"));
            assertEquals(traceId, failed.getTraceId());
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
            assertTrue(failed.getStatus().getDescription().contains("无法处理"), failed.getStatus().getDescription());
        }
    }

    @Test
    void withoutACollectorNamedNothingIsExportedAndQuarkussOwnExporterIsOff() {
        assertNull(export.endpoint(), "the test profile names no collector");
        // Quarkus's OTLP processor would send to localhost:4317 whether or not anything listens: our exporter
        // bean stands it down (what is left of it is the removable stand-in)
        List<String> processors = Arc.container().select(SpanProcessor.class, Any.Literal.INSTANCE).stream()
                .map(processor -> processor.getClass().getSimpleName()).toList();
        assertTrue(processors.stream().noneMatch("LateBoundSpanProcessor"::equals), processors.toString());
    }

    private SpanData consumerSpan(String eventId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> spans.finished().stream()
                .filter(span -> span.getKind() == SpanKind.CONSUMER && eventId.equals(
                        span.getAttributes().get(AttributeKey.stringKey("cloudevents.event_id"))))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    /** A code no other test of this shared database has used. */
    private static String freshCode() {
        return "610431" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C reads as no trace
        return HexFormat.of().formatHex(random);
    }
}
