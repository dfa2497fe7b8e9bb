package io.pactum.xa.jta;

import com.arjuna.ats.arjuna.common.Uid;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.jta.xa.XidImple;
import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.xa.ForwardingXAResource;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Narayana's recovery resolves Pactum branches through {@link PactumRecoveryHelper}: a branch prepared in the broker
 * whose transaction Narayana never logged is rolled back (presumed abort), one whose transaction was logged as
 * committing is committed, and the helper copes with a broker that restarts or is not up yet.
 */
class RecoveryTest {
    private static final long WAIT = 5_000;
    private static final long QUIET = 300;

    @TempDir
    static Path dir;
    private static RecoveryManager recovery;
    private static TransactionManager tm;
    private static int port;
    private Broker broker;
    private PactumXAConnectionFactory xaFactory;
    private PactumConnectionFactory plain;
    private PactumRecoveryHelper helper;
    private static int testNumber;
    private Path brokerData;

    @BeforeAll
    static void narayana() throws Exception {
        NarayanaTestSupport.configure("recovery-test", dir);
        recovery = RecoveryManager.manager(RecoveryManager.DIRECT_MANAGEMENT);
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    @AfterAll
    static void stopRecovery() {
        recovery.terminate();
    }

    @BeforeEach
    void startBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        brokerData = dir.resolve("broker-" + ++testNumber);
        xaFactory = new PactumXAConnectionFactory("tcp://127.0.0.1:" + port);
        plain = new PactumConnectionFactory("tcp://127.0.0.1:" + port);
    }

    @AfterEach
    void stopBroker() {
        if (helper != null) {
            helper.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = Broker.start(new BrokerConfig().port(port).dataDir(brokerData));
    }

    private void send(String queue, String text) {
        try (JMSContext c = plain.createContext()) {
            c.createProducer().send(c.createQueue(queue), text);
        }
    }

    /** A branch with this node's name, as Narayana would have made it, that Narayana has no record of. */
    private static Xid orphanXid() {
        return new XidImple(new Uid(), true, null);
    }

    /**
     * Prepares a branch that receives the one message on {@code in} and sends one to {@code out}, then drops the
     * connection, as an application that crashed after prepare would.
     */
    private void prepareOrphan(Xid xid, String in, String out) throws Exception {
        XAConnection connection = xaFactory.createXAConnection();
        try {
            XASession session = connection.createXASession();
            XAResource resource = session.getXAResource();
            MessageConsumer consumer = session.createConsumer(session.createQueue(in));
            connection.start();
            resource.start(xid, XAResource.TMNOFLAGS);
            assertNotNull(consumer.receive(WAIT));
            session.createProducer(session.createQueue(out)).send(session.createTextMessage("from the orphan"));
            resource.end(xid, XAResource.TMSUCCESS);
            assertEquals(XAResource.XA_OK, resource.prepare(xid));
        } finally {
            connection.close();
        }
    }

    private boolean inDoubt(Xid xid) throws Exception {
        XAConnection connection = xaFactory.createXAConnection();
        try {
            Xid[] xids = connection.createXASession().getXAResource().recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
            return Arrays.stream(xids).anyMatch(x -> x.getFormatId() == xid.getFormatId()
                    && Arrays.equals(x.getGlobalTransactionId(), xid.getGlobalTransactionId())
                    && Arrays.equals(x.getBranchQualifier(), xid.getBranchQualifier()));
        } finally {
            connection.close();
        }
    }

    private void assertRolledBack(String in, String out) throws Exception {
        try (JMSContext c = plain.createContext()) {
            Message again = c.createConsumer(c.createQueue(in)).receive(WAIT);
            assertNotNull(again, "the orphan's receive is undone");
            assertTrue(again.getJMSRedelivered());
            assertNull(c.createConsumer(c.createQueue(out)).receive(QUIET), "the orphan's send is discarded");
        }
    }

    @Test
    void presumedAbortRollsBackAPreparedBranchNarayanaNeverLogged() throws Exception {
        start();
        send("pa-in", "order");
        Xid xid = orphanXid();
        prepareOrphan(xid, "pa-in", "pa-out");
        assertTrue(inDoubt(xid));
        helper = PactumJta.registerRecovery(recovery, xaFactory, null, null);
        recovery.scan();
        assertFalse(inDoubt(xid));
        assertRolledBack("pa-in", "pa-out");
    }

    @Test
    void aBranchOfAnotherNodeIsLeftAlone() throws Exception {
        start();
        send("other-in", "order");
        Xid foreign = new Xid() {
            private final Xid mine = orphanXid();

            public int getFormatId() {
                return 4242;
            }

            public byte[] getGlobalTransactionId() {
                return mine.getGlobalTransactionId();
            }

            public byte[] getBranchQualifier() {
                return mine.getBranchQualifier();
            }
        };
        prepareOrphan(foreign, "other-in", "other-out");
        helper = PactumJta.registerRecovery(recovery, xaFactory, null, null);
        recovery.scan();
        XAConnection connection = xaFactory.createXAConnection();
        try {
            XAResource r = connection.createXASession().getXAResource();
            assertEquals(1, r.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN).length, "not ours to decide");
            r.rollback(foreign);
        } finally {
            connection.close();
        }
    }

