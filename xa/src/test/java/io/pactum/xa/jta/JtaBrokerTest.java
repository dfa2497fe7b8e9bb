package io.pactum.xa.jta;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pactum and H2 in one Narayana transaction through {@link JtaConnectionFactory}, against a real broker: whether the
 * transaction commits, rolls back or is marked rollback-only, the queue and the table agree.
 */
class JtaBrokerTest {
    private static final long WAIT = 5_000;
    private static final long QUIET = 300;

    @TempDir
    static Path dir;
    private static Broker broker;
    private static TransactionManager tm;
    private static ConnectionFactory jta;
    private static ConnectionFactory plain;
    private static H2Orders orders;

    @BeforeAll
    static void setUp() throws Exception {
        NarayanaTestSupport.configure("jta-broker", dir);
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dir.resolve("broker")));
        String url = "tcp://127.0.0.1:" + broker.port();
        jta = new JtaConnectionFactory(new PactumXAConnectionFactory(url), tm);
        plain = new PactumConnectionFactory(url);
        orders = new H2Orders(dir, tm);
    }

    @AfterAll
    static void tearDown() {
        if (broker != null) {
            broker.close();
        }
    }

    private enum Outcome { COMMIT, ROLLBACK, ROLLBACK_ONLY }

    /** Ends the caller's transaction as told; true if it committed. */
    private static boolean end(Outcome outcome) throws Exception {
        switch (outcome) {
            case COMMIT:
                tm.commit();
                return true;
            case ROLLBACK:
                tm.rollback();
                return false;
            default:
                tm.setRollbackOnly();
                assertThrows(RollbackException.class, tm::commit);
                return false;
        }
    }

    private void sendAndInsert(String id, Outcome outcome) throws Exception {
        tm.begin();
        try (Connection connection = jta.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(session.createQueue("send-" + id)).send(session.createTextMessage(id));
            orders.insert(id);
        }
        boolean committed = end(outcome);
        assertEquals(committed, orders.contains(id), "row");
        try (JMSContext check = plain.createContext()) {
            String body = check.createConsumer(check.createQueue("send-" + id)).receiveBody(String.class, committed ? WAIT : QUIET);
            assertEquals(committed ? id : null, body, "message");
        }
    }

    @Test
    void sendAndInsertCommitTogether() throws Exception {
        sendAndInsert("s-commit", Outcome.COMMIT);
    }

    @Test
    void sendAndInsertRollBackTogether() throws Exception {
        sendAndInsert("s-rollback", Outcome.ROLLBACK);
    }

    @Test
    void sendAndInsertMarkedRollbackOnlyRollBackTogether() throws Exception {
        sendAndInsert("s-rollback-only", Outcome.ROLLBACK_ONLY);
    }

    private void receiveAndInsert(String id, Outcome outcome) throws Exception {
        try (JMSContext producer = plain.createContext()) {
            producer.createProducer().send(producer.createQueue("receive-" + id), id);
        }
        tm.begin();
        try (Connection connection = jta.createConnection()) {
            Session session = connection.createSession();
            MessageConsumer consumer = session.createConsumer(session.createQueue("receive-" + id));
            connection.start();
            TextMessage m = (TextMessage) consumer.receive(WAIT);
            assertNotNull(m);
            orders.insert(m.getText());
        }
        boolean committed = end(outcome);
        assertEquals(committed, orders.contains(id), "row");
        try (JMSContext check = plain.createContext()) {
            Message again = check.createConsumer(check.createQueue("receive-" + id)).receive(committed ? QUIET : WAIT);
            if (committed) {
                assertNull(again, "a committed receive is gone");
            } else {
                assertNotNull(again, "a rolled-back receive comes again");
                assertEquals(id, again.getBody(String.class));
                assertTrue(again.getJMSRedelivered());
                assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            }
        }
    }

    @Test
    void receiveAndInsertCommitTogether() throws Exception {
        receiveAndInsert("r-commit", Outcome.COMMIT);
    }

    @Test
    void receiveAndInsertRollBackTogether() throws Exception {
        receiveAndInsert("r-rollback", Outcome.ROLLBACK);
    }

    @Test
    void receiveAndInsertMarkedRollbackOnlyRollBackTogether() throws Exception {
        receiveAndInsert("r-rollback-only", Outcome.ROLLBACK_ONLY);
    }

    @Test
    void aContextTakesPartLikeASession() throws Exception {
        tm.begin();
        try (JMSContext context = jta.createContext()) {
            context.createProducer().send(context.createQueue("context"), "c-commit");
            orders.insert("c-commit");
            assertThrows(jakarta.jms.TransactionInProgressRuntimeException.class, context::commit);
        }
        tm.commit();
        assertTrue(orders.contains("c-commit"));
        try (JMSContext check = plain.createContext()) {
            assertEquals("c-commit", check.createConsumer(check.createQueue("context")).receiveBody(String.class, WAIT));
        }
    }

    @Test
    void oneSessionWorksInSuccessiveTransactions() throws Exception {
        try (Connection connection = jta.createConnection()) {
            Session session = connection.createSession();
            Queue queue = session.createQueue("successive");
            var producer = session.createProducer(queue);
            for (int i = 0; i < 3; i++) {
                tm.begin();
                producer.send(session.createTextMessage("t" + i));
                orders.insert("t" + i);
                if (i == 1) {
                    tm.rollback();
                } else {
                    tm.commit();
                }
            }
        }
        assertTrue(orders.contains("t0"));
        assertFalse(orders.contains("t1"));
        assertTrue(orders.contains("t2"));
        try (JMSContext check = plain.createContext()) {
            var consumer = check.createConsumer(check.createQueue("successive"));
            assertEquals("t0", consumer.receiveBody(String.class, WAIT));
            assertEquals("t2", consumer.receiveBody(String.class, WAIT));
            assertNull(consumer.receiveBody(String.class, QUIET));
        }
    }

    @Test
    void outsideATransactionSessionsActAsAsked() throws Exception {
        try (Connection connection = jta.createConnection()) {
            Session auto = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            auto.createProducer(auto.createQueue("outside-auto")).send(auto.createTextMessage("now"));
            assertFalse(auto.getTransacted());
            Session local = connection.createSession(true, Session.SESSION_TRANSACTED);
            local.createProducer(local.createQueue("outside-local")).send(local.createTextMessage("on commit"));
            try (JMSContext check = plain.createContext()) {
                assertEquals("now", check.createConsumer(check.createQueue("outside-auto")).receiveBody(String.class, WAIT));
                var localConsumer = check.createConsumer(check.createQueue("outside-local"));
                assertNull(localConsumer.receiveBody(String.class, QUIET));
                local.commit();
                assertEquals("on commit", localConsumer.receiveBody(String.class, WAIT));
            }
        }
    }

    @Test
    void sessionCommitInsideATransactionIsRefused() throws Exception {
        try (Connection connection = jta.createConnection()) {
            Session session = connection.createSession();
            tm.begin();
            try {
                assertThrows(TransactionInProgressException.class, session::commit);
                assertThrows(TransactionInProgressException.class, session::rollback);
            } finally {
                tm.rollback();
            }
        }
    }
}
