package io.wangge.grid.rest;

import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Table;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.wangge.grid.service.HouseholdImportService;
import io.wangge.grid.rest.Views.HouseholdView;
import io.wangge.grid.rest.Views.HouseholdVisitView;
import io.wangge.grid.service.HouseholdService;
import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Households (包户): registration, contact cadre, visits. */
@Path("/api/households")
public class HouseholdResource {

    @jakarta.inject.Inject
    HouseholdImportService householdImport;

    /** A new household of a micro-grid. */
    public record NewHousehold(
            @NotNull UUID microGridId,
            @NotBlank @Size(max = 200) String address,
            @NotBlank @Size(max = 50) String headName,
            @Min(0) @Max(100) int membersCount,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            UUID contactCadreId) {
    }

    /** A household's changeable details. */
    public record HouseholdChange(
            @NotBlank @Size(max = 200) String address,
            @NotBlank @Size(max = 50) String headName,
            @Min(0) @Max(100) int membersCount,
            @Size(max = 20) List<@NotBlank @Size(max = 50) String> tags,
            UUID contactCadreId) {
    }

    /** The contact cadre (包户干部); null clears it. */
    public record ContactCadre(UUID personId) {
    }

    /** A visit; {@code visitedOn} defaults to today (Asia/Shanghai), {@code visitorId} to the caller's person. */
    public record Visit(LocalDate visitedOn, UUID visitorId, @Size(max = 1000) String note) {
    }

    @Inject
    HouseholdService households;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull NewHousehold request) {
        HouseholdService.Placed placed = households.create(request.microGridId(), new HouseholdService.Details(
                request.address(), request.headName(), request.membersCount(), request.tags(),
                request.contactCadreId()));
        return Response.created(URI.create("/api/households/" + placed.household().id))
                .header(HttpHeaders.ETAG, Preconditions.etag(placed.household().version))
                .entity(HouseholdView.of(placed.household())).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(households.get(id));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull HouseholdChange request) {
        return withETag(households.update(id, ifMatch, new HouseholdService.Details(request.address(),
                request.headName(), request.membersCount(), request.tags(), request.contactCadreId())));
    }

    /** Marks the household removed; it stays in the history. */
    @DELETE
    @Path("/{id}")
    @Idempotent
    public Response remove(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(households.remove(id, ifMatch));
    }

    @PUT
    @Path("/{id}/contact-cadre")
    @Idempotent
    public Response contactCadre(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @Valid @NotNull ContactCadre request) {
        return withETag(households.setContactCadre(id, ifMatch, request.personId()));
    }

    @POST
    @Path("/{id}/visits")
    @Idempotent
    public Response visit(@PathParam("id") UUID id, @Valid Visit request) {
        Visit visit = request == null ? new Visit(null, null, null) : request;
        return withETag(households.recordVisit(id, visit.visitedOn(), visit.visitorId(), visit.note()));
    }

    /** The household's visits, the latest first (走访记录). */
    @GET
    @Path("/{id}/visits")
    public Page<HouseholdVisitView> visits(@PathParam("id") UUID id, @Valid @BeanParam PageRequest page) {
        return households.visits(id, page).map(v -> HouseholdVisitView.of(v.visit(), v.noteShown()));
    }

    private static Response withETag(HouseholdService.Placed placed) {
        return Response.ok(HouseholdView.of(placed.household()))
                .header(HttpHeaders.ETAG, Preconditions.etag(placed.household().version)).build();
    }

    /** Households of micro-grids from a sheet (CSV or xlsx). {@code dryRun} checks every row and writes nothing. */
    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, ImportSheet.XLSX, MediaType.APPLICATION_OCTET_STREAM})
    @Idempotent
    public ImportSummary importSheet(byte[] sheet, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                     @QueryParam("dryRun") boolean dryRun) {
        return householdImport.importHouseholds(sheet, type, dryRun);
    }

    /** The import sheet to fill in, with example rows. */
    @GET
    @Path("/import/template.xlsx")
    @Produces(ImportSheet.XLSX)
    public Response templateXlsx() {
        return HouseholdImportService.template().download(Table.Format.XLSX, "住户导入模板");
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/import/template.csv")
    @Produces("text/csv")
    public Response templateCsv() {
        return HouseholdImportService.template().download(Table.Format.CSV, "住户导入模板");
    }
}
