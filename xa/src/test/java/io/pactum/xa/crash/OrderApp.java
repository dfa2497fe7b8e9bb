package io.pactum.xa.crash;

import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.xa.ForwardingXAResource;
import io.pactum.xa.jta.PactumJta;
import io.pactum.xa.jta.PactumRecoveryHelper;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Statement;

/**
 * The application of the XA crash tests, run in a JVM of its own so it can die at a chosen step:
 * {@code OrderApp <mode> <brokerUrl> <dbUrl> <objectStoreDir>}. In one Narayana transaction it receives an order
 * from the queue {@code orders}, inserts it into the table {@code orders} of an H2 database through its
 * XADataSource, and sends a confirmation to the queue {@code confirmations}. Modes:
 * <ul>
 *   <li>{@code halt-after-prepare}: both resources prepared and the decision logged, then {@code Runtime.halt}
 *       at the first commit;</li>
 *   <li>{@code pause-before-commit}: prints {@code PREPARED} at the first commit and waits for a line on standard
 *       input (the test kills the broker, or this process, meanwhile), then carries on;</li>
 *   <li>{@code halt-in-prepare}: halts right after the broker's prepare, before the manager logged anything
 *       (presumed abort);</li>
 *   <li>{@code recover}: runs Narayana's recovery (two passes) with recovery helpers for the broker and the
 *       database, then prints {@code RECOVERED}.</li>
 * </ul>
 * Exits with {@link #HALTED} when it halts on purpose.
 */
public final class OrderApp {
    static final int HALTED = 77;
    static final String NODE = "xa-crash-node";

    private OrderApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        PactumXAConnectionFactory jms = new PactumXAConnectionFactory(args[1]);
        JdbcDataSource db = new JdbcDataSource();
        db.setURL(args[2]);
        configureNarayana(args[3]);
        if (mode.equals("recover")) {
            recover(jms, db);
            System.out.println("RECOVERED");
            System.out.flush();
            System.exit(0);
        }
        processOneOrder(mode, jms, db);
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    /** As an application would: Pactum's one-call setup, plus short recovery pauses so a test runs quickly. */
    private static void configureNarayana(String storeDir) {
        PactumJta.configureNarayana(NODE, Path.of(storeDir));
        BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).setOrphanSafetyInterval(0);
        BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class).setRecoveryBackoffPeriod(1);
    }

    private static void processOneOrder(String mode, PactumXAConnectionFactory jms, JdbcDataSource db) throws Exception {
        TransactionManager tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        XAConnection connection = jms.createXAConnection();
        connection.start();
        XASession session = connection.createXASession();
        javax.sql.XAConnection dbConnection = db.getXAConnection();

        tm.begin();
        Transaction tx = tm.getTransaction();
        XAResource broker = new CrashingResource(session.getXAResource(), mode, true);
        XAResource database = new CrashingResource(dbConnection.getXAResource(), mode, false);
        tx.enlistResource(broker);
        tx.enlistResource(database);
        Session s = session.getSession();
        MessageConsumer consumer = s.createConsumer(s.createQueue("orders"));
        Message order = consumer.receive(30_000);
        if (order == null) {
            throw new IllegalStateException("no order arrived");
        }
        String body = order.getBody(String.class);
        try (Statement st = dbConnection.getConnection().createStatement()) {
            st.executeUpdate("INSERT INTO orders(id) VALUES ('" + body + "')");
        }
        s.createProducer(s.createQueue("confirmations")).send(s.createTextMessage("confirmed " + body));
        tx.delistResource(broker, XAResource.TMSUCCESS);
        tx.delistResource(database, XAResource.TMSUCCESS);
        try {
            tm.commit();
        } catch (Exception e) {
            System.out.println("COMMIT FAILED " + e);
        }
    }

    /**
     * A restarted application's recovery: Pactum's recovery helper (which connects by itself) and one for the
     * database, then Narayana's two recovery passes, twice.
     */
    private static void recover(PactumXAConnectionFactory jms, JdbcDataSource db) throws Exception {
        RecoveryManager manager = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        javax.sql.XAConnection dbConnection = db.getXAConnection();
        XAResource dbResource = dbConnection.getXAResource();
        try (PactumRecoveryHelper pactum = PactumJta.registerRecovery(manager, jms, null, null)) {
            XARecoveryModule.getRegisteredXARecoveryModule().addXAResourceRecoveryHelper(new XAResourceRecoveryHelper() {
                @Override
                public boolean initialise(String p) {
                    return true;
                }

                @Override
                public XAResource[] getXAResources() {
                    return new XAResource[]{dbResource};
                }
            });
            manager.scan();
            manager.scan();
        }
        manager.terminate();
        dbConnection.close();
    }

    /** Passes every call through, except at the step where the mode says the process dies or waits. */
    private static final class CrashingResource extends ForwardingXAResource {
        private static boolean commitSeen;
        private final String mode;
        private final boolean isBroker;

        CrashingResource(XAResource delegate, String mode, boolean isBroker) {
            super(delegate);
            this.mode = mode;
            this.isBroker = isBroker;
        }

        @Override
        public int prepare(Xid xid) throws XAException {
            int vote = delegate.prepare(xid);
            if (isBroker && mode.equals("halt-in-prepare")) {
                halt();
            }
            return vote;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            if (!commitSeen) {
                commitSeen = true;
                if (mode.equals("halt-after-prepare")) {
                    halt();
                }
                if (mode.equals("pause-before-commit")) {
                    System.out.println("PREPARED");
                    System.out.flush();
                    try {
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    } catch (java.io.IOException e) {
                        halt();
                    }
                }
            }
            delegate.commit(xid, onePhase);
        }

        private static void halt() {
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
