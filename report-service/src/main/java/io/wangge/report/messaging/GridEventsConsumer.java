package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the grid read model from wangge.grid, once per event; moved grids take their task facts along. */
@ApplicationScoped
public class GridEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    TaskFacts facts;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each("report-service.grid", GridReadModel.TYPES, event -> {
            if (readModel.apply(event)) {
                facts.moved(event.data());
            }
        }), records);
    }
}
