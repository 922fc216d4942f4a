package io.wangge.points.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.InboundEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.points.service.Members;
import io.wangge.points.service.WorkPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Members and their places from wangge.grid: the grid read model for places, person events for {@link Members},
 * and the household visits for {@link WorkPoints} to decide what they earn, a batch at a time.
 */
@ApplicationScoped
public class GridEventsConsumer {

    private static final Set<String> TYPES = GridReadModel.union(GridReadModel.TYPES,
            Set.of(GridTopic.PERSON_CHANGED, GridTopic.HOUSEHOLD_VISITED));

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    Members members;

    @Inject
    WorkPoints points;

    private final Inbox.Consumer consumer = new Inbox.Consumer("party-points-service.grid", TYPES, this::apply);

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(consumer, records);
    }

    void apply(List<InboundEvent> events) throws SQLException {
        // in the events' order: a run of visits earns at once, before whatever comes next (a member leaving the
        // party, a post moving) can change what it earns, so the ledger does not depend on where a batch was cut
        List<WorkPoints.Work> visits = new ArrayList<>();
        for (InboundEvent event : events) {
            if (GridTopic.HOUSEHOLD_VISITED.equals(event.type())) {
                GridTopic.HouseholdVisited visit = event.as(GridTopic.HouseholdVisited.class);
                visits.add(new WorkPoints.HouseholdVisited(event.id(), visit.visitId(), visit.visitorPersonId(),
                        visit.visitedOn()));
                continue;
            }
            points.earn(visits);
            visits.clear();
            readModel.apply(event);
            if (GridTopic.PERSON_CHANGED.equals(event.type())) {
                members.changed(List.of(event.as(GridTopic.Person.class)));
            }
        }
        points.earn(visits);
    }
}
