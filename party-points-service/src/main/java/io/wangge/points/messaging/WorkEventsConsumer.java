package io.wangge.points.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.inbox.Inbox;
import io.wangge.platform.time.ClockProducer;
import io.wangge.points.service.Ledger;
import io.wangge.points.service.RuleService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/** Earns points from the work in the net: completed and overdue tasks, reports filed on time, household visits. */
@ApplicationScoped
public class WorkEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    Ledger ledger;

    @Inject
    RuleService rules;

    /** The task and report events that can earn or cost points; every other one is acknowledged unread. */
    static final Set<String> TYPES = Set.of("wangge.task.completed.v1", "wangge.task.overdue.v1",
            "wangge.report.filed.v1");

    @Incoming("work")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each("party-points-service.work", TYPES, this::apply), records);
    }

    void apply(InboundEvent event) {
        JsonNode data = event.data();
        switch (event.type()) {
            case "wangge.task.completed.v1" -> {
                UUID person = uuid(data.path("assigneePersonId"));
                if (person != null) {
                    boolean onTime = data.path("onTime").asBoolean();
                    LocalDate completedOn = day(data.path("completedAt").asText());
                    String rule = rules.eventRule(event.type(), onTime ? "ON_TIME" : "LATE",
                            data.path("category").asText(), completedOn).orElse(null);
                    if (rule == null) {
                        return;
                    }
                    ledger.earn(new Ledger.Deed(person, rule, 1, null,
                            "task:" + data.path("taskId").asText(), event.id(), null, completedOn,
                            (onTime ? "按时完成：" : "逾期完成：") + data.path("title").asText() + "（"
                                    + data.path("nodeName").asText() + "）", "system"));
                }
            }
            case "wangge.task.overdue.v1" -> {
                UUID person = uuid(data.path("assigneePersonId"));
                if (person != null) {
                    // the task fell overdue at its due time, whenever the check or this consumer noticed it
                    ledger.earn(new Ledger.Deed(person, "TASK_OVERDUE", 1, null,
                            "task-overdue:" + data.path("taskId").asText(), event.id(), null,
                            day(data.path("dueAt").asText()), "任务逾期：" + data.path("title").asText(),
                            "system"));
                }
            }
            case "wangge.report.filed.v1" -> {
                // the event names the author's login; their person is looked up (or waited for) by it
                String author = data.path("author").asText();
                LocalDate filedOn = day(data.path("filedAt").asText());
                String report = data.path("reportId").asText();
                if (data.path("onTime").asBoolean()) {
                    ledger.earnByAccount(author, new Ledger.Deed(null, "REPORT_ON_TIME", 1, null,
                            "report:" + report, event.id(), null, filedOn,
                            "按时报送 " + data.path("period").asText() + " 报告", "system"));
                }
                int visits = data.path("activities").path("householdVisits").asInt(0);
                if (visits > 0) {
                    ledger.earnByAccount(author, new Ledger.Deed(null, "HOUSEHOLD_VISIT", visits, null,
                            "report-visits:" + report, event.id(), null, filedOn,
                            "包户走访 " + visits + " 户次（" + data.path("period").asText() + "）", "system"));
                }
            }
            default -> {
                // other task and report events earn nothing
            }
        }
    }

    private static UUID uuid(JsonNode node) {
        return node.isTextual() ? UUID.fromString(node.asText()) : null;
    }

    private static LocalDate day(String timestamp) {
        return OffsetDateTime.parse(timestamp).atZoneSameInstant(ClockProducer.ZONE).toLocalDate();
    }
}
