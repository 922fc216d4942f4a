package io.wangge.grid.rest;

import io.wangge.grid.GridNode;
import io.wangge.grid.Level;
import io.wangge.grid.rest.Views.AssignmentView;
import io.wangge.grid.rest.Views.HouseholdView;
import io.wangge.grid.rest.Views.NodeSummary;
import io.wangge.grid.rest.Views.NodeView;
import io.wangge.grid.service.AssignmentService;
import io.wangge.grid.service.GridImportService;
import io.wangge.grid.service.GridNodeService;
import io.wangge.grid.service.HouseholdService;
import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Table;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The grid tree: nodes, subtrees, breadcrumbs, moves, retirement and bulk import. */
@Path("/api/grids")
public class GridResource {

    /**
     * Every event of a node carries its boundary, and Kafka takes at most 1 MiB a record: a boundary is held to
     * 512 KiB of GeoJSON so that every node a request may create or update can still be published.
     */
    static final int MAX_BOUNDARY_BYTES = 512 * 1024;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Set<String> GEOJSON_TYPES = Set.of("Point", "MultiPoint", "LineString",
            "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection", "Feature");

    /** A new node. */
    public record NewNode(
            @NotBlank @Size(max = 18) String code,
            @NotBlank @Size(max = 100) String name,
            @NotNull Level level,
            UUID parentId,
            @PositiveOrZero Integer households,
            @PositiveOrZero Integer population,
            @DecimalMin("0") BigDecimal areaKm2,
            @Size(max = 500) String contactChannel,
            Map<String, Object> boundary) {
    }

    /** A node's changeable attributes (code, level and place are not changed here). */
    public record NodeChange(
            @NotBlank @Size(max = 100) String name,
            @PositiveOrZero Integer households,
            @PositiveOrZero Integer population,
            @DecimalMin("0") BigDecimal areaKm2,
            @Size(max = 500) String contactChannel,
            Map<String, Object> boundary) {
    }

    /** Where to move a node. */
    public record Move(@NotNull UUID newParentId) {
    }

    @Inject
    GridNodeService nodes;

    @Inject
    GridImportService importer;

    @Inject
    AssignmentService assignments;

