package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.wangge.platform.security.GridPath;
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
import java.util.Map;
import java.util.UUID;

/** One grid's share of a key-work item (phase): the unit that is accepted, done, submitted and verified. */
@Entity
@Table(name = "task")
public class Task extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "item_id", nullable = false)
    public UUID itemId;

    @Column(name = "phase_id")
    public UUID phaseId;

    @Column(nullable = false)
    public String title;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_path", nullable = false)
    public String nodePath;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "node_level", nullable = false)
    public String nodeLevel;

    @Column(name = "assignee_person_id")
    public UUID assigneePersonId;

    @Column(name = "assignee_account_id")
    public String assigneeAccountId;

    @Column(name = "assignee_name")
    public String assigneeName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;

    @Column(nullable = false)
    public boolean overdue;

    /** note, checklist results, photo URLs. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> evidence;

    @Column(name = "submitted_at")
    public OffsetDateTime submittedAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "on_time")
    public Boolean onTime;

    @Column(name = "verified_by")
    public String verifiedBy;

    @Column(name = "escalated_to_node_id")
    public UUID escalatedToNodeId;

    @Column(name = "escalation_reason")
    public String escalationReason;

    @Column(name = "return_reason")
    public String returnReason;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public GridPath gridPath() {
        return new GridPath(nodePath);
    }
}
