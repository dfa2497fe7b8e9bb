package io.pactum.xa.jta;

import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;

import java.nio.file.Path;

/**
 * Narayana for one test class (each runs in its own JVM, see the surefire configuration): a node identifier that is
 * also the recovery node, an object store in the class's temp directory, and recovery that resolves orphans in one
 * {@code scan()} (1 s between its passes, no orphan safety interval).
 */
final class NarayanaTestSupport {
    private NarayanaTestSupport() {
    }

    static void configure(String node, Path dir) {
        PactumJta.configureNarayana(node, dir.resolve("tx-store"));
        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        recovery.setRecoveryBackoffPeriod(1);
        recovery.setPeriodicRecoveryPeriod(3600);
        BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).setOrphanSafetyInterval(0);
    }
}
