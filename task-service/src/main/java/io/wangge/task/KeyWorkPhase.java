package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A phase of a key-work item with its own due time; each phase gets its own task per grid. */
@Entity
@Table(name = "key_work_phase")
public class KeyWorkPhase extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "item_id", nullable = false)
    public UUID itemId;

    public int seq;

    public String name;

    @Column(name = "due_at", nullable = false)
    public OffsetDateTime dueAt;
}
