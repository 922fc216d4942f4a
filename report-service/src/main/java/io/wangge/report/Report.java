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

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A node's report for a period: sections per category, activity counts, narrative, attachments. */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {

    /** DRAFT while written; FILED once sent up; RETURNED for rework; ACCEPTED (read-only) by the level above. */
    public enum Status { DRAFT, FILED, RETURNED, ACCEPTED }

    /** What was done in one category: tasks done, problems found and solved, notes. */
    public record Section(String category, int tasksDone, int problemsFound, int problemsSolved, String notes) {
    }

    @Id
    public UUID id;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_path", nullable = false)
    public String nodePath;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "node_level", nullable = false)
    public String nodeLevel;

    @Column(name = "period_id", nullable = false)
    public String periodId;

    @Column(nullable = false)
    public String author;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.DRAFT;

    @Column(name = "filed_at")
    public OffsetDateTime filedAt;

    @Column(name = "on_time")
    public Boolean onTime;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<Section> sections = List.of();

    /** householdVisits, researchVisits, meetings, trainings, trainingAttendance, suggestionsCollected, … */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Integer> activities = Map.of();

    public String narrative;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<String> attachments = List.of();

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
