package io.wangge.task.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.ReportTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.task.notice.NoticeService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Set;

/** Reads the reports due soon off wangge.report; {@link NoticeService} tells the nodes' groups. */
@ApplicationScoped
public class ReportEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    NoticeService notices;

    private final Inbox.Consumer consumer = new Inbox.Consumer("task-service.reports",
            Set.of(ReportTopic.REPORT_DUE_SOON), this::apply);

    @Incoming("reports")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) {
        notices.raiseForReports(events.stream().map(e -> e.as(ReportTopic.ReportDue.class)).toList());
    }
}
