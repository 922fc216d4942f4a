package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.security.Caller;
import io.wangge.task.Task;
import io.wangge.task.TaskHistory;
import io.wangge.task.TaskStatus;
import io.wangge.platform.sync.SyncPage;
import io.wangge.task.service.TaskService;
import io.wangge.task.service.TaskSyncService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tasks: lists with filters, and each step of the life cycle (illegal steps are 409 with the current state). */
@Path("/api")
public class TaskResource {

    /** A task as shown. */
    public record TaskView(UUID id, UUID itemId, UUID phaseId, String title, String categoryCode, UUID nodeId,
                           String nodeName, String nodeLevel, String nodePath, UUID assigneePersonId,
                           String assigneeAccountId, String assigneeName, TaskStatus status, OffsetDateTime dueAt,
                           boolean overdue, Map<String, Object> evidence, OffsetDateTime submittedAt,
                           OffsetDateTime completedAt, Boolean onTime, String verifiedBy, UUID escalatedToNodeId,
                           String escalationReason, String returnReason, long version) {
        static TaskView of(Task t) {
            return new TaskView(t.id, t.itemId, t.phaseId, t.title, t.categoryCode, t.nodeId, t.nodeName,
                    t.nodeLevel, t.nodePath, t.assigneePersonId, t.assigneeAccountId, t.assigneeName, t.status,
                    t.dueAt, t.overdue, t.evidence, t.submittedAt, t.completedAt, t.onTime, t.verifiedBy,
                    t.escalatedToNodeId, t.escalationReason, t.returnReason, t.version);
        }
    }

    /** One step of the history. */
    public record StepView(String action, TaskStatus fromStatus, TaskStatus toStatus, String actor,
                           OffsetDateTime at, String note) {
        static StepView of(TaskHistory h) {
            return new StepView(h.action, h.fromStatus, h.toStatus, h.actor, h.at, h.note);
        }
    }

    /** Evidence of the work done. */
    public record Submission(@Size(max = 1000) String note,
                             @Size(max = 50) Map<@Size(max = 200) String, Boolean> checklist,
                             @Size(max = 20) List<@Pattern(regexp = "https?://\\S{1,1000}|/api/media/"
                                     + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                     message = "须为 http(s) 链接或上传照片的 /api/media/{id} must be an http(s) URL or"
                                             + " an uploaded photo's /api/media/{id}") String> photoUrls) {
    }

    /** A reason, required when sending back, cancelling or escalating. */
    public record Reason(@NotBlank @Size(max = 1000) String reason) {
    }

    /** An optional note on verification. */
    public record Verification(@Size(max = 1000) String note) {
    }

    /** Tasks to verify at once, each at the version its cadre read, and one note for all. */
    public record Completions(@NotNull(message = "须列出要核验的任务 list the tasks to verify")
                              @Size(min = 1, max = PageRequest.MAX_SIZE, message = "一次核验 {min}–{max} 项任务 {min}"
                                      + " to {max} tasks at once") List<@Valid @NotNull(message = "不能为空 must not be null")
                                      Checked> tasks,
                              @Size(max = 1000) String note) {
    }

    /** A task as its cadre read it. */
    public record Checked(@NotNull(message = "须给出任务编号 the task's id is required") UUID id,
                          @NotNull(message = "须给出读到的版本 the version read is required")
                          @Min(value = 0, message = "版本从 0 开始 a version starts at 0") Long version) {
    }

    /** The verified tasks, in the order asked, each with its new version. */
    public record Completed(List<TaskView> tasks) {
    }

    /** The new assignee: a person on the staff of the task's grid or above it. */
    public record Reassignment(@NotNull UUID personId) {
    }

    @Inject
    TaskService tasks;

    @Inject
    Caller caller;

    @Inject
    TaskSyncService sync;

    @GET
    @Path("/tasks")
    public Page<TaskView> list(@QueryParam("nodeId") UUID nodeId, @QueryParam("status") TaskStatus status,
                               @QueryParam("category") String category, @QueryParam("assignee") String assignee,
                               @QueryParam("overdue") Boolean overdue, @QueryParam("dueFrom") OffsetDateTime dueFrom,
                               @QueryParam("dueTo") OffsetDateTime dueTo, @QueryParam("itemId") UUID itemId,
                               @Valid @BeanParam PageRequest page) {
        return tasks.list(new TaskService.Filter(nodeId, status, category, assignee, overdue, dueFrom, dueTo, itemId),
                page).map(TaskView::of);
    }

