package io.wangge.task.notice;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.task.Notice;
import io.wangge.task.NoticeDelivery;
import io.wangge.task.NoticeWebhook;
import io.wangge.task.config.TaskConfig;
import io.wangge.task.service.TaskAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import static io.wangge.platform.events.types.TaskTopic.NOTICE_RAISED;

/**
 * Reminders that reach people (提醒). A step of a supervision raises a notice in the same transaction (due soon when it
 * turns yellow, overdue when red, escalated when it climbs, supervised when a superior opens one), with its event
 * and a delivery to the nearest webhook at or above the node it sits at. Deliveries are sent by the injected clock:
 * never in quiet hours, retried with back-off while a webhook is down, never dropped while it has somewhere to go.
 * A delivery is claimed (row lock) while it is posted, so two senders never post it both; the one window left is a
 * sender stopped between the webhook's answer and its commit, after which the notice is posted again.
 */
@ApplicationScoped
public class NoticeService {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final int BATCH = 10; // posts of at most 5 s each inside one transaction
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    Notifier notifier;

    @Inject
    TaskAccess access;

    @Inject
    TaskConfig config;

    @Scheduled(every = "${wangge.task.notice-delivery:15s}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void noticeDelivery() {
        deliver();
    }

    private static final String DEADLINE = "to_char(s.deadline_at AT TIME ZONE 'Asia/Shanghai', 'FMMM\"月\"FMDD\"日\" HH24:MI')";

    /** Notices of supervisions that just took a step (?1 the step: OPEN, RED or ESCALATE; ?2 their ids). */
    private static final String RAISE = """
            INSERT INTO notice (id, kind, subject_type, subject_id, node_id, node_name, grid_path, text, raised_at)
            SELECT gen_random_uuid(), k.kind, 'SUPERVISION', s.id, s.node_id, s.node_name, s.grid_path, left(
                   CASE k.kind
                       WHEN 'DUE_SOON' THEN '【督办·黄牌】' || s.title || '（' || s.node_name || '）将于 ' || %1$s
                                            || ' 到期，请抓紧办理。责任人：' || COALESCE(s.responsible_name, '未指定')
                       WHEN 'OVERDUE' THEN '【督办·红牌】' || s.title || '（' || s.node_name || '）已超期，期限 ' || %1$s
                                           || '。责任人：' || COALESCE(s.responsible_name, '未指定')
                       WHEN 'ESCALATED' THEN '【督办·上提】' || s.title || '（' || COALESCE(%2$s, '') || '）超期未办，已上提至'
                                             || s.node_name
                                             || '，由' || COALESCE(s.responsible_name, '该级负责人') || '督办（期限 '
                                             || %1$s || '）'
                       ELSE '【上级督办】' || s.title || '（' || s.node_name || '）须于 ' || %1$s || ' 前办结：'
                            || COALESCE(s.note, '')
                   END, 2000), s.updated_at
              FROM supervision s
             CROSS JOIN LATERAL (SELECT CASE WHEN ?1 = 'ESCALATE' THEN 'ESCALATED'
                                             WHEN ?1 = 'RED' OR s.color = 'RED' THEN 'OVERDUE'
                                             WHEN s.origin = 'MANUAL' THEN 'SUPERVISED'
                                             ELSE 'DUE_SOON' END AS kind) k
             WHERE s.id = ANY (CAST(?2 AS uuid[]))
             ORDER BY s.grid_path, s.id
            ON CONFLICT (subject_id, kind, node_id) DO NOTHING
            RETURNING id""".formatted(DEADLINE, GridReadModel.nameSql("s.grid_node_id"));

    /** A delivery of each new notice (?1) to the nearest webhook at or above its node; none if there is none. */
    private static final String ROUTE = """
            INSERT INTO notice_delivery (notice_id, webhook_node_id, status, next_attempt_at)
            SELECT told.id, w.node_id, 'PENDING', told.raised_at
              FROM notice told
             CROSS JOIN LATERAL (SELECT h.node_id FROM notice_webhook h JOIN (%s) up ON up.id = h.node_id
                                  ORDER BY up.depth DESC LIMIT 1) w
             WHERE told.id = ANY (CAST(?1 AS uuid[]))""".formatted(GridReadModel.atOrAboveSql("told.node_id"));

    private static final String TIME = "to_char(%s AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+08:00\"')";

