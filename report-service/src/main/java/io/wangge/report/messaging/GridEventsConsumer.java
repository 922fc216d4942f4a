package io.wangge.report.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.report.service.HouseholdVisits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the grid read model from wangge.grid, once per event, and hands the household visits recorded there to
 * {@link HouseholdVisits}; what a moved grid takes along is {@link io.wangge.report.service.MovedGrids}'s.
 */
@ApplicationScoped
public class GridEventsConsumer {

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    HouseholdVisits visits;

    private final Inbox.Consumer consumer = new Inbox.Consumer("report-service.grid",
            GridReadModel.union(GridReadModel.TYPES, Set.of(GridTopic.HOUSEHOLD_VISITED)), this::apply);

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        List<HouseholdVisits.Visit> visited = new ArrayList<>();
        List<InboundEvent> grid = new ArrayList<>();
        for (InboundEvent event : events) {
            if (GridTopic.HOUSEHOLD_VISITED.equals(event.type())) {
                GridTopic.HouseholdVisited visit = event.as(GridTopic.HouseholdVisited.class);
                visited.add(new HouseholdVisits.Visit(visit.visitId(), visit.microGridId(), visit.visitedOn()));
            } else {
                grid.add(event);
            }
        }
        // the grid first, its moves re-pathed together; a visit counts where its micro-grid now is
        readModel.applyAll(grid);
        visits.count(visited);
    }
}
