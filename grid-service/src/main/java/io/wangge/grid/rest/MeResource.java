package io.wangge.grid.rest;

import io.wangge.grid.rest.Views.AssignmentView;
import io.wangge.grid.rest.Views.HouseholdView;
import io.wangge.grid.rest.Views.PersonView;
import io.wangge.grid.service.AssignmentService;
import io.wangge.grid.service.HouseholdService;
import io.wangge.grid.service.PersonService;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.security.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The caller: its person, roles and the nodes it is assigned to. */
@Path("/api/me")
public class MeResource {

    /** Who is calling. */
    public record Me(String accountId, String username, Set<String> roles, PersonView person,
                     List<AssignmentView> assignments) {
    }

    @Inject
    Caller caller;

    @Inject
    PersonService people;

    @Inject
    AssignmentService assignments;

    @Inject
    HouseholdService households;

    @Inject
    io.wangge.grid.service.HouseholdSyncService householdSync;

    /**
     * The households the caller is the contact cadre of (包户); {@code notVisitedDays} keeps those nobody visited in
     * that many days, longest unvisited first. A login without a person has none.
     */
    @GET
    @Path("/households")
    public Page<HouseholdView> myHouseholds(@QueryParam("notVisitedDays") @Min(1) @Max(3650) Integer notVisitedDays,
                                            @Valid @BeanParam PageRequest page) {
        return people.me().map(me -> households.contactedBy(me.id, new HouseholdService.Filter(null, false,
                        notVisitedDays, null), page).map(HouseholdView::of))
                .orElseGet(() -> new Page<>(List.of(), page.page, page.size, 0, true));
    }

    /**
     * The households of the caller's place by delta, for a phone: changed since {@code cursor} (none: all of them),
     * in the order they changed, a household taken off the books as REMOVED; the cursor is the ETag, and an unchanged
     * list answers 304 to {@code If-None-Match}; {@code reset} when the caller's place changed since the cursor.
     */
    @GET
    @Path("/households/sync")
    public jakarta.ws.rs.core.Response householdSync(
            @QueryParam("cursor") @jakarta.validation.constraints.Size(max = 100) String cursor,
            @QueryParam("size") @jakarta.ws.rs.DefaultValue("200") @Min(1) @Max(1000) int size,
            @jakarta.ws.rs.HeaderParam(jakarta.ws.rs.core.HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        io.wangge.platform.sync.SyncPage<io.wangge.grid.Household> page = householdSync.changes(cursor, size);
        return new io.wangge.platform.sync.SyncPage<>(page.items().stream().map(HouseholdView::of).toList(),
                page.removed(), page.cursor(), page.more(), page.reset()).respond(ifNoneMatch);
    }

    @GET
    public Me me() {
        PersonView person = people.me().map(p -> PersonView.of(p, true)).orElse(null);
        return new Me(caller.accountId(), caller.username(), new TreeSet<>(caller.roles()), person,
                assignments.mine().stream().map(AssignmentView::of).toList());
    }
}
