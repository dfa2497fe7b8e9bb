package io.pactum.xa.jta;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recovery helper's connection handling, against a test double: lazy, kept, replaced when broken or down. */
class PactumRecoveryHelperUnitTest {
    @TempDir
    static Path dir;
    private static RecoveryManager manager;

    @BeforeAll
    static void narayana() {
        NarayanaTestSupport.configure("helper-unit", dir);
        manager = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
    }

    @AfterAll
    static void stop() {
        manager.terminate();
    }

    @Test
    void connectsOnlyWhenRecoveryAsksAndKeepsTheConnection() {
        FakeXa xa = new FakeXa();
        try (PactumRecoveryHelper helper = PactumJta.registerRecovery(manager, xa.factory(), null, null)) {
            assertEquals(0, xa.connects.get());
            manager.scan();
            manager.scan();
            assertEquals(1, xa.connects.get());
            assertTrue(xa.calls.contains("recover"), xa.calls::toString);
        }
        assertTrue(xa.calls.contains("close connection"));
    }

    @Test
    void aBrokerThatIsDownYieldsNothingAndTheNextScanRetries() {
        FakeXa xa = new FakeXa();
        xa.down = true;
        try (PactumRecoveryHelper helper = PactumJta.registerRecovery(manager, xa.factory(), null, null)) {
            assertEquals(0, helper.getXAResources().length);
            manager.scan();
            assertFalse(xa.calls.contains("recover"));
            xa.down = false;
            manager.scan();
            assertTrue(xa.calls.contains("recover"), xa.calls::toString);
            assertEquals(1, helper.getXAResources().length);
        }
    }

    @Test
    void aConnectionReportedBrokenIsReplaced() {
        FakeXa xa = new FakeXa();
        try (PactumRecoveryHelper helper = PactumJta.registerRecovery(manager, xa.factory(), null, null)) {
            helper.getXAResources();
            xa.listener.onException(new JMSException("connection lost"));
            assertEquals(1, helper.getXAResources().length);
            assertEquals(2, xa.connects.get());
            assertTrue(xa.calls.contains("close connection"));
        }
    }

    @Test
    void closingUnregisters() {
        FakeXa xa = new FakeXa();
        PactumJta.registerRecovery(manager, xa.factory(), null, null).close();
        manager.scan();
        assertEquals(0, xa.connects.get());
    }
}
