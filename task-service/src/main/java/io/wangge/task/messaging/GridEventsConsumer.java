package io.wangge.task.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the grid read model from wangge.grid, once per event; what a moved grid takes along is
 * {@link io.wangge.task.service.MovedGrids}'s.
 */
@ApplicationScoped
public class GridEventsConsumer {

    static final String CONSUMER = "task-service.grid";

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        // a batch at once, so that the nodes it moves are re-pathed together
        inbox.handle(new Inbox.Consumer(CONSUMER, GridReadModel.TYPES, readModel::applyAll), records);
    }
}
