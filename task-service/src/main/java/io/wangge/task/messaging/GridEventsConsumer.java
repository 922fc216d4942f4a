package io.wangge.task.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.grid.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.UUID;

/** Keeps the grid read model from wangge.grid, once per event; a moved grid takes its tasks' paths along. */
@ApplicationScoped
public class GridEventsConsumer {

    static final String CONSUMER = "task-service.grid";

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    EntityManager entityManager;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each(CONSUMER, GridReadModel.TYPES, event -> {
            if (readModel.apply(event)) {
                entityManager.createNativeQuery("UPDATE task SET node_path = ?1 WHERE node_id = ?2")
                        .setParameter(1, event.data().path("path").asText())
                        .setParameter(2, UUID.fromString(event.data().path("nodeId").asText()))
                        .executeUpdate();
            }
        }), records);
    }
}