    @Inject
    HouseholdService households;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull NewNode request) {
        GridNode node = nodes.create(request.code(), request.level(), request.parentId(),
                new GridNodeService.Attributes(request.name(), request.households(), request.population(),
                        request.areaKm2(), request.contactChannel(), boundary(request.boundary())));
        return Response.created(URI.create("/api/grids/" + node.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(node.version)).entity(NodeView.of(node)).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(nodes.get(id));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull NodeChange request) {
        return withETag(nodes.update(id, ifMatch, new GridNodeService.Attributes(request.name(),
                request.households(), request.population(), request.areaKm2(), request.contactChannel(),
                boundary(request.boundary()))));
    }

    @POST
    @Path("/{id}/retire")
    @Idempotent
    public Response retire(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return withETag(nodes.retire(id, ifMatch));
    }

    @POST
    @Path("/{id}/move")
    @Idempotent
    public Response move(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         @Valid @NotNull Move request) {
        return withETag(nodes.move(id, request.newParentId(), ifMatch));
    }

    @GET
    @Path("/{id}/children")
    public Page<NodeView> children(@PathParam("id") UUID id, @QueryParam("includeRetired") boolean includeRetired,
                                   @Valid @BeanParam PageRequest page) {
        return nodes.children(id, includeRetired, page).map(NodeView::of);
    }

    @GET
    @Path("/{id}/subtree")
    public Page<NodeView> subtree(@PathParam("id") UUID id, @QueryParam("level") Level level,
                                  @QueryParam("includeRetired") boolean includeRetired,
                                  @Valid @BeanParam PageRequest page) {
        return nodes.subtree(id, level, includeRetired, page).map(NodeView::of);
    }

    @GET
    @Path("/{id}/ancestors")
    public List<NodeSummary> ancestors(@PathParam("id") UUID id) {
        return nodes.ancestors(id).stream().map(NodeSummary::of).toList();
    }

    /** Search the caller's place by name (contains) or code (prefix). */
    @GET
    public Page<NodeView> search(@QueryParam("q") @Size(max = 100) String text,
                                 @QueryParam("codePrefix") @Size(max = 18) String codePrefix,
                                 @QueryParam("level") Level level,
                                 @QueryParam("includeRetired") boolean includeRetired,
                                 @Valid @BeanParam PageRequest page) {
        return nodes.search(text, codePrefix, level, includeRetired, page).map(NodeView::of);
    }

    /**
     * Creates or updates a whole tree from a sheet: CSV (code,name,level,parent_code,households,contact_channel or the
     * Chinese headers; UTF-8 with or without a BOM, or GBK as Chinese Excel saves it) or xlsx. {@code dryRun}
     * checks every row and writes nothing.
     */
    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, ImportSheet.XLSX, MediaType.APPLICATION_OCTET_STREAM})
    @Idempotent
    public ImportSummary importTree(byte[] sheet, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                    @QueryParam("dryRun") boolean dryRun) {
        return importer.importTree(sheet, type, dryRun);
    }

    /** The tree's import sheet to fill in, with example rows. */
    @GET
    @Path("/import/template.xlsx")
    @Produces(ImportSheet.XLSX)
    public Response treeTemplateXlsx() {
        return GridImportService.template().download(Table.Format.XLSX, "网格导入模板");
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/import/template.csv")
    @Produces("text/csv")
    public Response treeTemplateCsv() {
        return GridImportService.template().download(Table.Format.CSV, "网格导入模板");
    }

    @GET
    @Path("/{id}/assignments")
    public List<AssignmentView> assignments(@PathParam("id") UUID id,
                                            @QueryParam("includeEnded") boolean includeEnded) {
        return assignments.ofNode(id, includeEnded).stream().map(AssignmentView::of).toList();
    }

    /** The primary responsible person of each role here and above, nearest first. */
    @GET
    @Path("/{id}/responsible")
    public List<AssignmentView> responsible(@PathParam("id") UUID id) {
        return assignments.responsible(id).stream().map(AssignmentView::of).toList();
    }

    @GET
    @Path("/{id}/households")
    public Page<HouseholdView> households(@PathParam("id") UUID id, @QueryParam("tag") String tag,
                                          @QueryParam("includeRemoved") boolean includeRemoved,
                                          @QueryParam("notVisitedDays") @Min(1) @Max(3650) Integer notVisitedDays,
                                          @QueryParam("contactCadreId") UUID contactCadreId,
                                          @Valid @BeanParam PageRequest page) {
        return households.under(id, new HouseholdService.Filter(tag, includeRemoved, notVisitedDays,
                contactCadreId), page).map(HouseholdView::of);
    }

    /** The households of the node's micro-grids (包户台账) as xlsx, with the same filters as the list. */
    @GET
    @Path("/{id}/households.xlsx")
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response householdsXlsx(@PathParam("id") UUID id, @QueryParam("tag") String tag,
                                   @QueryParam("includeRemoved") boolean includeRemoved,
                                   @QueryParam("notVisitedDays") @Min(1) @Max(3650) Integer notVisitedDays,
                                   @QueryParam("contactCadreId") UUID contactCadreId) {
        Table table = households.table(id, new HouseholdService.Filter(tag, includeRemoved,
                notVisitedDays, contactCadreId));
        return table.download(Table.Format.XLSX, table.title());
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/{id}/households.csv")
    @Produces("text/csv")
    public Response householdsCsv(@PathParam("id") UUID id, @QueryParam("tag") String tag,
                                  @QueryParam("includeRemoved") boolean includeRemoved,
                                  @QueryParam("notVisitedDays") @Min(1) @Max(3650) Integer notVisitedDays,
                                  @QueryParam("contactCadreId") UUID contactCadreId) {
        Table table = households.table(id, new HouseholdService.Filter(tag, includeRemoved,
                notVisitedDays, contactCadreId));
        return table.download(Table.Format.CSV, table.title());
    }

    private static Response withETag(GridNode node) {
        return Response.ok(NodeView.of(node)).header(HttpHeaders.ETAG, Preconditions.etag(node.version)).build();
    }

    private static Map<String, Object> boundary(Map<String, Object> geoJson) {
        if (geoJson != null && !GEOJSON_TYPES.contains(String.valueOf(geoJson.get("type")))) {
            throw ProblemException.invalid("boundary", "须为 GeoJSON 几何对象 must be a GeoJSON geometry");
        }
        if (geoJson != null) {
            int size;
            try {
                size = JSON.writeValueAsBytes(geoJson).length;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ProblemException.invalid("boundary", "须为 GeoJSON 几何对象 must be a GeoJSON geometry");
            }
            if (size > MAX_BOUNDARY_BYTES) {
                throw ProblemException.invalid("boundary", "边界过于精细，请简化到 512 KiB 以内 at most 512 KiB of GeoJSON"
                        + " (this one is " + size / 1024 + " KiB): simplify the polygon");
            }
        }
        return geoJson;
    }
}
