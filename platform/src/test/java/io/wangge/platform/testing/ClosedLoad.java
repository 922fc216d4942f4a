package io.wangge.platform.testing;

import io.restassured.RestAssured;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read under concurrent clients, as a town's people make it: each client sends the same GET again as soon as the
 * last answer came (closed loop), for a fixed time after a warm-up; every latency is kept and printed with the rate.
 * Figures only, never an assertion.
 */
public final class ClosedLoad {

    // HTTP/1.1: n clients are n connections, as n people's browsers are (the JDK client would otherwise carry every
    // request over one h2c connection, served by one event-loop thread)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ClosedLoad() {
    }

    /**
     * Runs the GET of {@code path} (on the service under test, as REST Assured calls it) under {@code clients}
     * clients for {@code seconds} after a 3-second warm-up and prints "name: clients, req/s, p50, p99, max, how
     * many were not 200"; returns the latencies.
     */
    public static Stopwatch get(String name, String path, String bearer, int clients, int seconds) {
        String url = RestAssured.baseURI + ":" + RestAssured.port + path;
        run(new Stopwatch(name), url, bearer, clients, 3);
        Stopwatch latencies = new Stopwatch(name);
        int notOk = run(latencies, url, bearer, clients, seconds);
        System.out.printf(Locale.ROOT, "BENCHMARK %-60s %d clients %7.0f req/s  p50=%8.2f ms  p99=%8.2f ms"
                        + "  max=%8.2f ms  n=%d%s%n", name, clients, latencies.count() / (double) seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                latencies.count(), notOk == 0 ? "" : "  NOT 200: " + notOk);
        if (notOk > 0) {
            // a refusal is fast: figures with refusals among them would flatter the read
            throw new IllegalStateException(notOk + " answers of " + path + " were not 200");
        }
        return latencies;
    }

    private static int run(Stopwatch into, String url, String bearer, int clients, int seconds) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", bearer);
        }
        HttpRequest request = builder.build();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger notOk = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                runs.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        int status = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                        mine.add(System.nanoTime() - start);
                        if (status != 200) {
                            notOk.incrementAndGet();
                        }
                    }
                    return mine;
                }));
            }
            for (Future<List<Long>> run : runs) {
                run.get().forEach(into::record);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the load on " + url + " failed", e);
        } finally {
            pool.shutdownNow();
        }
        return notOk.get();
    }
}
