package io.wangge.platform.testing;

import io.restassured.RestAssured;
import io.wangge.devstack.ReadLoad;

import java.util.Locale;

/**
 * A read under concurrent clients, as a town's people make it: the devstack's closed loop ({@link
 * ReadLoad#closedLoop}) against the service under test, for a fixed time after a warm-up; every latency is kept and
 * printed with the rate. Figures only, never an assertion about them.
 */
public final class ClosedLoad {

    private ClosedLoad() {
    }

    /**
     * Runs the GET of {@code path} (on the service under test, as REST Assured calls it) under {@code clients}
     * clients for {@code seconds} after a 3-second warm-up and prints "name: clients, req/s, p50, p99, max, how
     * many were not 200"; returns the latencies.
     */
    public static Stopwatch get(String name, String path, String bearer, int clients, int seconds) {
        String url = RestAssured.baseURI + ":" + RestAssured.port + path;
        ReadLoad.Loop measured;
        try {
            ReadLoad.closedLoop(url, bearer, clients, 3);
            measured = ReadLoad.closedLoop(url, bearer, clients, seconds);
        } catch (Exception e) {
            throw new IllegalStateException("the load on " + url + " failed", e);
        }
        Stopwatch latencies = new Stopwatch(name);
        measured.latencies().forEach(latencies::record);
        System.out.printf(Locale.ROOT, "BENCHMARK %-60s %d clients %7.0f req/s  p50=%8.2f ms  p99=%8.2f ms"
                        + "  max=%8.2f ms  n=%d%s%n", name, clients, latencies.count() / (double) seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.percentileMillis(100),
                latencies.count(), measured.notOk() == 0 ? "" : "  NOT 200: " + measured.notOk());
        if (measured.notOk() > 0) {
            // a refusal is fast: figures with refusals among them would flatter the read
            throw new IllegalStateException(measured.notOk() + " answers of " + path + " were not 200");
        }
        return latencies;
    }
}
