package io.wangge.task.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.task.Category;
import io.wangge.task.ResidentCase;
import io.wangge.task.media.MediaStore;
import io.wangge.task.service.CaseService;
import io.wangge.task.service.IntakeService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2 (JSON). Residents' requests come in through registered clients with an api key (a grid
 * group's robot, a mini-program, a 12345 hotline system): {@code POST requests.json}, form-encoded, or multipart
 * with up to three photos as {@code media}. The reporter follows the request with the token the reply gives.
 * Services are the categories (public); the list of requests is staff's, in their place.
 */
@Path("/open311/v2")
public class Open311Resource {

    /** A GeoReport v2 service. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Service(@JsonProperty("service_code") String serviceCode,
                          @JsonProperty("service_name") String serviceName, String description, boolean metadata,
                          String type, String keywords, String group) {
    }

    /** A GeoReport v2 service definition: no extra attributes are asked for. */
    public record Definition(@JsonProperty("service_code") String serviceCode, List<Object> attributes) {
    }

    /** A GeoReport v2 service request. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Request(@JsonProperty("service_request_id") String id, String status,
                          @JsonProperty("status_notes") String statusNotes,
                          @JsonProperty("service_name") String serviceName,
                          @JsonProperty("service_code") String serviceCode, String description,
                          @JsonProperty("agency_responsible") String agencyResponsible,
                          @JsonProperty("service_notice") String serviceNotice,
                          @JsonProperty("requested_datetime") OffsetDateTime requested,
                          @JsonProperty("updated_datetime") OffsetDateTime updated,
                          @JsonProperty("expected_datetime") OffsetDateTime expected, String address,
                          @JsonProperty("address_id") String addressId, Double lat, @JsonProperty("long") Double lon,
                          @JsonProperty("media_url") String mediaUrl) {
    }

    /** The reply to a posted request: its id and the token its reporter follows it with. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Created(@JsonProperty("service_request_id") String id, String token,
                          @JsonProperty("service_notice") String serviceNotice,
                          @JsonProperty("account_id") String accountId) {
    }

    /** A token and the request it follows. */
    public record Token(@JsonProperty("service_request_id") String id, String token) {
    }

    @Inject
    CaseService cases;

    @Inject
    IntakeService intake;

    @Inject
    MediaStore media;

    @Inject
    Caller caller;

    @GET
    @Path("/services.json")
    @PermitAll
    public List<Service> services() {
        return Category.<Category>list("active = true ORDER BY code").stream()
                .map(c -> new Service(c.code, c.name, c.description, false, "realtime", null, "网格事项"))
                .toList();
    }

    @GET
    @Path("/services/{code}.json")
    @PermitAll
    public Definition service(@PathParam("code") String code) {
        Category category = Category.findById(code);
        if (category == null || !category.active) {
            throw new Open311Exception(404, "service_code " + code + " 不存在 not found");
        }
        return new Definition(category.code, List.of());
    }

    /** A request posted form-encoded (without photos). */
    @POST
    @Path("/requests.json")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response post(@RestForm("api_key") String apiKey, @RestForm("jurisdiction_id") String jurisdictionId,
                         @RestForm("service_code") String serviceCode, @RestForm("lat") String lat,
                         @RestForm("long") String lon, @RestForm("address_string") String address,
                         @RestForm("address_id") String addressId, @RestForm("description") String description,
                         @RestForm("first_name") String firstName, @RestForm("last_name") String lastName,
                         @RestForm("phone") String phone) {
        return created(intake.intake(new IntakeService.Request(apiKey, jurisdictionId, serviceCode,
                number(lat, "lat"), number(lon, "long"), address, addressId, description, firstName, lastName, phone,
                List.of())));
    }

