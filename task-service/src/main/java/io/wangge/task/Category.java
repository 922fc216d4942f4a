package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;

/** A key-work category such as 安全生产; tasks and cases are counted and time-limited by it. */
@Entity
@Table(name = "category")
public class Category extends PanacheEntityBase {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "case_time_limit_hours", nullable = false)
    public int caseTimeLimitHours;

    /** Hours before the deadline an open item turns yellow; none: at three quarters of its time. */
    @Column(name = "yellow_hours")
    public Integer yellowHours;

    /** Hours a red item stays at a level before it climbs to the next. */
    @Column(name = "climb_hours", nullable = false)
    public int climbHours = 24;

    @Column(nullable = false)
    public boolean active = true;

    @Version
    public long version;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
