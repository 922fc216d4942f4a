package io.wangge.grid.rest;

import io.wangge.grid.Role;
import io.wangge.grid.rest.Views.AssignmentView;
import io.wangge.grid.service.AssignmentService;
import io.wangge.platform.idempotency.Idempotent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

/** Staff assignments: assign a person to a node in a role; end an assignment (history is kept). */
@Path("/api/assignments")
public class AssignmentResource {

    /** A new assignment; {@code validFrom} defaults to today. */
    public record Assign(@NotNull UUID personId, @NotNull UUID nodeId, @NotNull Role role, boolean primary,
                         LocalDate validFrom) {
    }

    /** The end of an assignment; {@code validTo} defaults to today. */
    public record End(LocalDate validTo) {
    }

    @Inject
    AssignmentService assignments;

    @POST
    @Idempotent
    public Response assign(@Valid @NotNull Assign request) {
        AssignmentService.Staffing staffing = assignments.assign(request.personId(), request.nodeId(),
                request.role(), request.primary(), request.validFrom());
        return Response.created(URI.create("/api/assignments/" + staffing.assignment().id))
                .entity(AssignmentView.of(staffing)).build();
    }

    @POST
    @Path("/{id}/end")
    @Idempotent
    public AssignmentView end(@PathParam("id") UUID id, @Valid End request) {
        return AssignmentView.of(assignments.end(id, request == null ? null : request.validTo()));
    }
}
