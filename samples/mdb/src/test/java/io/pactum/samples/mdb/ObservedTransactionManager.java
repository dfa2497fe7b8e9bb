package io.pactum.samples.mdb;

import org.apache.geronimo.transaction.manager.GeronimoTransactionManager;
import org.apache.geronimo.transaction.manager.XidFactoryImpl;

import javax.transaction.xa.XAException;

/**
 * OpenEJB's Geronimo transaction manager with a {@link TwoPhaseCommitLog}, declared in the test's configuration as
 * {@code new://TransactionManager?class-name=...} in place of the default one.
 */
public final class ObservedTransactionManager extends GeronimoTransactionManager {
    public ObservedTransactionManager() throws XAException {
        super(60, new XidFactoryImpl("pactum-mdb-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                new TwoPhaseCommitLog());
    }
}
