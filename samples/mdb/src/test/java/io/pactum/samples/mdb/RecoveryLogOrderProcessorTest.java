package io.pactum.samples.mdb;

import org.apache.openejb.core.mdb.InboundRecovery;
import org.apache.openejb.testing.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order scenario with the transaction manager configured as in production: OpenEJB's Geronimo transaction
 * manager with its recovery log ({@code TxRecovery=true}, HOWL log files in {@code logFileDir}). With the log on,
 * OpenEJB wraps the message endpoint's and the DataSource's XA resources for recovery; Geronimo then finds that the
 * confirmation's resource shares the broker with the consumed message's and joins it to that branch (TMJOIN), so each
 * order commits over two branches, Pactum's and H2's. {@link PactumInboundRecovery} registers the MDB's branches for
 * recovery; Geronimo then asks the resource adapter for its XA resources at deployment. Recovering a branch that a
 * crash left in doubt: {@link MdbCrashRecoveryTest}.
 */
public class RecoveryLogOrderProcessorTest extends OrderProcessorTest {
    /** The MDB containers whose branches were registered for recovery. */
    private static final List<String> RECOVERED = new CopyOnWriteArrayList<>();

    /** OpenEJB has no recovery for MDB branches of its own: {@link PactumInboundRecovery}. */
    @Component
    public InboundRecovery inboundRecovery() {
        InboundRecovery recovery = new PactumInboundRecovery();
        return (adapter, spec, containerId) -> {
            recovery.recover(adapter, spec, containerId);
            RECOVERED.add(containerId);
        };
    }

    @Override
    protected void transactionManager(Properties p) {
        p.setProperty("TransactionManager", "new://TransactionManager?type=TransactionManager");
        p.setProperty("TransactionManager.TxRecovery", "true");
        p.setProperty("TransactionManager.logFileDir", txlog().toString());
    }

    @Override
    protected void assertTwoPhaseCommits(int orders) {
        assertTrue(Files.exists(txlog().resolve("howl_1.log")), "the transaction manager writes its recovery log");
        assertEquals(List.of("PactumMdbContainer"), RECOVERED, "the MDB's branches are registered for recovery");
    }

    private static Path txlog() {
        return dir.resolve("txlog").toAbsolutePath();
    }
}
