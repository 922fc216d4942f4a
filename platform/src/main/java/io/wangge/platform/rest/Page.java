package io.wangge.platform.rest;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a stably ordered list. {@code total} is exact when {@code totalExact}; otherwise the list has at
 * least that many rows (a large subtree is not counted to its end on every page, see {@link PageRequest}).
 */
public record Page<T>(List<T> items, int page, int size, long total, boolean totalExact) {

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, total, totalExact);
    }
}
