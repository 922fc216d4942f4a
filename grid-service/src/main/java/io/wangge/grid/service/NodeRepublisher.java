package io.wangge.grid.service;

import io.quarkus.runtime.StartupEvent;
import io.wangge.grid.GridNode;
import io.wangge.platform.events.types.GridTopic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Publishes again the nodes a migration changed in place (V4: towns moved onto 12-digit codes), each with its
 * version bumped, so every copy of the tree takes the new state over the old one, a replay of the compacted topic
 * included. Runs at start; a node is published once, whichever instance starts first.
 */
@ApplicationScoped
public class NodeRepublisher {

    private static final Logger LOG = Logger.getLogger(NodeRepublisher.class);

    @Inject
    EntityManager entityManager;

    @Inject
    GridEvents events;

    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent start) {
        int published = republish();
        if (published > 0) {
            LOG.infof("published %d nodes a migration changed again (node_republish)", published);
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public int republish() {
        List<UUID> ids = entityManager.createNativeQuery(
                "DELETE FROM node_republish RETURNING node_id").getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        List<GridNode> nodes = GridNode.list("id IN ?1", ids);
        OffsetDateTime now = OffsetDateTime.now(clock);
        nodes.forEach(node -> node.changed("system", now));
        events.nodes(GridTopic.NODE_UPDATED, nodes);
        return nodes.size();
    }
}