    /** The tasks of the list's filters as xlsx (任务台账), Chinese headers, in the caller's place. */
    @GET
    @Path("/tasks/export.xlsx")
    @jakarta.ws.rs.Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response exportXlsx(@QueryParam("nodeId") UUID nodeId, @QueryParam("status") TaskStatus status,
                               @QueryParam("category") String category, @QueryParam("overdue") Boolean overdue,
                               @QueryParam("dueFrom") OffsetDateTime dueFrom, @QueryParam("dueTo") OffsetDateTime dueTo,
                               @QueryParam("itemId") UUID itemId) {
        io.wangge.platform.rest.Table table = tasks.table(new TaskService.Filter(nodeId, status, category, null,
                overdue, dueFrom, dueTo, itemId));
        return table.download(io.wangge.platform.rest.Table.Format.XLSX, table.title());
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/tasks/export.csv")
    @jakarta.ws.rs.Produces("text/csv")
    public Response exportCsv(@QueryParam("nodeId") UUID nodeId, @QueryParam("status") TaskStatus status,
                              @QueryParam("category") String category, @QueryParam("overdue") Boolean overdue,
                              @QueryParam("dueFrom") OffsetDateTime dueFrom, @QueryParam("dueTo") OffsetDateTime dueTo,
                              @QueryParam("itemId") UUID itemId) {
        io.wangge.platform.rest.Table table = tasks.table(new TaskService.Filter(nodeId, status, category, null,
                overdue, dueFrom, dueTo, itemId));
        return table.download(io.wangge.platform.rest.Table.Format.CSV, table.title());
    }

    /** The caller's own tasks. */
    @GET
    @Path("/me/tasks")
    public Page<TaskView> mine(@QueryParam("status") TaskStatus status, @QueryParam("overdue") Boolean overdue,
                               @Valid @BeanParam PageRequest page) {
        return tasks.list(new TaskService.Filter(null, status, null, caller.accountId(), overdue, null, null, null),
                page).map(TaskView::of);
    }

    /**
     * The caller's tasks by delta, for a phone: what changed since {@code cursor} (none: everything), in the order it
     * changed, the tasks to drop (given to someone else), the next cursor and whether more is waiting. Sent again
     * with {@code If-None-Match} of the cursor held, an unchanged list answers 304.
     */
    @GET
    @Path("/me/tasks/sync")
    public Response sync(@QueryParam("cursor") @Size(max = 100) String cursor,
                         @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size,
                         @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        SyncPage<Task> page = sync.changes(caller.accountId(), cursor, size);
        return new SyncPage<>(page.items().stream().map(TaskView::of).toList(), page.removed(), page.cursor(),
                page.more(), page.reset()).respond(ifNoneMatch);
    }

    /** A photo of the work, uploaded from the worker's phone (JPEG, PNG or WebP up to 600 KB) before submitting. */
    @POST
    @Path("/tasks/{id}/photos")
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public Response photo(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type, byte[] photo) {
        return MediaResource.created(tasks.addPhoto(id, type, photo));
    }

    @GET
    @Path("/tasks/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(tasks.get(id));
    }

    @GET
    @Path("/tasks/{id}/history")
    public List<StepView> history(@PathParam("id") UUID id) {
        return tasks.history(id).stream().map(StepView::of).toList();
    }

    @POST
    @Path("/tasks/{id}/accept")
    @Idempotent
    public Response accept(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(tasks.accept(id, ifMatch));
    }

    @POST
    @Path("/tasks/{id}/start")
    @Idempotent
    public Response start(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(tasks.begin(id, ifMatch));
    }

    @POST
    @Path("/tasks/{id}/submit")
    @Idempotent
    public Response submit(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull Submission submission) {
        return withETag(tasks.submit(id, ifMatch, new TaskService.Evidence(submission.note(),
                submission.checklist(), submission.photoUrls())));
    }

    /** Verifies a submitted task (a cadre of an upper node). */
    @POST
    @Path("/tasks/{id}/complete")
    @Idempotent
    public Response complete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid Verification verification) {
        return withETag(tasks.complete(id, ifMatch, verification == null ? null : verification.note()));
    }

    /**
     * Verifies a page of submitted tasks at once (a cadre of an upper node clearing a village's submissions): all of
     * them, or none, with every task that could not be verified named.
     */
    @POST
    @Path("/tasks/completions")
    @Idempotent
    @APIResponse(responseCode = "200", description = "均已核验，按请求的顺序，各带新版本 all verified, in the order"
            + " asked, each with its new version", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Completed.class)))
    @APIResponse(responseCode = "404", description = "一项任务不存在或不在调用者的地点，errors 逐项说明 a task is not in"
            + " the caller's place; errors names each")
    @APIResponse(responseCode = "409", description = "一项任务的状态不能核验，current 逐项给出 a task's state does not"
            + " allow verifying; current gives each")
    @APIResponse(responseCode = "412", description = "一项任务不是读到的版本，current 逐项给出 a task is not at the"
            + " version read; current gives each")
    public Completed completeAll(@Valid @NotNull Completions request) {
        return new Completed(tasks.completeAll(request.tasks().stream()
                .map(task -> new TaskService.Verify(task.id(), task.version())).toList(), request.note()).stream()
                .map(TaskView::of).toList());
    }

    @POST
    @Path("/tasks/{id}/return")
    @Idempotent
    public Response sendBack(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull Reason reason) {
        return withETag(tasks.sendBack(id, ifMatch, reason.reason()));
    }

    @POST
    @Path("/tasks/{id}/cancel")
    @Idempotent
    public Response cancel(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull Reason reason) {
        return withETag(tasks.cancel(id, ifMatch, reason.reason()));
    }

    @POST
    @Path("/tasks/{id}/escalate")
    @Idempotent
    public Response escalate(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull Reason reason) {
        return withETag(tasks.escalate(id, ifMatch, reason.reason()));
    }

    @POST
    @Path("/tasks/{id}/reassign")
    @Idempotent
    public Response reassign(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @Valid @NotNull Reassignment request) {
        return withETag(tasks.reassign(id, ifMatch, request.personId()));
    }

    private static Response withETag(Task task) {
        return Response.ok(TaskView.of(task)).header(HttpHeaders.ETAG, Preconditions.etag(task.version)).build();
    }
}
