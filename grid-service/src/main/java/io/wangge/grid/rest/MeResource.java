package io.wangge.grid.rest;

import io.wangge.grid.rest.Views.AssignmentView;
import io.wangge.grid.rest.Views.PersonView;
import io.wangge.grid.service.AssignmentService;
import io.wangge.grid.service.PersonService;
import io.wangge.platform.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

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

    @GET
    public Me me() {
        PersonView person = people.me().map(p -> PersonView.of(p, true)).orElse(null);
        return new Me(caller.accountId(), caller.username(), new TreeSet<>(caller.roles()), person,
                assignments.mine().stream().map(AssignmentView::of).toList());
    }
}
