package io.wangge.report.service;

import io.wangge.platform.security.GridPath;
import io.wangge.report.Period;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The household visits (包户走访) recorded in grid-service, counted per micro-grid and day as they arrive, so a
 * report says how many visits its place recorded in its period instead of a number someone types.
 */
@ApplicationScoped
public class HouseholdVisits {

    /** A visit as grid-service published it. */
    public record Visit(UUID microGridId, GridPath microGridPath, LocalDate visitedOn) {
    }

    @Inject
    EntityManager entityManager;

    /** Counts one visit (the inbox has made sure this visit is counted once). */
    public void count(Visit visit) {
        entityManager.createNativeQuery("""
                        INSERT INTO household_visit_day (micro_grid_id, micro_grid_path, visited_on, visits)
                        VALUES (?1, ?2, ?3, 1)
                        ON CONFLICT (micro_grid_id, visited_on)
                        DO UPDATE SET visits = household_visit_day.visits + 1, micro_grid_path = EXCLUDED.micro_grid_path""")
                .setParameter(1, visit.microGridId())
                .setParameter(2, visit.microGridPath().value())
                .setParameter(3, visit.visitedOn())
                .executeUpdate();
    }

    /** A moved micro-grid's visits count for its new place. */
    public void moved(UUID nodeId, GridPath path) {
        entityManager.createNativeQuery("UPDATE household_visit_day SET micro_grid_path = ?1 WHERE micro_grid_id = ?2")
                .setParameter(1, path.value())
                .setParameter(2, nodeId)
                .executeUpdate();
    }

    /** The visits recorded in a place (a node's subtree) in a period, its first and last day included. */
    public int in(GridPath place, Period period) {
        Number visits = (Number) entityManager.createNativeQuery("""
                        SELECT COALESCE(SUM(visits), 0) FROM household_visit_day
                         WHERE micro_grid_path >= ?1 AND micro_grid_path < ?2 AND visited_on BETWEEN ?3 AND ?4""")
                .setParameter(1, place.value())
                .setParameter(2, place.subtreeUpperBound())
                .setParameter(3, period.startsOn())
                .setParameter(4, period.endsOn())
                .getSingleResult();
        return visits.intValue();
    }
}