    @Test
    void aBranchWhoseTransactionWasLoggedIsCommittedByRecovery() throws Exception {
        start();
        H2Orders orders = new H2Orders(dir, tm);
        XAConnection connection = xaFactory.createXAConnection();
        try {
            XASession session = connection.createXASession();
            tm.begin();
            tm.getTransaction().enlistResource(new CommitFailsOnce(session.getXAResource()));
            session.createProducer(session.createQueue("logged")).send(session.createTextMessage("committed by recovery"));
            orders.insert("logged");
            try {
                tm.commit();
            } catch (Exception e) {
                // Narayana may report the unfinished branch; its log decides, not this exception
            }
        } finally {
            connection.close();
        }
        assertTrue(orders.contains("logged"));
        try (JMSContext c = plain.createContext()) {
            var consumer = c.createConsumer(c.createQueue("logged"));
            assertNull(consumer.receiveBody(String.class, QUIET), "still prepared");
            helper = PactumJta.registerRecovery(recovery, xaFactory, null, null);
            recovery.scan();
            assertEquals("committed by recovery", consumer.receiveBody(String.class, WAIT));
        }
    }

    @Test
    void theHelperReconnectsAfterTheBrokerRestarts() throws Exception {
        start();
        helper = PactumJta.registerRecovery(recovery, xaFactory, null, null);
        recovery.scan();
        send("restart-in", "order");
        Xid xid = orphanXid();
        prepareOrphan(xid, "restart-in", "restart-out");
        broker.close();
        start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            recovery.scan();
            return !inDoubt(xid);
        });
        assertRolledBack("restart-in", "restart-out");
    }

    @Test
    void aBrokerDownAtTheFirstScanIsReachedAtALaterOne() throws Exception {
        helper = PactumJta.registerRecovery(recovery, xaFactory, null, null);
        recovery.scan();
        start();
        send("late-in", "order");
        Xid xid = orphanXid();
        prepareOrphan(xid, "late-in", "late-out");
        recovery.scan();
        assertFalse(inDoubt(xid));
        assertRolledBack("late-in", "late-out");
    }

    /** A Pactum resource whose first commit is lost on the way, as if the application died during phase two. */
    private static final class CommitFailsOnce extends ForwardingXAResource {
        private boolean failed;

        CommitFailsOnce(XAResource delegate) {
            super(delegate);
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            if (!failed) {
                failed = true;
                throw new XAException(XAException.XAER_RMFAIL);
            }
            delegate.commit(xid, onePhase);
        }

        /** Never the same as another resource, so the manager keeps this one as a branch of its own. */
        @Override
        public boolean isSameRM(XAResource other) {
            return false;
        }
    }
}
