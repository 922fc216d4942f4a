package io.wangge.platform.kernel;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.wangge.platform.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/** Consumes wangge.grid through the inbox; its effect is a row per handled event. "毒丸" always fails. */
@ApplicationScoped
public class TestEffectConsumer {

    static final String CONSUMER = "kernel-test.grid";
    static final String POISON = "毒丸";
    /** Names that fail for as long as they are in here: a cause a test can fix. */
    static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    @Inject
    Inbox inbox;

    @Inject
    EntityManager entityManager;

    @Incoming("grid-in")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        inbox.handle(Inbox.Consumer.each(CONSUMER, Set.of("wangge.node.updated.v1"), event -> {
            String name = event.data().path("name").asText();
            if (POISON.equals(name) || FAILING.contains(name)) {
                throw new IllegalStateException("无法处理 cannot handle " + name);
            }
            entityManager.createNativeQuery("INSERT INTO test_effect (event_id, node_id, name) VALUES (?1, ?2, ?3)")
                    .setParameter(1, event.id())
                    .setParameter(2, UUID.fromString(event.data().path("nodeId").asText()))
                    .setParameter(3, name)
                    .executeUpdate();
        }), records);
    }
}
