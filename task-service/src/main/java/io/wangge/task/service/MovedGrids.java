package io.wangge.task.service;

import io.wangge.gridview.GridReadModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Moved grids take their tasks, residents' cases, their supervisions and notices, and the Open311 clients of their
 * jurisdictions along, in the transaction that applied the moves: the old place's staff lose them, the new place's
 * see them. One statement per table for all the grids a batch moved, however large the subtree.
 */
@ApplicationScoped
public class MovedGrids {

    /** Each table with the column naming its grid and the column holding that grid's path. */
    private static final String[][] TABLES = {
        {"task", "node_id", "node_path"},
        {"resident_case", "node_id", "node_path"},
        // a supervision and its notices follow the work they are about (where one sits is a node, not a path)
        {"supervision", "grid_node_id", "grid_path"},
        {"notice", "grid_node_id", "grid_path"},
        {"open311_client", "jurisdiction_node_id", "jurisdiction_path"},
    };

    @Inject
    EntityManager entityManager;

    void moved(@Observes GridReadModel.Moved moved) {
        for (String[] table : TABLES) {
            moved.repath(entityManager, table[0], table[1], table[2]);
        }
    }
}
