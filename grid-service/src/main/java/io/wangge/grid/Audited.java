package io.wangge.grid;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;

/** Who created and last changed a row, and when; and its version for optimistic locking. */
@MappedSuperclass
public abstract class Audited extends PanacheEntityBase {

    @Version
    public long version;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public void created(String actor, OffsetDateTime at) {
        createdBy = actor;
        createdAt = at;
        changed(actor, at);
    }

    public void changed(String actor, OffsetDateTime at) {
        updatedBy = actor;
        updatedAt = at;
    }
}
