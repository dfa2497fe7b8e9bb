package io.pactum.xa.jta;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the JTA wrapper does with an XA factory, seen through a recording test double with Narayana as the
 * transaction manager: when it enlists and delists, and when it really closes.
 */
class JtaConnectionFactoryUnitTest {
    @TempDir
    static Path dir;
    private static TransactionManager tm;
    private FakeXa xa;
    private JtaConnectionFactory factory;

    @BeforeAll
    static void narayana() {
        NarayanaTestSupport.configure("jta-unit", dir);
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
    }

    @BeforeEach
    void setUp() {
        xa = new FakeXa();
        factory = new JtaConnectionFactory(xa.factory(), tm);
    }

    @Test
    void firstSendEnlistsOnceAndBeforeCompletionDelists() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            MessageProducer producer = session.createProducer(null);
            tm.begin();
            producer.send(null);
            producer.send(null);
            tm.commit();
        }
        assertEquals(List.of("connect", "session", "start TMNOFLAGS", "send", "send", "end TMSUCCESS", "commit one-phase",
                "close session", "close connection"), xa.calls);
    }

    @Test
    void outsideATransactionNothingIsEnlisted() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(null).send(null);
            assertFalse(session.getTransacted());
            assertEquals(Session.AUTO_ACKNOWLEDGE, session.getAcknowledgeMode());
        }
        assertEquals(List.of("connect", "session", "send", "close session", "close connection"), xa.calls);
    }

    @Test
    void aSessionWorksInOneTransactionAfterAnother() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            MessageProducer producer = session.createProducer(null);
            tm.begin();
            producer.send(null);
            tm.commit();
            tm.begin();
            producer.send(null);
            tm.rollback();
        }
        assertEquals(List.of("start TMNOFLAGS", "send", "end TMSUCCESS", "commit one-phase"), xa.calls.subList(2, 6));
        assertEquals("start TMNOFLAGS", xa.calls.get(6));
        assertTrue(xa.calls.indexOf("rollback") > 6, xa.calls::toString);
    }

    @Test
    void closingInsideTheTransactionWaitsForItsOutcome() throws Exception {
        tm.begin();
        Connection connection = factory.createConnection();
        Session session = connection.createSession();
        session.createProducer(null).send(null);
        session.close();
        connection.close();
        assertFalse(xa.calls.contains("close session"), xa.calls::toString);
        assertThrows(IllegalStateException.class, () -> session.createProducer(null));
        tm.commit();
        assertEquals(List.of("commit one-phase", "close session", "close connection"), xa.calls.subList(xa.calls.size() - 3, xa.calls.size()));
    }

    @Test
    void sessionCommitAndRollbackBelongToTheTransactionManager() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            tm.begin();
            try {
                assertThrows(TransactionInProgressException.class, session::commit);
                assertThrows(TransactionInProgressException.class, session::rollback);
                assertTrue(session.getTransacted());
                assertEquals(Session.SESSION_TRANSACTED, session.getAcknowledgeMode());
            } finally {
                tm.rollback();
            }
            assertThrows(IllegalStateException.class, session::commit);
        }
    }

    @Test
    void rollbackOnlyRollsTheBranchBack() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            tm.begin();
            session.createProducer(null).send(null);
            tm.setRollbackOnly();
            assertThrows(RollbackException.class, tm::commit);
        }
        assertTrue(xa.calls.contains("rollback"), xa.calls::toString);
        assertFalse(xa.calls.stream().anyMatch(c -> c.startsWith("commit")), xa.calls::toString);
    }

    @Test
    void workAfterTheSessionWasDelistedIsRefused() throws Exception {
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            MessageProducer producer = session.createProducer(null);
            Exception[] late = new Exception[1];
            tm.begin();
            producer.send(null);
            tm.getTransaction().registerSynchronization(new jakarta.transaction.Synchronization() {
                @Override
                public void beforeCompletion() {
                    late[0] = assertThrows(IllegalStateException.class, () -> producer.send(null));
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            tm.commit();
            assertNotNull(late[0]);
        }
        assertEquals(1, xa.calls.stream().filter("send"::equals).count(), xa.calls::toString);
    }

    @Test
    void aContextIsEnlistedAndClosedLikeASession() throws Exception {
        tm.begin();
        try (JMSContext context = factory.createContext()) {
            context.createProducer().send(null, "x");
            assertThrows(jakarta.jms.TransactionInProgressRuntimeException.class, context::commit);
        }
        assertFalse(xa.calls.contains("close context"), xa.calls::toString);
        tm.commit();
        assertEquals(List.of("connect", "start TMNOFLAGS", "send", "end TMSUCCESS", "commit one-phase", "close context"), xa.calls);
    }
}
