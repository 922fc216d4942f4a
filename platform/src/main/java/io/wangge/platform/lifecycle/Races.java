package io.wangge.platform.lifecycle;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;

import java.sql.SQLException;
import java.util.Set;

/**
 * A race lost to another writer: a version changed meanwhile, a deadlock one side had to give way in, a
 * serialisation failure, a lock not had in time. It says nothing about the request or the event itself, so the
 * caller may read again and retry: REST answers 409, the inbox runs the batch again. One test, wherever it is
 * wrapped (a flush, a commit's rollback, a JDBC call in an effect).
 */
public final class Races {

    /** serialization_failure, deadlock_detected, lock_not_available. */
    private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03");

    private Races() {
    }

    public static boolean lost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof org.hibernate.PessimisticLockException || t instanceof LockTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && SQL_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
