package io.wangge.points;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One version of a point rule; a rule's code names all its versions. */
@Entity
@Table(name = "point_rule")
public class PointRule extends PanacheEntityBase {

    /** Rules are earned from events or awarded by hand. */
    public enum Kind { EVENT, MANUAL }

    /** The period a cap counts over. */
    public enum CapPeriod { DAY, WEEK, MONTH, YEAR }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String code;

    @Column(name = "rule_version", nullable = false)
    public int ruleVersion;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "event_type")
    public String eventType;

    public String condition;

    public String category;

    public Integer points;

    @Column(name = "min_points")
    public Integer minPoints;

    @Column(name = "max_points")
    public Integer maxPoints;

    @Enumerated(EnumType.STRING)
    @Column(name = "cap_period")
    public CapPeriod capPeriod;

    @Column(name = "cap_points")
    public Integer capPoints;

    @Column(name = "effective_from", nullable = false)
    public LocalDate effectiveFrom;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
