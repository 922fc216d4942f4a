package io.wangge.platform.rest;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.hibernate.jpa.HibernateHints;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * {@code ?page=&size=} as a {@code @BeanParam}: pages count from 0 up to 500, size defaults to 20 and is capped
 * at 200.
 * The order handed to {@link #list} must be total (end it on a unique column).
 *
 * <p>A list is not counted to its end on every page: a page that is not full ends the list, so its total is known
 * without a count; a full page counts at most {@link #COUNT_AHEAD} rows past itself, so a county's subtree of a
 * million tasks costs a bounded index range, not a scan of the subtree, and its total reads "at least".
 */
public class PageRequest {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;
    /** The last page: page × size stays within 100,200 rows (no overflow, no 500); further is for filters. */
    public static final int MAX_PAGE = 500;
    /** How many rows past a full page are counted at most; beyond, the total is a lower bound. */
    public static final int COUNT_AHEAD = 10_000;

    @QueryParam("page")
    @DefaultValue("0")
    @Min(value = 0, message = "页码从 0 开始 page starts at 0")
    @Max(value = MAX_PAGE, message = "页码最多 500，请用筛选条件缩小范围 page must be at most 500; narrow the list with its"
            + " filters")
    public int page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(value = 1, message = "每页至少 1 条 size must be at least 1")
    @Max(value = MAX_SIZE, message = "每页最多 200 条 size must be at most 200")
    public int size = DEFAULT_SIZE;

    public static PageRequest of(int page, int size) {
        PageRequest request = new PageRequest();
        request.page = page;
        request.size = size;
        return request;
    }

    public int offset() {
        return page * size;
    }

    /**
     * This page of {@code FROM entity alias WHERE where ORDER BY orderBy}, mapped to API models; conditions may name
     * fields with or without the alias. The entities are read-only: for a GET, whose session changes nothing (a
     * change to one of them would not be written).
     */
    public <E, T> Page<T> list(Class<E> entity, String alias, Where where, String orderBy,
                               Function<? super E, ? extends T> mapper) {
        EntityManager em = Panache.getEntityManager(entity);
        String from = " FROM " + em.getMetamodel().entity(entity).getName() + " " + alias + " WHERE "
                + where.condition();
        // a page is shown, never changed: no snapshot of each row is kept to compare at a flush
        TypedQuery<E> rows = bind(em.createQuery(from + " ORDER BY " + orderBy, entity), where)
                .setHint(HibernateHints.HINT_READ_ONLY, true);
        List<E> items = rows.setFirstResult(offset()).setMaxResults(size).getResultList();
        // counted by the database up to the limit, answering one number, not a row per item; ordered by a constant
        // (a subquery's limit needs an order, and a real one would sort the whole subtree first), which PostgreSQL
        // drops, so it stops at the limit
        int limit = where.parameters().length + 1;
        return page(items.stream().<T>map(mapper).toList(), upTo -> bind(em.createQuery(
                "SELECT count(*) FROM (SELECT 1 AS one" + from + " ORDER BY 1 LIMIT ?" + limit + ") counted",
                Long.class), where).setParameter(limit, (int) upTo).getSingleResult());
    }

    /**
     * A page of items fetched for this request, its total derived when the page ends the list, else counted by
     * {@code countUpTo} (the rows of the list, counting no further than the limit it is given).
     */
    public <T> Page<T> page(List<T> items, LongUnaryOperator countUpTo) {
        if (items.size() < size && (!items.isEmpty() || page == 0)) {
            return new Page<>(items, page, size, (long) offset() + items.size(), true);
        }
        long limit = (long) offset() + size + COUNT_AHEAD;
        long counted = countUpTo.applyAsLong(limit);
        return counted < limit ? new Page<>(items, page, size, counted, true)
                : new Page<>(items, page, size, limit, false);
    }

    private static <Q extends TypedQuery<?>> Q bind(Q query, Where where) {
        Object[] parameters = where.parameters();
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
