package io.wangge.grid.demo;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.PartyBranch;
import io.wangge.grid.Person;
import io.wangge.grid.service.GridAccess;
import io.wangge.grid.service.GridEvents;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Loads a generated town in one transaction, publishing every node, person, assignment and household. */
@ApplicationScoped
public class DemoLoader {

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    /** What was loaded. */
    public record Summary(String countyId, String townId, int nodes, int people, int assignments,
                          int households) {
    }

    @Transactional
    public Summary load(ChangningDemo.Town town) {
        // the demo founds a county, as only the province's operator does
        access.requireRole(Roles.PROVINCE_ADMIN);
        String countyCode = town.nodes().get(0).code();
        if (GridNode.count("code", countyCode) > 0) {
            throw ProblemException.conflict("演示数据已加载 the demo county " + countyCode + " is already loaded");
        }
        String actor = access.actor();
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = LocalDate.now(clock);

        Map<String, GridNode> nodes = new HashMap<>();
        List<GridNode> nodeList = new ArrayList<>();
        for (ChangningDemo.Node spec : town.nodes()) {
            GridNode parent = spec.parentCode() == null ? null : nodes.get(spec.parentCode());
            GridNode node = new GridNode();
            node.id = UUID.randomUUID();
            node.code = spec.code();
            node.name = spec.name();
            node.level = spec.level();
            node.parentId = parent == null ? null : parent.id;
            GridPath path = parent == null ? GridPath.root(node.id) : parent.gridPath().child(node.id);
            node.path = path.value();
            node.depth = path.depth();
            node.households = spec.households();
            node.contactChannel = spec.contactChannel();
            node.created(actor, now);
            nodes.put(node.code, node);
            nodeList.add(node);
        }
        GridNode.persist(nodeList);

        Map<String, PartyBranch> branches = new HashMap<>();
        for (ChangningDemo.Branch spec : town.branches()) {
            PartyBranch branch = new PartyBranch();
            branch.id = UUID.randomUUID();
            branch.nodeId = nodes.get(spec.nodeCode()).id;
            branch.name = spec.name();
            branch.created(actor, now);
            branches.put(spec.name(), branch);
        }
        PartyBranch.persist(branches.values());

        List<Person> people = new ArrayList<>();
        List<Assignment> assignments = new ArrayList<>();
        Map<UUID, Person> personOf = new HashMap<>();
        for (ChangningDemo.Staff spec : town.staff()) {
            Person person = new Person();
            person.id = UUID.randomUUID();
            person.name = spec.name();
            person.phone = spec.phone();
            person.accountId = spec.accountId();
            person.partyMember = spec.partyMember();
            person.partyBranch = spec.partyBranch() == null ? null : branches.get(spec.partyBranch());
            person.created(actor, now);
            people.add(person);
            for (ChangningDemo.Post post : spec.posts()) {
                Assignment assignment = new Assignment();
                assignment.id = UUID.randomUUID();
                assignment.personId = person.id;
                assignment.nodeId = nodes.get(post.nodeCode()).id;
                assignment.role = post.role();
                assignment.primary = post.primary();
                assignment.validFrom = today.withDayOfYear(1);
                assignment.created(actor, now);
                assignments.add(assignment);
                personOf.put(assignment.id, person);
            }
        }
        Person.persist(people);
        Assignment.persist(assignments);

        List<Household> households = new ArrayList<>();
        for (ChangningDemo.Home spec : town.households()) {
            Household household = new Household();
            household.id = UUID.randomUUID();
            household.microGridId = nodes.get(spec.microGridCode()).id;
            household.address = spec.address();
            household.headName = spec.headName();
            household.membersCount = spec.members();
            household.tags = spec.tags().toArray(String[]::new);
            household.contactCadreId = people.get(spec.contactIndex()).id;
            household.created(actor, now);
            households.add(household);
        }
        Household.persist(households);

        events.flush();
        Map<UUID, GridNode> nodeById = new HashMap<>();
        nodeList.forEach(node -> nodeById.put(node.id, node));
        List<OutgoingEvent> outgoing = new ArrayList<>();
        nodeList.forEach(node -> outgoing.add(events.nodeEvent(GridTopic.NODE_CREATED, node)));
        people.forEach(person -> outgoing.add(events.personEvent(person)));
        assignments.forEach(a -> outgoing.add(events.assignmentEvent(a, personOf.get(a.id), nodeById.get(a.nodeId))));
        households.forEach(h -> outgoing.add(events.householdEvent(h, nodeById.get(h.microGridId))));
        events.recordAll(outgoing);

        return new Summary(nodeList.get(0).id.toString(), nodeList.get(1).id.toString(), nodeList.size(),
                people.size(), assignments.size(), households.size());
    }
}
