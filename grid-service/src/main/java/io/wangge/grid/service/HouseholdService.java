package io.wangge.grid.service;

import io.wangge.platform.rest.Where;

import io.wangge.grid.Assignment;
import io.wangge.grid.GridNode;
import io.wangge.grid.Household;
import io.wangge.grid.HouseholdVisit;
import io.wangge.grid.Level;
import io.wangge.grid.Person;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Households of the micro-grids, their contact cadres (包户干部) and visits. */
@ApplicationScoped
public class HouseholdService {

    @Inject
    GridAccess access;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    @Inject
    PersonService people;

    /** A household's editable fields. */
    public record Details(String address, String headName, int membersCount, List<String> tags,
                          UUID contactCadreId) {
    }

    /** A household with its micro-grid. */
    public record Placed(Household household, GridNode microGrid) {
    }

    @Transactional
    public Placed create(UUID microGridId, Details details) {
        GridNode microGrid = access.visibleNode(microGridId);
        access.requireStaffManager(microGrid);
        if (microGrid.level != Level.MICRO_GRID) {
            throw ProblemException.invalid("microGridId", "住户只能登记在微网格 households belong to micro-grids");
        }
        if (!microGrid.isActive()) {
            throw ProblemException.conflict("微网格已撤销 the micro-grid is retired");
        }
        Household household = new Household();
        household.id = UUID.randomUUID();
        household.microGridId = microGrid.id;
        apply(household, details);
        household.created(access.actor(), OffsetDateTime.now(clock));
        household.persist();
        events.household(household, microGrid);
        return new Placed(household, microGrid);
    }

    public Placed get(UUID id) {
        Household household = Household.findById(id);
        if (household == null) {
            throw ProblemException.notFound("住户", id);
        }
        GridNode microGrid = GridNode.findById(household.microGridId);
        if (!access.isVisible(microGrid)) {
            throw ProblemException.notFound("住户", id);
        }
        return new Placed(household, microGrid);
    }

    @Transactional
    public Placed update(UUID id, String ifMatch, Details details) {
        Placed placed = writable(id);
        LifeCycle.change(placed.household().version, ifMatch);
        apply(placed.household(), details);
        return changed(placed);
    }

    @Transactional
    public Placed setContactCadre(UUID id, String ifMatch, UUID personId) {
        Placed placed = writable(id);
        LifeCycle.change(placed.household().version, ifMatch);
        placed.household().contactCadreId = requirePerson(personId);
        return changed(placed);
    }

    /** Marks a household removed (moved away, merged); it stays for history. */
    @Transactional
    public Placed remove(UUID id, String ifMatch) {
        Placed placed = writable(id);
        LifeCycle.change(placed.household().version, ifMatch);
        placed.household().status = Household.Status.REMOVED;
        return changed(placed);
    }

    /**
     * Records a visit (包户走访) by grid workers and cadres of the place. The visitor is the caller's own person
     * unless another is named, which only those who manage the place's staff may do (a visit earns its visitor
     * points). One person visits one household once a day: a second record of it is refused as a duplicate.
     */
    @Transactional
    public Placed recordVisit(UUID id, LocalDate visitedOn, UUID visitorId, String note) {
        Placed placed = get(id);
        access.requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        Household household = placed.household();
        if (household.status != Household.Status.ACTIVE) {
            throw ProblemException.conflict("住户已注销 the household is removed");
        }
        LocalDate day = visitedOn == null ? LocalDate.now(clock) : visitedOn;
        LocalDate today = LocalDate.now(clock);
        if (day.isAfter(today)) {
            throw ProblemException.invalid("visitedOn", "不能是将来的日期 must not be in the future");
        }
        // a visit is recorded while it is fresh: each earns points under its month's cap, so an old month stays shut
        if (day.isBefore(today.minusDays(VISIT_RECORDED_WITHIN_DAYS))) {
            throw ProblemException.invalid("visitedOn", "须在走访后 " + VISIT_RECORDED_WITHIN_DAYS
                    + " 天内登记 a visit is recorded within " + VISIT_RECORDED_WITHIN_DAYS + " days");
        }
        UUID me = people.me().map(person -> person.id).orElse(null);
        UUID visitor = visitorId == null ? me : visitorId;
        if (visitor != null && !visitor.equals(me)) {
            access.requireStaffManager(placed.microGrid());
            requireVisitorOf(visitor, household, placed.microGrid());
        }
        if (visitor != null && HouseholdVisit.count("householdId = ?1 AND visitorId = ?2 AND visitedOn = ?3",
                household.id, visitor, day) > 0) {
            throw ProblemException.conflict("这次走访已登记 this person's visit of that day is already recorded");
        }
        HouseholdVisit visit = new HouseholdVisit();
        visit.id = UUID.randomUUID();
        visit.householdId = household.id;
        visit.visitorId = visitor;
        visit.visitedOn = day;
        visit.note = note == null || note.isBlank() ? null : note.trim();
        visit.recordedBy = access.actor();
        visit.recordedAt = OffsetDateTime.now(clock);
        visit.persist();
        household.visitCount++;
        if (household.lastVisitedOn == null || day.isAfter(household.lastVisitedOn)) {
            household.lastVisitedOn = day;
        }
        Placed changed = changed(placed);
        events.visited(visit, placed.microGrid());
        return changed;
    }

