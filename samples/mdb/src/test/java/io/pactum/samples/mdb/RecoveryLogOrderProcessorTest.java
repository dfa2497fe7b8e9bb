package io.pactum.samples.mdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order scenario with the transaction manager configured as in production: OpenEJB's Geronimo transaction
 * manager with its recovery log ({@code TxRecovery=true}, HOWL log files in {@code logFileDir}). With the log on,
 * OpenEJB wraps the message endpoint's and the DataSource's XA resources for recovery; Geronimo then finds that the
 * confirmation's resource shares the broker with the consumed message's and joins it to that branch (TMJOIN), so each
 * order commits over two branches, Pactum's and H2's.
 */
public class RecoveryLogOrderProcessorTest extends OrderProcessorTest {
    @Override
    protected void transactionManager(Properties p) {
        p.setProperty("TransactionManager", "new://TransactionManager?type=TransactionManager");
        p.setProperty("TransactionManager.TxRecovery", "true");
        p.setProperty("TransactionManager.logFileDir", txlog().toString());
    }

    @Override
    protected void assertTwoPhaseCommits(int orders) {
        assertTrue(Files.exists(txlog().resolve("howl_1.log")), "the transaction manager writes its recovery log");
    }

    private static Path txlog() {
        return dir.resolve("txlog").toAbsolutePath();
    }
}
