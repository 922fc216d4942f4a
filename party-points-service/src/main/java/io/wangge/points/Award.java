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

/** A manual award proposed with evidence; only an approved one reaches the ledger. */
@Entity
@Table(name = "award")
public class Award extends PanacheEntityBase {

    /** PROPOSED until the branch secretary decides. */
    public enum Status { PROPOSED, APPROVED, REJECTED }

    @Id
    public UUID id;

    @Column(name = "person_id", nullable = false)
    public UUID personId;

    public String branch;

    @Column(name = "branch_id")
    public UUID branchId;

    @Column(name = "rule_code", nullable = false)
    public String ruleCode;

    public int points;

    @Column(nullable = false)
    public String evidence;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.PROPOSED;

    @Column(name = "proposed_by", nullable = false)
    public String proposedBy;

    @Column(name = "proposed_at", nullable = false)
    public OffsetDateTime proposedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    public String decision;

    @Version
    public long version;
}
