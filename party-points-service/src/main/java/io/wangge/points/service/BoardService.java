package io.wangge.points.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.wangge.gridview.GridReadModel;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.points.PointsPeriod;
import io.wangge.points.config.PointsConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

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

    /** Boards of more lines than this (a longer list, an export of a whole place) are computed for their request. */
    static final int MOST_KEPT = 200;

    @Inject
    PointsConfig config;

    private ExecutorService apart;

    private Boards boards;

    private Counter computed;

    @Inject
    void count(MeterRegistry registry) {
        computed = Counter.builder("wangge.boards.computed")
                .description("Leaderboards ranked by the database, not answered from the ranking of their version")
                .register(registry);
    }

    @PostConstruct
    void keepBoards() {
        // one ranking apart at a time, whatever the boards: a province's board takes a core for most of a second
        apart = Executors.newSingleThreadExecutor(work -> {
            Thread thread = new Thread(work, "board-ranking");
            thread.setDaemon(true);
            return thread;
        });
        boards = new Boards(config.rankApartAfter().toNanos(), apart,
                ranking -> QuarkusTransaction.requiringNew().call(ranking::get));
    }

    @PreDestroy
    void stopRankingApart() {
        apart.shutdownNow();
    }

    /** One member's line. */
    public record Line(int rank, Integer previousRank, Integer rankChange, UUID personId, String name, String branch,
                       UUID branchId, long points) {
    }

    /** One branch's line: members, total, average per member, share of members who earned anything. */
    public record BranchLine(int rank, UUID branchId, String branch, long members, long total, double average,
                             double participation) {
    }

    /**
     * The first {@code top} members of the leaderboard, ranked by the database over the totals of this period and
     * the previous one (competition ranking: equal totals share a rank, the next rank skips). Each member's total is
     * one row the ledger keeps per period, so a year's board reads no more than a month's.
     */
    public List<Line> members(UUID nodeId, UUID branchId, String periodId, int top) {
        PointsPeriod period = PointsPeriod.parse(periodId);
        GridPath place = place(nodeId, branchId);
        if (top > MOST_KEPT) {
            return members(place, branchId, period, top);
        }
        // one board of the first MOST_KEPT lines for every length asked: ranks are over all members, so its head
        // is the shorter board
        List<Line> kept = boards.at(currentVersion(), new BoardKey("members", place, branchId, period.id()),
                () -> List.copyOf(members(place, branchId, period, MOST_KEPT)));
        return kept.subList(0, Math.min(top, kept.size()));
    }

    private List<Line> members(GridPath place, UUID branchId, PointsPeriod period, int top) {
        computed.increment();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT m.person_id, m.name, m.branch, COALESCE(t.points, 0) AS total,
                               RANK() OVER (ORDER BY COALESCE(t.points, 0) DESC),
                               RANK() OVER (ORDER BY COALESCE(b.points, 0) DESC), m.branch_id
                          FROM member m
                          LEFT JOIN member_period_total t ON t.period = ?1 AND t.person_id = m.person_id
                          LEFT JOIN member_period_total b ON b.period = ?2 AND b.person_id = m.person_id
                         WHERE m.party_member
                           AND (CAST(?3 AS uuid) IS NULL OR m.branch_id = ?3)
                           AND (CAST(?4 AS varchar) IS NULL OR %s)
                         ORDER BY total DESC, m.name, m.person_id
                         LIMIT ?6""".formatted(GridReadModel.postedWithinSql("m.person_id", "?4", "?5")))
                .setParameter(1, period.id())
                .setParameter(2, period.previous().id())
                .setParameter(3, branchId)
                .setParameter(4, place == null ? null : place.value())
                .setParameter(5, place == null ? null : place.subtreeUpperBound())
                .setParameter(6, top)
                .getResultList();
        List<Line> lines = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            int rank = ((Number) row[4]).intValue();
            int before = ((Number) row[5]).intValue();
            lines.add(new Line(rank, before, before - rank, (UUID) row[0], (String) row[1], (String) row[2],
                    (UUID) row[6], ((Number) row[3]).longValue()));
        }
        return lines;
    }

    public List<BranchLine> branches(UUID nodeId, String periodId) {
        PointsPeriod period = PointsPeriod.parse(periodId);
        GridPath place = place(nodeId, null);
        return boards.at(currentVersion(), new BoardKey("branches", place, null, period.id()),
                () -> List.copyOf(branches(place, period)));
    }

    private List<BranchLine> branches(GridPath place, PointsPeriod period) {
        computed.increment();
        // by branch id: two branches of one name in different places are two lines
        Map<UUID, long[]> byBranch = new java.util.HashMap<>();
        Map<UUID, String> names = new java.util.HashMap<>();
        for (Object[] row : totals(place, period)) {
            UUID branchId = (UUID) row[4];
            names.putIfAbsent(branchId, row[2] == null || branchId == null ? "（未编入支部）" : (String) row[2]);
            long points = ((Number) row[3]).longValue();
            long[] sums = byBranch.computeIfAbsent(branchId, b -> new long[3]);
            sums[0]++;
            sums[1] += points;
            sums[2] += points > 0 ? 1 : 0;
        }
        List<BranchLine> unranked = new ArrayList<>();
        byBranch.forEach((branchId, s) -> unranked.add(new BranchLine(0, branchId, names.get(branchId), s[0], s[1],
                round((double) s[1] / s[0]), round((double) s[2] / s[0]))));
        unranked.sort((a, b) -> Double.compare(b.average(), a.average()) != 0
                ? Double.compare(b.average(), a.average()) : a.branch().compareTo(b.branch()));
        List<BranchLine> ranked = new ArrayList<>();
        for (int i = 0; i < unranked.size(); i++) {
            BranchLine line = unranked.get(i);
            int rank = i > 0 && unranked.get(i - 1).average() == line.average() ? ranked.get(i - 1).rank() : i + 1;
            ranked.add(new BranchLine(rank, line.branchId(), line.branch(), line.members(), line.total(),
                    line.average(), line.participation()));
        }
        return ranked;
    }

    /**
     * The subtree a board covers: the node's; none for a branch's board, which its secretary, and whoever sees the
     * branch's place, may read.
     */
    private GridPath place(UUID nodeId, UUID branchId) {
        if (nodeId == null) {
            if (branchId == null) {
                throw ProblemException.invalid("nodeId", "须指定网格或支部 a node or a branch is required");
            }
            if (access.restrictingPaths() != null && !access.secretaryBranches().contains(branchId)
                    && !branchInScope(branchId)) {
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
    private List<Object[]> totals(GridPath place, PointsPeriod period) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT m.person_id, m.name, m.branch, COALESCE(t.points, 0) AS total, m.branch_id
                          FROM member m
                          LEFT JOIN member_period_total t ON t.period = ?1 AND t.person_id = m.person_id
                         WHERE m.party_member
                           AND %s
                         ORDER BY total DESC, m.name, m.person_id"""
                        .formatted(GridReadModel.postedWithinSql("m.person_id", "?2", "?3")))
                .setParameter(1, period.id())
                .setParameter(2, place.value())
                .setParameter(3, place.subtreeUpperBound())
                .getResultList();
        return rows;
    }

    /** Whether the branch's place lies in the caller's (its node, as its members' records give it). */
    private boolean branchInScope(UUID branchId) {
        List<UUID> nodes = entityManager.createQuery("SELECT DISTINCT m.branchNodeId FROM Member m"
                + " WHERE m.branchId = ?1 AND m.branchNodeId IS NOT NULL", UUID.class)
                .setParameter(1, branchId).getResultList();
        return nodes.size() == 1 && grid.node(nodes.get(0)).map(n -> access.scope().contains(n.path()))
                .orElse(false);
    }

    /** The version of what boards read, bumped once by every transaction that changes it, as it commits (V12). */
    private long currentVersion() {
        return ((Number) entityManager.createNativeQuery("SELECT version FROM board_version").getSingleResult())
                .longValue();
    }

    /** Which board: kind, place (or branch) and period; the caller's right to it is checked before. */
    private record BoardKey(String kind, GridPath place, UUID branchId, String period) {
    }

    /**
     * The boards last ranked, each with the version it was ranked at. A board asked at a version is ranked again
     * only when none is held at that version or a later one; the version is read before the board, so a board held
     * under a version holds at least what that version holds (a writer that commits in between is in the board or
     * moves the version again). Readers who ask for the same board at once wait for one ranking.
     *
     * <p>A board whose last ranking took {@code slowNanos} or more (a province's: 100,000 members, most of a second)
     * is not waited for: its readers get the board held while one ranking apart brings it to the version they read
     * (the slow boards share one thread: each trails the ledger by about as many rankings as there are slow boards
     * being read), and a stream of ledger batches does not queue a ranking per reader. A ranking apart that fails,
     * or runs past {@link #WAIT_SECONDS}, has the next reader rank the board itself.
     */
    static final class Boards {

        /** Boards held at most (each of at most {@link #MOST_KEPT} lines): a few MB. */
        static final int MOST_BOARDS = 200;

        /** How long a reader waits for another's ranking of the same board before ranking it itself. */
        static final int WAIT_SECONDS = 10;

        private static final Logger LOG = Logger.getLogger(Boards.class);

        private record Held(long version, CompletableFuture<Object> board) {
        }

        private final Map<BoardKey, Held> kept = new ConcurrentHashMap<>();
        private final Set<BoardKey> slow = ConcurrentHashMap.newKeySet();
        private final Map<BoardKey, Long> rankingApart = new ConcurrentHashMap<>(); // key → when it began
        private final long slowNanos;
        private final Executor apart;
        private final Function<Supplier<Object>, Object> inItsOwnTransaction;

        Boards(long slowNanos, Executor apart, Function<Supplier<Object>, Object> inItsOwnTransaction) {
            this.slowNanos = slowNanos;
            this.apart = apart;
            this.inItsOwnTransaction = inItsOwnTransaction;
        }

        @SuppressWarnings("unchecked")
        <T> T at(long version, BoardKey key, Supplier<T> rank) {
            if (kept.size() >= MOST_BOARDS && !kept.containsKey(key)) {
                kept.clear();
            }
            Held current = kept.get(key);
            Long apartSince = rankingApart.get(key);
            boolean apartHangs = apartSince != null
                    && System.nanoTime() - apartSince > TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            if (current != null && current.version() < version && slow.contains(key) && !apartHangs
                    && current.board().isDone() && !current.board().isCompletedExceptionally()) {
                rankApart(key, version, rank);
                return (T) current.board().join();
            }
            CompletableFuture<Object> mine = new CompletableFuture<>();
            Held held = kept.compute(key, (k, old) -> old != null && old.version() >= version ? old
                    : new Held(version, mine));
            if (held.board() != mine) {
                try {
                    return (T) held.board().get(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException failedOrSlow) {
                    return rank.get(); // the one ranking it failed or hangs: this reader ranks on its own
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return rank.get();
                }
            }
            try {
                T board = timed(key, rank);
                mine.complete(board);
                return board;
            } catch (Throwable e) {
                kept.remove(key, held);
                mine.completeExceptionally(e);
                throw e;
            }
        }

        /** One ranking apart per board at a time; its readers keep getting the board held until it is done. */
        private <T> void rankApart(BoardKey key, long version, Supplier<T> rank) {
            if (rankingApart.putIfAbsent(key, System.nanoTime()) != null) {
                return;
            }
            try {
                apart.execute(() -> {
                    try {
                        Object board = inItsOwnTransaction.apply(() -> timed(key, rank));
                        // a board cleared meanwhile stays cleared: this one may be older than one served since
                        kept.computeIfPresent(key, (k, held) -> held.version() >= version ? held
                                : new Held(version, CompletableFuture.completedFuture(board)));
                    } catch (Throwable e) {
                        // its next reader ranks it and meets the cause, rather than the board staying as held
                        slow.remove(key);
                        LOG.warnf(e, "the board %s was not ranked again apart", key);
                    } finally {
                        rankingApart.remove(key);
                    }
                });
            } catch (RejectedExecutionException stopping) {
                rankingApart.remove(key);
            }
        }

        private <T> T timed(BoardKey key, Supplier<T> rank) {
            long start = System.nanoTime();
            T board = rank.get();
            if (System.nanoTime() - start >= slowNanos) {
                slow.add(key);
            } else {
                slow.remove(key);
            }
            return board;
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
