package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.events.InboundEvent;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.report.service.ActivityService;
import io.wangge.report.service.HouseholdVisits;
import io.wangge.report.service.RedItems;
import io.wangge.report.service.RollupCounters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Keeps the grid read model from wangge.grid, once per event, and counts the household visits recorded there; moved
 * grids take their task facts, red items and activities along.
 */
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

    @Inject
    HouseholdVisits visits;

    @Inject
    RedItems redItems;

    @Inject
    ActivityService activities;

    private final Inbox.Consumer consumer = new Inbox.Consumer("report-service.grid",
            GridReadModel.union(GridReadModel.TYPES, Set.of(GridTopic.HOUSEHOLD_VISITED)), this::apply);

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        for (InboundEvent event : events) {
            if (GridTopic.HOUSEHOLD_VISITED.equals(event.type())) {
                GridTopic.HouseholdVisited visit = event.as(GridTopic.HouseholdVisited.class);
                visits.count(new HouseholdVisits.Visit(visit.microGridId(), visit.visitedOn()));
            } else {
                readModel.apply(event);
            }
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
        redItems.moved(moved.nodeId(), moved.path());
        activities.moved(moved.nodeId(), moved.path());
        entityManager.createNativeQuery("UPDATE report SET node_path = ?1 WHERE node_id = ?2")
                .setParameter(1, moved.path().value())
                .setParameter(2, moved.nodeId())
                .executeUpdate();
    }
}
