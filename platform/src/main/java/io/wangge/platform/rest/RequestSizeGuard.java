package io.wangge.platform.rest;

import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.wangge.platform.config.WanggeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Answers an over-limit request with a 413 problem before its body is read: {@code wangge.http.max-body-size} for the
 * APIs, {@code wangge.http.import-max-body-size} for the sheets uploaded to {@code POST …/import}. (Vert.x enforces
 * the larger, {@code quarkus.http.limits.max-body-size}, on bodies sent without a Content-Length.)
 */
@ApplicationScoped
public class RequestSizeGuard {

    @Inject
    WanggeConfig config;

    void install(@Observes Router router) {
        MemorySizeConverter sizes = new MemorySizeConverter();
        long limit = sizes.convert(config.http().maxBodySize()).asLongValue();
        long importLimit = sizes.convert(config.http().importMaxBodySize()).asLongValue();
        router.route().order(Integer.MIN_VALUE + 10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean sheet = isImport(ctx.request().method().name(), ctx.request().path());
            long allowed = sheet ? importLimit : limit;
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            boolean files = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
            if (length == null && !sheet && !files
                    && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                // a body of unstated length would be held to the import's larger limit only: ask for its length
                // (uploaded files go to disk as they come, each checked for size before it is read)
                refuse(ctx, ProblemType.LENGTH_REQUIRED, "请求须注明 Content-Length a body needs its Content-Length");
                return;
            }
            if (length != null && isOver(length, allowed)) {
                refuse(ctx, ProblemType.PAYLOAD_TOO_LARGE, "请求体超过 " + allowed + " 字节 body exceeds " + allowed
                        + " bytes");
                return;
            }
            ctx.next();
        });
    }

    /** Answers with the problem before the body is read, and closes: the rest of the body is not wanted. */
    private static void refuse(io.vertx.ext.web.RoutingContext ctx, ProblemType type, String detail) {
        ctx.response().setStatusCode(type.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":"
                        + type.status() + ",\"detail\":\"" + detail + "\"}");
    }

    /** A sheet uploaded to {@code POST /api/…/import}. */
    static boolean isImport(String method, String path) {
        return "POST".equals(method) && path != null && path.startsWith("/api/") && path.endsWith("/import");
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
