package io.wangge.grid.service;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Level;
import io.wangge.grid.Person;
import io.wangge.grid.Role;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.Duties;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Who staffs each node, in which role, and who is the primary responsible person (主要负责人). */
@ApplicationScoped
public class AssignmentService {

    @Inject
    GridAccess access;

    @Inject
    Caller caller;

    @Inject
    PersonService people;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    /** An assignment with its person and node, as the API shows it. */
    public record Staffing(Assignment assignment, Person person, GridNode node) {
    }

    @Transactional
    public Staffing assign(UUID personId, UUID nodeId, Role role, boolean primary, LocalDate validFrom) {
        GridNode node = access.visibleNode(nodeId);
        access.requireStaffManager(node);
        requireMayPost(role, node);
        if (!node.isActive()) {
            throw ProblemException.conflict("网格已撤销 the node is retired");
        }
        Person person = Person.findById(personId);
        if (person == null || !people.isVisible(person)) {
            throw ProblemException.invalid("personId", "人员不存在 no such person");
        }
        Duties.notTheirOwn(caller.accountId(), "appoint", person.accountId);
        if (person.status != Person.Status.ACTIVE) {
            throw ProblemException.conflict(person.name + " 已停用 is inactive");
        }
        if (Assignment.count("personId = ?1 AND nodeId = ?2 AND role = ?3 AND status = ?4",
                personId, nodeId, role, Assignment.Status.ACTIVE) > 0) {
            throw ProblemException.conflict(person.name + " 已在 " + node.name + " 担任 " + role
                    + " already holds this role here");
        }
        if (primary) {
            Assignment current = Assignment.find("nodeId = ?1 AND role = ?2 AND primary = true AND status = ?3",
                    nodeId, role, Assignment.Status.ACTIVE).firstResult();
            if (current != null) {
                Person holder = Person.findById(current.personId);
                throw ProblemException.conflict(node.name + " 的 " + role + " 主要负责人已是 " + holder.name
                        + "，请先结束其任职 the primary is already " + holder.name + " (assignment " + current.id + ")");
            }
        }
        LocalDate today = LocalDate.now(clock);
        Assignment assignment = new Assignment();
        assignment.id = UUID.randomUUID();
        assignment.personId = personId;
        assignment.nodeId = nodeId;
        assignment.role = role;
        assignment.primary = primary;
        assignment.validFrom = validFrom == null ? today : validFrom;
        assignment.created(access.actor(), OffsetDateTime.now(clock));
        assignment.persist();
        events.assignment(GridTopic.ASSIGNMENT_STARTED, assignment, person, node);
        return new Staffing(assignment, person, node);
    }


