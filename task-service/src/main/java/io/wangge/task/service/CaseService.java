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
import static io.wangge.platform.events.types.TaskTopic.CASE_REPORTED;

/**
 * Residents' cases: reported by a grid's staff, registered, dispatched, handled, verified and closed by its
 * cadres, within the category's time limit (yellow at three quarters of it, red once exceeded).
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
        matter.reportedBy = access.actor();
        matter.status = CaseStatus.REPORTED;
        matter.reportedAt = now;
        matter.deadlineAt = now.plusHours(category.caseTimeLimitHours);
        matter.updatedBy = matter.reportedBy;
        matter.updatedAt = now;
        matter.persist();
        step(matter, "REPORT", null, null);
        publish(CASE_REPORTED, matter);
        return matter;
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
        if ((action == CaseAction.REJECT || action == CaseAction.RETURN || action == CaseAction.ESCALATE
                || action == CaseAction.DISPATCH) && (note == null || note.isBlank())) {
            throw ProblemException.invalid(action == CaseAction.DISPATCH ? "handler" : "reason",
                    "此步骤须填写 required for " + action);
        }
        CaseStatus from = matter.status;
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (action == CaseAction.ESCALATE) {
            GridReadModel.Node grid = gridView.node(matter.nodeId).orElse(null);
            GridReadModel.Node parent = grid == null || grid.parentId() == null ? null
                    : gridView.node(grid.parentId()).orElse(null);
            if (parent == null) {
                throw ProblemException.conflict("顶级网格无法再上报 no parent node to escalate to");
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
        matter.status = action.target();
        matter.lastNote = note;
        matter.updatedBy = access.actor();
        matter.updatedAt = now;
        if (matter.status.isClosed()) {
            matter.closedAt = now;
        }
        step(matter, action.name(), from, note);
        if (matter.status.isClosed()) {
            publish(CASE_CLOSED, matter);
        }
        return matter;
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
        return page.apply(ResidentCase.find(where.query("reportedAt DESC, id"), where.parameters()),
                Function.identity());
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
        Duration limit = Duration.between(matter.reportedAt, matter.deadlineAt);
        return now.isAfter(matter.reportedAt.plus(limit.multipliedBy(3).dividedBy(4)))
                ? Supervision.YELLOW : Supervision.GREEN;
    }

    private void step(ResidentCase matter, String action, CaseStatus from, String note) {
        CaseHistory step = new CaseHistory();
        step.caseId = matter.id;
        step.action = action;
        step.fromStatus = from;
        step.toStatus = matter.status;
        step.actor = access.actor();
        step.at = matter.updatedAt;
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
        data.put("version", matter.version);
        data.put("actor", matter.updatedBy);
        data.put("occurredAt", EventTime.format(matter.updatedAt));
        outbox.record(OutgoingEvent.of(type, matter.id, data));
    }
}
