package io.wangge.report;

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

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One piece of the town's work on record (活动台账), held at a node on a day. */
@Entity
@Table(name = "activity")
public class Activity extends PanacheEntityBase {

    /**
     * The kinds the article's town counts, each with the unit its {@code quantity} is in and the report activity
     * key it is prefilled into.
     */
    public enum Kind {
        RESEARCH_VISIT("调研走访", "次", "researchVisits"),
        SEMINAR("座谈会", "场", "meetings"),
        TRAINING("培训", "人次", "trainingAttendance"),
        SUGGESTION("意见建议", "条", "suggestionsCollected"),
        CONTACT_POINT("党建联系点", "个", "contactPoints"),
        PROBLEM_SOLVED("解决问题", "件", "problemsSolved");

        public final String label;
        public final String unit;
        public final String reportKey;

        Kind(String label, String unit, String reportKey) {
            this.label = label;
            this.unit = unit;
            this.reportKey = reportKey;
        }
    }

    /** RECORDED counts; WITHDRAWN (recorded by mistake) stays for history and counts no more. */
    public enum Status { RECORDED, WITHDRAWN }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public String title;

    @Column(name = "held_on", nullable = false)
    public LocalDate heldOn;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_path", nullable = false)
    public String nodePath;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    /** In the kind's unit: trainees of a training, suggestions collected, problems solved; 1 for a visit. */
    @Column(nullable = false)
    public int quantity;

    /** How many people took part (residents, members, staff). */
    @Column(nullable = false)
    public int headcount;

    /** The people of the register who took part (party members among them earn points). */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "participant_ids", nullable = false)
    public List<UUID> participantIds = List.of();

    public String note;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.RECORDED;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false)
    public OffsetDateTime recordedAt;

    @Version
    public long version;

    public GridPath gridPath() {
        return new GridPath(nodePath);
    }
}
