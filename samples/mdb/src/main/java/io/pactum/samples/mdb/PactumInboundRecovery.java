package io.pactum.samples.mdb;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.transaction.TransactionManager;
import org.apache.geronimo.connector.ActivationSpecNamedXAResourceFactory;
import org.apache.geronimo.transaction.manager.RecoverableTransactionManager;
import org.apache.openejb.OpenEJBException;
import org.apache.openejb.core.mdb.InboundRecovery;
import org.apache.openejb.loader.SystemInstance;

/**
 * Lets Geronimo recover the branches of message-driven beans. With its log on, OpenEJB logs an MDB's branch under the
 * MDB container's id, but registers nothing that could recover resources of that name: OpenEJB's
 * {@code InboundRecovery} hook has no implementation of its own. This one registers, per MDB, a factory of that name
 * that asks the resource adapter for its XA resources ({@code ResourceAdapter.getXAResources}), so that after a crash
 * Geronimo commits or rolls back the branches it left in doubt. Install it as the {@code InboundRecovery} component of
 * OpenEJB's {@code SystemInstance} before the MDB containers are created.
 */
public final class PactumInboundRecovery implements InboundRecovery {
    @Override
    public void recover(ResourceAdapter adapter, ActivationSpec spec, String containerId) throws OpenEJBException {
        TransactionManager tm = SystemInstance.get().getComponent(TransactionManager.class);
        if (!(tm instanceof RecoverableTransactionManager)) {
            throw new OpenEJBException("MDB recovery needs Geronimo's transaction manager, not " + tm);
        }
        ((RecoverableTransactionManager) tm).registerNamedXAResourceFactory(
                new ActivationSpecNamedXAResourceFactory(containerId, spec, adapter));
    }
}
