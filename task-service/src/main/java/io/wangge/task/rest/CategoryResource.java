package io.wangge.task.rest;

import io.wangge.platform.idempotency.Idempotent;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/** Key-work categories: everyone reads the catalogue; admins add to it. */
@Path("/api/categories")
public class CategoryResource {

    public record CategoryView(String code, String name, String description, int caseTimeLimitHours,
                               boolean active) {
        static CategoryView of(Category category) {
            return new CategoryView(category.code, category.name, category.description,
                    category.caseTimeLimitHours, category.active);
        }
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
