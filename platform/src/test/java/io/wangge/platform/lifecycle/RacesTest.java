package io.wangge.platform.lifecycle;

import jakarta.persistence.OptimisticLockException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RacesTest {

    @Test
    void aRaceIsLostHoweverDeepItIsWrapped() {
        assertTrue(Races.lost(new OptimisticLockException("版本已变")));
        // a deadlock reported at commit: the rollback wraps the driver's exception
        assertTrue(Races.lost(new IllegalStateException("commit failed", new RuntimeException(
                new SQLException("deadlock detected", "40P01")))));
        assertTrue(Races.lost(new SQLException("could not serialize access", "40001")));
        assertTrue(Races.lost(new SQLException("could not obtain lock", "55P03")));
    }

    @Test
    void otherFailuresAreNotRaces() {
        assertFalse(Races.lost(new SQLException("duplicate key value violates unique constraint", "23505")));
        assertFalse(Races.lost(new IllegalStateException("编码重复")));
        assertFalse(Races.lost(null));
    }
}
