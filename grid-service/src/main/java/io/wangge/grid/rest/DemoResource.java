package io.wangge.grid.rest;

import io.wangge.grid.config.DemoConfig;
import io.wangge.grid.demo.ChangningDemo;
import io.wangge.grid.demo.DemoLoader;
import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The Changning demo town, for the local run and benchmarks; absent unless wangge.demo.enabled. */
@Path("/api/demo")
public class DemoResource {

    @Inject
    DemoConfig config;

    @Inject
    DemoLoader loader;

    /** Loads the generated town: 30 villages, 611 micro-grids, staff, ~15,000 households. */
    @POST
    @Path("/changning")
    @Idempotent
    public DemoLoader.Summary load() {
        requireEnabled();
        return loader.load(ChangningDemo.generate());
    }

    /** The generated tree as import CSV. */
    @GET
    @Path("/changning.csv")
    @Produces("text/csv; charset=UTF-8")
    public String csv() {
        requireEnabled();
        return ChangningDemo.generate().csv();
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw ProblemException.notFound("演示数据", "changning");
        }
    }
}
