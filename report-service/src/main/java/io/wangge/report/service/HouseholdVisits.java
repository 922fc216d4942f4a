package io.wangge.report.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.security.GridPath;
import io.wangge.report.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The household visits (包户走访) recorded in grid-service, counted per micro-grid and day as they arrive, so a
 * report says how many visits its place recorded in its period instead of a number someone types. The place is
 * the grid read model's: a moved micro-grid's visits count where it is now.
 */
@ApplicationScoped
public class HouseholdVisits {

    /** A visit as grid-service published it: at a micro-grid, on a day. */
    public record Visit(UUID visitId, UUID microGridId, LocalDate visitedOn) {
    }

    @Inject
    EntityManager entityManager;

    /** Counts a batch of visits in one statement, each once by its id however often it arrives. */
    public void count(List<Visit> visits) {
        if (visits.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("""
                        WITH arrived AS (
                            INSERT INTO household_visit (visit_id, micro_grid_id, visited_on)
                            SELECT * FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS uuid[]), CAST(?3 AS date[]))
                            ON CONFLICT (visit_id) DO NOTHING
                            RETURNING micro_grid_id, visited_on)
                        INSERT INTO household_visit_day (micro_grid_id, visited_on, visits)
                        SELECT micro_grid_id, visited_on, count(*) FROM arrived GROUP BY micro_grid_id, visited_on
                        ORDER BY micro_grid_id, visited_on
                        ON CONFLICT (micro_grid_id, visited_on)
                            DO UPDATE SET visits = household_visit_day.visits + EXCLUDED.visits""")
                .setParameter(1, Outbox.idArray(visits.stream().map(Visit::visitId).toList()))
                .setParameter(2, Outbox.idArray(visits.stream().map(Visit::microGridId).toList()))
                .setParameter(3, Outbox.idArray(visits.stream().map(Visit::visitedOn).toList()))
                .executeUpdate();
    }

    /** The visits recorded in a place (a node's subtree) in a period, its first and last day included. */
    public int in(GridPath place, Period period) {
        Number visits = (Number) entityManager.createNativeQuery("""
                        SELECT COALESCE(SUM(v.visits), 0) FROM household_visit_day v
                          JOIN (%s) place ON place.id = v.micro_grid_id
                         WHERE v.visited_on BETWEEN ?3 AND ?4""".formatted(GridReadModel.subtreeSql("?1", "?2")))
                .setParameter(1, place.value())
                .setParameter(2, place.subtreeUpperBound())
                .setParameter(3, period.startsOn())
                .setParameter(4, period.endsOn())
                .getSingleResult();
        return visits.intValue();
    }
}
