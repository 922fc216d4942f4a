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

import java.time.OffsetDateTime;
import java.util.UUID;

/** A resident's matter raised through a grid's channel (知事、议事、办事). */
@Entity
@Table(name = "resident_case")
public class ResidentCase extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_path", nullable = false)
    public String nodePath;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(nullable = false)
    public String description;

    @Column(name = "location_text")
    public String locationText;

    @Column(name = "household_id")
    public UUID householdId;

    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseStatus status;

    /** Who the case was dispatched to (a person's account or a department). */
    public String handler;

    @Column(name = "escalated_to_node_id")
    public UUID escalatedToNodeId;

    @Column(name = "last_note")
    public String lastNote;

    @Column(name = "reported_at", nullable = false)
    public OffsetDateTime reportedAt;

    @Column(name = "deadline_at", nullable = false)
    public OffsetDateTime deadlineAt;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Version
    public long version;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public GridPath gridPath() {
        return new GridPath(nodePath);
    }
}
