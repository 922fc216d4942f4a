package io.wangge.grid.service;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.HouseholdVisit;
import io.wangge.grid.Person;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.wangge.platform.events.types.GridTopic.ASSIGNMENT_ENDED;
import static io.wangge.platform.events.types.GridTopic.ASSIGNMENT_STARTED;
import static io.wangge.platform.events.types.GridTopic.HOUSEHOLD_CHANGED;
import static io.wangge.platform.events.types.GridTopic.HOUSEHOLD_VISITED;
import static io.wangge.platform.events.types.GridTopic.NODE_MOVED;
import static io.wangge.platform.events.types.GridTopic.PERSON_CHANGED;

/**
 * Turns grid-service's state into the events of {@code wangge.grid}. Every event carries the full current
 * state of its node, assignment, person or household, so the latest record of each key is right on its own.
 */
@ApplicationScoped
public class GridEvents {

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    public void node(String type, GridNode node) {
        flush();
        outbox.record(OutgoingEvent.of(type, node.id, nodeState(node)));
    }

    public void nodes(String type, List<GridNode> nodes) {
        flush();
        List<OutgoingEvent> events = new ArrayList<>(nodes.size());
        for (GridNode node : nodes) {
            events.add(OutgoingEvent.of(type, node.id, nodeState(node)));
        }
        outbox.recordAll(events);
    }

    /** A moved subtree: one event per node, each with where it was. */
    public void moved(List<Moved> moves) {
        flush();
        List<OutgoingEvent> events = new ArrayList<>(moves.size());
        for (Moved move : moves) {
            Map<String, Object> state = nodeState(move.node());
            state.put("previousParentId", move.previousParentId());
            state.put("previousPath", move.previousPath());
            state.put("movedRootId", move.movedRootId());
            events.add(OutgoingEvent.of(NODE_MOVED, move.node().id, state));
        }
        outbox.recordAll(events);
    }

    public void assignment(String type, Assignment assignment, Person person, GridNode node) {
        flush();
        outbox.record(OutgoingEvent.of(type, assignment.id, assignmentState(assignment, person, node)));
    }

    public void recordAll(List<OutgoingEvent> events) {
        outbox.recordAll(events);
    }

    public OutgoingEvent assignmentEvent(Assignment assignment, Person person, GridNode node) {
        String type = assignment.status == Assignment.Status.ACTIVE ? ASSIGNMENT_STARTED : ASSIGNMENT_ENDED;
        return OutgoingEvent.of(type, assignment.id, assignmentState(assignment, person, node));
    }

    public void person(Person person) {
        flush();
        outbox.record(OutgoingEvent.of(PERSON_CHANGED, person.id, personState(person)));
    }

    public OutgoingEvent personEvent(Person person) {
        return OutgoingEvent.of(PERSON_CHANGED, person.id, personState(person));
    }

    public void household(Household household, GridNode microGrid) {
        flush();
        outbox.record(householdEvent(household, microGrid));
    }

    public OutgoingEvent householdEvent(Household household, GridNode microGrid) {
        return OutgoingEvent.of(HOUSEHOLD_CHANGED, household.id, householdState(household, microGrid));
    }

    public void visited(HouseholdVisit visit, GridNode microGrid) {
        outbox.record(OutgoingEvent.of(HOUSEHOLD_VISITED, visit.id, visitState(visit, microGrid)));
    }

    public OutgoingEvent nodeEvent(String type, GridNode node) {
        return OutgoingEvent.of(type, node.id, nodeState(node));
    }

    /**
     * Writes pending changes first, so the state in the event carries the version the change is given.
     * Callers that build events themselves ({@code *Event} methods) flush before.
     */
    public void flush() {
        entityManager.flush();
    }

    /** A node of a moved subtree, with its place before the move. */
    public record Moved(GridNode node, java.util.UUID previousParentId, String previousPath,
                        java.util.UUID movedRootId) {
    }

    static Map<String, Object> nodeState(GridNode node) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nodeId", node.id);
        state.put("code", node.code);
        state.put("name", node.name);
        state.put("level", node.level);
        state.put("parentId", node.parentId);
        state.put("path", node.path);
        state.put("depth", node.depth);
        state.put("status", node.status);
        state.put("version", node.version);
        state.put("households", node.households);
        state.put("population", node.population);
        state.put("areaKm2", node.areaKm2);
        state.put("contactChannel", node.contactChannel);
        state.put("boundary", node.boundary);
        state.put("changedBy", node.updatedBy);
        state.put("changedAt", timestamp(node.updatedAt));
        return state;
    }

    static Map<String, Object> assignmentState(Assignment assignment, Person person, GridNode node) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("assignmentId", assignment.id);
        state.put("personId", person.id);
        state.put("accountId", person.accountId);
        state.put("personName", person.name);
        state.put("partyMember", person.partyMember);
        state.put("partyBranch", person.partyBranchName());
        state.put("nodeId", node.id);
        state.put("nodePath", node.path);
        state.put("nodeLevel", node.level);
        state.put("role", assignment.role);
        state.put("primary", assignment.primary);
        state.put("validFrom", assignment.validFrom);
        state.put("validTo", assignment.validTo);
        state.put("status", assignment.status);
        state.put("version", assignment.version);
        state.put("changedBy", assignment.updatedBy);
        state.put("changedAt", timestamp(assignment.updatedAt));
        return state;
    }

    static Map<String, Object> personState(Person person) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("personId", person.id);
        state.put("name", person.name);
        state.put("accountId", person.accountId);
        state.put("phoneMasked", person.maskedPhone());
        state.put("partyMember", person.partyMember);
        state.put("partyBranch", person.partyBranchName());
        state.put("partyBranchId", person.partyBranchId());
        state.put("partyBranchNodeId", person.partyBranch == null ? null : person.partyBranch.nodeId);
        state.put("status", person.status);
        state.put("version", person.version);
        state.put("changedBy", person.updatedBy);
        state.put("changedAt", timestamp(person.updatedAt));
        return state;
    }

    static Map<String, Object> visitState(HouseholdVisit visit, GridNode microGrid) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("visitId", visit.id);
        state.put("householdId", visit.householdId);
        state.put("microGridId", microGrid.id);
        state.put("microGridPath", microGrid.path);
        state.put("visitorPersonId", visit.visitorId);
        state.put("visitedOn", visit.visitedOn);
        state.put("recordedBy", visit.recordedBy);
        state.put("recordedAt", timestamp(visit.recordedAt));
        return state;
    }

    static Map<String, Object> householdState(Household household, GridNode microGrid) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("householdId", household.id);
        state.put("microGridId", household.microGridId);
        state.put("microGridPath", microGrid.path);
        state.put("address", household.address);
        state.put("headName", household.headName);
        state.put("membersCount", household.membersCount);
        state.put("tags", List.of(household.tags));
        state.put("contactCadreId", household.contactCadreId);
        state.put("lastVisitedOn", household.lastVisitedOn);
        state.put("visitCount", household.visitCount);
        state.put("status", household.status);
        state.put("version", household.version);
        state.put("changedBy", household.updatedBy);
        state.put("changedAt", timestamp(household.updatedAt));
        return state;
    }

    private static String timestamp(OffsetDateTime at) {
        return EventTime.format(at);
    }
}
