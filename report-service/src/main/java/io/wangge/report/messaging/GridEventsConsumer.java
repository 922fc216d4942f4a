package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import io.wangge.report.service.RollupCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.util.List;

/** Keeps the grid read model from wangge.grid, once per event; moved grids take their task facts along. */
@ApplicationScoped
public class GridEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    TaskFacts facts;

    @Inject
    RollupCounters counters;

    private final Inbox.Consumer consumer = new Inbox.Consumer("report-service.grid", GridReadModel.TYPES,
            this::apply);

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        RollupCounters.Delta delta = counters.delta();
        for (InboundEvent event : events) {
            if (readModel.apply(event)) {
                facts.moved(event.data(), delta);
            }
        }
        delta.flush();
    }
}
