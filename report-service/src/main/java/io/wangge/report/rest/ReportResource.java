package io.wangge.report.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.Table;
import io.wangge.report.Report;
import io.wangge.report.service.ExportService;
import io.wangge.report.service.ReportService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Periodic reports: draft, edit, file, return, accept; lists, pre-filled drafts and missing reports. */
@Path("/api/reports")
public class ReportResource {

    /** A new report for a node and period. */
    public record NewReport(@NotNull UUID nodeId, @NotBlank String period) {
    }

    /** One category's section. */
    public record SectionRequest(@NotBlank @Size(max = 50) String category, @Min(0) @Max(100_000) int tasksDone,
                                 @Min(0) @Max(100_000) int problemsFound, @Min(0) @Max(100_000) int problemsSolved,
                                 @Size(max = 2000) String notes) {
    }

    /** What the report says. */
    public record ContentRequest(
            @Size(max = 20) List<@Valid SectionRequest> sections,
            @Size(max = 30) Map<@Pattern(regexp = "[a-zA-Z]{1,40}") String, @NotNull @Min(0) @Max(100_000) Integer>
                    activities,
            @Size(max = 10000) String narrative,
            @Size(max = 20) List<@Pattern(regexp = "https?://\\S{1,1000}") String> attachments) {

        ReportService.Content content() {
            return new ReportService.Content(sections == null ? null : sections.stream()
                    .map(s -> new Report.Section(s.category(), s.tasksDone(), s.problemsFound(), s.problemsSolved(),
                            s.notes())).toList(), activities, narrative, attachments);
        }
    }

    /** A reason for returning a report. */
    public record Reason(@NotBlank @Size(max = 1000) String reason) {
    }

    /** A report as shown. */
    public record ReportView(UUID id, UUID nodeId, String nodeName, String nodeLevel, String period, String author,
                             Report.Status status, OffsetDateTime filedAt, Boolean onTime,
                             List<Report.Section> sections, Map<String, Integer> activities, String narrative,
                             List<String> attachments, String returnReason, long version) {
        static ReportView of(Report r) {
            return new ReportView(r.id, r.nodeId, r.nodeName, r.nodeLevel, r.periodId, r.author, r.status,
                    r.filedAt, r.onTime, r.sections, r.activities, r.narrative, r.attachments, r.returnReason,
                    r.version);
        }
    }

    @Inject
    ReportService reports;

    @Inject
    ExportService exports;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull NewReport request) {
        Report report = reports.create(request.nodeId(), request.period());
        return Response.created(URI.create("/api/reports/" + report.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(report.version)).entity(ReportView.of(report)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(reports.get(id));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    public Response edit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         @Valid @NotNull ContentRequest request) {
        return withETag(reports.edit(id, ifMatch, request.content()));
    }

    @POST
    @Path("/{id}/file")
    @Idempotent
    public Response file(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(reports.file(id, ifMatch));
    }

    @POST
    @Path("/{id}/return")
    @Idempotent
    public Response sendBack(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull Reason reason) {
        return withETag(reports.sendBack(id, ifMatch, reason.reason()));
    }

    @POST
    @Path("/{id}/accept")
    @Idempotent
    public Response accept(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(reports.accept(id, ifMatch));
    }

    /** Reports in a node's subtree for a period. */
    @GET
    public Page<ReportView> list(@QueryParam("nodeId") @NotNull UUID nodeId,
                                 @QueryParam("period") @NotBlank String period,
                                 @QueryParam("status") Report.Status status, @Valid @BeanParam PageRequest page) {
        return reports.list(nodeId, period, status, page).map(ReportView::of);
    }

    /** The reports of a place for a period as xlsx (报告台账), with the list's filters. */
    @GET
    @Path("/export.xlsx")
    @jakarta.ws.rs.Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response exportXlsx(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period,
                               @QueryParam("status") Report.Status status) {
        Table table = exports.reports(nodeId, period, status);
        return table.download(Table.Format.XLSX, table.title());
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/export.csv")
    @jakarta.ws.rs.Produces("text/csv")
    public Response exportCsv(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("period") @NotBlank String period,
                              @QueryParam("status") Report.Status status) {
        Table table = exports.reports(nodeId, period, status);
        return table.download(Table.Format.CSV, table.title());
    }

    /** A village's or the town's report pre-filled from its children's filed reports and the task roll-up. */
    @GET
    @Path("/draft")
    public ReportService.Draft draft(@QueryParam("nodeId") @NotNull UUID nodeId,
                                     @QueryParam("period") @NotBlank String period) {
        return reports.draft(nodeId, period);
    }

    /** Children of a node that have not filed for the period, and how late they are. */
    @GET
    @Path("/missing")
    public List<ReportService.Missing> missing(@QueryParam("nodeId") @NotNull UUID nodeId,
                                               @QueryParam("period") @NotBlank String period) {
        return reports.missing(nodeId, period);
    }

    private static Response withETag(Report report) {
        return Response.ok(ReportView.of(report)).header(HttpHeaders.ETAG, Preconditions.etag(report.version))
                .build();
    }
}
