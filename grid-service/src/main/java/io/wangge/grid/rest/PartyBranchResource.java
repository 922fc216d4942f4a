package io.wangge.grid.rest;

import io.wangge.grid.rest.Views.BranchView;
import io.wangge.grid.service.PartyBranchService;
import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Preconditions;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Party branches (党支部): one per node, known by id; members are put in one by {@code partyBranchId}. */
@Path("/api/branches")
public class PartyBranchResource {

    /** A new branch of a node. */
    public record NewBranch(@NotNull UUID nodeId, @NotBlank @Size(max = 100) String name) {
    }

    /** A rename or a (new) place; what is left out stays. */
    public record BranchChange(@Size(min = 1, max = 100) String name, UUID nodeId) {
    }

    @Inject
    PartyBranchService branches;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull NewBranch request) {
        PartyBranchService.Placed placed = branches.create(request.nodeId(), request.name());
        return Response.created(URI.create("/api/branches/" + placed.branch().id))
                .header(HttpHeaders.ETAG, Preconditions.etag(placed.branch().version))
                .entity(BranchView.of(placed)).build();
    }

    /** The branches placed at or below {@code nodeId} (default: everywhere the caller sees). */
    @GET
    public List<BranchView> list(@QueryParam("nodeId") UUID nodeId) {
        return branches.list(nodeId).stream().map(BranchView::of).toList();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(branches.get(id));
    }

    @PATCH
    @Path("/{id}")
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull BranchChange request) {
        return withETag(branches.update(id, ifMatch, request.name(), request.nodeId()));
    }

    private static Response withETag(PartyBranchService.Placed placed) {
        return Response.ok(BranchView.of(placed)).header(HttpHeaders.ETAG, Preconditions.etag(placed.branch().version))
                .build();
    }
}
