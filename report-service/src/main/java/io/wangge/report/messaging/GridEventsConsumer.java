package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import io.wangge.report.service.RollupCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
    EntityManager entityManager;

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
        for (InboundEvent event : events) {
            readModel.apply(event);
        }
    }

    /**
     * A moved grid takes its task facts (and their counts) and its reports along, in the transaction that applied
     * the move: the old place's staff lose them, the new place's see them.
     */
    void moved(@Observes GridReadModel.Moved moved) {
        RollupCounters.Delta delta = counters.delta();
        facts.moved(moved.nodeId(), moved.path().value(), delta);
        delta.flush();
        entityManager.createNativeQuery("UPDATE report SET node_path = ?1 WHERE node_id = ?2")
                .setParameter(1, moved.path().value())
                .setParameter(2, moved.nodeId())
                .executeUpdate();
    }
}
