package io.wangge.task.notice;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.types.ReportTopic;
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
 * A delivery is claimed for a lease before it is posted, so two senders never post it both; the one window left is
 * a sender stopped between the robot's answer and writing it down, after which that notice is posted again when
 * the lease ends.
 */
@ApplicationScoped
public class NoticeService {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final int BATCH = 10;
    // longer than a batch's posts (at most 8 s each): a claimed delivery is not claimed again while it is posted
    private static final Duration LEASE = Duration.ofMinutes(2);
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

    @Inject
    ObjectMapper json;

    @Scheduled(every = "${wangge.task.notice-delivery:15s}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void noticeDelivery() {
        deliver();
    }

    private static final String DEADLINE = "to_char(s.deadline_at AT TIME ZONE 'Asia/Shanghai', 'FMMM\"月\"FMDD\"日\" HH24:MI')";

    /** Notices of supervisions that just took a step (?1 the step: OPEN, RED or ESCALATE; ?2 their ids). */
    private static final String RAISE = """
            INSERT INTO notice (id, kind, subject_type, subject_id, node_id, node_name, grid_node_id, grid_path, text,
                                raised_at)
            SELECT gen_random_uuid(), k.kind, 'SUPERVISION', s.id, s.node_id, s.node_name, s.grid_node_id, s.grid_path, left(
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

    /** The nearest webhook at or above the node of the notice {@code told}, joined as {@code w} (none: no row). */
    private static final String NEAREST_WEBHOOK = """
            CROSS JOIN LATERAL (SELECT h.node_id FROM notice_webhook h JOIN (%s) up ON up.id = h.node_id
                                 ORDER BY up.depth DESC LIMIT 1) w""".formatted(GridReadModel.atOrAboveSql("told.node_id"));

    /** A delivery of each new notice (?1) to the nearest webhook at or above its node; none if there is none. */
    private static final String ROUTE = """
            INSERT INTO notice_delivery (notice_id, webhook_node_id, status, next_attempt_at)
            SELECT told.id, w.node_id, 'PENDING', told.raised_at
              FROM notice told
            %s
             WHERE told.id = ANY (CAST(?1 AS uuid[]))""".formatted(NEAREST_WEBHOOK);

    private static final String PAYLOADS = """
            SELECT CAST(n.id AS text) AS aggregate_id, json_build_object(
                       'noticeId', n.id, 'kind', n.kind, 'subjectType', n.subject_type, 'subjectId', n.subject_id,
                       'nodeId', n.node_id, 'nodeName', n.node_name, 'gridPath', n.grid_path, 'text', n.text,
                       'raisedAt', %s, 'occurredAt', %s) #>> '{}' AS payload
              FROM notice n WHERE n.id = ANY (CAST(? AS uuid[])) ORDER BY n.grid_path, n.id"""
            .formatted(EventTime.sql("n.raised_at"), EventTime.sql("n.raised_at"));

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
        String array = Outbox.idArray(raised);
        entityManager.createNativeQuery(ROUTE).setParameter(1, array).executeUpdate();
        outbox.recordFromQuery(NOTICE_RAISED, PAYLOADS, array);
        return raised.size();
    }

    private static final java.time.format.DateTimeFormatter DAY_AND_TIME =
            java.time.format.DateTimeFormatter.ofPattern("M月d日 HH:mm");

    /** The notices of reports due soon (?1 a JSON array of them, one row each), each once per node and period. */
    private static final String RAISE_REPORTS = """
            INSERT INTO notice (id, kind, subject_type, subject_id, node_id, node_name, grid_node_id, grid_path, text,
                                raised_at)
            SELECT gen_random_uuid(), 'REPORT_DUE', 'REPORT', d.subject, d.node_id, d.node_name, d.node_id,
                   d.node_path, d.text, ?2
              FROM jsonb_to_recordset(CAST(?1 AS jsonb))
                   AS d(subject uuid, node_id uuid, node_name text, node_path text, text text)
             ORDER BY d.node_path
            ON CONFLICT (subject_id, kind, node_id) DO NOTHING
            RETURNING id""";

    /**
     * Raises a notice for each report due soon that a node has not filed, once per node and period (a redelivered
     * event raises nothing more), with its event and its delivery, in one statement for the batch; runs in the
     * caller's (the inbox batch's) transaction.
     */
    public int raiseForReports(List<ReportTopic.ReportDue> dues) {
        Timestamp now = Timestamp.from(clock.instant());
        ArrayNode rows = json.createArrayNode();
        for (ReportTopic.ReportDue due : dues) {
            if (!due.deadlineAt().toInstant().isAfter(now.toInstant())) {
                continue; // read after its deadline (a consumer far behind): a reminder then reminds of nothing
            }
            String state = switch (due.reportStatus()) {
                case "DRAFT" -> "草稿尚未提交";
                case "RETURNED" -> "被退回尚未重报";
                default -> "尚未上报";
            };
            ObjectNode row = rows.addObject();
            row.put("subject", UUID.nameUUIDFromBytes(("report:" + due.nodeId() + ":" + due.period())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
            row.put("node_id", due.nodeId().toString());
            row.put("node_name", due.nodeName());
            row.put("node_path", due.nodePath());
            row.put("text", "【收网提醒】" + due.nodeName() + " " + periodName(due.period()) + state + "，请于 "
                    + due.deadlineAt().atZoneSameInstant(SHANGHAI).format(DAY_AND_TIME) + " 前填报。");
        }
        if (rows.isEmpty()) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<UUID> raised = entityManager.createNativeQuery(RAISE_REPORTS)
                .setParameter(1, rows.toString()).setParameter(2, now).getResultList();
        if (raised.isEmpty()) {
            return 0;
        }
        String array = Outbox.idArray(raised);
        entityManager.createNativeQuery(ROUTE).setParameter(1, array).executeUpdate();
        outbox.recordFromQuery(NOTICE_RAISED, PAYLOADS, array);
        return raised.size();
    }

    /** 2026-W48 → 2026年第48周周报; 2026-11 → 2026年11月月报. */
    static String periodName(String period) {
        if (period.contains("-W")) {
            return period.substring(0, 4) + "年第" + Integer.parseInt(period.substring(6)) + "周周报";
        }
        return period.substring(0, 4) + "年" + Integer.parseInt(period.substring(5)) + "月月报";
    }

    /** What one round of sending did. */
    public record Delivered(int sent, int failed, int dropped, boolean quiet) {
    }

    /** A delivery claimed for posting, under a token only its holder writes the outcome with. */
    private record Claimed(long id, UUID token, UUID webhook, String url, String text) {
    }

    /**
     * Sends every delivery that is due, unless it is quiet hours. Each is claimed for a lease in a short
     * transaction, posted outside any, and its outcome written in another by the claim's holder only; a robot that
     * fails is left alone for its back-off (30 s, doubling, at most an hour), its other notices waiting with it,
     * then they go in the order they were raised.
     */
    public Delivered deliver() {
        if (isQuiet(clock.instant())) {
            return new Delivered(0, 0, 0, true);
        }
        int sent = 0;
        int failed = 0;
        int dropped = QuarkusTransaction.requiringNew().call(this::routeOrphans);
        while (true) {
            List<Claimed> claimed = QuarkusTransaction.requiringNew().call(() -> claim(clock.instant()));
            Set<UUID> down = new HashSet<>();
            for (Claimed delivery : claimed) {
                if (down.contains(delivery.webhook())) {
                    QuarkusTransaction.requiringNew().run(() -> release(delivery));
                    continue;
                }
                String refusal;
                try {
                    allowed(delivery.url()); // the hosts allowed may have changed since the webhook was set
                } catch (ProblemException notAllowed) {
                    QuarkusTransaction.requiringNew().run(() -> drop(delivery, notAllowed.problem().detail()));
                    dropped++;
                    continue;
                }
                refusal = post(delivery);
                if (refusal == null) {
                    QuarkusTransaction.requiringNew().run(() -> sent(delivery));
                    sent++;
                } else {
                    down.add(delivery.webhook());
                    String why = refusal;
                    QuarkusTransaction.requiringNew().run(() -> failed(delivery, why));
                    failed++;
                }
            }
            if (claimed.size() < BATCH) {
                return new Delivered(sent, failed, dropped, false);
            }
        }
    }

    /** Posts one notice; null when the robot took it, else why not. Nothing it throws stops the others. */
    private String post(Claimed delivery) {
        try {
            notifier.send(URI.create(delivery.url()), delivery.text());
            return null;
        } catch (Notifier.Refused refused) {
            return refused.getMessage();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** Due deliveries of robots not in their back-off and not under another's lease, in the order they were raised. */
    @SuppressWarnings("unchecked")
    private List<Claimed> claim(Instant now) {
        UUID token = UUID.randomUUID();
        List<Object[]> rows = entityManager.createNativeQuery("""
                        WITH due AS (
                            SELECT d.id FROM notice_delivery d
                              JOIN notice_webhook w ON w.node_id = d.webhook_node_id
                             WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?1
                               AND (d.lease_until IS NULL OR d.lease_until <= ?1)
                               AND (w.down_until IS NULL OR w.down_until <= ?1)
                             ORDER BY d.next_attempt_at, d.id LIMIT ?2
                               FOR UPDATE OF d SKIP LOCKED)
                        UPDATE notice_delivery d SET claim_token = ?3, lease_until = ?4
                          FROM due, notice n, notice_webhook w
                         WHERE d.id = due.id AND n.id = d.notice_id AND w.node_id = d.webhook_node_id
                        RETURNING d.id, d.webhook_node_id, w.url, n.text""")
                .setParameter(1, Timestamp.from(now)).setParameter(2, BATCH).setParameter(3, token)
                .setParameter(4, Timestamp.from(now.plus(LEASE))).getResultList();
        return rows.stream().map(r -> new Claimed(((Number) r[0]).longValue(), token, (UUID) r[1], (String) r[2],
                (String) r[3])).sorted(java.util.Comparator.comparingLong(Claimed::id)).toList();
    }

    /** The outcome of a claim, written only while the claim is still its holder's and the delivery pending. */
    private static final String HELD = " WHERE id = ?1 AND claim_token = ?2 AND status = 'PENDING'";

    private void sent(Claimed delivery) {
        Timestamp now = Timestamp.from(clock.instant());
        int written = entityManager.createNativeQuery("""
                        UPDATE notice_delivery SET status = 'SENT', attempts = attempts + 1, sent_at = ?3,
                                                   last_error = NULL, claim_token = NULL, lease_until = NULL""" + HELD)
                .setParameter(1, delivery.id()).setParameter(2, delivery.token()).setParameter(3, now)
                .executeUpdate();
        if (written == 1) {
            entityManager.createNativeQuery("""
                            UPDATE notice_webhook SET failures = 0, down_until = NULL
                             WHERE node_id = ?1 AND (failures > 0 OR down_until IS NOT NULL)""")
                    .setParameter(1, delivery.webhook()).executeUpdate();
        }
    }

    private void failed(Claimed delivery, String refusal) {
        int written = entityManager.createNativeQuery("""
                        UPDATE notice_delivery SET attempts = attempts + 1, last_error = left(?3, 500),
                                                   claim_token = NULL, lease_until = NULL""" + HELD)
                .setParameter(1, delivery.id()).setParameter(2, delivery.token()).setParameter(3, refusal)
                .executeUpdate();
        if (written == 1) {
            // the robot waits out its back-off; its notices keep their places in the order they were raised
            List<?> failures = entityManager.createNativeQuery(
                            "UPDATE notice_webhook SET failures = failures + 1 WHERE node_id = ?1 RETURNING failures")
                    .setParameter(1, delivery.webhook()).getResultList();
            int count = failures.isEmpty() ? 1 : ((Number) failures.get(0)).intValue();
            entityManager.createNativeQuery("UPDATE notice_webhook SET down_until = ?2 WHERE node_id = ?1")
                    .setParameter(1, delivery.webhook())
                    .setParameter(2, Timestamp.from(clock.instant().plus(backOff(count)))).executeUpdate();
        }
    }

    /** Claimed in a round its robot failed in: untried, due again when the robot's back-off ends. */
    private void release(Claimed delivery) {
        entityManager.createNativeQuery("UPDATE notice_delivery SET claim_token = NULL, lease_until = NULL" + HELD)
                .setParameter(1, delivery.id()).setParameter(2, delivery.token()).executeUpdate();
    }

    private void drop(Claimed delivery, String reason) {
        entityManager.createNativeQuery("""
                        UPDATE notice_delivery SET status = 'DROPPED', last_error = left(?3, 500), claim_token = NULL,
                                                   lease_until = NULL""" + HELD)
                .setParameter(1, delivery.id()).setParameter(2, delivery.token()).setParameter(3, reason)
                .executeUpdate();
    }

    /**
     * Deliveries whose webhook is gone go to the nearest webhook now at or above their node (one may have been set
     * since, or the removal's re-route may have raced it); only those with none are dropped, with the reason.
     */
    private int routeOrphans() {
        entityManager.createNativeQuery(ORPHANS).executeUpdate();
        return entityManager.createNativeQuery("""
                        UPDATE notice_delivery d SET status = 'DROPPED', claim_token = NULL, lease_until = NULL,
                                                     last_error = '该网格及其上级均无推送地址 no webhook at or above the node'
                         WHERE d.status = 'PENDING'
                           AND NOT EXISTS (SELECT 1 FROM notice_webhook w WHERE w.node_id = d.webhook_node_id)""")
                .executeUpdate();
    }

    /** Waiting deliveries whose webhook is gone, to the nearest webhook now at or above their notice's node. */
    private static final String ORPHANS = """
            UPDATE notice_delivery d SET webhook_node_id = w.node_id
              FROM notice told
            %s
             WHERE d.status = 'PENDING' AND told.id = d.notice_id
               AND NOT EXISTS (SELECT 1 FROM notice_webhook gone WHERE gone.node_id = d.webhook_node_id)""".formatted(
            NEAREST_WEBHOOK);

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
        webhook.failures = 0; // a new address is tried afresh
        webhook.downUntil = null;
        webhook.label = label == null || label.isBlank() ? null : label.trim();
        webhook.updatedBy = access.actor();
        webhook.updatedAt = OffsetDateTime.now(clock);
        webhook.persist();
        entityManager.flush();
        return webhook;
    }

    /**
     * Removes a node's webhook. Its notices still waiting go to the nearest webhook left at or above their node;
     * those with none are dropped, with the reason, when their turn comes.
     */
    @Transactional
    public void removeWebhook(UUID nodeId) {
        var node = access.visibleNode(nodeId);
        access.requireCadreWithin(node.path());
        if (!NoticeWebhook.deleteById(nodeId)) {
            throw ProblemException.notFound("推送地址", nodeId);
        }
        entityManager.flush();
        entityManager.createNativeQuery(ORPHANS).executeUpdate();
    }

    private URI allowed(String url) {
        URI address;
        try {
            address = url == null ? null : new URI(url.trim());
        } catch (URISyntaxException e) {
            address = null;
        }
        boolean https = address != null && "https".equalsIgnoreCase(address.getScheme());
        boolean http = address != null && "http".equalsIgnoreCase(address.getScheme()) && config.webhookAllowHttp();
        if (address == null || address.getHost() == null || address.getUserInfo() != null || !(https || http)) {
            throw ProblemException.invalid("url", config.webhookAllowHttp()
                    ? "须为 http(s) 网址 an http(s) address is required"
                    : "须为 https 网址（机器人的密钥不以明文传送） an https address is required: the robot's key"
                    + " does not travel in clear text");
        }
        if (address.getPort() != -1 && (address.getPort() < 1 || address.getPort() > 65535)) {
            throw ProblemException.invalid("url", "端口无效 the port is out of range");
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
        Page<Notice> notices = page.list(Notice.class, "n", where, "raisedAt DESC, id", Function.identity());
        List<UUID> ids = notices.items().stream().map(n -> n.id).toList();
        List<NoticeDelivery> deliveries = ids.isEmpty() ? List.of()
                : NoticeDelivery.list("noticeId IN ?1 ORDER BY id", ids);
        return notices.map(notice -> new Listed(notice, deliveries.stream().filter(d -> d.noticeId.equals(notice.id))
                .toList()));
    }
}
