package io.wangge.platform.events.types;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/** {@code wangge.grid}, published by grid-service: the full current state of nodes, posts, people, households. */
public final class GridTopic {

    public static final String TOPIC = "wangge.grid";
    public static final String OWNER = "/wangge/grid-service";

    public static final String NODE_CREATED = "wangge.node.created.v1";
    public static final String NODE_UPDATED = "wangge.node.updated.v1";
    public static final String NODE_MOVED = "wangge.node.moved.v1";
    public static final String NODE_RETIRED = "wangge.node.retired.v1";
    public static final String ASSIGNMENT_STARTED = "wangge.assignment.started.v1";
    public static final String ASSIGNMENT_ENDED = "wangge.assignment.ended.v1";
    public static final String PERSON_CHANGED = "wangge.person.changed.v1";
    public static final String HOUSEHOLD_CHANGED = "wangge.household.changed.v1";
    /** A fact, keyed by the visit's id: one record per visit, never replaced. */
    public static final String HOUSEHOLD_VISITED = "wangge.household.visited.v1";

    /** The types that carry a node's state (a move carries the state after it). */
    public static final Set<String> NODE_STATES = Set.of(NODE_CREATED, NODE_UPDATED, NODE_MOVED, NODE_RETIRED);
    /** The types that carry a post's state. */
    public static final Set<String> ASSIGNMENT_STATES = Set.of(ASSIGNMENT_STARTED, ASSIGNMENT_ENDED);

    private GridTopic() {
    }

    /** A node as it is now; {@code path} is its materialized path, ids from the root down. */
    public record Node(UUID nodeId, String code, String name, String level, UUID parentId, String path, int depth,
                       String status, long version) {
    }

    /** A staff post as it is now: a person at a node in a role, active or ended. */
    public record Assignment(UUID assignmentId, UUID personId, String accountId, String personName,
                             boolean partyMember, String partyBranch, UUID nodeId, String nodePath, String role,
                             boolean primary, LocalDate validFrom, LocalDate validTo, String status, long version) {
    }

    /**
     * One recorded visit to a household (包户走访): who visited (the person points go to; null when the visit was
     * recorded for nobody in the register), on which day in Asia/Shanghai, at which micro-grid.
     */
    public record HouseholdVisited(UUID visitId, UUID householdId, UUID microGridId, String microGridPath,
                                   UUID visitorPersonId, LocalDate visitedOn, String recordedBy) {
    }

    /**
     * A person as they are now; {@code accountId} is their login, if any; a party member's branch by id, with the
     * node it belongs to (where its secretary holds the BRANCH_SECRETARY post) and its name for display.
     */
    public record Person(UUID personId, String name, String accountId, boolean partyMember, String partyBranch,
                         UUID partyBranchId, UUID partyBranchNodeId, String status, long version) {
    }
}
