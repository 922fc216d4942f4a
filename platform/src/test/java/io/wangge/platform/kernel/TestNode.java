package io.wangge.platform.kernel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.util.UUID;

/** The kernel test app's aggregate: a bare grid node. */
@Entity
@Table(name = "test_node")
public class TestNode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String level;

    @Version
    public long version;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
