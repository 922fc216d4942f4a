package io.wangge.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * W3C trace context as the event path carries it: a {@code traceparent} recorded with each outbox row, sent as the
 * Kafka header of the same name, and continued by the consumer that applies the event. Only the traceparent travels
 * (no tracestate: nothing of ours writes one).
 */
public final class Traces {

    /** The header (and the outbox column) that carries the trace context. */
    public static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> ONE_HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /** The spans of the events of the batch the inbox is applying on this thread, by event id. */
    private static final ThreadLocal<Map<String, String>> BATCH = new ThreadLocal<>();

    private Traces() {
    }

    /**
     * The traceparent of the span handling the inbound event {@code eventId} in the batch being applied on this
     * thread, or null: for a consumer that applies a batch at once to put each event it records in the trace of
     * the event that caused it.
     */
    public static String ofEvent(String eventId) {
        Map<String, String> batch = BATCH.get();
        return batch == null || eventId == null ? null : batch.get(eventId);
    }

    /** Runs {@code work} with the spans of a batch's events known to {@link #ofEvent}. */
    public static <T> T withBatch(Map<String, String> spansByEventId, Callable<T> work) throws Exception {
        Map<String, String> outer = BATCH.get();
        BATCH.set(spansByEventId);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                BATCH.remove();
            } else {
                BATCH.set(outer);
            }
        }
    }

    /** The traceparent of the span current on this thread, or null when there is none (a scheduled job). */
    public static String current() {
        return traceparent(Span.current().getSpanContext());
    }

    /** The traceparent naming {@code context}, or null if it is not a valid span context. */
    public static String traceparent(SpanContext context) {
        if (context == null || !context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** The same trace and span with the sampled flag cleared (null stays null): correlated, never recorded. */
    public static String unsampled(String traceparent) {
        return traceparent == null ? null : traceparent.substring(0, traceparent.length() - 2) + "00";
    }

    /**
     * The context a traceparent names, to start a child span in, or the root context if the value is missing or
     * malformed: a bad header from outside starts a new trace rather than failing the event.
     */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, ONE_HEADER);
    }
}
