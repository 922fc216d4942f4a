package io.wangge.points.service;

import io.opentelemetry.context.Scope;
import io.wangge.platform.time.ClockProducer;
import io.wangge.platform.tracing.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Points for the work in the net: which rule a piece of work earns under, and the day it belongs to (the day the
 * deed happened in Asia/Shanghai: a completion's, a task's due day for its overdue penalty, a report's filing day).
 */
@ApplicationScoped
public class WorkPoints {

    @Inject
    Ledger ledger;

    @Inject
    RuleService rules;

    /** Work that task and report events tell of. */
    public sealed interface Work permits TaskCompleted, TaskOverdue, ReportFiled, HouseholdVisited, ActivityRecorded,
            ActivityWithdrawn {
    }

    /** A task verified complete, on time or late, with its assignee. */
    public record TaskCompleted(String eventId, String eventType, UUID taskId, UUID assignee, String category,
                                boolean onTime, OffsetDateTime completedAt, String title, String nodeName)
            implements Work {
    }

    /** A task past its due time without being completed. */
    public record TaskOverdue(String eventId, UUID taskId, UUID assignee, OffsetDateTime dueAt, String title)
            implements Work {
    }

    /**
     * A report filed by its author's login. The household visits a report counts earn nothing here: a number typed
     * into a report is not a visit; each visit recorded in grid-service earns once ({@link HouseholdVisited}).
     */
    public record ReportFiled(String eventId, UUID reportId, String author, String period, boolean onTime,
                              OffsetDateTime filedAt) implements Work {
    }

    /** One recorded visit to a household, with the person who visited. */
    public record HouseholdVisited(String eventId, UUID visitId, UUID visitor, LocalDate visitedOn)
            implements Work {
    }

    /** An activity on record (活动台账) and the people of the register who took part. */
    public record ActivityRecorded(String eventId, UUID activityId, String title, LocalDate heldOn,
                                   List<UUID> participants) implements Work {
    }

    /** An activity recorded by mistake, withdrawn: what it earned is reversed. */
    public record ActivityWithdrawn(String eventId, UUID activityId, List<UUID> participants) implements Work {
    }

    /** The ledger source of a participant's points for an activity: one per person and activity. */
    static String activitySource(UUID activity, UUID person) {
        return "activity:" + activity + ":" + person;
    }

    /** Earns what the work earns, in order, as one batch of the ledger. */
    public void earn(List<Work> work) {
        List<Ledger.Deed> deeds = new ArrayList<>(work.size());
        for (Work w : work) {
            if (w instanceof TaskCompleted done) {
                LocalDate day = day(done.completedAt());
                rules.eventRule(done.eventType(), done.onTime() ? "ON_TIME" : "LATE", done.category(), day)
                        .ifPresent(rule -> deeds.add(new Ledger.Deed(done.assignee(), rule, 1, null,
                                "task:" + done.taskId(), done.eventId(), null, day,
                                (done.onTime() ? "按时完成：" : "逾期完成：") + done.title()
                                        + (done.nodeName() == null ? "" : "（" + done.nodeName() + "）"),
                                "system")));
            } else if (w instanceof TaskOverdue late) {
                deeds.add(new Ledger.Deed(late.assignee(), "TASK_OVERDUE", 1, null, "task-overdue:" + late.taskId(),
                        late.eventId(), null, day(late.dueAt()), "任务逾期：" + late.title(), "system"));
            } else if (w instanceof ReportFiled report) {
                LocalDate day = day(report.filedAt());
                if (report.onTime()) {
                    deeds.add(new Ledger.Deed(null, "REPORT_ON_TIME", 1, null, "report:" + report.reportId(),
                            report.eventId(), null, day, "按时报送 " + report.period() + " 报告", "system")
                            .byAccount(report.author()));
                }
            } else if (w instanceof ActivityRecorded activity) {
                for (UUID person : activity.participants()) {
                    deeds.add(new Ledger.Deed(person, "ACTIVITY_JOINED", 1, null,
                            activitySource(activity.activityId(), person), activity.eventId(), null,
                            activity.heldOn(), "参加活动：" + activity.title(), "system"));
                }
            } else if (w instanceof ActivityWithdrawn withdrawn) {
                // what came before in this batch is written first, so a withdrawal finds it
                ledger.earnAll(deeds);
                deeds.clear();
                // the reversals go on in the trace of the withdrawal that caused them
                try (Scope ignored = Traces.parent(Traces.ofEvent(withdrawn.eventId())).makeCurrent()) {
                    ledger.reverseSources(withdrawn.participants().stream()
                            .map(person -> activitySource(withdrawn.activityId(), person)).toList(),
                            "活动已撤回 the activity was withdrawn", "system");
                }
            } else if (w instanceof HouseholdVisited visit && visit.visitor() != null) {
                // a visit recorded with no visitor named earns nobody
                deeds.add(new Ledger.Deed(visit.visitor(), "HOUSEHOLD_VISIT", 1, null, "visit:" + visit.visitId(),
                        visit.eventId(), null, visit.visitedOn(), "包户走访（" + visit.visitedOn() + "）", "system"));
            }
        }
        ledger.earnAll(deeds);
    }

    private static LocalDate day(OffsetDateTime at) {
        return at.atZoneSameInstant(ClockProducer.ZONE).toLocalDate();
    }
}
