package io.wangge.grid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.LocalDate;
import java.util.UUID;

/** A household of a micro-grid and its contact cadre (包户干部). */
@Entity
@Table(name = "household")
public class Household extends Audited {

    /** A removed household (moved away, merged) stays for history. */
    public enum Status { ACTIVE, REMOVED }

    @Id
    public UUID id;

    @Column(name = "micro_grid_id", nullable = false)
    public UUID microGridId;

    @Column(nullable = false)
    public String address;

    @Column(name = "head_name", nullable = false)
    public String headName;

    @Column(name = "members_count", nullable = false)
    public int membersCount;

    /** e.g. 独居老人 (elderly living alone), 低保户 (low-income), 重点关注 (key attention). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "varchar(50)[]")
    public String[] tags = new String[0];

    @Column(name = "contact_cadre_id")
    public UUID contactCadreId;

    @Column(name = "last_visited_on")
    public LocalDate lastVisitedOn;

    @Column(name = "visit_count", nullable = false)
    public int visitCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;
}
