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

/** A notice on its way to one webhook: pending until it is sent, however many attempts that takes. */
@Entity
@Table(name = "notice_delivery")
public class NoticeDelivery extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "notice_id", nullable = false)
    public UUID noticeId;

    @Column(name = "webhook_node_id", nullable = false)
    public UUID webhookNodeId;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public OffsetDateTime nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;
}
