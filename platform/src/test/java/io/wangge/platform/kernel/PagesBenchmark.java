package io.wangge.platform.kernel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Where;
import io.wangge.platform.testing.Stopwatch;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The first page of a long list (200,000 rows in an index range, as a county's tasks under a path): the page with its
 * total counted to the end (what every list did before), beside the page as {@link PageRequest#list} answers it now
 * (a page that fills counts at most 10,000 rows past itself). Same query, same rows, interleaved, in one run. Run with
 * {@code ./mvnw -pl platform -am verify -Pbenchmark -Dtest=PagesBenchmark}.
 */
@QuarkusTest
@Tag("benchmark")
class PagesBenchmark {

    private static final int ROWS = 200_000;

    @Inject
    EntityManager em;

    @Test
    void theFirstPageOfALongList() {
        String prefix = "PB" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                INSERT INTO test_node (id, code, name, level, version, created_by)
                SELECT gen_random_uuid(), ?1 || lpad(g::text, 6, '0'), '长宁村第' || g || '网格', 'VILLAGE', 0, 'bench'
                FROM generate_series(1, ?2) g""").setParameter(1, prefix).setParameter(2, ROWS).executeUpdate());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("ANALYZE test_node").executeUpdate());
        try {
            Stopwatch counted = new Stopwatch("a page of 20 with its total counted to the end (before)");
            Stopwatch bounded = new Stopwatch("a page of 20 as PageRequest.list answers it (now)");
            for (int i = 0; i < 330; i++) {
                long start = System.nanoTime();
                long total = QuarkusTransaction.requiringNew().call(() -> countedToTheEnd(prefix));
                long middle = System.nanoTime();
                Page<UUID> page = QuarkusTransaction.requiringNew().call(() -> PageRequest.of(0, 20)
                        .list(TestNode.class, "n", range(prefix), "code, id", (TestNode n) -> n.id));
                long end = System.nanoTime();
                assertEquals(ROWS, total);
                assertEquals(20 + PageRequest.COUNT_AHEAD, page.total());
                if (i >= 30) { // the first ones warm the JIT and the buffer cache
                    counted.record(middle - start);
                    bounded.record(end - middle);
                }
            }
            counted.print();
            bounded.print();
            bounded.printRatio(counted);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "DELETE FROM test_node WHERE code >= ?1 AND code < ?2").setParameter(1, prefix)
                    .setParameter(2, prefix + "~").executeUpdate());
        }
    }

    private static Where range(String prefix) {
        return new Where().and("code >= ?", prefix).and("code < ?", prefix + "~");
    }

    /** The page and an exact count, as PageRequest did before it bounded the count. */
    private long countedToTheEnd(String prefix) {
        List<TestNode> items = em.createQuery("FROM TestNode n WHERE code >= ?1 AND code < ?2 ORDER BY code, id",
                        TestNode.class).setParameter(1, prefix).setParameter(2, prefix + "~").setMaxResults(20)
                .getResultList();
        assertEquals(20, items.size());
        return em.createQuery("SELECT count(*) FROM TestNode n WHERE code >= ?1 AND code < ?2", Long.class)
                .setParameter(1, prefix).setParameter(2, prefix + "~").getSingleResult();
    }
}
