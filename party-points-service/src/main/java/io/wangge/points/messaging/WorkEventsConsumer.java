package io.wangge.points.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.inbox.Inbox;
import io.wangge.points.service.WorkPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Reads the work in the net off wangge.task and wangge.report; {@link WorkPoints} decides what it earns. */
@ApplicationScoped
public class WorkEventsConsumer {

    static final String COMPLETED = "wangge.task.completed.v1";
    static final String OVERDUE = "wangge.task.overdue.v1";
    static final String FILED = "wangge.report.filed.v1";

    /** The task and report events that can earn or cost points; every other one is acknowledged unread. */
    static final Set<String> TYPES = Set.of(COMPLETED, OVERDUE, FILED);

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
            JsonNode data = event.data();
            switch (event.type()) {
                case COMPLETED -> {
                    UUID assignee = uuid(data.path("assigneePersonId"));
                    if (assignee != null) {
                        work.add(new WorkPoints.TaskCompleted(event.id(), event.type(),
                                UUID.fromString(data.path("taskId").asText()), assignee,
                                data.path("category").asText(), data.path("onTime").asBoolean(),
                                time(data.path("completedAt")), data.path("title").asText(),
                                data.path("nodeName").asText()));
                    }
                }
                case OVERDUE -> {
                    UUID assignee = uuid(data.path("assigneePersonId"));
                    if (assignee != null) {
                        work.add(new WorkPoints.TaskOverdue(event.id(), UUID.fromString(data.path("taskId").asText()),
                                assignee, time(data.path("dueAt")), data.path("title").asText()));
                    }
                }
                case FILED -> work.add(new WorkPoints.ReportFiled(event.id(),
                        UUID.fromString(data.path("reportId").asText()), data.path("author").asText(),
                        data.path("period").asText(), data.path("onTime").asBoolean(), time(data.path("filedAt")),
                        data.path("activities").path("householdVisits").asInt(0)));
                default -> throw new IllegalArgumentException("not a type of this consumer: " + event.type());
            }
        }
        points.earn(work);
    }

    private static UUID uuid(JsonNode node) {
        return node.isTextual() ? UUID.fromString(node.asText()) : null;
    }

    private static OffsetDateTime time(JsonNode node) {
        return OffsetDateTime.parse(node.asText());
    }
}
