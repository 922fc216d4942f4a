package io.wangge.grid.rest;

import io.wangge.platform.rest.ImportSheet;
import io.wangge.platform.rest.ImportSummary;
import io.wangge.platform.rest.Table;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.wangge.grid.service.StaffImportService;
import io.wangge.grid.Person;
import io.wangge.grid.rest.Views.AssignmentView;
import io.wangge.grid.rest.Views.PersonView;
import io.wangge.grid.service.AssignmentService;
import io.wangge.grid.service.PersonService;
import io.wangge.platform.idempotency.Idempotent;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.Preconditions;
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
import java.util.List;
import java.util.UUID;

/** People of the net and their assignments. */
@Path("/api/people")
public class PersonResource {

    @jakarta.inject.Inject
    StaffImportService staffImport;

    static final String PHONE = "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}";

    /** A person's details. */
    public record PersonRequest(
            @NotBlank @Size(max = 50) String name,
            @Pattern(regexp = PHONE, message = "须为手机号或固定电话 must be a mobile or landline number") String phone,
            @Size(max = 200) String accountId,
            boolean partyMember,
            UUID partyBranchId,
            Person.Status status) {

        PersonService.Details details() {
            return new PersonService.Details(name, phone, accountId == null || accountId.isBlank() ? null
                    : accountId.trim(), partyMember, partyBranchId);
        }
    }

    @Inject
    PersonService people;

    @Inject
    AssignmentService assignments;

    @POST
    @Idempotent
    public Response create(@Valid @NotNull PersonRequest request) {
        Person person = people.create(request.details());
        return Response.created(URI.create("/api/people/" + person.id))
                .header(HttpHeaders.ETAG, Preconditions.etag(person.version))
                .entity(PersonView.of(person, people.showsPhoneOf(person))).build();
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id) {
        return withETag(people.get(id));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Valid @NotNull PersonRequest request) {
        return withETag(people.update(id, ifMatch, request.details(), request.status()));
    }

    @GET
    public Page<PersonView> list(@QueryParam("q") @Size(max = 50) String text,
                                 @QueryParam("partyMember") Boolean partyMember,
                                 @QueryParam("branchId") UUID branchId,
                                 @Valid @BeanParam PageRequest page) {
        return people.list(text, partyMember, branchId, page).map(p -> PersonView.of(p, people.showsPhoneOf(p)));
    }

    @GET
    @Path("/{id}/assignments")
    public List<AssignmentView> assignments(@PathParam("id") UUID id) {
        return assignments.ofPerson(id).stream().map(AssignmentView::of).toList();
    }

    private Response withETag(Person person) {
        return Response.ok(PersonView.of(person, people.showsPhoneOf(person)))
                .header(HttpHeaders.ETAG, Preconditions.etag(person.version)).build();
    }

    /** Staff and their posts from a sheet (CSV or xlsx), one row per post. {@code dryRun} checks every row and writes nothing. */
    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, ImportSheet.XLSX, MediaType.APPLICATION_OCTET_STREAM})
    @Idempotent
    public ImportSummary importSheet(byte[] sheet, @HeaderParam(HttpHeaders.CONTENT_TYPE) String type,
                                     @QueryParam("dryRun") boolean dryRun) {
        return staffImport.importStaff(sheet, type, dryRun);
    }

    /** The import sheet to fill in, with example rows. */
    @GET
    @Path("/import/template.xlsx")
    @Produces(ImportSheet.XLSX)
    public Response templateXlsx() {
        return StaffImportService.template().download(Table.Format.XLSX, "人员导入模板");
    }

    /** The same as CSV (UTF-8 with BOM). */
    @GET
    @Path("/import/template.csv")
    @Produces("text/csv")
    public Response templateCsv() {
        return StaffImportService.template().download(Table.Format.CSV, "人员导入模板");
    }
}
