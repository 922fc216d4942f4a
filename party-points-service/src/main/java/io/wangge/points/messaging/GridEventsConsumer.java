package io.wangge.points.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.inbox.Inbox;
import io.wangge.points.service.Ledger;
import io.wangge.points.service.WorkPoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Set;

/**
 * Members and their places from wangge.grid: person events for party membership, the grid read model for places,
 * and the household visits that earn points.
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
    EntityManager entityManager;

    @Inject
    Ledger ledger;

    @Inject
    WorkPoints points;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each("party-points-service.grid", TYPES, event -> {
            readModel.apply(event);
            if (GridTopic.HOUSEHOLD_VISITED.equals(event.type())) {
                GridTopic.HouseholdVisited visit = event.as(GridTopic.HouseholdVisited.class);
                if (visit.visitorPersonId() != null) {
                    points.earn(List.of(new WorkPoints.HouseholdVisited(event.id(), visit.visitId(),
                            visit.visitorPersonId(), visit.visitedOn())));
                }
            } else if (GridTopic.PERSON_CHANGED.equals(event.type())) {
                GridTopic.Person person = event.as(GridTopic.Person.class);
                upsertMember(person);
                ledger.settle(person.personId(), person.accountId());
            }
        }), records);
    }

    private void upsertMember(GridTopic.Person person) {
        entityManager.createNativeQuery("""
                        INSERT INTO member (person_id, account_id, name, party_member, branch, branch_id,
                                            branch_node_id, status, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?8, ?9, ?6, ?7)
                        ON CONFLICT (person_id) DO UPDATE SET account_id = EXCLUDED.account_id,
                            name = EXCLUDED.name, party_member = EXCLUDED.party_member, branch = EXCLUDED.branch,
                            branch_id = EXCLUDED.branch_id, branch_node_id = EXCLUDED.branch_node_id,
                            status = EXCLUDED.status, version = EXCLUDED.version
                        WHERE member.version <= EXCLUDED.version""")
                .setParameter(1, person.personId())
                .setParameter(2, person.accountId())
                .setParameter(3, person.name())
                .setParameter(4, person.partyMember())
                .setParameter(5, person.partyBranch())
                .setParameter(6, person.status())
                .setParameter(7, person.version())
                .setParameter(8, person.partyBranchId())
                .setParameter(9, person.partyBranchNodeId())
                .executeUpdate();
    }
}
