package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A key-work item (重点工作): what is to be done by every grid of a scope, by when. */
@Entity
@Table(name = "key_work_item")
public class KeyWorkItem extends PanacheEntityBase {

    /** DRAFT while being prepared; DISPATCHED once its tasks exist; CLOSED when the town closes it. */
    public enum Status { DRAFT, DISPATCHED, CLOSED }

    /** How often the work repeats (a weekly inspection is dispatched anew each week). */
    public enum Recurrence { NONE, WEEKLY, MONTHLY }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String title;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    public String description;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> checklist = List.of();

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "scope_node_ids", nullable = false)
    public List<UUID> scopeNodeIds;

    @Column(name = "target_level", nullable = false)
    public String targetLevel;

    @Column(name = "assignee_role", nullable = false)
    public String assigneeRole;

    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Recurrence recurrence = Recurrence.NONE;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.DRAFT;

    @Column(name = "task_count", nullable = false)
    public int taskCount;

    @Column(name = "unassigned_count", nullable = false)
    public int unassignedCount;

    @Column(name = "dispatched_at")
    public OffsetDateTime dispatchedAt;

    @Column(name = "dispatched_by")
    public String dispatchedBy;

    /** The occurrence before this one, for a recurring item. */
    @Column(name = "previous_id")
    public UUID previousId;

    @Version
    public long version;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
