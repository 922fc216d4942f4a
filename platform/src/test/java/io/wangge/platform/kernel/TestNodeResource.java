package io.wangge.platform.kernel;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
import java.util.UUID;

/** A thin resource over {@link TestNodeService}, written the way services write theirs. */
@Path("/api/test-nodes")
public class TestNodeResource {

    public record CreateNode(
            @NotBlank @Pattern(regexp = "[0-9]{6}([0-9]{3}){0,3}", message = "须为 6/9/12/15 位数字编码") String code,
            @NotBlank @Size(max = 100) String name,
            @NotNull @Pattern(regexp = "COUNTY|TOWN|VILLAGE|GRID|MICRO_GRID") String level) {
    }

    public record RenameNode(@NotBlank @Size(max = 100) String name) {
    }

    public record NodeView(UUID id, String code, String name, String level, long version) {
        static NodeView of(TestNode node) {
            return new NodeView(node.id, node.code, node.name, node.level, node.version);
        }
    }

    @Inject
    TestNodeService service;

    @Inject
    Caller caller;

    @POST
    @Idempotent
    @RolesAllowed({Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN})
    public Response create(@Valid @NotNull CreateNode request) {
        TestNode node = service.create(request.code(), request.name(), request.level(), caller.accountId());
        return Response.created(URI.create("/api/test-nodes/" + node.id))
                .tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(node.version)))
                .entity(NodeView.of(node)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        TestNode node = TestNode.<TestNode>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("网格", id));
        return Response.ok(NodeView.of(node)).header(HttpHeaders.ETAG, Preconditions.etag(node.version)).build();
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @RolesAllowed({Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN})
    public Response rename(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull RenameNode request) {
        TestNode node = service.rename(id, request.name(), ifMatch, caller.accountId());
        return Response.ok(NodeView.of(node)).header(HttpHeaders.ETAG, Preconditions.etag(node.version)).build();
    }

    /** A sheet as an office uploads it: only its size is looked at. */
    @POST
    @Path("/import")
    @jakarta.ws.rs.Consumes("text/csv")
    @RolesAllowed({Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN})
    public java.util.Map<String, Integer> importSheet(byte[] sheet) {
        return java.util.Map.of("bytes", sheet.length);
    }

    /** The levels a test node may have: a choice a query parameter names. */
    public enum Level { COUNTY, TOWN, VILLAGE }

    @GET
    public Page<NodeView> list(@QueryParam("level") Level level, @QueryParam("codePrefix") String codePrefix,
                               @Valid @BeanParam PageRequest page) {
        Where where = new Where();
        if (level != null) {
            where.and("level = ?", level.name());
        }
        if (codePrefix != null) {
            where.and("code LIKE ?", codePrefix + "%");
        }
        return page.list(TestNode.class, "n", where, "code, id", NodeView::of);
    }
}
