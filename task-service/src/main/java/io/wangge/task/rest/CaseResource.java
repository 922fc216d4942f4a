package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.task.CaseAction;
import io.wangge.task.CaseHistory;
import io.wangge.task.CaseStatus;
import io.wangge.task.ResidentCase;
import io.wangge.task.service.CaseService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Residents' cases: report, then register, dispatch, handle, verify, close; or reject, return, escalate. */
@Path("/api/cases")
public class CaseResource {

    @Inject
    io.wangge.task.service.TaskSyncService sync;


    /** A resident's matter. */
    public record CaseReport(@NotNull UUID nodeId, @NotBlank String categoryCode,
                             @NotBlank @Size(max = 2000) String description,
                             @Size(max = 200) String locationText, UUID householdId) {
    }

    /** A step's note: the reason (reject, return, escalate), the handler (dispatch) or a remark. */
    public record StepNote(@Size(max = 1000) String note) {
    }

    /** A case as shown, with its supervision flag against the time limit. */
    public record CaseView(UUID id, UUID nodeId, String nodeName, String categoryCode, String description,
                           String locationText, UUID householdId, String reportedBy, CaseStatus status,
                           String handler, UUID escalatedToNodeId, String lastNote, OffsetDateTime reportedAt,
                           OffsetDateTime deadlineAt, OffsetDateTime closedAt, CaseService.Supervision supervision,
                           ResidentCase.Source source, java.math.BigDecimal lat, java.math.BigDecimal lon,
                           String reporterName, String reporterPhone, int duplicates, List<String> mediaUrls,
                           ResidentCase.FollowUp followUpResult, String followUpNote, int reopened, long version) {
    }

    /** The resident's answer to the follow-up (回访). */
    public record FollowUpRequest(@NotNull ResidentCase.FollowUp result, @Size(max = 900) String note) {
    }

    /** One step of a case's history. */
    public record CaseStep(String action, CaseStatus fromStatus, CaseStatus toStatus, String actor,
                           OffsetDateTime at, String note) {
        static CaseStep of(CaseHistory h) {
            return new CaseStep(h.action, h.fromStatus, h.toStatus, h.actor, h.at, h.note);
        }
    }

    @Inject
    CaseService cases;

    @Inject
    io.wangge.task.media.MediaStore media;

    @POST
    @Idempotent
    public Response report(@Valid @NotNull CaseReport request) {
        ResidentCase matter = cases.report(new CaseService.Report(request.nodeId(), request.categoryCode(),
                request.description(), request.locationText(), request.householdId()));
        return Response.created(URI.create("/api/cases/" + matter.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(matter.version)).entity(view(matter)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        ResidentCase matter = cases.get(id);
        return Response.ok(view(matter)).header(HttpHeaders.ETAG, Preconditions.etag(matter.version)).build();
    }

    @GET
    public Page<CaseView> list(@QueryParam("nodeId") UUID nodeId, @QueryParam("status") CaseStatus status,
                               @QueryParam("category") String category, @Valid @BeanParam PageRequest page) {
        return cases.list(nodeId, status, category, page).map(this::view);
    }

    @GET
    @Path("/{id}/history")
    public List<CaseStep> history(@PathParam("id") UUID id) {
        return cases.history(id).stream().map(CaseStep::of).toList();
    }

    /** One step: register, reject, dispatch, handle, verify, return, close or escalate. */
    @POST
    @Path("/{id}/{action: register|reject|dispatch|handle|verify|return|close|escalate|reopen}")
    @Idempotent
    public Response act(@PathParam("id") UUID id, @PathParam("action") String action,
                        @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid StepNote note) {
        ResidentCase matter = cases.act(id, CaseAction.valueOf(action.toUpperCase(Locale.ROOT)), ifMatch,
                note == null ? null : note.note());
        return Response.ok(view(matter)).header(HttpHeaders.ETAG, Preconditions.etag(matter.version)).build();
    }

    /** A photo of the matter or of its handling, from a worker's phone (JPEG, PNG or WebP up to 600 KB). */
    @POST
    @Path("/{id}/photos")
    @jakarta.ws.rs.Consumes({"image/jpeg", "image/png", "image/webp"})
    public Response photo(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] photo) {
        return MediaResource.created(cases.addPhoto(id, type, photo));
    }

    /** The cases of a place as xlsx (案件台账), with the list's filters. */
    @GET
    @Path("/export.xlsx")
    @jakarta.ws.rs.Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response exportXlsx(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("status") CaseStatus status,
                               @QueryParam("category") String category) {
        io.wangge.platform.rest.Table table = cases.table(nodeId, status, category);
        return table.download(io.wangge.platform.rest.Table.Format.XLSX, table.title());
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/export.csv")
    @jakarta.ws.rs.Produces("text/csv")
    public Response exportCsv(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("status") CaseStatus status,
                              @QueryParam("category") String category) {
        io.wangge.platform.rest.Table table = cases.table(nodeId, status, category);
        return table.download(io.wangge.platform.rest.Table.Format.CSV, table.title());
    }

    /** 回访: a cadre records how the resident found the handling of the closed case (If-Match). */
    @POST
    @Path("/{id}/follow-up")
    @Idempotent
    public Response followUp(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull FollowUpRequest request) {
        ResidentCase matter = cases.followUp(id, ifMatch, request.result(), request.note());
        return Response.ok(view(matter)).header(HttpHeaders.ETAG, Preconditions.etag(matter.version)).build();
    }

    /**
     * The cases of the caller's place by delta, for a phone (as {@code /api/me/tasks/sync}): changed since
     * {@code cursor}, in the order they changed; 304 to {@code If-None-Match} of an unchanged cursor; {@code reset}
     * when the caller's place changed since the cursor.
     */
    @GET
    @Path("/sync")
    public Response sync(@QueryParam("cursor") @jakarta.validation.constraints.Size(max = 100) String cursor,
                         @QueryParam("size") @jakarta.ws.rs.DefaultValue("100") @jakarta.validation.constraints.Min(1)
                         @jakarta.validation.constraints.Max(500) int size,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        io.wangge.platform.sync.SyncPage<ResidentCase> page = sync.cases(cursor, size);
        return new io.wangge.platform.sync.SyncPage<>(page.items().stream().map(this::view).toList(), page.removed(),
                page.cursor(), page.more(), page.reset()).respond(ifNoneMatch);
    }

    CaseView view(ResidentCase c) {
        return new CaseView(c.id, c.nodeId, c.nodeName, c.categoryCode, c.description, c.locationText,
                c.householdId, c.reportedBy, c.status, c.handler, c.escalatedToNodeId, c.lastNote, c.reportedAt,
                c.deadlineAt, c.closedAt, cases.supervision(c), c.source, c.lat, c.lon, c.reporterName,
                cases.reporterPhone(c), c.duplicates, media.ofCase(c.id).stream().map(m -> "/open311/v2/media/" + m)
                        .toList(), c.followUpResult, c.followUpNote, c.reopened, c.version);
    }
}
