package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Moved grids take their task facts (and their counts), red items, activities and reports along, in the
 * transaction that applied the moves: the old place's staff lose them, the new place's see them. A statement or two
 * per table for all the grids a batch moved, however large the subtree.
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
        facts.moved(moved, delta);
        delta.flush();
        redItems.moved(moved);
        activities.moved(moved);
        moved.repath(entityManager, "report", "node_id", "node_path");
    }
}
