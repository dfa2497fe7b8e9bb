package io.pactum.xa.ra;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound side through the Connectors SPI, as a container drives it: handles from the non-managed connection
 * manager, XA transactions enlisted with Narayana, local transactions, the Jakarta EE restrictions and matching.
 */
class OutboundTest {
    @TempDir
    static Path dir;
    private static Broker broker;
    private static String url;
    private static PactumManagedConnectionFactory mcf;
    private static TransactionManager tm;

    @BeforeAll
    static void start() throws Exception {
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dir));
        url = "tcp://127.0.0.1:" + broker.port();
        PactumResourceAdapter ra = new PactumResourceAdapter();
        ra.setConnectionURL(url);
        ra.start(new FakeBootstrapContext());
        mcf = new PactumManagedConnectionFactory();
        mcf.setResourceAdapter(ra);
        tm = Tm.get();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static String receive(String queue, long timeout) throws Exception {
        try (JMSContext c = new PactumConnectionFactory(url).createContext();
             JMSConsumer consumer = c.createConsumer(c.createQueue(queue))) {
            Message m = consumer.receive(timeout);
            return m == null ? null : ((TextMessage) m).getText();
        }
    }

    @Test
    void sendsThroughAHandleOutsideATransactionIgnoringTheSessionArguments() throws Exception {
        ConnectionFactory cf = (ConnectionFactory) mcf.createConnectionFactory();
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            assertFalse(s.getTransacted());
            assertEquals(Session.AUTO_ACKNOWLEDGE, s.getAcknowledgeMode());
            assertThrows(IllegalStateException.class, s::commit);
            s.createProducer(s.createQueue("out.plain")).send(s.createTextMessage("hello"));
        }
        assertEquals("hello", receive("out.plain", 5000));
    }

    @Test
    void oneSessionPerConnectionAndTheForbiddenMethods() throws Exception {
        ConnectionFactory cf = (ConnectionFactory) mcf.createConnectionFactory();
        try (Connection c = cf.createConnection()) {
            Session first = c.createSession();
            assertThrows(IllegalStateException.class, c::createSession);
            assertThrows(IllegalStateException.class, () -> c.setClientID("x"));
            assertThrows(IllegalStateException.class, () -> c.setExceptionListener(e -> { }));
            assertThrows(IllegalStateException.class, c::stop);
            assertThrows(IllegalStateException.class, () -> first.setMessageListener(m -> { }));
            c.start();
            first.close();
            c.createSession().close();
        }
        try (JMSContext ctx = cf.createContext()) {
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.setClientID("x"));
            assertThrows(IllegalStateRuntimeException.class, ctx::stop);
            assertThrows(IllegalStateRuntimeException.class, () -> ctx.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        }
    }

    @Test
    void queueAndTopicSessionHandlesRefuseTheOtherDomainsMethods() throws Exception {
        Object cf = mcf.createConnectionFactory();
        try (QueueConnection c = ((QueueConnectionFactory) cf).createQueueConnection()) {
            QueueSession s = c.createQueueSession(true, Session.SESSION_TRANSACTED);
            assertThrows(IllegalStateException.class, () -> s.createTopic("out.topic"));
            assertThrows(IllegalStateException.class, s::createTemporaryTopic);
            assertThrows(IllegalStateException.class, () -> s.createDurableConsumer(null, "d"));
            assertThrows(IllegalStateException.class, () -> s.createSharedConsumer(null, "sh", null));
            assertThrows(IllegalStateException.class, () -> s.unsubscribe("d"));
            Queue q = s.createQueue("out.queue-session");
            s.createSender(q).send(s.createTextMessage("queue session"));
        }
        assertEquals("queue session", receive("out.queue-session", 5000));
        try (TopicConnection c = ((TopicConnectionFactory) cf).createTopicConnection()) {
            TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> s.createQueue("out.queue"));
            assertThrows(IllegalStateException.class, s::createTemporaryQueue);
            assertThrows(IllegalStateException.class, () -> s.createBrowser(null));
            s.createPublisher(s.createTopic("out.topic")).publish(s.createTextMessage("topic session"));
        }
        try (Connection c = ((ConnectionFactory) cf).createConnection()) {
            Session s = c.createSession();
            s.createTopic("out.topic");
            s.createBrowser(s.createQueue("out.unified")).close();
        }
    }

    @Test
    void anXaTransactionDecidesTheSend() throws Exception {
        PactumManagedConnection mc = (PactumManagedConnection) mcf.createManagedConnection(null, null);
        try {
            for (boolean commit : new boolean[] {false, true}) {
                tm.begin();
                tm.getTransaction().enlistResource(mc.getXAResource());
                Connection c = (Connection) mc.getConnection(null, null);
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertTrue(s.getTransacted());
                assertThrows(TransactionInProgressException.class, s::commit);
                s.createProducer(s.createQueue("out.xa")).send(s.createTextMessage("commit=" + commit));
                c.close(); // before completion, as applications do: the managed connection keeps the branch
                if (commit) {
                    tm.commit();
                } else {
                    tm.rollback();
                }
                mc.cleanup();
            }
            assertEquals("commit=true", receive("out.xa", 5000));
            assertNull(receive("out.xa", 300));
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aLocalTransactionDecidesTheSend() throws Exception {
        PactumManagedConnection mc = (PactumManagedConnection) mcf.createManagedConnection(null, null);
        try {
            LocalTransaction tx = mc.getLocalTransaction();
            Connection c = (Connection) mc.getConnection(null, null);
            Session s = c.createSession();
            MessageProducer p = s.createProducer(s.createQueue("out.local"));
            tx.begin();
            assertTrue(s.getTransacted());
            p.send(s.createTextMessage("rolled back"));
            tx.rollback();
            tx.begin();
            p.send(s.createTextMessage("committed"));
            tx.commit();
            assertFalse(s.getTransacted());
            c.close();
            assertEquals("committed", receive("out.local", 5000));
            assertNull(receive("out.local", 300));
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aContextHandleSendsToAnAdministeredQueue() throws Exception {
        ConnectionFactory cf = (ConnectionFactory) mcf.createConnectionFactory();
        PactumQueueAdminObject queue = new PactumQueueAdminObject();
        queue.setName("out.admin");
        try (JMSContext ctx = cf.createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, ctx.getSessionMode());
            ctx.createProducer().send(queue, "via admin object");
        }
        assertEquals("via admin object", receive("out.admin", 5000));
    }

    @Test
    void managedConnectionsMatchOnlyTheirCredentials() throws Exception {
        PactumManagedConnection mc = (PactumManagedConnection) mcf.createManagedConnection(null, null);
        try {
            assertSame(mc, mcf.matchManagedConnections(Set.of(mc), null, null));
            assertNull(mcf.matchManagedConnections(Set.of(mc), null, new Credentials("someone", "else")));
            PactumManagedConnectionFactory other = new PactumManagedQueueConnectionFactory();
            other.setConnectionURL(url);
            assertNull(other.matchManagedConnections(Set.of(mc), null, null));
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aHandleMovesToTheManagedConnectionTheContainerAssociatesItWith() throws Exception {
        PactumManagedConnection first = (PactumManagedConnection) mcf.createManagedConnection(null, null);
        PactumManagedConnection second = (PactumManagedConnection) mcf.createManagedConnection(null, null);
        try {
            Connection c = (Connection) first.getConnection(null, null);
            second.associateConnection(c);
            tm.begin();
            tm.getTransaction().enlistResource(second.getXAResource());
            Session s = c.createSession();
            assertTrue(s.getTransacted(), "the handle works on the second managed connection, enlisted");
            s.createProducer(s.createQueue("out.moved")).send(s.createTextMessage("moved"));
            tm.rollback();
            first.dissociateConnections();
            second.dissociateConnections();
            assertThrows(IllegalStateException.class, c::createSession, "dissociated, and no lazy manager");
            assertNull(receive("out.moved", 300));
        } finally {
            first.destroy();
            second.destroy();
        }
    }
}