    private static final String PAYLOADS = """
            SELECT CAST(n.id AS text) AS aggregate_id, json_build_object(
                       'noticeId', n.id, 'kind', n.kind, 'subjectType', n.subject_type, 'subjectId', n.subject_id,
                       'nodeId', n.node_id, 'nodeName', n.node_name, 'gridPath', n.grid_path, 'text', n.text,
                       'raisedAt', %s, 'occurredAt', %s) #>> '{}' AS payload
              FROM notice n WHERE n.id = ANY (CAST(? AS uuid[])) ORDER BY n.grid_path, n.id"""
            .formatted(TIME.formatted("n.raised_at"), TIME.formatted("n.raised_at"));

    /**
     * Raises the notices of supervisions that just took {@code step} (OPEN, RED, ESCALATE), each once, with their
     * events and deliveries; runs in the caller's transaction. Returns how many were raised.
     */
    public int raiseForSupervisions(String step, String idArray) {
        @SuppressWarnings("unchecked")
        List<UUID> raised = entityManager.createNativeQuery(RAISE)
                .setParameter(1, step).setParameter(2, idArray).getResultList();
        if (raised.isEmpty()) {
            return 0;
        }
        String array = raised.toString().replace('[', '{').replace(']', '}').replace(" ", "");
        entityManager.createNativeQuery(ROUTE).setParameter(1, array).executeUpdate();
        outbox.recordFromQuery(NOTICE_RAISED, PAYLOADS, array);
        return raised.size();
    }

    /** What one round of sending did. */
    public record Delivered(int sent, int failed, int dropped, boolean quiet) {
    }

    /**
     * Sends every delivery that is due, unless it is quiet hours. A webhook that fails is probed by one notice at a
     * time: its other notices wait for the same back-off, then go in the order they were raised.
     */
    public Delivered deliver() {
        Instant now = clock.instant();
        if (isQuiet(now)) {
            return new Delivered(0, 0, 0, true);
        }
        int[] totals = new int[3];
        Set<UUID> down = new HashSet<>();
        while (true) {
            int[] round = QuarkusTransaction.requiringNew().call(() -> deliverBatch(now, down));
            for (int i = 0; i < 3; i++) {
                totals[i] += round[i];
            }
            if (round[0] + round[1] + round[2] < BATCH) {
                return new Delivered(totals[0], totals[1], totals[2], false);
            }
        }
    }

    private int[] deliverBatch(Instant now, Set<UUID> down) {
        @SuppressWarnings("unchecked")
        List<Object[]> due = entityManager.createNativeQuery("""
                        SELECT d.id, d.webhook_node_id, w.url, n.text, d.attempts
                          FROM notice_delivery d JOIN notice n ON n.id = d.notice_id
                          LEFT JOIN notice_webhook w ON w.node_id = d.webhook_node_id
                         WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?1
                         ORDER BY d.next_attempt_at, d.id LIMIT ?2
                           FOR UPDATE OF d SKIP LOCKED""")
                .setParameter(1, Timestamp.from(now)).setParameter(2, BATCH).getResultList();
        int[] counts = new int[3];
        for (Object[] row : due) {
            long id = ((Number) row[0]).longValue();
            UUID webhook = (UUID) row[1];
            String url = (String) row[2];
            int attempts = ((Number) row[4]).intValue() + 1;
            if (url == null) {
                mark(id, "DROPPED", attempts - 1, now, "该网格的推送地址已删除 the webhook was removed");
                counts[2]++;
            } else if (down.contains(webhook)) {
                continue; // its robot failed a moment ago: waits with the others (below)
            } else {
                try {
                    notifier.send(URI.create(url), (String) row[3]);
                    entityManager.createNativeQuery("""
                                    UPDATE notice_delivery SET status = 'SENT', attempts = ?2, sent_at = ?3,
                                                               last_error = NULL WHERE id = ?1""")
                            .setParameter(1, id).setParameter(2, attempts).setParameter(3, Timestamp.from(now))
                            .executeUpdate();
                    counts[0]++;
                } catch (Notifier.Refused refused) {
                    // the back-off is the robot's: one notice probes it, the others of the robot wait as long
                    down.add(webhook);
                    Instant next = now.plus(backOff(attempts));
                    mark(id, "PENDING", attempts, next, refused.getMessage());
                    entityManager.createNativeQuery("""
                                    UPDATE notice_delivery SET next_attempt_at = ?2
                                     WHERE webhook_node_id = ?1 AND status = 'PENDING' AND next_attempt_at < ?2""")
                            .setParameter(1, webhook).setParameter(2, Timestamp.from(next)).executeUpdate();
                    counts[1]++;
                }
            }
        }
        return counts;
    }

