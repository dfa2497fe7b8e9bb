package io.pactum.samples.mdb;

import org.apache.geronimo.transaction.manager.GeronimoTransactionManager;
import org.apache.geronimo.transaction.manager.XidFactoryImpl;

import javax.transaction.xa.XAException;
import java.nio.charset.StandardCharsets;

/**
 * Geronimo's transaction manager on an {@link InDoubtTransactionLog}, with the same transaction manager id in every
 * container, so that a restarted container recognizes the transactions of the one before.
 */
public final class InDoubtTransactionManager extends GeronimoTransactionManager {
    public InDoubtTransactionManager() throws XAException {
        super(60, new XidFactoryImpl("pactum-mdb-crash".getBytes(StandardCharsets.US_ASCII)),
                new InDoubtTransactionLog());
    }
}
