package io.wangge.grid.service;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Person;
import io.wangge.platform.events.types.GridTopic;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.Caller;
import io.wangge.platform.security.GridPath;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * People of the net. A person is visible to those whose place holds one of their assignments (and to
 * themselves); admins also see people not yet placed anywhere, so they can assign them.
 */
@ApplicationScoped
public class PersonService {

    private static final String PLACED_IN = "EXISTS (SELECT 1 FROM Assignment a, GridNode n"
            + " WHERE a.personId = p.id AND n.id = a.nodeId AND %s)";
    /** A party member is placed by their branch too: at the branch's node. */
    private static final String IN_BRANCH_IN = "EXISTS (SELECT 1 FROM PartyBranch b, GridNode bn"
            + " WHERE b = p.partyBranch AND bn.id = b.nodeId AND %s)";
    private static final String UNPLACED = "NOT EXISTS (SELECT 1 FROM Assignment a WHERE a.personId = p.id)"
            + " AND NOT EXISTS (SELECT 1 FROM PartyBranch b WHERE b = p.partyBranch AND b.nodeId IS NOT NULL)";

    @Inject
    GridAccess access;

    @Inject
    Caller caller;

    @Inject
    GridEvents events;

    @Inject
    PartyBranchService branches;

    @Inject
    Clock clock;

    /** A person's editable fields. */
    public record Details(String name, String phone, String accountId, boolean partyMember, UUID partyBranchId) {
    }

    @Transactional
    public Person create(Details details) {
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        requireFreeAccount(details.accountId(), null);
        Person person = new Person();
        person.id = UUID.randomUUID();
        apply(person, details);
        person.created(access.actor(), OffsetDateTime.now(clock));
        person.persist();
        events.person(person);
        return person;
    }

    public Person get(UUID id) {
        Person person = Person.findById(id);
        if (person == null || !isVisible(person)) {
            throw ProblemException.notFound("人员", id);
        }
        return person;
    }

    @Transactional
    public Person update(UUID id, String ifMatch, Details details, Person.Status status) {
        Person person = get(id);
        access.requireRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        LifeCycle.change(person.version, ifMatch);
        requireFreeAccount(details.accountId(), person.id);
        String loginBefore = person.accountId;
        Person.Status statusBefore = person.status;
        apply(person, details);
        if (status != null) {
            person.status = status;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        person.changed(access.actor(), now);
        events.person(person);
        followPosts(person, person.status == Person.Status.INACTIVE && statusBefore != Person.Status.INACTIVE,
                !Objects.equals(loginBefore, person.accountId), now);
        return person;
    }

    /**
     * A person's scope lives in their posts, in every service's read model: one who leaves (INACTIVE) has every
     * active post ended today, and one whose login changed has every active post published again under the new
     * login, so the old login has no place anywhere.
     */
    private void followPosts(Person person, boolean leaves, boolean relogged, OffsetDateTime now) {
        if (!leaves && !relogged) {
            return;
        }
        List<Assignment> posts = Assignment.list("personId = ?1 AND status = ?2", person.id,
                Assignment.Status.ACTIVE);
        for (Assignment post : posts) {
            if (leaves) {
                post.status = Assignment.Status.ENDED;
                post.validTo = now.toLocalDate().isBefore(post.validFrom) ? post.validFrom : now.toLocalDate();
            }
            post.changed(access.actor(), now);
            events.assignment(leaves ? GridTopic.ASSIGNMENT_ENDED : GridTopic.ASSIGNMENT_STARTED, post, person,
                    GridNode.findById(post.nodeId));
        }
    }

    public Page<Person> list(String text, Boolean partyMember, UUID branchId, PageRequest page) {
        Where where = scoped(new Where());
        if (text != null && !text.isBlank()) {
            where.and("p.name LIKE ?", "%" + GridNodeService.likeEscaped(text.trim()) + "%");
        }
        if (partyMember != null) {
            where.and("p.partyMember = ?", partyMember);
        }
        if (branchId != null) {
            where.and("p.partyBranch.id = ?", branchId);
        }
        return page.list(Person.class, "p", where, "p.name, p.id", Function.identity());
    }

    /** The person linked to the caller's login, if any. */
    public Optional<Person> me() {
        return Person.find("accountId", caller.accountId()).firstResultOptional();
    }

    /** Full numbers for the caller's own record and for cadres who phone people; masked otherwise. */
    public boolean showsPhoneOf(Person person) {
        return access.seesPhones() || caller.accountId().equals(person.accountId);
    }

    boolean isVisible(Person person) {
        if (caller.accountId().equals(person.accountId)) {
            return true;
        }
        Where where = scoped(new Where().and("p.id = ?", person.id));
        return Person.count("FROM Person p WHERE " + where.query("p.id"), where.parameters()) > 0;
    }

    /** Which of {@code people} the caller sees, in one query (an import's known people). */
    Set<UUID> visibleAmong(java.util.Collection<Person> people) {
        Set<UUID> visible = new java.util.HashSet<>();
        List<UUID> ids = new java.util.ArrayList<>();
        for (Person person : people) {
            if (caller.accountId().equals(person.accountId)) {
                visible.add(person.id);
            } else {
                ids.add(person.id);
            }
        }
        if (!ids.isEmpty()) {
            Where where = scoped(new Where().and("p.id IN ?", ids));
            Person.<Person>find("SELECT p FROM Person p WHERE " + where.query("p.id"), where.parameters()).stream()
                    .forEach(person -> visible.add(person.id));
        }
        return visible;
    }

    private Where scoped(Where where) {
        List<GridPath> subtrees = access.restrictingPaths();
        if (subtrees == null) {
            return where;
        }
        String placedHere = "(" + String.format(PLACED_IN, where.anyPrefix("n.path", subtrees)) + " OR "
                + String.format(IN_BRANCH_IN, where.anyPrefix("bn.path", subtrees)) + ")";
        boolean admin = caller.hasAnyRole(Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        return where.and(admin ? "(" + placedHere + " OR " + UNPLACED + ")" : placedHere);
    }

    private void requireFreeAccount(String accountId, UUID self) {
        if (accountId == null) {
            return;
        }
        Person holder = Person.find("accountId", accountId).firstResult();
        if (holder != null && !holder.id.equals(self)) {
            throw ProblemException.conflict("账号 " + accountId + " 已关联其他人员 the account is linked to someone else");
        }
    }

    private void apply(Person person, Details details) {
        person.name = details.name().trim();
        person.phone = details.phone();
        person.accountId = details.accountId();
        person.partyMember = details.partyMember();
        if (!details.partyMember() || details.partyBranchId() == null) {
            person.partyBranch = null;
        } else if (!details.partyBranchId().equals(person.partyBranchId())) {
            // a member is put only in a branch the caller sees: the branch's place is the caller's place
            person.partyBranch = branches.forMember(details.partyBranchId());
        }
    }
}
