package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * A moved grid takes its task facts (and their counts), red items, activities and reports along, in the
 * transaction that applied the move: the old place's staff lose them, the new place's see them.
 */
@ApplicationScoped
public class MovedGrids {

    @Inject
    TaskFacts facts;

    @Inject
    RollupCounters counters;

    @Inject
    RedItems redItems;

    @Inject
    ActivityService activities;

    @Inject
    EntityManager entityManager;

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
