package io.wangge.task.rest;

import io.wangge.platform.rest.ProblemException;
import io.wangge.task.media.MediaStore;
import io.wangge.task.service.CaseService;
import io.wangge.task.service.TaskService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/** Photos for staff: a worker's evidence of a task, or a resident's of a case, to whoever sees that task or case. */
@Path("/api/media")
public class MediaResource {

    @Inject
    MediaStore media;

    @Inject
    TaskService tasks;

    @Inject
    CaseService cases;

    /** The answer to an uploaded photo: 201 with where it is read, its URL to hand in with the work. */
    static Response created(UUID medium) {
        String url = TaskService.MEDIA_PATH + medium;
        return Response.created(java.net.URI.create(url)).entity(java.util.Map.of("id", medium, "url", url)).build();
    }

    @GET
    @Path("/{id}")
    @Produces({"image/jpeg", "image/png", "image/webp"})
    @Transactional
    public Response medium(@PathParam("id") UUID id) {
        MediaStore.Medium medium = media.find(id).orElseThrow(() -> ProblemException.notFound("照片", id));
        // the task's or the case's own visibility decides (404 outside the caller's place)
        if (medium.taskId() != null) {
            tasks.get(medium.taskId());
        } else if (medium.caseId() != null) {
            cases.get(medium.caseId());
        } else {
            throw ProblemException.notFound("照片", id);
        }
        return Response.ok(medium.bytes(), medium.contentType()).header("Cache-Control", "private, max-age=86400")
                .build();
    }
}
