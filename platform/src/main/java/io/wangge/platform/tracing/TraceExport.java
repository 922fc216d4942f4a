package io.wangge.platform.tracing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.logging.Log;
import io.wangge.platform.config.WanggeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * Every service's one span exporter (Quarkus exports through the CDI beans of this type): OTLP over HTTP to the
 * collector named by {@code wangge.tracing.otlp-endpoint} ({@code WANGGE_TRACING_OTLP_ENDPOINT}), nothing when none
 * is named. Quarkus's own exporter would send to localhost:4317 whether or not a collector listens there; a county
 * server without one should not try.
 */
@Singleton
public class TraceExport implements SpanExporter {

    private final SpanExporter otlp;
    private final String endpoint;

    @Inject
    public TraceExport(WanggeConfig config) {
        this.endpoint = config.tracing().otlpEndpoint().map(TraceExport::tracesAddress).orElse(null);
        this.otlp = endpoint == null ? null : OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build();
        Log.infof(endpoint == null ? "Traces are not exported (set WANGGE_TRACING_OTLP_ENDPOINT to send them)"
                : "Traces are exported to %s", endpoint);
    }

    static String tracesAddress(String base) {
        String trimmed = base.strip().replaceAll("/+$", "");
        return trimmed.endsWith("/v1/traces") ? trimmed : trimmed + "/v1/traces";
    }

    /** Where spans go, or null when they are not exported. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return otlp == null ? CompletableResultCode.ofSuccess() : otlp.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
        return otlp == null ? CompletableResultCode.ofSuccess() : otlp.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return otlp == null ? CompletableResultCode.ofSuccess() : otlp.shutdown();
    }
}
