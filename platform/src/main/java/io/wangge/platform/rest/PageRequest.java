package io.wangge.platform.rest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.function.Function;

/**
 * {@code ?page=&size=} as a {@code @BeanParam}: pages count from 0 up to 500, size defaults to 20 and is capped
 * at 200.
 * The query handed to {@link #apply} must have a total order (end its ORDER BY on a unique column).
 */
public class PageRequest {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;
    /** The last page: page × size stays within 100,200 rows (no overflow, no 500); further is for filters. */
    public static final int MAX_PAGE = 500;

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

    /** Runs a Panache query for this page and maps its entities to API models. */
    public <E, T> Page<T> apply(PanacheQuery<E> query, Function<? super E, ? extends T> mapper) {
        List<E> items = query.page(io.quarkus.panache.common.Page.of(page, size)).list();
        return new Page<>(items.stream().<T>map(mapper).toList(), page, size, query.count());
    }
}
