package io.wangge.platform.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Collects latencies of a benchmark and prints percentiles; figures only, never an assertion. */
public final class Stopwatch {

    private final String name;
    private final List<Long> nanos = new ArrayList<>();

    public Stopwatch(String name) {
        this.name = name;
    }

    /** Times one run of the action. */
    public <T> T time(java.util.function.Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        nanos.add(System.nanoTime() - start);
        return result;
    }

    /** Adds a measurement taken elsewhere. */
    public void record(long elapsedNanos) {
        nanos.add(elapsedNanos);
    }

    public void run(Runnable action) {
        time(() -> {
            action.run();
            return null;
        });
    }

    public double percentileMillis(double percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    public double totalMillis() {
        return nanos.stream().mapToLong(Long::longValue).sum() / 1e6;
    }

    public int count() {
        return nanos.size();
    }

    /** Prints "name: n runs, p50 …, p99 …, max …" and returns p50 in ms. */
    public double print() {
        double p50 = percentileMillis(50);
        System.out.printf(Locale.ROOT, "BENCHMARK %-48s n=%-5d p50=%9.2f ms  p99=%9.2f ms  max=%9.2f ms%n",
                name, count(), p50, percentileMillis(99), percentileMillis(100));
        return p50;
    }

    /** Prints the ratio of this p50 to a baseline's p50, measured in the same run. */
    public void printRatio(Stopwatch baseline) {
        System.out.printf(Locale.ROOT, "BENCHMARK %-48s %.2fx the baseline (%s)%n", name + " / baseline",
                percentileMillis(50) / baseline.percentileMillis(50), baseline.name);
    }
}
