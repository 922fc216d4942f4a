package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Roles;
import io.wangge.task.Category;
import io.wangge.task.service.CategoryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Key-work categories: everyone reads the catalogue; admins add to it. */
@Path("/api/categories")
public class CategoryResource {

    public record CategoryView(String code, String name, String description, int caseTimeLimitHours,
                               Integer yellowHours, int climbHours, boolean active, long version) {
        static CategoryView of(Category category) {
            return new CategoryView(category.code, category.name, category.description,
                    category.caseTimeLimitHours, category.yellowHours, category.climbHours, category.active,
                    category.version);
        }
    }

    /** A level's own supervision limits. */
    public record LevelLimit(@NotNull @Pattern(regexp = "COUNTY|TOWN|VILLAGE|GRID|MICRO_GRID") String level,
                             @Min(1) @Max(24 * 90) Integer yellowHours, @Min(1) @Max(24 * 90) Integer climbHours) {
    }

    /**
     * 督办 limits: hours before the deadline an item turns yellow (none: at three quarters of its time), hours a red
     * item stays at a level before it climbs; each level may have its own.
     */
    public record Limits(@Min(1) @Max(24 * 90) Integer yellowHours, @NotNull @Min(1) @Max(24 * 90) Integer climbHours,
                         @Valid List<@NotNull LevelLimit> levels) {
    }

    /** A category with its supervision limits. */
    public record LimitsView(CategoryView category, List<CategoryService.LevelLimit> levels) {
    }

    public record NewCategory(
            @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{1,49}", message = "大写字母、数字和下划线 upper-case code")
            String code,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 1000) String description,
            @Min(1) @Max(24 * 90) int caseTimeLimitHours) {
    }

    @Inject
    CategoryService service;

    @Inject
    Caller caller;

    @GET
    @Path("/{code}/supervision-limits")
    public Response limits(@PathParam("code") String code) {
        Category category = service.get(code);
        return Response.ok(new LimitsView(CategoryView.of(category), service.levelLimits(code)))
                .header(HttpHeaders.ETAG, Preconditions.etag(category.version)).build();
    }

    /** The limits serve every county of the deployment: the province admin sets them, as the catalogue. */
    @PUT
    @Path("/{code}/supervision-limits")
    @RolesAllowed(Roles.PROVINCE_ADMIN)
    public Response setLimits(@PathParam("code") String code, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                              @Valid @NotNull Limits limits) {
        List<CategoryService.LevelLimit> levels = limits.levels() == null ? List.of() : limits.levels().stream()
                .map(l -> new CategoryService.LevelLimit(l.level(), l.yellowHours(), l.climbHours())).toList();
        Category category = service.setLimits(code, ifMatch,
                new CategoryService.Limits(limits.yellowHours(), limits.climbHours(), levels));
        return Response.ok(new LimitsView(CategoryView.of(category), service.levelLimits(code)))
                .header(HttpHeaders.ETAG, Preconditions.etag(category.version)).build();
    }

    @GET
    public List<CategoryView> list() {
        return service.list().stream().map(CategoryView::of).toList();
    }

    /**
     * The catalogue serves every county of the deployment: only the admin above them all (the province admin) adds
     * to it; a county admin, bound to their county, does not.
     */
    @POST
    @Idempotent
    @RolesAllowed(Roles.PROVINCE_ADMIN)
    public Response create(@Valid @NotNull NewCategory request) {
        Category category = service.create(request.code(), request.name(), request.description(),
                request.caseTimeLimitHours(), caller.accountId());
        return Response.created(URI.create("/api/categories/" + category.code))
                .entity(CategoryView.of(category)).build();
    }
}