    /** A visit as its reader may see it: the note only for those who need a family's affairs. */
    public record Visit(HouseholdVisit visit, boolean noteShown) {
    }

    /**
     * A household's visits, the latest first. Notes may tell of a family's affairs (health, allowances): they are
     * shown to cadres who manage the place, the household's contact cadre, and whoever made or recorded the visit.
     */
    public Page<Visit> visits(UUID householdId, PageRequest page) {
        Household household = get(householdId).household();
        UUID me = people.me().map(person -> person.id).orElse(null);
        boolean manager = access.seesPhones();
        return page.list(HouseholdVisit.class, "v", new Where().and("householdId = ?", household.id),
                "visitedOn DESC, recordedAt DESC, id", (HouseholdVisit v) -> new Visit(v, manager
                        || access.actor().equals(v.recordedBy)
                        || (me != null && (me.equals(v.visitorId) || me.equals(household.contactCadreId)))));
    }

    /** How many days after a visit it may still be recorded. */
    static final int VISIT_RECORDED_WITHIN_DAYS = 7;

    /**
     * A visitor named by someone else is an active person who holds a post at the household's place (its
     * micro-grid or a node above it) or is the household's contact cadre: points go to them.
     */
    private static void requireVisitorOf(UUID visitor, Household household, GridNode microGrid) {
        Person person = Person.findById(visitor);
        if (person == null || person.status != Person.Status.ACTIVE) {
            throw ProblemException.invalid("visitorId", "人员不存在 no such person");
        }
        if (visitor.equals(household.contactCadreId)) {
            return;
        }
        if (Assignment.count("personId = ?1 AND status = ?2 AND nodeId IN ?3", visitor, Assignment.Status.ACTIVE,
                microGrid.gridPath().ids()) == 0) {
            throw ProblemException.invalid("visitorId",
                    "走访人须在本网格任职或为包户干部 the visitor holds no post at the household's place");
        }
    }

    /** Households in the subtree of a node, by micro-grid and address. */
    /** What a list of households may be narrowed to. */
    public record Filter(String tag, boolean includeRemoved, Integer notVisitedDays, UUID contactCadreId) {
    }

    /**
     * The households of a node's micro-grids; {@code notVisitedDays} keeps those nobody visited in that many days
     * (never visited included, longest unvisited first): the 包户 follow-up list of a grid or of one cadre.
     */
    public Page<Household> under(UUID nodeId, Filter filter, PageRequest page) {
        GridNode node = access.visibleNode(nodeId);
        Where where = new Where().and("h.microGridId IN (SELECT n.id FROM GridNode n WHERE n.path >= ? AND n.path < ?)",
                node.path, node.gridPath().subtreeUpperBound());
        return page.list(Household.class, "h", narrowed(where, filter), order(filter), Function.identity());
    }

