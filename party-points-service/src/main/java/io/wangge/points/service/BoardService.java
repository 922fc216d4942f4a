package io.wangge.points.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.points.PointsPeriod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leaderboards of party members (of a branch, or placed under a node) for a period, with ties sharing a rank and
 * each member's rank change against the previous period; and the branch table of 比学赶帮超.
 */
@ApplicationScoped
public class BoardService {

    @Inject
    EntityManager entityManager;

    @Inject
    GridReadModel grid;

    @Inject
    PointsAccess access;

    /** One member's line. */
    public record Line(int rank, Integer previousRank, Integer rankChange, UUID personId, String name, String branch,
                       long points) {
    }

    /** One branch's line: members, total, average per member, share of members who earned anything. */
    public record BranchLine(int rank, String branch, long members, long total, double average,
                             double participation) {
    }

    /**
     * The first {@code top} members of the leaderboard, ranked by the database over the totals of this period and
     * the previous one (competition ranking: equal totals share a rank, the next rank skips). Each member's total is
     * one row the ledger keeps per period, so a year's board reads no more than a month's.
     */
    public List<Line> members(UUID nodeId, String branch, String periodId, int top) {
        PointsPeriod period = PointsPeriod.parse(periodId);
        GridPath place = place(nodeId, branch);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT m.person_id, m.name, m.branch, COALESCE(t.points, 0) AS total,
                               RANK() OVER (ORDER BY COALESCE(t.points, 0) DESC),
                               RANK() OVER (ORDER BY COALESCE(b.points, 0) DESC)
                          FROM member m
                          LEFT JOIN member_period_total t ON t.period = ?1 AND t.person_id = m.person_id
                          LEFT JOIN member_period_total b ON b.period = ?2 AND b.person_id = m.person_id
                         WHERE m.party_member
                           AND (CAST(?3 AS varchar) IS NULL OR m.branch = ?3)
                           AND (CAST(?4 AS varchar) IS NULL OR %s)
                         ORDER BY total DESC, m.name, m.person_id
                         LIMIT ?6""".formatted(GridReadModel.postedWithinSql("m.person_id", "?4", "?5")))
                .setParameter(1, period.id())
                .setParameter(2, period.previous().id())
                .setParameter(3, branch)
                .setParameter(4, place == null ? null : place.value())
                .setParameter(5, place == null ? null : place.subtreeUpperBound())
                .setParameter(6, top)
                .getResultList();
        List<Line> lines = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            int rank = ((Number) row[4]).intValue();
            int before = ((Number) row[5]).intValue();
            lines.add(new Line(rank, before, before - rank, (UUID) row[0], (String) row[1], (String) row[2],
                    ((Number) row[3]).longValue()));
        }
        return lines;
    }

    public List<BranchLine> branches(UUID nodeId, String periodId) {
        PointsPeriod period = PointsPeriod.parse(periodId);
        GridPath place = place(nodeId, null);
        Map<String, long[]> byBranch = new java.util.TreeMap<>();
        for (Object[] row : totals(place, null, period)) {
            String branch = row[2] == null ? "（未编入支部）" : (String) row[2];
            long points = ((Number) row[3]).longValue();
            long[] sums = byBranch.computeIfAbsent(branch, b -> new long[3]);
            sums[0]++;
            sums[1] += points;
            sums[2] += points > 0 ? 1 : 0;
        }
        List<BranchLine> unranked = new ArrayList<>();
        byBranch.forEach((branch, s) -> unranked.add(new BranchLine(0, branch, s[0], s[1],
                round((double) s[1] / s[0]), round((double) s[2] / s[0]))));
        unranked.sort((a, b) -> Double.compare(b.average(), a.average()) != 0
                ? Double.compare(b.average(), a.average()) : a.branch().compareTo(b.branch()));
        List<BranchLine> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            BranchLine line = unranked.get(i);
            int rank = i > 0 && unranked.get(i - 1).average() == line.average() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new BranchLine(rank, line.branch(), line.members(), line.total(), line.average(),
                    line.participation()));
        }
        return ranked;
    }

    private GridPath place(UUID nodeId, String branch) {
        if (nodeId == null) {
            if (branch == null) {
                throw ProblemException.invalid("nodeId", "须指定网格或支部 a node or a branch is required");
            }
            if (!branch.equals(access.secretaryOf().orElse(null)) && access.restrictingPaths() != null) {
                throw ProblemException.forbidden("只能查看本支部 only your own branch");
            }
            return null;
        }
        GridReadModel.Node node = grid.node(nodeId).orElse(null);
        if (node == null || !access.scope().contains(node.path())) {
            throw ProblemException.notFound("网格", nodeId);
        }
        return node.path();
    }

    /**
     * Members (party members only) with their totals for the period, highest first, ties by name: from the period
     * totals the ledger keeps, not from the entries.
     */
    private List<Object[]> totals(GridPath place, String branch, PointsPeriod period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT m.person_id, m.name, m.branch, COALESCE(t.points, 0) AS total
                          FROM member m
                          LEFT JOIN member_period_total t ON t.period = ?1 AND t.person_id = m.person_id
                         WHERE m.party_member
                           AND (CAST(?2 AS varchar) IS NULL OR m.branch = ?2)
                           AND (CAST(?3 AS varchar) IS NULL OR %s)
                         ORDER BY total DESC, m.name, m.person_id"""
                        .formatted(GridReadModel.postedWithinSql("m.person_id", "?3", "?4")))
                .setParameter(1, period.id())
                .setParameter(2, branch)
                .setParameter(3, place == null ? null : place.value())
                .setParameter(4, place == null ? null : place.subtreeUpperBound())
                .getResultList();
        return rows;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
