package io.wangge.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class TracesTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aTraceparentReadsBackAsTheSameSpanContext() {
        SpanContext parent = Span.fromContext(Traces.parent(TRACEPARENT)).getSpanContext();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId());
        assertEquals("00f067aa0ba902b7", parent.getSpanId());
        assertEquals(TRACEPARENT, Traces.traceparent(parent));
    }

    @Test
    void aMissingOrMalformedTraceparentStartsANewTraceRatherThanFailing() {
        for (String bad : new String[] {null, "", "追踪", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-zzzz"}) {
            Context context = Traces.parent(bad);
            assertFalse(Span.fromContext(context).getSpanContext().isValid(), String.valueOf(bad));
            assertNull(Traces.traceparent(Span.fromContext(context).getSpanContext()));
        }
        assertNull(Traces.current(), "no span on a plain thread");
    }

    @Test
    void aBatchNamesEachEventsSpanOnlyWhileItIsApplied() throws Exception {
        assertNull(Traces.ofEvent("e1"));
        String inside = Traces.withBatch(Map.of("e1", TRACEPARENT), () -> Traces.ofEvent("e1"));
        assertEquals(TRACEPARENT, inside);
        assertNull(Traces.withBatch(Map.of("e1", TRACEPARENT), () -> Traces.ofEvent("e2")));
        assertNull(Traces.ofEvent("e1"), "gone once the batch is applied");
    }

    @Test
    void aBulkStatementsTraceIsKeptButNotSampled() {
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", Traces.unsampled(TRACEPARENT));
        assertFalse(Span.fromContext(Traces.parent(Traces.unsampled(TRACEPARENT))).getSpanContext().isSampled());
        assertNull(Traces.unsampled(null));
    }

    @Test
    void aCollectorIsNamedByItsBaseAddressOrItsTracesAddress() {
        assertEquals("http://otel:4318/v1/traces", TraceExport.tracesAddress("http://otel:4318"));
        assertEquals("http://otel:4318/v1/traces", TraceExport.tracesAddress("http://otel:4318/ "));
        assertEquals("http://otel:4318/v1/traces", TraceExport.tracesAddress("http://otel:4318/v1/traces"));
        assertEquals("http://otel:4318/v1/traces", TraceExport.tracesAddress("http://otel:4318/v1/traces/"));
    }
}
