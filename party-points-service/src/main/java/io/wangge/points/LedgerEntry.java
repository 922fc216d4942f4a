package io.wangge.points;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One append-only line of the points ledger; never edited, only reversed by another entry. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "person_id", nullable = false, updatable = false)
    public UUID personId;

    @Column(updatable = false)
    public String branch;

    @Column(name = "node_path", updatable = false)
    public String nodePath;

    @Column(nullable = false, updatable = false)
    public int points;

    @Column(name = "rule_code", nullable = false, updatable = false)
    public String ruleCode;

    @Column(name = "rule_version", nullable = false, updatable = false)
    public int ruleVersion;

    @Column(name = "source_key", nullable = false, updatable = false)
    public String sourceKey;

    @Column(name = "source_event", updatable = false)
    public String sourceEvent;

    @Column(name = "award_id", updatable = false)
    public UUID awardId;

    @Column(name = "reverses_id", updatable = false)
    public UUID reversesId;

    @Column(name = "occurred_on", nullable = false, updatable = false)
    public LocalDate occurredOn;

    @Column(nullable = false, updatable = false)
    public String reason;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
}