    /** At most this many households go into one export (a county's worth). */
    static final int EXPORT_LIMIT = 200_000;

    /**
     * The households of a node's micro-grids as a table for Excel (包户台账): micro-grid, address, head, members,
     * tags, contact cadre, last visit, visits.
     */
    public io.wangge.platform.rest.Table table(UUID nodeId, Filter filter) {
        GridNode node = access.visibleNode(nodeId);
        Where where = narrowed(new Where().and("n.path >= ? AND n.path < ?", node.path,
                node.gridPath().subtreeUpperBound()), filter);
        var query = Household.getEntityManager().createQuery("SELECT h, n.name, p.name FROM Household h"
                + " JOIN GridNode n ON n.id = h.microGridId LEFT JOIN Person p ON p.id = h.contactCadreId"
                + " WHERE " + where.query("n.code, " + order(filter)), Object[].class);
        Object[] parameters = where.parameters();
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        List<Object[]> found = query.setMaxResults(EXPORT_LIMIT + 1).getResultList();
        if (found.size() > EXPORT_LIMIT) {
            throw ProblemException.invalid("nodeId", "超过 " + EXPORT_LIMIT + " 户，请分村导出 more than "
                    + EXPORT_LIMIT + " households: export a village at a time");
        }
        List<List<Object>> rows = new java.util.ArrayList<>(found.size());
        for (Object[] row : found) {
            Household h = (Household) row[0];
            rows.add(java.util.Arrays.asList(row[1], h.address, h.headName, h.membersCount,
                    String.join("、", h.tags), row[2], h.lastVisitedOn, h.visitCount,
                    h.status == Household.Status.ACTIVE ? "在册" : "已注销"));
        }
        return new io.wangge.platform.rest.Table(node.name + " 包户台账", List.of("微网格", "地址", "户主", "人口",
                "标签", "包户干部", "最近走访", "走访次数", "状态"), rows);
    }

    /** The households a person is the contact cadre of (包户), wherever they are. */
    public Page<Household> contactedBy(UUID personId, Filter filter, PageRequest page) {
        Where where = new Where().and("h.contactCadreId = ?", personId);
        return page.list(Household.class, "h", narrowed(where, filter), order(filter), Function.identity());
    }

    private Where narrowed(Where where, Filter filter) {
        if (filter.tag() != null && !filter.tag().isBlank()) {
            where.and("array_contains(h.tags, ?)", filter.tag().trim());
        }
        if (!filter.includeRemoved()) {
            where.and("h.status = ?", Household.Status.ACTIVE);
        }
        if (filter.contactCadreId() != null) {
            where.and("h.contactCadreId = ?", filter.contactCadreId());
        }
        if (filter.notVisitedDays() != null) {
            // the day in Asia/Shanghai: visited on or after it counts as visited
            where.and("(h.lastVisitedOn IS NULL OR h.lastVisitedOn < ?)",
                    LocalDate.now(clock).minusDays(filter.notVisitedDays() - 1L));
        }
        return where;
    }

    private static String order(Filter filter) {
        return filter.notVisitedDays() != null ? "h.lastVisitedOn NULLS FIRST, h.address, h.id"
                : "h.microGridId, h.address, h.id";
    }

    private Placed writable(UUID id) {
        Placed placed = get(id);
        access.requireStaffManager(placed.microGrid());
        return placed;
    }

    private Placed changed(Placed placed) {
        placed.household().changed(access.actor(), OffsetDateTime.now(clock));
        events.household(placed.household(), placed.microGrid());
        return placed;
    }

    private static UUID requirePerson(UUID personId) {
        if (personId == null) {
            return null;
        }
        if (Person.findById(personId) == null) {
            throw ProblemException.invalid("personId", "人员不存在 no such person");
        }
        return personId;
    }

    private static void apply(Household household, Details details) {
        household.address = details.address().trim();
        household.headName = details.headName().trim();
        household.membersCount = details.membersCount();
        household.tags = details.tags() == null ? new String[0]
                : new LinkedHashSet<>(details.tags()).toArray(String[]::new);
        household.contactCadreId = requirePerson(details.contactCadreId());
    }
}
