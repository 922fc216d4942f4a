package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.task.Supervision;
import io.wangge.task.SupervisionStep;
import io.wangge.task.service.SupervisionService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.util.Map;
import java.util.UUID;

/**
 * 督办: the yellow and red items of the caller's place ("every red item in my town"), each with its path up the
 * tree; a superior opens one by hand and closes handled ones with the follow-up (回访).
 */
@Path("/api/supervisions")
public class SupervisionResource {

    /** A superior's supervision of a task or a case, with the deadline they set and why. */
    public record OpenRequest(@NotNull @Pattern(regexp = "TASK|CASE") String subjectType, @NotNull UUID subjectId,
                              @NotNull OffsetDateTime deadlineAt, @Size(max = 1000) String note) {
    }

    /** The follow-up (回访) that closes a handled supervision. */
    public record CloseRequest(@NotNull Supervision.FollowUp result, @Size(max = 1000) String note) {
    }

    /** A supervision as shown. */
    public record SupervisionView(UUID id, String subjectType, UUID subjectId, String title, String categoryCode,
                                  UUID gridNodeId, UUID nodeId, String nodeName, String nodeLevel, String origin,
                                  String color, String status, OffsetDateTime deadlineAt, OffsetDateTime redAt,
                                  int climbs, UUID responsiblePersonId, String responsibleName, String openedBy,
                                  OffsetDateTime openedAt, String note, OffsetDateTime handledAt,
                                  String followUpResult, String followUpNote, String closedBy,
                                  OffsetDateTime closedAt, long version) {
        static SupervisionView of(Supervision s) {
            return new SupervisionView(s.id, s.subjectType, s.subjectId, s.title, s.categoryCode, s.gridNodeId,
                    s.nodeId, s.nodeName, s.nodeLevel, s.origin, s.color, s.status, s.deadlineAt, s.redAt, s.climbs,
                    s.responsiblePersonId, s.responsibleName, s.openedBy, s.openedAt, s.note, s.handledAt,
                    s.followUpResult, s.followUpNote, s.closedBy, s.closedAt, s.version);
        }
    }

    /** One step of a supervision's path. */
    public record Step(String action, String color, String status, UUID nodeId, String nodeName,
                       String responsibleName, String actor, OffsetDateTime at, String note) {
        static Step of(SupervisionStep s) {
            return new Step(s.action, s.color, s.status, s.nodeId, s.nodeName, s.responsibleName, s.actor, s.at,
                    s.note);
        }
    }

    @Inject
    SupervisionService supervisions;

    @GET
    public Page<SupervisionView> list(@QueryParam("nodeId") UUID nodeId,
                                      @QueryParam("color") @Pattern(regexp = "YELLOW|RED") String color,
                                      @QueryParam("status") @Pattern(regexp = "OPEN|HANDLED|CLOSED") String status,
                                      @QueryParam("subjectType") @Pattern(regexp = "TASK|CASE") String subjectType,
                                      @Valid @BeanParam PageRequest page) {
        return supervisions.list(nodeId, color, status, subjectType, page).map(SupervisionView::of);
    }

    /** The open yellow and red items under a node. */
    @GET
    @Path("/counts")
    public Map<String, Long> counts(@QueryParam("nodeId") @NotNull UUID nodeId) {
        return supervisions.openCounts(nodeId);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        Supervision s = supervisions.get(id);
        return Response.ok(SupervisionView.of(s)).header(HttpHeaders.ETAG, Preconditions.etag(s.version)).build();
    }

    @GET
    @Path("/{id}/path")
    public List<Step> path(@PathParam("id") UUID id) {
        return supervisions.path(id).stream().map(Step::of).toList();
    }

    @POST
    @Idempotent
    public Response open(@Valid @NotNull OpenRequest request) {
        Supervision s = supervisions.open(new SupervisionService.Open(request.subjectType(), request.subjectId(),
                request.deadlineAt(), request.note()));
        return Response.created(URI.create("/api/supervisions/" + s.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(s.version)).entity(SupervisionView.of(s)).build();
    }

    @POST
    @Path("/{id}/close")
    @Idempotent
    public Response close(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          @Valid @NotNull CloseRequest request) {
        Supervision s = supervisions.close(id, ifMatch, request.result(), request.note());
        return Response.ok(SupervisionView.of(s)).header(HttpHeaders.ETAG, Preconditions.etag(s.version)).build();
    }
}
