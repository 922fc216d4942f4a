package io.wangge.report.rest;

import io.wangge.report.Period;
import io.wangge.report.PeriodType;
import io.wangge.report.service.PeriodService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;

/** Reporting periods and their filing deadlines. */
@Path("/api/periods")
public class PeriodResource {

    public record PeriodView(String id, PeriodType type, LocalDate startsOn, LocalDate endsOn,
                             Map<String, OffsetDateTime> deadlines) {
    }

    @Inject
    PeriodService service;

    @GET
    @Path("/current")
    public PeriodView current(@QueryParam("type") @DefaultValue("WEEK") PeriodType type) {
        return view(service.current(type));
    }

    @GET
    @Path("/{id}")
    public PeriodView get(@PathParam("id") String id) {
        return view(service.resolve(id));
    }

    private PeriodView view(Period period) {
        return new PeriodView(period.id(), period.type(), period.startsOn(), period.endsOn(),
                service.deadlines(period));
    }
}
