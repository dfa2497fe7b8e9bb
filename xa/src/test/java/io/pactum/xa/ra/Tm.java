package io.pactum.xa.ra;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.TransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Narayana as the tests' container transaction manager, configured once per JVM. */
final class Tm {
    private static TransactionManager tm;

    private Tm() {
    }

    static synchronized TransactionManager get() {
        if (tm == null) {
            try {
                BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class)
                        .setObjectStoreDir(Files.createTempDirectory("pactum-ra-tx").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier("pactum-ra-test");
            } catch (com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException e) {
                throw new IllegalStateException(e);
            }
            tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        }
        return tm;
    }
}
