package io.wangge.task.service;

import io.wangge.gridview.GridReadModel;
import io.wangge.platform.events.EventTime;
import io.wangge.platform.events.OutgoingEvent;
import io.wangge.platform.outbox.Outbox;
import io.wangge.platform.lifecycle.LifeCycle;
import io.wangge.platform.rest.Page;
import io.wangge.platform.rest.PageRequest;
import io.wangge.platform.rest.ProblemException;
import io.wangge.platform.rest.Where;
import io.wangge.platform.security.Duties;
import io.wangge.platform.security.Roles;
import io.wangge.task.CaseAction;
import io.wangge.task.CaseHistory;
import io.wangge.task.CaseStatus;
import io.wangge.task.Category;
import io.wangge.task.ResidentCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.wangge.platform.events.types.TaskTopic.CASE_CLOSED;
import static io.wangge.platform.events.types.TaskTopic.CASE_DISPATCHED;
import static io.wangge.platform.events.types.TaskTopic.CASE_ESCALATED;
import static io.wangge.platform.events.types.TaskTopic.CASE_FOLLOWED_UP;
import static io.wangge.platform.events.types.TaskTopic.CASE_HANDLED;
import static io.wangge.platform.events.types.TaskTopic.CASE_REGISTERED;
import static io.wangge.platform.events.types.TaskTopic.CASE_REOPENED;
import static io.wangge.platform.events.types.TaskTopic.CASE_REPORTED;
import static io.wangge.platform.events.types.TaskTopic.CASE_RETURNED;
import static io.wangge.platform.events.types.TaskTopic.CASE_VERIFIED;

/**
 * Residents' cases: reported by a grid's staff or by a resident through an Open311 client, registered (立案),
 * dispatched (派遣), handled (处置), verified (核查) and closed (结案) by its cadres within the category's time limit
 * (yellow at three quarters of it, red once exceeded), followed up with the resident (回访) and reopened when it
 * must be. Every step is an event on wangge.task.
 */
@ApplicationScoped
public class CaseService {

    /** Supervision flag of an open case against its time limit. */
    public enum Supervision { GREEN, YELLOW, RED }

    @Inject
    GridReadModel gridView;

    @Inject
    TaskAccess access;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    io.wangge.task.media.MediaStore media;

    /** A new case as reported. */
    public record Report(UUID nodeId, String categoryCode, String description, String locationText,
                         UUID householdId) {
    }

    @Transactional
    public ResidentCase report(Report report) {
        GridReadModel.Node node = gridView.node(report.nodeId()).orElse(null);
        if (node == null || !"ACTIVE".equals(node.status())) {
            throw ProblemException.invalid("nodeId", "没有这个网格 unknown grid node");
        }
        access.requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        access.requireWithinScope(node.path());
        ResidentCase matter = raise(node, report, access.actor(), m -> { });
        publish(CASE_REPORTED, matter);
        return matter;
    }

