package io.wangge.report.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.report.Activity;
import io.wangge.report.service.ActivityService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The town's work on record (活动台账): activities recorded by the staff of their place, and a year in figures. */
@Path("/api/activities")
public class ActivityResource {

    /** A new activity at a node; {@code quantity} is in the kind's unit and defaults to 1. */
    public record NewActivity(
            @NotNull UUID nodeId,
            @NotNull Activity.Kind kind,
            @NotBlank @Size(max = 200) String title,
            @NotNull LocalDate heldOn,
            @Min(1) @Max(100_000) Integer quantity,
            @Min(0) @Max(100_000) int headcount,
            @Size(max = 200) List<@NotNull UUID> participantIds,
            @Size(max = 2000) String note) {
    }

    /** An activity as shown. */
    public record ActivityView(UUID id, Activity.Kind kind, String kindLabel, String unit, String title,
                               LocalDate heldOn, UUID nodeId, String nodeName, int quantity, int headcount,
                               List<UUID> participantIds, String note, Activity.Status status, String recordedBy,
                               OffsetDateTime recordedAt, long version) {
        static ActivityView of(Activity a) {
            return new ActivityView(a.id, a.kind, a.kind.label, a.kind.unit, a.title, a.heldOn, a.nodeId,
                    a.nodeName, a.quantity, a.headcount, a.participantIds, a.note, a.status, a.recordedBy,
                    a.recordedAt, a.version);
        }
    }

    @Inject
    ActivityService activities;

    @POST
    @Idempotent
    public Response record(@Valid @NotNull NewActivity request) {
        Activity activity = activities.record(request.nodeId(), new ActivityService.Details(request.kind(),
                request.title(), request.heldOn(), request.quantity(), request.headcount(), request.participantIds(),
                request.note()));
        return Response.created(URI.create("/api/activities/" + activity.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(activity.version)).entity(ActivityView.of(activity))
                .build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(activities.get(id));
    }

    /** Withdraws an activity recorded by mistake (If-Match); it stays for history and counts no more. */
    @POST
    @Path("/{id}/withdraw")
    @Idempotent
    public Response withdraw(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(activities.withdraw(id, ifMatch));
    }

    /** The activities of a node's place, the latest first; {@code period} a week, month or key-work phase. */
    @GET
    public Page<ActivityView> list(@QueryParam("nodeId") @NotNull UUID nodeId, @QueryParam("kind") Activity.Kind kind,
                                   @QueryParam("period") String period,
                                   @QueryParam("includeWithdrawn") boolean includeWithdrawn,
                                   @Valid @BeanParam PageRequest page) {
        return activities.under(nodeId, kind, period, includeWithdrawn, page).map(ActivityView::of);
    }

    /** A node's year in figures (全年工作成效): each kind's records and their sum in its unit. */
    @GET
    @Path("/year-in-figures")
    public ActivityService.Year year(@QueryParam("nodeId") @NotNull UUID nodeId,
                                     @QueryParam("year") @NotNull @Min(2000) @Max(2100) Integer year) {
        return activities.year(nodeId, year);
    }

    private static Response withETag(Activity activity) {
        return Response.ok(ActivityView.of(activity)).header(HttpHeaders.ETAG, Preconditions.etag(activity.version))
                .build();
    }
}
