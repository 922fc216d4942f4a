package io.wangge.grid;

import io.wangge.platform.security.GridPath;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/** A node of the net: county, town, village (mid-grid), grid or micro-grid. */
@Entity
@Table(name = "grid_node")
public class GridNode extends Audited {

    /** A retired node stays, so history and events keep their meaning. */
    public enum Status { ACTIVE, RETIRED }

    @Id
    public UUID id;

    /** National code, immutable once issued. */
    @Column(nullable = false, unique = true, updatable = false)
    public String code;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Level level;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(nullable = false, unique = true)
    public String path;

    @Column(nullable = false)
    public int depth;

    public Integer households;

    public Integer population;

    @Column(name = "area_km2")
    public BigDecimal areaKm2;

    @Column(name = "contact_channel")
    public String contactChannel;

    /** 街道/镇/乡/乡级单位 for a town, 社区/村委会 for a village, as its code said when it was issued; else null. */
    @Column(name = "division_kind")
    public String divisionKind;

    /** GeoJSON geometry, optional. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> boundary;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;

    public GridPath gridPath() {
        return new GridPath(path);
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }
}
