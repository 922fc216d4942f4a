package io.wangge.task.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


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
        inbox.handle(Inbox.Consumer.each(CONSUMER, GridReadModel.TYPES, readModel::apply), records);
    }

    /**
     * A moved grid takes its tasks, residents' cases, their supervisions and notices, and the Open311 clients of
     * its jurisdiction along, in the transaction that applied the move: the old place's staff lose them, the new
     * place's see them.
     */
    void moved(@Observes GridReadModel.Moved moved) {
        for (String table : new String[] {"task", "resident_case"}) {
            entityManager.createNativeQuery("UPDATE " + table + " SET node_path = ?1 WHERE node_id = ?2")
                    .setParameter(1, moved.path().value())
                    .setParameter(2, moved.nodeId())
                    .executeUpdate();
        }
        // a supervision and its notices follow the work they are about (where one sits is a node, not a path)
        for (String table : new String[] {"supervision", "notice"}) {
            entityManager.createNativeQuery("UPDATE " + table + " SET grid_path = ?1 WHERE grid_node_id = ?2")
                    .setParameter(1, moved.path().value())
                    .setParameter(2, moved.nodeId())
                    .executeUpdate();
        }
        entityManager.createNativeQuery("UPDATE open311_client SET jurisdiction_path = ?1 WHERE jurisdiction_node_id = ?2")
                .setParameter(1, moved.path().value())
                .setParameter(2, moved.nodeId())
                .executeUpdate();
    }
}
