package io.wangge.points.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.ReportTopic;
import io.wangge.platform.events.types.TaskTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.points.service.WorkPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the work in the net off wangge.task and wangge.report; {@link WorkPoints} decides what it earns. */
@ApplicationScoped
public class WorkEventsConsumer {

    /** The task and report events that can earn or cost points; every other one is acknowledged unread. */
    static final Set<String> TYPES = Set.of(TaskTopic.TASK_COMPLETED, TaskTopic.TASK_OVERDUE,
            ReportTopic.REPORT_FILED, ReportTopic.ACTIVITY_RECORDED, ReportTopic.ACTIVITY_WITHDRAWN);

    @Inject
    Inbox inbox;

    @Inject
    WorkPoints points;

    private final Inbox.Consumer consumer = new Inbox.Consumer("party-points-service.work", TYPES, this::apply);

    @Incoming("work")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) {
        List<WorkPoints.Work> work = new ArrayList<>(events.size());
        for (InboundEvent event : events) {
            switch (event.type()) {
                case TaskTopic.TASK_COMPLETED -> {
                    TaskTopic.TaskState task = event.as(TaskTopic.TaskState.class);
                    if (task.assigneePersonId() != null) {
                        work.add(new WorkPoints.TaskCompleted(event.id(), event.type(), task.taskId(),
                                task.assigneePersonId(), task.category(), Boolean.TRUE.equals(task.onTime()),
                                task.completedAt(), task.title(), task.nodeName()));
                    }
                }
                case TaskTopic.TASK_OVERDUE -> {
                    TaskTopic.TaskState task = event.as(TaskTopic.TaskState.class);
                    if (task.assigneePersonId() != null) {
                        work.add(new WorkPoints.TaskOverdue(event.id(), task.taskId(), task.assigneePersonId(),
                                task.dueAt(), task.title()));
                    }
                }
                case ReportTopic.REPORT_FILED -> {
                    ReportTopic.Report report = event.as(ReportTopic.Report.class);
                    work.add(new WorkPoints.ReportFiled(event.id(), report.reportId(), report.author(),
                            report.period(), Boolean.TRUE.equals(report.onTime()), report.filedAt()));
                }
                case ReportTopic.ACTIVITY_RECORDED -> {
                    ReportTopic.Activity activity = event.as(ReportTopic.Activity.class);
                    work.add(new WorkPoints.ActivityRecorded(event.id(), activity.activityId(), activity.title(),
                            activity.heldOn(), activity.participantIds()));
                }
                case ReportTopic.ACTIVITY_WITHDRAWN -> {
                    ReportTopic.Activity activity = event.as(ReportTopic.Activity.class);
                    work.add(new WorkPoints.ActivityWithdrawn(event.id(), activity.activityId(),
                            activity.participantIds()));
                }
                default -> throw new IllegalArgumentException("not a type of this consumer: " + event.type());
            }
        }
        points.earn(work);
    }
}
