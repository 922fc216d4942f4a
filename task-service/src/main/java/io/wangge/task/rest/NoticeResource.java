package io.wangge.task.rest;

import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.task.Notice;
import io.wangge.task.NoticeDelivery;
import io.wangge.task.NoticeWebhook;
import io.wangge.task.notice.NoticeService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * 提醒: the webhook of a grid node's group (a WeCom group robot's address), and the notices about the work of the
 * caller's place with where each went.
 */
@Path("/api")
public class NoticeResource {

    /** A node's webhook as set. */
    public record WebhookRequest(@NotBlank @Size(max = 500) String url, @Size(max = 100) String label) {
    }

    /**
     * A node's webhook as shown: the robot's key is a secret, so only its last characters are; a robot that has
     * failed shows how often in a row and until when it is left alone.
     */
    public record WebhookView(UUID nodeId, String url, String label, int failures, OffsetDateTime downUntil,
                              String updatedBy, OffsetDateTime updatedAt, long version) {
        static WebhookView of(NoticeWebhook webhook) {
            return new WebhookView(webhook.nodeId, masked(webhook.url), webhook.label, webhook.failures,
                    webhook.downUntil, webhook.updatedBy, webhook.updatedAt, webhook.version);
        }
    }

    /** One delivery of a notice. */
    public record DeliveryView(UUID webhookNodeId, String status, int attempts, OffsetDateTime nextAttemptAt,
                               OffsetDateTime sentAt, String lastError) {
        static DeliveryView of(NoticeDelivery d) {
            return new DeliveryView(d.webhookNodeId, d.status, d.attempts, d.nextAttemptAt, d.sentAt, d.lastError);
        }
    }

    /** A notice with its deliveries (none: no webhook at or above its node). */
    public record NoticeView(UUID id, String kind, String subjectType, UUID subjectId, UUID nodeId, String nodeName,
                             String text, OffsetDateTime raisedAt, List<DeliveryView> deliveries) {
        static NoticeView of(NoticeService.Listed listed) {
            Notice n = listed.notice();
            return new NoticeView(n.id, n.kind, n.subjectType, n.subjectId, n.nodeId, n.nodeName, n.text,
                    n.raisedAt, listed.deliveries().stream().map(DeliveryView::of).toList());
        }
    }

    @Inject
    NoticeService notices;

    @GET
    @Path("/notice-webhooks/{nodeId}")
    public Response webhook(@PathParam("nodeId") UUID nodeId) {
        NoticeWebhook webhook = notices.webhook(nodeId);
        return Response.ok(WebhookView.of(webhook)).header(HttpHeaders.ETAG, Preconditions.etag(webhook.version))
                .build();
    }

    @PUT
    @Path("/notice-webhooks/{nodeId}")
    public Response setWebhook(@PathParam("nodeId") UUID nodeId, @Valid @NotNull WebhookRequest request) {
        NoticeWebhook webhook = notices.setWebhook(nodeId, request.url(), request.label());
        return Response.ok(WebhookView.of(webhook)).header(HttpHeaders.ETAG, Preconditions.etag(webhook.version))
                .build();
    }

    @DELETE
    @Path("/notice-webhooks/{nodeId}")
    public Response removeWebhook(@PathParam("nodeId") UUID nodeId) {
        notices.removeWebhook(nodeId);
        return Response.noContent().build();
    }

    @GET
    @Path("/notices")
    public Page<NoticeView> list(@QueryParam("nodeId") UUID nodeId,
                                 @QueryParam("kind") @Pattern(regexp = "DUE_SOON|OVERDUE|ESCALATED|SUPERVISED|REPORT_DUE")
                                 String kind,
                                 @Valid @BeanParam PageRequest page) {
        return notices.list(nodeId, kind, page).map(NoticeView::of);
    }

    /** The address without its query's values but the last four characters of each (a robot's key). */
    static String masked(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder shown = new StringBuilder(url.substring(0, query + 1));
        String[] parameters = url.substring(query + 1).split("&");
        for (int i = 0; i < parameters.length; i++) {
            String[] pair = parameters[i].split("=", 2);
            shown.append(i == 0 ? "" : "&").append(pair[0]);
            if (pair.length == 2) {
                String value = pair[1];
                shown.append("=****").append(value.length() > 8 ? value.substring(value.length() - 4) : "");
            }
        }
        return shown.toString();
    }
}
