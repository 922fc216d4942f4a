package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.wangge.platform.security.GridPath;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A supervision (督办) of a task or a case: yellow as its deadline nears, red once past it, climbing the tree while
 * red; handled when the work is done, closed by a superior's follow-up (回访). Opened by the sweep ({@code AUTO},
 * one per task or case) or by a superior with a deadline of their own ({@code MANUAL}).
 */
@Entity
@Table(name = "supervision")
public class Supervision extends PanacheEntityBase {

    public static final String TASK = "TASK";
    public static final String CASE = "CASE";
    public static final String OPEN = "OPEN";
    public static final String HANDLED = "HANDLED";
    public static final String CLOSED = "CLOSED";

    /** The follow-up's answer (回访结果). */
    public enum FollowUp { SATISFIED, BASICALLY_SATISFIED, DISSATISFIED }

    @Id
    public UUID id;

    @Column(name = "subject_type", nullable = false)
    public String subjectType;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(nullable = false)
    public String title;

    @Column(name = "category_code", nullable = false)
    public String categoryCode;

    @Column(name = "grid_node_id", nullable = false)
    public UUID gridNodeId;

    @Column(name = "grid_path", nullable = false)
    public String gridPath;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "node_level", nullable = false)
    public String nodeLevel;

    @Column(nullable = false)
    public String origin;

    @Column(nullable = false)
    public String color;

    @Column(nullable = false)
    public String status;

    @Column(name = "deadline_at", nullable = false)
    public OffsetDateTime deadlineAt;

    @Column(name = "red_at")
    public OffsetDateTime redAt;

    @Column(nullable = false)
    public int climbs;

    @Column(name = "climbed_at")
    public OffsetDateTime climbedAt;

    @Column(name = "responsible_person_id")
    public UUID responsiblePersonId;

    @Column(name = "responsible_account_id")
    public String responsibleAccountId;

    @Column(name = "responsible_name")
    public String responsibleName;

    @Column(name = "opened_by", nullable = false)
    public String openedBy;

    @Column(name = "opened_at", nullable = false)
    public OffsetDateTime openedAt;

    public String note;

    @Column(name = "handled_at")
    public OffsetDateTime handledAt;

    @Column(name = "follow_up_result")
    public String followUpResult;

    @Column(name = "follow_up_note")
    public String followUpNote;

    @Column(name = "closed_by")
    public String closedBy;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Version
    public long version;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public GridPath gridPath() {
        return new GridPath(gridPath);
    }
}
