package io.wangge.points.service;

import io.wangge.platform.events.types.GridTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/**
 * The people points are kept for, as grid-service publishes them: whether a party member, in which branch, with
 * which login. A person who becomes known earns the deeds that waited for them.
 */
@ApplicationScoped
public class Members {

    @Inject
    EntityManager entityManager;

    @Inject
    Ledger ledger;

    /** Takes each person's newest version (an older one changes nothing), in the order they changed. */
    public void changed(List<GridTopic.Person> people) {
        for (GridTopic.Person person : people) {
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
            ledger.settle(person.personId(), person.accountId());
        }
    }
}
