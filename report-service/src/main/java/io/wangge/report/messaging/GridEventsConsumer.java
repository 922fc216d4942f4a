package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    public void on(ConsumerRecord<String, String> record) {
        inbox.handle("report-service.grid", record, event -> {
            if (readModel.apply(event)) {
                facts.moved(event.data());
            }
        });
    }
}
