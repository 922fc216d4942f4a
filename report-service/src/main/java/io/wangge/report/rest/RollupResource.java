package io.wangge.report.rest;

import io.wangge.report.service.ExportService;
import io.wangge.report.service.RankingService;
import io.wangge.report.service.RollupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** Roll-ups of task completion, rankings (观摩评比), and the weekly brief as CSV and as a printable page. */
@Path("/api")
public class RollupResource {

    @Inject
    RollupService rollups;

    @Inject
    RankingService rankings;

    @Inject
    ExportService exports;

    @GET
    @Path("/rollups")
    public RollupService.Rollup rollup(@QueryParam("nodeId") @NotNull UUID nodeId,
                                       @QueryParam("period") @NotBlank String period,
                                       @QueryParam("category") String category) {
        return rollups.rollup(nodeId, period, category);
    }

    @GET
    @Path("/rankings")
    public RankingService.Ranking ranking(@QueryParam("nodeId") @NotNull UUID nodeId,
                                          @QueryParam("period") @NotBlank String period) {
        return rankings.rank(nodeId, period);
    }

    @GET
    @Path("/exports/brief.csv")
    @Produces("text/csv; charset=UTF-8")
    public Response csv(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        return Response.ok(exports.csv(nodeId, period))
                .header("Content-Disposition", "attachment; filename=\"brief-" + period + ".csv\"").build();
    }

    @GET
    @Path("/exports/brief.html")
    @Produces("text/html; charset=UTF-8")
    public String html(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        return exports.html(nodeId, period, rankings.rank(nodeId, period));
    }
}