    /** Who may appoint to, or end, a post of this role at this node (beyond managing the node's staff). */
    void requireMayPost(Role role, GridNode node) {
        if (role == Role.TOWN_CADRE && !caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            throw ProblemException.forbidden("只有镇级管理员可以任命镇干部 only town admins appoint town cadres");
        }
        // a branch's secretary is appointed by the party committee above the village, not by its cadres
        if (role == Role.BRANCH_SECRETARY && !caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN)) {
            throw ProblemException.forbidden("只有镇级管理员可以任命党支部书记 only town admins appoint branch secretaries");
        }
        if (role == Role.COUNTY_CADRE && (!caller.hasRole(Roles.PROVINCE_ADMIN) || node.level != Level.COUNTY)) {
            throw ProblemException.forbidden("县级干部只能由省级管理员在县级节点任命 county cadres are appointed at a"
                    + " county by the province admin");
        }
    }

    /**
     * Ends an assignment; it stays in the history with its end date. Ending a post takes what appointing to it
     * takes, and nobody ends their own.
     */
    @Transactional
    public Staffing end(UUID id, LocalDate validTo) {
        Assignment assignment = Assignment.findById(id);
        if (assignment == null) {
            throw ProblemException.notFound("任职", id);
        }
        GridNode node = access.visibleNode(assignment.nodeId);
        access.requireStaffManager(node);
        requireMayPost(assignment.role, node);
        Person holder = Person.findById(assignment.personId);
        Duties.notTheirOwn(caller.accountId(), "end the post of", holder == null ? null : holder.accountId);
        if (assignment.status == Assignment.Status.ENDED) {
            throw ProblemException.conflict("任职已于 " + assignment.validTo + " 结束 already ended");
        }
        LocalDate end = validTo == null ? LocalDate.now(clock) : validTo;
        if (end.isBefore(assignment.validFrom)) {
            throw ProblemException.invalid("validTo", "不能早于任职开始日 " + assignment.validFrom
                    + " must not precede validFrom");
        }
        assignment.status = Assignment.Status.ENDED;
        assignment.validTo = end;
        assignment.changed(access.actor(), OffsetDateTime.now(clock));
        Person person = Person.findById(assignment.personId);
        events.assignment(GridTopic.ASSIGNMENT_ENDED, assignment, person, node);
        return new Staffing(assignment, person, node);
    }

    public List<Staffing> ofNode(UUID nodeId, boolean includeEnded) {
        GridNode node = access.visibleNode(nodeId);
        List<Assignment> assignments = includeEnded
                ? Assignment.list("nodeId = ?1 ORDER BY role, primary DESC, validFrom, id", nodeId)
                : Assignment.list("nodeId = ?1 AND status = ?2 ORDER BY role, primary DESC, validFrom, id",
                nodeId, Assignment.Status.ACTIVE);
        return withPeople(assignments, Map.of(node.id, node));
    }

    public List<Staffing> ofPerson(UUID personId) {
        Person person = people.get(personId);
        List<Assignment> assignments = Assignment.list("personId = ?1 ORDER BY validFrom DESC, id", person.id);
        Map<UUID, GridNode> nodes = nodesOf(assignments);
        return assignments.stream()
                .filter(a -> access.isVisible(nodes.get(a.nodeId)))
                .map(a -> new Staffing(a, person, nodes.get(a.nodeId)))
                .toList();
    }

    /** The primary of each role on the node and up its ancestors, nearest first ("who is responsible here"). */
    public List<Staffing> responsible(UUID nodeId) {
        GridNode node = access.visibleNode(nodeId);
        List<Assignment> primaries = Assignment.list("nodeId IN ?1 AND primary = true AND status = ?2",
                node.gridPath().ids(), Assignment.Status.ACTIVE);
        List<Staffing> staffing = withPeople(primaries, nodesOf(primaries));
        return staffing.stream()
                .sorted(Comparator.comparingInt((Staffing s) -> -s.node().depth)
                        .thenComparing(s -> s.assignment().role))
                .toList();
    }

    /** The caller's own active assignments. */
    public List<Staffing> mine() {
        return people.me().map(person -> {
            List<Assignment> assignments = Assignment.list("personId = ?1 AND status = ?2 ORDER BY validFrom, id",
                    person.id, Assignment.Status.ACTIVE);
            Map<UUID, GridNode> nodes = nodesOf(assignments);
            return assignments.stream().map(a -> new Staffing(a, person, nodes.get(a.nodeId))).toList();
        }).orElse(List.of());
    }

    private static Map<UUID, GridNode> nodesOf(List<Assignment> assignments) {
        List<UUID> ids = assignments.stream().map(a -> a.nodeId).distinct().toList();
        return ids.isEmpty() ? Map.of() : GridNode.<GridNode>list("id IN ?1", ids).stream()
                .collect(Collectors.toMap(n -> n.id, Function.identity()));
    }

    private static List<Staffing> withPeople(List<Assignment> assignments, Map<UUID, GridNode> nodes) {
        List<UUID> ids = assignments.stream().map(a -> a.personId).distinct().toList();
        Map<UUID, Person> byId = ids.isEmpty() ? Map.of() : Person.<Person>list("id IN ?1", ids).stream()
                .collect(Collectors.toMap(p -> p.id, Function.identity()));
        return assignments.stream().map(a -> new Staffing(a, byId.get(a.personId), nodes.get(a.nodeId))).toList();
    }
}
