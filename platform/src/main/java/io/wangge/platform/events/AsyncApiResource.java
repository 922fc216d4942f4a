package io.wangge.platform.events;

import io.wangge.platform.rest.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The event contract served by every service, as county systems read it: {@code /asyncapi/asyncapi.yaml} and the
 * JSON Schemas its messages reference ({@code schemas/…}, relative to it). Public, like the OpenAPI document.
 */
@Path("/asyncapi")
@PermitAll
public class AsyncApiResource {

    private static final Pattern SCHEMA = Pattern.compile("wangge\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+\\.json");

    @GET
    @Path("/asyncapi.yaml")
    @Produces("application/yaml; charset=UTF-8")
    @Operation(hidden = true)
    public Response document() {
        return Response.ok(read(EventContract.ASYNCAPI_RESOURCE)).build();
    }

    @GET
    @Path("/schemas/{name}")
    @Produces("application/schema+json; charset=UTF-8")
    @Operation(hidden = true)
    public Response schema(@PathParam("name") String name) {
        if (!SCHEMA.matcher(name).matches()) {
            throw ProblemException.notFound("schema", name);
        }
        String resource = "contracts/schemas/" + name;
        if (getClass().getClassLoader().getResource(resource) == null) {
            throw ProblemException.notFound("schema", name);
        }
        return Response.ok(read(resource)).build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = AsyncApiResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
