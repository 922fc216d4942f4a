package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.wangge.platform.security.GridPath;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A system that raises residents' requests through Open311 (a grid group's robot, a mini-program, a 12345
 * hotline), registered for one jurisdiction; only its api key's hash is kept.
 */
@Entity
@Table(name = "open311_client")
public class Open311Client extends PanacheEntityBase {

    public enum Status { ACTIVE, REVOKED }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "jurisdiction_node_id", nullable = false)
    public UUID jurisdictionNodeId;

    /** The node's code: the {@code jurisdiction_id} the client sends. */
    @Column(name = "jurisdiction_code", nullable = false)
    public String jurisdictionCode;

    @Column(name = "jurisdiction_path", nullable = false)
    public String jurisdictionPath;

    @Column(name = "key_hash", nullable = false)
    public String keyHash;

    /** The key's first characters, to tell keys apart in a list. */
    @Column(name = "key_hint", nullable = false)
    public String keyHint;

    @Column(name = "per_minute", nullable = false)
    public int perMinute;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status = Status.ACTIVE;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Version
    public long version;

    public GridPath jurisdiction() {
        return new GridPath(jurisdictionPath);
    }
}
