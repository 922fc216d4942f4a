package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Preconditions;
import io.wangge.task.Open311Client;
import io.wangge.task.service.IntakeService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import java.util.UUID;

/**
 * The systems allowed to raise residents' requests through Open311, per jurisdiction: registered by town and county
 * admins, each with an api key shown once, and revoked when they must stop.
 */
@Path("/api/open311-clients")
public class Open311ClientResource {

    /** A client to register: a name people recognise, its jurisdiction, its calls per minute (60). */
    public record NewClient(@NotBlank @Size(max = 100) String name, @NotNull UUID jurisdictionNodeId,
                            @Min(1) @Max(10_000) Integer perMinute) {
    }

    /** A client as listed: never its key, only the key's first characters. */
    public record ClientView(UUID id, String name, UUID jurisdictionNodeId, String jurisdictionId, String keyHint,
                             int perMinute, Open311Client.Status status, String createdBy, OffsetDateTime createdAt,
                             OffsetDateTime revokedAt, long version) {
        static ClientView of(Open311Client c) {
            return new ClientView(c.id, c.name, c.jurisdictionNodeId, c.jurisdictionCode, c.keyHint, c.perMinute,
                    c.status, c.createdBy, c.createdAt, c.revokedAt, c.version);
        }
    }

    /** A client just registered, with the api key to hand to it: shown this once. */
    public record RegisteredView(ClientView client, String apiKey) {
    }

    @Inject
    IntakeService intake;

    /** Not {@code @Idempotent}: a replayed answer would keep the api key at rest, which only its hash may be. */
    @POST
    public Response register(@Valid @NotNull NewClient request) {
        IntakeService.Registered registered = intake.register(request.name(), request.jurisdictionNodeId(),
                request.perMinute());
        return Response.created(URI.create("/api/open311-clients/" + registered.client().id))
                .header(HttpHeaders.ETAG, Preconditions.etag(registered.client().version))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(new RegisteredView(ClientView.of(registered.client()), registered.apiKey())).build();
    }

    @GET
    public List<ClientView> list(@QueryParam("nodeId") @NotNull UUID nodeId) {
        return intake.clients(nodeId).stream().map(ClientView::of).toList();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        Open311Client client = intake.client(id);
        return Response.ok(ClientView.of(client)).header(HttpHeaders.ETAG, Preconditions.etag(client.version)).build();
    }

    /** Revokes the client's key (If-Match): its next request is refused with 403. */
    @POST
    @Path("/{id}/revoke")
    @Idempotent
    public Response revoke(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Open311Client client = intake.revoke(id, ifMatch);
        return Response.ok(ClientView.of(client)).header(HttpHeaders.ETAG, Preconditions.etag(client.version)).build();
    }
}
