package io.wangge.points;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A member contesting a ledger entry; resolved by the branch secretary with reasons. */
@Entity
@Table(name = "appeal")
public class Appeal extends PanacheEntityBase {

    /** OPEN until the secretary upholds it (the entry is reversed) or rejects it. */
    public enum Status { OPEN, UPHELD, REJECTED }

    @Id
    public UUID id;

    @Column(name = "entry_id", nullable = false)
    public UUID entryId;

    @Column(name = "person_id", nullable = false)
    public UUID personId;

    public String branch;

    @Column(name = "branch_id")
    public UUID branchId;

    @Column(nullable = false)
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.OPEN;

    @Column(name = "raised_at", nullable = false)
    public OffsetDateTime raisedAt;

    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    public String resolution;

    @Version
    public long version;
}
