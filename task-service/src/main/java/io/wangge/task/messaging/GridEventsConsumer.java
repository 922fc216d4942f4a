package io.wangge.task.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.inbox.Inbox;
import io.wangge.task.service.GridReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the grid read model from wangge.grid, once per event. */
@ApplicationScoped
public class GridEventsConsumer {

    static final String CONSUMER = "task-service.grid";

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.handle(CONSUMER, record, readModel::apply);
    }
}
