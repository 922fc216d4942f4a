package io.wangge.platform.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers an over-limit request with a 413 problem before its body is read. (Vert.x enforces the same limit on
 * bodies without a Content-Length.)
 */
@ApplicationScoped
public class RequestSizeGuard {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "2M")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(Integer.MIN_VALUE + 10).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length, limit)) {
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"type\":\"" + ProblemType.PAYLOAD_TOO_LARGE.uri() + "\",\"title\":\""
                                + ProblemType.PAYLOAD_TOO_LARGE.title() + "\",\"status\":413,\"detail\":\""
                                + "请求体超过 " + limit + " 字节 body exceeds " + limit + " bytes\"}");
                return;
            }
            ctx.next();
        });
    }

    private static boolean isOver(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
