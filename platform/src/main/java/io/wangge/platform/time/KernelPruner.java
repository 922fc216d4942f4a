package io.wangge.platform.time;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.wangge.platform.config.WanggeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Forgets what the kernel keeps only for a while: Idempotency-Keys (a client retries within minutes, not days) and
 * handled event ids (a redelivery comes within a rebalance or a restart; the effects guard themselves beyond that).
 */
@ApplicationScoped
public class KernelPruner {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WanggeConfig config;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() throws SQLException {
        prune("idempotency_record", "created_at", config.idempotency().retention());
        prune("inbox_event", "handled_at", config.inbox().retention());
    }

    private void prune(String table, String column, Duration retention) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM " + table + " WHERE " + column + " < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, retention.toSeconds());
            int pruned = delete.executeUpdate();
            if (pruned > 0) {
                Log.debugf("pruned %d rows of %s older than %s", pruned, table, retention);
            }
        }
    }
}
