package io.wangge.points.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.inbox.Inbox;
import io.wangge.points.service.Ledger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;
import java.util.UUID;

/** Members and their places from wangge.grid: person events for party membership, the kernel read model for places. */
@ApplicationScoped
public class GridEventsConsumer {

    private static final Set<String> TYPES = union(GridReadModel.TYPES, Set.of("wangge.person.changed.v1"));

    @Inject
    Inbox inbox;

    @Inject
    GridReadModel readModel;

    @Inject
    EntityManager entityManager;

    @Inject
    Ledger ledger;

    @Incoming("grid")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each("party-points-service.grid", TYPES, event -> {
            readModel.apply(event);
            if ("wangge.person.changed.v1".equals(event.type())) {
                upsertMember(event.data());
                JsonNode person = event.data();
                ledger.settle(UUID.fromString(person.path("personId").asText()),
                        person.path("accountId").isTextual() ? person.path("accountId").asText() : null);
            }
        }), records);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private void upsertMember(JsonNode data) {
        entityManager.createNativeQuery("""
                        INSERT INTO member (person_id, account_id, name, party_member, branch, status, version)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        ON CONFLICT (person_id) DO UPDATE SET account_id = EXCLUDED.account_id,
                            name = EXCLUDED.name, party_member = EXCLUDED.party_member, branch = EXCLUDED.branch,
                            status = EXCLUDED.status, version = EXCLUDED.version
                        WHERE member.version <= EXCLUDED.version""")
                .setParameter(1, UUID.fromString(data.path("personId").asText()))
                .setParameter(2, data.path("accountId").isTextual() ? data.path("accountId").asText() : null)
                .setParameter(3, data.path("name").asText())
                .setParameter(4, data.path("partyMember").asBoolean())
                .setParameter(5, data.path("partyBranch").isTextual() ? data.path("partyBranch").asText() : null)
                .setParameter(6, data.path("status").asText())
                .setParameter(7, data.path("version").asLong())
                .executeUpdate();
    }
}
