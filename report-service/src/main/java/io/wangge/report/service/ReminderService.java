package io.wangge.report.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.outbox.Outbox;
import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import io.wangge.report.config.ReportConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.wangge.platform.events.types.ReportTopic.REPORT_DUE_SOON;

/**
 * 收网提醒. A sweep by the injected clock finds, for this and the last week and month, each level whose filing
 * deadline is less than {@code wangge.report.reminders.before} away, and reminds every active node of that level
 * that has not filed: once per node and period, set-based, with a {@code wangge.report.due-soon.v1} event each
 * (task-service tells the node's group).
 */
@ApplicationScoped
public class ReminderService {

    /** The levels that file by each deadline key of {@link PeriodService#deadlines}. */
    private static final Map<String, String> LEVELS = Map.of("GRID", "{MICRO_GRID,GRID}", "VILLAGE", "{VILLAGE}",
            "TOWN", "{TOWN}");

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    PeriodService periods;

    @Inject
    ReportConfig config;

    @Scheduled(every = "${wangge.report.reminders.check:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reminderCheck() {
        remind();
    }

    private static final String REMIND = """
            INSERT INTO report_reminder (node_id, period_id, deadline_at, status, reminded_at)
            SELECT n.id, ?2, ?3, COALESCE(r.status, 'NONE'), ?4
              FROM (%s) n
              LEFT JOIN report r ON r.node_id = n.id AND r.period_id = ?2
             WHERE r.status IS NULL OR r.status IN ('DRAFT', 'RETURNED')
             ORDER BY n.path
            ON CONFLICT (node_id, period_id) DO NOTHING
            RETURNING node_id""".formatted(GridReadModel.activeOfLevelsSql("?1"));

    private static final String PAYLOADS = """
            SELECT CAST(n.id AS text) AS aggregate_id, json_build_object(
                       'nodeId', n.id, 'nodeName', n.name, 'nodePath', n.path, 'nodeLevel', n.level,
                       'period', rr.period_id, 'deadlineAt', %s, 'reportStatus', rr.status,
                       'occurredAt', %s) #>> '{}' AS payload
              FROM report_reminder rr JOIN (%s) n ON n.id = rr.node_id
             WHERE rr.period_id = ? AND rr.node_id = ANY (CAST(? AS uuid[]))
             ORDER BY n.path""".formatted(EventTime.sql("rr.deadline_at"), EventTime.sql("rr.reminded_at"),
            GridReadModel.activeOfLevelsSql("?"));

    /** Reminds whoever is due a reminder now; returns how many nodes were reminded. */
    public int remind() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(io.wangge.platform.time.ClockProducer.ZONE).toLocalDate();
        int reminded = 0;
        for (PeriodType type : List.of(PeriodType.WEEK, PeriodType.MONTH)) {
            Period current = Period.containing(today, type);
            for (Period period : List.of(current, Period.containing(current.startsOn().minusDays(1), type))) {
                for (Map.Entry<String, OffsetDateTime> deadline : periods.deadlines(period).entrySet()) {
                    Instant due = deadline.getValue().toInstant();
                    if (!now.isBefore(due.minus(config.reminders().before())) && now.isBefore(due)) {
                        reminded += remind(period.id(), LEVELS.get(deadline.getKey()), due, now);
                    }
                }
            }
        }
        return reminded;
    }

    private int remind(String period, String levels, Instant deadline, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> nodes = entityManager.createNativeQuery(REMIND).setParameter(1, levels)
                    .setParameter(2, period).setParameter(3, Timestamp.from(deadline))
                    .setParameter(4, Timestamp.from(now)).getResultList();
            if (!nodes.isEmpty()) {
                outbox.recordFromQuery(REPORT_DUE_SOON, PAYLOADS, levels, period,
                        Outbox.idArray(nodes));
            }
            return nodes.size();
        });
    }
}
