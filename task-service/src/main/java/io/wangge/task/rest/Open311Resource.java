package io.wangge.task.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.wangge.platform.rest.ProblemException;
import io.wangge.task.Category;
import io.wangge.task.ResidentCase;
import io.wangge.task.service.CaseService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Cases read through Open311 GeoReport v2 (JSON): services are the categories, requests are the cases, status
 * open or closed. Read-only; a token is required as everywhere else.
 */
@Path("/open311/v2")
public class Open311Resource {

    /** A GeoReport v2 service. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Service(@JsonProperty("service_code") String serviceCode,
                          @JsonProperty("service_name") String serviceName, String description, boolean metadata,
                          String type, String keywords, String group) {
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

    @Inject
    CaseService cases;

    @GET
    @Path("/services.json")
    public List<Service> services() {
        return Category.<Category>list("active = true ORDER BY code").stream()
                .map(c -> new Service(c.code, c.name, c.description, false, "realtime", null, "网格事项"))
                .toList();
    }

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
        return toRequests(cases.open311(serviceCode, open, startDate, endDate, limit));
    }

    @GET
    @Path("/requests/{id}.json")
    public List<Request> request(@PathParam("id") UUID id) {
        return toRequests(List.of(cases.get(id)));
    }

    private static List<Request> toRequests(List<ResidentCase> matters) {
        Map<String, String> names = Category.<Category>listAll().stream()
                .collect(Collectors.toMap(c -> c.code, c -> c.name));
        return matters.stream().map(c -> new Request(c.id.toString(), c.status.isClosed() ? "closed" : "open",
                c.lastNote, names.get(c.categoryCode), c.categoryCode, c.description, c.nodeName, null,
                c.reportedAt, c.updatedAt, c.deadlineAt, c.locationText, null, null, null, null)).toList();
    }

}
