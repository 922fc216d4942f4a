package io.wangge.platform.idempotency;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.wangge.platform.config.WanggeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Forgets Idempotency-Keys older than their retention; a client retries within minutes, not days. */
@ApplicationScoped
public class IdempotencyPruner {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    WanggeConfig config;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM idempotency_record WHERE created_at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, config.idempotency().retention().toSeconds());
            int pruned = delete.executeUpdate();
            if (pruned > 0) {
                Log.debugf("forgot %d idempotency keys", pruned);
            }
        }
    }
}