    private void mark(long id, String status, int attempts, Instant next, String error) {
        entityManager.createNativeQuery("""
                        UPDATE notice_delivery SET status = ?2, attempts = ?3, next_attempt_at = ?4,
                                                   last_error = left(?5, 500) WHERE id = ?1""")
                .setParameter(1, id).setParameter(2, status).setParameter(3, attempts)
                .setParameter(4, Timestamp.from(next)).setParameter(5, error).executeUpdate();
    }

    /** 30 s after the first failure, doubling, at most an hour apart; never given up. */
    static Duration backOff(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    boolean isQuiet(Instant now) {
        String hours = config.quietHours().trim();
        if (hours.equalsIgnoreCase("off")) {
            return false;
        }
        String[] bounds = hours.split("-");
        LocalTime from = LocalTime.parse(bounds[0].trim());
        LocalTime to = LocalTime.parse(bounds[1].trim());
        LocalTime local = now.atZone(SHANGHAI).toLocalTime();
        return from.isBefore(to)
                ? !local.isBefore(from) && local.isBefore(to)
                : !local.isBefore(from) || local.isBefore(to);
    }

    // ---- webhooks of grid nodes

    /** The webhook of a node of the caller's place, or 404. */
    public NoticeWebhook webhook(UUID nodeId) {
        access.visibleNode(nodeId);
        NoticeWebhook webhook = NoticeWebhook.findById(nodeId);
        if (webhook == null) {
            throw ProblemException.notFound("推送地址", nodeId);
        }
        return webhook;
    }

    /** Sets a node's webhook: a cadre of the node or above it, to an address on an allowed host. */
    @Transactional
    public NoticeWebhook setWebhook(UUID nodeId, String url, String label) {
        var node = access.visibleNode(nodeId);
        access.requireCadreWithin(node.path());
        URI address = allowed(url);
        NoticeWebhook webhook = NoticeWebhook.findById(nodeId);
        if (webhook == null) {
            webhook = new NoticeWebhook();
            webhook.nodeId = nodeId;
        }
        webhook.url = address.toString();
        webhook.label = label == null || label.isBlank() ? null : label.trim();
        webhook.updatedBy = access.actor();
        webhook.updatedAt = OffsetDateTime.now(clock);
        webhook.persist();
        entityManager.flush();
        return webhook;
    }

    /** Removes a node's webhook; its notices still waiting are dropped when their turn comes, with the reason. */
    @Transactional
    public void removeWebhook(UUID nodeId) {
        var node = access.visibleNode(nodeId);
        access.requireCadreWithin(node.path());
        if (!NoticeWebhook.deleteById(nodeId)) {
            throw ProblemException.notFound("推送地址", nodeId);
        }
    }

    private URI allowed(String url) {
        URI address;
        try {
            address = url == null ? null : new URI(url.trim());
        } catch (URISyntaxException e) {
            address = null;
        }
        if (address == null || address.getHost() == null || address.getUserInfo() != null
                || !("https".equalsIgnoreCase(address.getScheme()) || "http".equalsIgnoreCase(address.getScheme()))) {
            throw ProblemException.invalid("url", "须为 http(s) 网址 an http(s) address is required");
        }
        String host = address.getHost().toLowerCase(Locale.ROOT);
        if (config.webhookHosts().stream().noneMatch(allowed -> allowed.trim().equalsIgnoreCase(host))) {
            throw ProblemException.invalid("url", "不允许推送到该主机 posting to " + host + " is not allowed (allowed: "
                    + String.join(", ", config.webhookHosts()) + ")");
        }
        return address;
    }

    // ---- the notices of a place

    /** A notice with where it went. */
    public record Listed(Notice notice, List<NoticeDelivery> deliveries) {
    }

    /** The notices about work in the caller's place, optionally under a node and of a kind; newest first. */
    public Page<Listed> list(UUID nodeId, String kind, PageRequest page) {
        Where where = new Where().within("gridPath", access.restrictingPaths());
        if (nodeId != null) {
            where.inSubtree("gridPath", access.visibleNode(nodeId).path());
        }
        if (kind != null) {
            where.and("kind = ?", kind);
        }
        Page<Notice> notices = page.apply(Notice.find(where.query("raisedAt DESC, id"), where.parameters()),
                Function.identity());
        List<UUID> ids = notices.items().stream().map(n -> n.id).toList();
        List<NoticeDelivery> deliveries = ids.isEmpty() ? List.of()
                : NoticeDelivery.list("noticeId IN ?1 ORDER BY id", ids);
        List<Listed> listed = new ArrayList<>();
        for (Notice notice : notices.items()) {
            listed.add(new Listed(notice, deliveries.stream().filter(d -> d.noticeId.equals(notice.id)).toList()));
        }
        return new Page<>(listed, notices.page(), notices.size(), notices.total());
    }
}
