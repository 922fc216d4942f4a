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

    /** Where the case came from: raised by staff, or by a resident through an Open311 client. */
    public enum Source { STAFF, OPEN311 }

    /** The resident's answer when followed up (回访). */
    public enum FollowUp { SATISFIED, BASICALLY_SATISFIED, DISSATISFIED }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source = Source.STAFF;

    @Column(name = "client_id")
    public UUID clientId;

    public java.math.BigDecimal lat;

    public java.math.BigDecimal lon;

    /** The resident who raised it, as they gave it; kept here, never published. */
    @Column(name = "reporter_name")
    public String reporterName;

    @Column(name = "reporter_phone")
    public String reporterPhone;

    /** How many later requests were found to be this one again. */
    @Column(nullable = false)
    public int duplicates;

    @Enumerated(EnumType.STRING)
    @Column(name = "follow_up_result")
    public FollowUp followUpResult;

    @Column(name = "follow_up_note")
    public String followUpNote;

    @Column(name = "followed_up_at")
    public OffsetDateTime followedUpAt;

    @Column(nullable = false)
    public int reopened;

    /** When it was last taken up again: its time limit and colour run from here. */
    @Column(name = "reopened_at")
    public OffsetDateTime reopenedAt;

    public GridPath gridPath() {
        return new GridPath(nodePath);
    }
}