    /**
     * A new case at a node, reported by {@code reportedBy} (a login, or {@code open311:<client>}): the caller has
     * checked who may raise it there, and {@code more} adds what the caller knows before it is stored. Not yet
     * published: the caller stores what goes with it, then {@link #reported}.
     */
    public ResidentCase raise(GridReadModel.Node node, Report report, String reportedBy,
                              java.util.function.Consumer<ResidentCase> more) {
        Category category = Category.findById(report.categoryCode());
        if (category == null || !category.active) {
            throw ProblemException.invalid("categoryCode", "没有这个类别 unknown category");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        ResidentCase matter = new ResidentCase();
        matter.id = UUID.randomUUID();
        matter.nodeId = node.id();
        matter.nodePath = node.path().value();
        matter.nodeName = node.name();
        matter.categoryCode = category.code;
        matter.description = report.description().trim();
        matter.locationText = report.locationText();
        matter.householdId = report.householdId();
        matter.reportedBy = reportedBy;
        matter.status = CaseStatus.REPORTED;
        matter.reportedAt = now;
        matter.deadlineAt = now.plusHours(category.caseTimeLimitHours);
        matter.updatedBy = matter.reportedBy;
        matter.updatedAt = now;
        more.accept(matter);
        matter.persist();
        history(matter, "REPORT", null, null, reportedBy);
        return matter;
    }

    /** Publishes a case raised by {@link #raise}. */
    public void reported(ResidentCase matter) {
        publish(CASE_REPORTED, matter);
    }

    public ResidentCase get(UUID id) {
        ResidentCase matter = ResidentCase.findById(id);
        if (matter == null || !access.isVisible(matter.gridPath())) {
            throw ProblemException.notFound("案件", id);
        }
        return matter;
    }

    public List<CaseHistory> history(UUID id) {
        return CaseHistory.list("caseId = ?1 ORDER BY id", get(id).id);
    }

    private static final LifeCycle.Record CASE = new LifeCycle.Record("案件", "case");

    /**
     * A photo of the matter or of its handling, uploaded from a phone into the same store as the resident's (but
     * never shown to residents), by staff who may handle the case in its place, until it is handled: what the
     * verifier checks does not change under them. The case's history names who added it, and the cadres' phones
     * get the case again.
     */
    @Transactional
    public UUID addPhoto(UUID id, String contentType, byte[] bytes) {
        ResidentCase matter = get(id);
        access.requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        access.requireWithinScope(matter.gridPath());
        if (matter.status.isClosed() || matter.status == CaseStatus.HANDLED || matter.status == CaseStatus.VERIFIED) {
            throw ProblemException.conflict("案件已办理，照片须在办理前上传 photos are added before the case is handled;"
                    + " it is " + matter.status);
        }
        UUID medium = media.storeByStaff(matter.id, access.actor(), io.wangge.task.media.MediaStore.admitted(
                contentType, bytes, media.ofCase(matter.id).size(), "case"), bytes);
        // the case itself is not changed: the step is dated now, not at the case's last change
        history(matter, "PHOTO", matter.status, TaskService.MEDIA_PATH + medium, access.actor(),
                OffsetDateTime.now(clock));
        // stamped for the phones' sync without a new version: a step in hand keeps its If-Match
        entityManager.createNativeQuery("UPDATE resident_case SET sync_xid = pg_current_xact_id(),"
                + " sync_seq = nextval('case_sync_seq') WHERE id = ?1").setParameter(1, matter.id).executeUpdate();
        return medium;
    }

    /** Applies a step of the flow; {@code note} is the reason, the handler, or a remark, as the step needs. */
    @Transactional
    public ResidentCase act(UUID id, CaseAction action, String ifMatch, String note) {
        ResidentCase matter = get(id);
        LifeCycle.step(CASE, matter.status, matter.version, ifMatch, action.name(), action.from());
        if (action == CaseAction.HANDLE) {
            access.requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        } else if (action == CaseAction.ESCALATE) {
            access.requireRole(Roles.GRID_WORKER, Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        } else {
            access.requireRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        }
        access.requireWithinScope(matter.gridPath());
        if (action == CaseAction.VERIFY || action == CaseAction.RETURN) {
            Duties.notTheirOwn(access.actor(), "verify", lastActor(matter, "HANDLE"));
        }
        if ((action == CaseAction.REJECT || action == CaseAction.RETURN || action == CaseAction.ESCALATE
                || action == CaseAction.DISPATCH || action == CaseAction.REOPEN) && (note == null || note.isBlank())) {
            throw ProblemException.invalid(action == CaseAction.DISPATCH ? "handler" : "reason",
                    "此步骤须填写 required for " + action);
        }
        CaseStatus from = matter.status;
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (action == CaseAction.ESCALATE) {
            GridReadModel.Node grid = gridView.node(matter.nodeId).orElse(null);
            GridReadModel.Node parent = grid == null || grid.parentId() == null ? null
                    : gridView.node(grid.parentId()).orElse(null);
            if (parent == null || !GridReadModel.isWorkLevel(parent.level())) {
                throw ProblemException.conflict("县级是最高处置层级，无法再上报 the county is the top of the work: no"
                        + " node to escalate to");
            }
            matter.escalatedToNodeId = parent.id();
            matter.nodeId = parent.id();
            matter.nodePath = parent.path().value();
            matter.nodeName = parent.name();
            // its supervisions watch the case where it now is
            entityManager.createNativeQuery("UPDATE supervision SET grid_node_id = ?1, grid_path = ?2"
                            + " WHERE subject_id = ?3 AND status <> 'CLOSED'")
                    .setParameter(1, parent.id()).setParameter(2, parent.path().value()).setParameter(3, matter.id)
                    .executeUpdate();
        }
        if (action == CaseAction.DISPATCH) {
            matter.handler = note.trim();
        }
        if (action == CaseAction.REOPEN) {
            // taken up again with the category's full time limit; the last follow-up belonged to the last closure
            Category category = Category.findById(matter.categoryCode);
            matter.deadlineAt = now.plusHours(category.caseTimeLimitHours);
            matter.closedAt = null;
            matter.followUpResult = null;
            matter.followUpNote = null;
            matter.followedUpAt = null;
            matter.reopened++;
            matter.reopenedAt = now;
        }
        matter.status = action.target();
        matter.lastNote = note;
        matter.updatedBy = access.actor();
        matter.updatedAt = now;
        if (matter.status.isClosed()) {
            matter.closedAt = now;
        }
        history(matter, action.name(), from, note, access.actor());
        publish(switch (action) {
            case REGISTER -> CASE_REGISTERED;
            case REJECT, CLOSE -> CASE_CLOSED;
            case DISPATCH -> CASE_DISPATCHED;
            case HANDLE -> CASE_HANDLED;
            case VERIFY -> CASE_VERIFIED;
            case RETURN -> CASE_RETURNED;
            case ESCALATE -> CASE_ESCALATED;
            case REOPEN -> CASE_REOPENED;
        }, matter);
        return matter;
    }

    /**
     * The follow-up (回访) of a closed case: a cadre asks the resident how it was handled. Once per closure; not by
     * whoever handled it; a dissatisfied resident's reason is written down (and the case may be reopened).
     */
    @Transactional
    public ResidentCase followUp(UUID id, String ifMatch, ResidentCase.FollowUp result, String note) {
        ResidentCase matter = get(id);
        LifeCycle.step(CASE, matter.status, matter.version, ifMatch, "FOLLOW_UP", java.util.Set.of(CaseStatus.CLOSED));
        access.requireRole(Roles.VILLAGE_CADRE, Roles.TOWN_ADMIN, Roles.COUNTY_ADMIN);
        access.requireWithinScope(matter.gridPath());
        Duties.notTheirOwn(access.actor(), "follow up", lastActor(matter, "HANDLE"));
        if (matter.followUpResult != null) {
            throw ProblemException.conflict("本次结案已回访 this closure was followed up already");
        }
        if (result == ResidentCase.FollowUp.DISSATISFIED && (note == null || note.isBlank())) {
            throw ProblemException.invalid("note", "不满意须写明原因 a dissatisfied resident's reason is required");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        matter.followUpResult = result;
        matter.followUpNote = note == null || note.isBlank() ? null : note.trim();
        matter.followedUpAt = now;
        matter.updatedBy = access.actor();
        matter.updatedAt = now;
        history(matter, "FOLLOW_UP", matter.status, result + (matter.followUpNote == null ? ""
                : "：" + matter.followUpNote), access.actor());
        publish(CASE_FOLLOWED_UP, matter);
        return matter;
    }

    /** A reporter's phone as the caller may see it: in full for cadres, masked (139****5678) for others. */
    public String reporterPhone(ResidentCase matter) {
        String phone = matter.reporterPhone;
        if (phone == null || access.seesPhones()) {
            return phone;
        }
        if (phone.length() == 11) {
            return phone.substring(0, 3) + "****" + phone.substring(7);
        }
        return "*".repeat(Math.max(4, phone.length() - 4)) + (phone.length() > 8 ? phone.substring(phone.length() - 4)
                : "");
    }

    /** Who last took a step of the case, if anyone did. */
    private static String lastActor(ResidentCase matter, String action) {
        return CaseHistory.<CaseHistory>find("caseId = ?1 AND action = ?2 ORDER BY id DESC", matter.id, action)
                .firstResultOptional().map(h -> h.actor).orElse(null);
    }

    /** Cases in the caller's place, optionally under a node and in a status, newest first. */
    public Page<ResidentCase> list(UUID nodeId, CaseStatus status, String category, PageRequest page) {
        Where where = new Where().within("nodePath", access.restrictingPaths());
        if (nodeId != null) {
            GridReadModel.Node node = gridView.node(nodeId).orElse(null);
            if (node == null) {
                throw ProblemException.invalid("nodeId", "没有这个网格 unknown node");
            }
            where.inSubtree("nodePath", node.path());
        }
        TaskService.optional(where, "status = ?", status);
        TaskService.optional(where, "categoryCode = ?", category);
        return page.list(ResidentCase.class, "c", where, "reportedAt DESC, id", Function.identity());
    }

    /** At most this many cases go into one export. */
    static final int EXPORT_LIMIT = 100_000;

    /**
     * The cases in the caller's place (under a node, in a status, of a category) as a table for Excel (案件台账);
     * a resident's name and number stay out of it.
     */
    public io.wangge.platform.rest.Table table(UUID nodeId, CaseStatus status, String category) {
        Where where = new Where().within("nodePath", access.restrictingPaths());
        String place = "全部";
        if (nodeId != null) {
            GridReadModel.Node node = access.visibleNode(nodeId);
            where.inSubtree("nodePath", node.path());
            place = node.name();
        }
        TaskService.optional(where, "status = ?", status);
        TaskService.optional(where, "categoryCode = ?", category);
        List<ResidentCase> found = ResidentCase.<ResidentCase>find(where.query("reportedAt DESC, id"),
                where.parameters()).page(0, EXPORT_LIMIT + 1).list();
        if (found.size() > EXPORT_LIMIT) {
            throw ProblemException.invalid("nodeId", "超过 " + EXPORT_LIMIT + " 件，请按村或时间缩小范围 more than "
                    + EXPORT_LIMIT + " cases: narrow the place or the status");
        }
        Map<String, String> names = new java.util.HashMap<>();
        Category.<Category>listAll().forEach(c -> names.put(c.code, c.name));
        List<List<Object>> rows = new java.util.ArrayList<>(found.size());
        for (ResidentCase c : found) {
            rows.add(java.util.Arrays.asList(c.id.toString(), c.nodeName, names.getOrDefault(c.categoryCode,
                    c.categoryCode), c.description, c.locationText, c.source == ResidentCase.Source.OPEN311
                    ? "群众诉求" : "网格上报", c.status.name(), c.reportedAt, c.deadlineAt, c.closedAt, c.handler,
                    c.duplicates, c.followUpResult == null ? null : c.followUpResult.name(), c.reopened));
        }
        return new io.wangge.platform.rest.Table(place + " 案件台账", List.of("编号", "网格", "类别", "描述", "位置",
                "来源", "状态", "上报时间", "办结时限", "办结时间", "承办", "重复反映", "回访", "重新办理"), rows);
    }

    /** Open311 requests in the caller's place: at most {@code limit}, newest first. */
    public List<ResidentCase> open311(String serviceCode, Boolean open, OffsetDateTime from, OffsetDateTime to,
                                      int limit) {
        Where where = new Where().within("nodePath", access.restrictingPaths());
        TaskService.optional(where, "categoryCode = ?", serviceCode);
        if (open != null) {
            where.and(open ? "status NOT IN ?" : "status IN ?",
                    List.of(CaseStatus.CLOSED, CaseStatus.NOT_RESPONSIBLE));
        }
        TaskService.optional(where, "reportedAt >= ?", from);
        TaskService.optional(where, "reportedAt < ?", to);
        return ResidentCase.find(where.query("reportedAt DESC, id"), where.parameters()).page(0, limit).list();
    }

    public Supervision supervision(ResidentCase matter) {
        if (matter.status.isClosed()) {
            return Supervision.GREEN;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (now.isAfter(matter.deadlineAt)) {
            return Supervision.RED;
        }
        OffsetDateTime start = matter.reopenedAt != null ? matter.reopenedAt : matter.reportedAt;
        Duration limit = Duration.between(start, matter.deadlineAt);
        return now.isAfter(start.plus(limit.multipliedBy(3).dividedBy(4)))
                ? Supervision.YELLOW : Supervision.GREEN;
    }

    private static void history(ResidentCase matter, String action, CaseStatus from, String note, String actor) {
        history(matter, action, from, note, actor, matter.updatedAt);
    }

    private static void history(ResidentCase matter, String action, CaseStatus from, String note, String actor,
                                OffsetDateTime at) {
        CaseHistory step = new CaseHistory();
        step.caseId = matter.id;
        step.action = action;
        step.fromStatus = from;
        step.toStatus = matter.status;
        step.actor = actor;
        step.at = at;
        step.note = note;
        step.persist();
    }

    private void publish(String type, ResidentCase matter) {
        entityManager.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("caseId", matter.id);
        data.put("nodeId", matter.nodeId);
        data.put("nodePath", matter.nodePath);
        data.put("nodeName", matter.nodeName);
        data.put("category", matter.categoryCode);
        data.put("description", matter.description);
        data.put("locationText", matter.locationText);
        data.put("householdId", matter.householdId);
        data.put("reportedBy", matter.reportedBy);
        data.put("status", matter.status);
        data.put("reportedAt", EventTime.format(matter.reportedAt));
        data.put("deadlineAt", EventTime.format(matter.deadlineAt));
        data.put("closedAt", EventTime.format(matter.closedAt));
        data.put("onTime", matter.closedAt == null ? null : !matter.closedAt.isAfter(matter.deadlineAt));
        data.put("handler", matter.handler);
        data.put("note", matter.lastNote);
        data.put("followUpResult", matter.followUpResult);
        data.put("followUpNote", matter.followUpNote);
        data.put("source", matter.source);
        data.put("reopened", matter.reopened);
        data.put("version", matter.version);
        data.put("actor", matter.updatedBy);
        data.put("occurredAt", EventTime.format(matter.updatedAt));
        outbox.record(OutgoingEvent.of(type, matter.id, data));
    }
}