    /** A request posted as multipart, with up to three photos as {@code media}. */
    @POST
    @Path("/requests.json")
    @PermitAll
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response postWithMedia(@RestForm("api_key") String apiKey,
                                  @RestForm("jurisdiction_id") String jurisdictionId,
                                  @RestForm("service_code") String serviceCode, @RestForm("lat") String lat,
                                  @RestForm("long") String lon, @RestForm("address_string") String address,
                                  @RestForm("address_id") String addressId,
                                  @RestForm("description") String description,
                                  @RestForm("first_name") String firstName, @RestForm("last_name") String lastName,
                                  @RestForm("phone") String phone, @RestForm("media") List<FileUpload> photos) {
        if (photos != null && photos.size() > IntakeService.MAX_MEDIA) { // before a byte of them is read
            throw new Open311Exception(400, "media 最多 " + IntakeService.MAX_MEDIA + " 张 at most "
                    + IntakeService.MAX_MEDIA + " photos");
        }
        List<IntakeService.Upload> uploads = new ArrayList<>();
        for (FileUpload photo : photos == null ? List.<FileUpload>of() : photos) {
            if (photo.size() > MediaStore.MAX_BYTES) {
                throw new Open311Exception(400, "media 须小于 " + MediaStore.MAX_BYTES / 1000 + " KB media must be"
                        + " under " + MediaStore.MAX_BYTES + " bytes");
            }
            try {
                uploads.add(new IntakeService.Upload(photo.contentType(), Files.readAllBytes(photo.uploadedFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return created(intake.intake(new IntakeService.Request(apiKey, jurisdictionId, serviceCode,
                number(lat, "lat"), number(lon, "long"), address, addressId, description, firstName, lastName, phone,
                uploads)));
    }

    /** The request a token follows. */
    @GET
    @Path("/tokens/{token}.json")
    @PermitAll
    public List<Token> token(@PathParam("token") String token) {
        IntakeService.Followed followed = intake.followed(token).orElseThrow(() -> new Open311Exception(404,
                "token 不存在 unknown token"));
        return List.of(new Token(followed.matter().id.toString(), token));
    }

    /** The requests in the caller's place (staff). */
    @GET
    @Path("/requests.json")
    public List<Request> requests(@QueryParam("service_code") String serviceCode,
                                  @QueryParam("status") String status,
                                  @QueryParam("start_date") OffsetDateTime startDate,
                                  @QueryParam("end_date") OffsetDateTime endDate,
                                  @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        Boolean open = null;
        if (status != null) {
            if (!status.equals("open") && !status.equals("closed")) {
                throw ProblemException.invalid("status", "须为 open 或 closed must be open or closed");
            }
            open = status.equals("open");
        }
        return toRequests(cases.open311(serviceCode, open, startDate, endDate, limit), true);
    }

    /** One request: for staff of its place, or for its reporter with the token the reply gave. */
    @GET
    @Path("/requests/{id}.json")
    @PermitAll
    public List<Request> request(@PathParam("id") UUID id, @QueryParam("token") String token) {
        Readable readable = readable(id, token);
        return toRequests(List.of(readable.matter()), readable.whole());
    }

    /** A photo of a request: for staff of its place, or for its reporter with their token. */
    @GET
    @Path("/media/{id}")
    @PermitAll
    public Response medium(@PathParam("id") UUID id, @QueryParam("token") String token) {
        Optional<MediaStore.Medium> medium = media.find(id);
        boolean shown;
        try {
            // a task's evidence and staff's photos of a case are staff's, never a resident's to follow
            shown = medium.isPresent() && medium.get().caseId() != null
                    && (medium.get().uploadedBy() == null || caller.isAuthenticated())
                    && readable(medium.get().caseId(), token).whole();
        } catch (Open311Exception | ProblemException e) {
            shown = false;
        }
        if (!shown) {
            throw new Open311Exception(404, "media 不存在 not found");
        }
        return Response.ok(medium.get().bytes(), medium.get().contentType())
                .header("Cache-Control", "private, max-age=3600").header("X-Content-Type-Options", "nosniff").build();
    }

    /** A request as its reader may see it: whole (staff of its place, its reporter) or only where it stands. */
    private record Readable(ResidentCase matter, boolean whole) {
    }

    private Readable readable(UUID id, String token) {
        Optional<IntakeService.Followed> followed = intake.followed(token);
        if (followed.isPresent() && followed.get().matter().id.equals(id)) {
            return new Readable(followed.get().matter(), followed.get().reporter());
        }
        if (caller.isAuthenticated()) {
            return new Readable(cases.get(id), true);
        }
        throw new Open311Exception(404, "请求不存在，或 token 不符 no such request for this token");
    }

    private Response created(IntakeService.Accepted accepted) {
        String notice = accepted.duplicate()
                ? "该问题已有人反映，已并入同一诉求办理 already reported: joined to the same request"
                : "已受理，将在 " + accepted.matter().deadlineAt.toLocalDate() + " 前办结 taken; due by the deadline";
        return Response.status(201).header("Cache-Control", "no-store").entity(List.of(new Created(
                accepted.matter().id.toString(), accepted.token(), notice, null))).build();
    }

    private static Double number(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new Open311Exception(400, field + " 须为数字 must be a number");
        }
    }

    /**
     * GeoReport requests; {@code whole} false (the reporter of a duplicate) leaves out another resident's words,
     * place and photos.
     */
    private List<Request> toRequests(List<ResidentCase> matters, boolean whole) {
        Map<String, String> names = Category.<Category>listAll().stream()
                .collect(Collectors.toMap(c -> c.code, c -> c.name));
        return matters.stream().map(c -> {
            List<UUID> photos = media.fromResident(c.id);
            return new Request(c.id.toString(), c.status.isClosed() ? "closed" : "open", statusNote(c),
                    names.get(c.categoryCode), c.categoryCode, whole ? c.description : null, c.nodeName, null,
                    c.reportedAt, c.updatedAt, c.deadlineAt, whole ? c.locationText : null, null,
                    !whole || c.lat == null ? null : c.lat.doubleValue(), !whole || c.lon == null ? null
                            : c.lon.doubleValue(), !whole || photos.isEmpty() ? null : "/open311/v2/media/"
                            + photos.get(0));
        }).toList();
    }

    /**
     * What a resident reads of where their matter stands: the step, and what was said to them (how it was handled,
     * why it is not ours, why it was taken up again) — never the staff's own remarks, handlers or reasons.
     */
    private static String statusNote(ResidentCase c) {
        String step = switch (c.status) {
            case REPORTED -> "已收到，待立案";
            case REGISTERED -> c.reopened > 0 ? "已重新立案办理" : "已立案";
            case DISPATCHED -> "已派遣处置";
            case HANDLED -> "已处置，待核查";
            case VERIFIED -> "已核查，待结案";
            case RETURNED -> "核查未通过，重新处置";
            case ESCALATED -> "已上报上级";
            case CLOSED -> c.followUpResult == null ? "已办结" : "已办结并回访";
            case NOT_RESPONSIBLE -> "不属本级受理范围";
        };
        String last = io.wangge.task.CaseHistory.<io.wangge.task.CaseHistory>find("caseId = ?1 ORDER BY id DESC",
                c.id).firstResultOptional().map(h -> h.action).orElse("");
        boolean told = java.util.Set.of("HANDLE", "REJECT", "REOPEN").contains(last);
        return !told || c.lastNote == null || c.lastNote.isBlank() ? step : step + "：" + c.lastNote;
    }
}
