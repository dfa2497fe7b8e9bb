package io.pactum.xa.jta;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.arjuna.recovery.RecoveryModule;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.jms.XAConnectionFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * One-call setup of Narayana for standalone applications that use Pactum in XA transactions.
 *
 * <h2>Narayana properties an application must get right</h2>
 * Set them before the first transaction (Narayana reads several of them once, when its classes load), with
 * {@link #configureNarayana} or in {@code jbossts-properties.xml} / system properties:
 * <ul>
 *   <li>{@code CoreEnvironmentBean.nodeIdentifier}: unique per transaction manager sharing the broker (at most 28
 *       bytes). Narayana writes it into every branch Xid; recovery rolls back only its own nodes' orphans.</li>
 *   <li>{@code JTAEnvironmentBean.xaRecoveryNodes}: must contain this node identifier (or {@code *}, which is safe only
 *       when one transaction manager uses the broker). Without it a branch prepared in the broker whose transaction
 *       Narayana never logged stays in doubt forever instead of being rolled back (presumed abort).</li>
 *   <li>{@code ObjectStoreEnvironmentBean.objectStoreDir} (for the default, {@code communicationStore} and
 *       {@code stateStore} instances): the transaction log; it must survive restarts, or prepared branches whose
 *       transaction committed can no longer be committed by recovery.</li>
 *   <li>{@code JTAEnvironmentBean.xaResourceOrphanFilterClassNames}: keep Narayana's defaults
 *       ({@code JTATransactionLogXAResourceOrphanFilter}, {@code JTANodeNameXAResourceOrphanFilter},
 *       {@code JTAActionStatusServiceXAResourceOrphanFilter}): a logged transaction's branch is left for the log's
 *       outcome, an unlogged one of a listed node is rolled back.</li>
 *   <li>For tests only: {@code RecoveryEnvironmentBean.recoveryBackoffPeriod} (seconds between the two passes of a
 *       scan, default 10) and {@code JTAEnvironmentBean.orphanSafetyInterval} (milliseconds a branch must have been
 *       seen in doubt before it counts as an orphan, default 20000); set both low to resolve orphans in one
 *       {@code scan()}.</li>
 * </ul>
 */
public final class PactumJta {
    private static final System.Logger LOG = System.getLogger(PactumJta.class.getName());

    private PactumJta() {
    }

    /**
     * Sets the node identifier, makes it the one node whose orphans recovery rolls back, and puts all of Narayana's
     * object stores under {@code objectStoreDir}. Call it once, before Narayana is first used in this JVM.
     */
    public static void configureNarayana(String nodeIdentifier, Path objectStoreDir) {
        try {
            BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier(nodeIdentifier);
        } catch (CoreEnvironmentBeanException e) {
            throw new IllegalArgumentException("invalid Narayana node identifier: " + nodeIdentifier, e);
        }
        BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).setXaRecoveryNodes(List.of(nodeIdentifier));
        String dir = objectStoreDir.toAbsolutePath().toString();
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(dir);
        for (String store : List.of("communicationStore", "stateStore")) {
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, store).setObjectStoreDir(dir);
        }
    }

    /** {@link #registerRecovery(XAConnectionFactory, String, String)} with the factory's default credentials. */
    public static PactumRecoveryHelper registerRecovery(XAConnectionFactory factory) {
        return registerRecovery(factory, null, null);
    }

    /**
     * Lets Narayana's recovery find Pactum's in-doubt branches: registers a helper that opens its own connection
     * when the recovery module first asks (so it works after a restart before the application connects) and
     * reconnects after the broker was down. Uses the process's recovery manager, starting Narayana's periodic
     * recovery if none exists yet. Close the returned helper to unregister it.
     */
    public static PactumRecoveryHelper registerRecovery(XAConnectionFactory factory, String user, String password) {
        return registerRecovery(processRecoveryManager(), factory, user, password);
    }

    /** Registers with the given recovery manager, e.g. one in {@code DIRECT_MANAGEMENT} mode driven by {@code scan()}. */
    public static PactumRecoveryHelper registerRecovery(RecoveryManager manager, XAConnectionFactory factory,
                                                        String user, String password) {
        XARecoveryModule module = xaRecoveryModule(manager);
        warnIfPresumedAbortIsOff();
        PactumRecoveryHelper helper = new PactumRecoveryHelper(factory, user, password, module);
        module.addXAResourceRecoveryHelper(helper);
        return helper;
    }

    private static RecoveryManager processRecoveryManager() {
        try {
            return RecoveryManager.manager();
        } catch (IllegalArgumentException alreadyDirect) {
            return RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        }
    }

    private static XARecoveryModule xaRecoveryModule(RecoveryManager manager) {
        for (RecoveryModule m : manager.getModules()) {
            if (m instanceof XARecoveryModule) {
                return (XARecoveryModule) m;
            }
        }
        throw new IllegalStateException("Narayana's recovery manager has no XARecoveryModule: add "
                + XARecoveryModule.class.getName() + " to RecoveryEnvironmentBean.recoveryModuleClassNames");
    }

    /** Presumed abort needs this node among the recovery nodes; a silent misconfiguration would leave branches in doubt. */
    private static void warnIfPresumedAbortIsOff() {
        String node = BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).getNodeIdentifier();
        List<String> nodes = BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).getXaRecoveryNodes();
        if (nodes == null || !(nodes.contains(node) || nodes.contains("*"))) {
            LOG.log(System.Logger.Level.WARNING, "Narayana node identifier {0} is not in JTAEnvironmentBean.xaRecoveryNodes {1}:"
                    + " Pactum branches this node prepared but never logged will stay in doubt", node, nodes);
        }
    }
}
