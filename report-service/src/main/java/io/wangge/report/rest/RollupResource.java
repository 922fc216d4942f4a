package io.wangge.report.rest;

import io.wangge.platform.rest.Downloads;
import io.wangge.platform.rest.Table;
import io.wangge.report.service.Brief;
import io.wangge.report.service.BriefDocument;
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

/** Roll-ups of task completion, rankings (观摩评比), and the weekly brief as xlsx, CSV, a printable page and a PDF. */
@Path("/api")
public class RollupResource {

    @Inject
    RollupService rollups;

    @Inject
    RankingService rankings;

    @Inject
    ExportService exports;

    @Inject
    BriefDocument documents;

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

    /** The brief's table of the children as xlsx, named after the place and period. */
    @GET
    @Path("/exports/brief.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response briefXlsx(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        Table table = exports.brief(nodeId, period);
        return table.download(Table.Format.XLSX, table.title());
    }

    /** The same as CSV (UTF-8 with BOM for Excel). */
    @GET
    @Path("/exports/brief.csv")
    @Produces("text/csv")
    public Response briefCsv(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        Table table = exports.brief(nodeId, period);
        return table.download(Table.Format.CSV, table.title());
    }

    /** The ranking (观摩评比) as xlsx, its formula on the last line. */
    @GET
    @Path("/exports/ranking.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response rankingXlsx(@QueryParam("nodeId") @NotNull UUID nodeId,
                                @QueryParam("period") @NotBlank String period) {
        Table table = exports.ranking(rankings.rank(nodeId, period));
        return table.download(Table.Format.XLSX, table.title());
    }

    /** The same as CSV. */
    @GET
    @Path("/exports/ranking.csv")
    @Produces("text/csv")
    public Response rankingCsv(@QueryParam("nodeId") @NotNull UUID nodeId,
                               @QueryParam("period") @NotBlank String period) {
        Table table = exports.ranking(rankings.rank(nodeId, period));
        return table.download(Table.Format.CSV, table.title());
    }

    /** The brief as a page to read and print in a browser. */
    @GET
    @Path("/exports/brief.html")
    @Produces("text/html; charset=UTF-8")
    public String html(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        return documents.html(exports.printedBrief(nodeId, period, rankings.rank(nodeId, period)));
    }

    /** The brief as an A4 PDF with its Chinese font embedded, named after the place and period. */
    @GET
    @Path("/exports/brief.pdf")
    @Produces("application/pdf")
    public Response pdf(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period) {
        Brief brief = exports.printedBrief(nodeId, period, rankings.rank(nodeId, period));
        return Downloads.attachment(documents.pdf(brief), "application/pdf", brief.title() + ".pdf");
    }
}
