package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.wangge.platform.security.GridPath;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A reminder (提醒) raised by a step of a supervision: due soon, overdue, climbed, or a superior's supervision. */
@Entity
@Table(name = "notice")
public class Notice extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    @Column(name = "subject_type", nullable = false)
    public String subjectType;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "grid_node_id", nullable = false)
    public UUID gridNodeId;

    @Column(name = "grid_path", nullable = false)
    public String gridPath;

    @Column(nullable = false)
    public String text;

    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;

    public GridPath gridPath() {
        return new GridPath(gridPath);
    }
}
