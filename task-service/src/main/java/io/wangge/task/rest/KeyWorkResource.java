package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.task.KeyWorkItem;
import io.wangge.task.KeyWorkPhase;
import io.wangge.task.service.KeyWorkService;
import io.wangge.task.service.TaskService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import java.util.UUID;

/** Key work (重点工作): drafts, dispatch to every grid of a scope, close, progress and the item's tasks. */
@Path("/api/key-work")
public class KeyWorkResource {

    static final String GRID_LEVELS = "COUNTY|TOWN|VILLAGE|GRID|MICRO_GRID";
    static final String ROLES = "PARTY_BUILDING_GRID_WORKER|COMPREHENSIVE_GRID_WORKER|AUXILIARY_GRID_WORKER"
            + "|VILLAGE_CADRE|TOWN_CADRE|BRANCH_SECRETARY";

    /** A key-work item as drafted. */
    public record ItemRequest(
            @NotBlank @Size(max = 200) String title,
            @NotBlank String categoryCode,
            @Size(max = 4000) String description,
            @Size(max = 50) List<@NotBlank @Size(max = 200) String> checklist,
            @NotEmpty @Size(max = 50) List<@NotNull UUID> scopeNodeIds,
            @NotNull @Pattern(regexp = GRID_LEVELS) String targetLevel,
            @NotNull @Pattern(regexp = ROLES) String assigneeRole,
            @NotNull OffsetDateTime dueAt,
            KeyWorkItem.Recurrence recurrence,
            @Size(max = 20) List<@Valid PhaseRequest> phases) {

        KeyWorkService.Draft draft() {
            return new KeyWorkService.Draft(title, categoryCode, description, checklist, scopeNodeIds, targetLevel,
                    assigneeRole, dueAt, recurrence, phases == null ? List.of()
                    : phases.stream().map(p -> new KeyWorkService.PhaseDraft(p.name(), p.dueAt())).toList());
        }
    }

    /** A phase of an item. */
    public record PhaseRequest(@NotBlank @Size(max = 100) String name, @NotNull OffsetDateTime dueAt) {
    }

    /** A phase as shown. */
    public record PhaseView(UUID id, int seq, String name, OffsetDateTime dueAt) {
    }

    /** An item as shown. */
    public record ItemView(UUID id, String title, String categoryCode, String description, List<String> checklist,
                           List<UUID> scopeNodeIds, String targetLevel, String assigneeRole, OffsetDateTime dueAt,
                           KeyWorkItem.Recurrence recurrence, List<PhaseView> phases, KeyWorkItem.Status status,
                           int taskCount, int unassignedCount, OffsetDateTime dispatchedAt, String createdBy,
                           OffsetDateTime createdAt, long version) {
        static ItemView of(KeyWorkItem item, List<KeyWorkPhase> phases) {
            return new ItemView(item.id, item.title, item.categoryCode, item.description, item.checklist,
                    item.scopeNodeIds, item.targetLevel, item.assigneeRole, item.dueAt, item.recurrence,
                    phases.stream().map(p -> new PhaseView(p.id, p.seq, p.name, p.dueAt)).toList(), item.status,
                    item.taskCount, item.unassignedCount, item.dispatchedAt, item.createdBy, item.createdAt,
                    item.version);
        }
    }

    @Inject
    KeyWorkService keyWork;

    @Inject
    TaskService tasks;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull ItemRequest request) {
        KeyWorkItem item = keyWork.create(request.draft());
        return Response.created(URI.create("/api/key-work/" + item.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(item.version))
                .entity(ItemView.of(item, keyWork.phases(item.id))).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        KeyWorkItem item = keyWork.get(id);
        return Response.ok(ItemView.of(item, keyWork.phases(id)))
                .header(HttpHeaders.ETAG, Preconditions.etag(item.version)).build();
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull ItemRequest request) {
        KeyWorkItem item = keyWork.update(id, ifMatch, request.draft());
        return Response.ok(ItemView.of(item, keyWork.phases(id)))
                .header(HttpHeaders.ETAG, Preconditions.etag(item.version)).build();
    }

    @GET
    public Page<ItemView> list(@QueryParam("status") KeyWorkItem.Status status,
                               @QueryParam("category") String category, @Valid @BeanParam PageRequest page) {
        return keyWork.list(status, category, page).map(item -> ItemView.of(item, keyWork.phases(item.id)));
    }

    /** Creates all the item's tasks at once; a retry returns the first dispatch's result. */
    @POST
    @Path("/{id}/dispatch")
    @Idempotent
    public KeyWorkService.Dispatch dispatch(@PathParam("id") UUID id,
                                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return keyWork.dispatch(id, ifMatch);
    }

    @POST
    @Path("/{id}/close")
    @Idempotent
    public ItemView close(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        KeyWorkItem item = keyWork.close(id, ifMatch);
        return ItemView.of(item, keyWork.phases(id));
    }

    /** Counts by status over a node's subtree (default: the item's first scope node), per child node too. */
    @GET
    @Path("/{id}/progress")
    public TaskService.Progress progress(@PathParam("id") UUID id, @QueryParam("nodeId") UUID nodeId) {
        return tasks.progress(id, nodeId);
    }

    @GET
    @Path("/{id}/tasks")
    public Page<TaskResource.TaskView> tasks(@PathParam("id") UUID id, @QueryParam("nodeId") UUID nodeId,
                                             @Valid @BeanParam PageRequest page) {
        keyWork.get(id);
        return tasks.list(new TaskService.Filter(nodeId, null, null, null, null, null, null, id), page)
                .map(TaskResource.TaskView::of);
    }
}
