package io.wangge.grid;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.UUID;

/** A person staffing a grid node in a role, over a span of dates; history is kept. */
@Entity
@Table(name = "assignment")
public class Assignment extends Audited {

    /** An ended assignment stays, with its end date. */
    public enum Status { ACTIVE, ENDED }

    @Id
    public UUID id;

    @Column(name = "person_id", nullable = false, updatable = false)
    public UUID personId;

    @Column(name = "node_id", nullable = false, updatable = false)
    public UUID nodeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Role role;

    /** 主要负责人 of this role on this node. */
    @Column(name = "is_primary", nullable = false)
    public boolean primary;

    @Column(name = "valid_from", nullable = false)
    public LocalDate validFrom;

    @Column(name = "valid_to")
    public LocalDate validTo;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;
}
