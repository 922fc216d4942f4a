package io.wangge.task;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The webhook of a grid node's group (a WeCom group robot): where the node's notices, and its subtree's, go. */
@Entity
@Table(name = "notice_webhook")
public class NoticeWebhook extends PanacheEntityBase {

    @Id
    @Column(name = "node_id")
    public UUID nodeId;

    @Column(nullable = false)
    public String url;

    public String label;

    @Column(nullable = false)
    public int failures;

    @Column(name = "down_until")
    public OffsetDateTime downUntil;

    @Version
    public long version;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
