package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One step of a supervision's path: where it sat, in which colour, and who held it. */
@Entity
@Table(name = "supervision_step")
public class SupervisionStep extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "supervision_id", nullable = false)
    public UUID supervisionId;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String color;

    @Column(nullable = false)
    public String status;

    @Column(name = "node_id", nullable = false)
    public UUID nodeId;

    @Column(name = "node_name", nullable = false)
    public String nodeName;

    @Column(name = "responsible_name")
    public String responsibleName;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public OffsetDateTime at;

    public String note;
}
