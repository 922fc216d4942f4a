package io.wangge.task.service;

import io.wangge.gridview.GridReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A moved grid takes its tasks, residents' cases, their supervisions and notices, and the Open311 clients of its
 * jurisdiction along, in the transaction that applied the move: the old place's staff lose them, the new place's
 * see them.
 */
@ApplicationScoped
public class MovedGrids {

    @Inject
    EntityManager entityManager;

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
