package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 6.2.7 ("Transactions"): a transacted session groups sends and receives into an
 * atomic unit; commit makes them effective, rollback discards sends and redelivers receives, close rolls back.
 */
class TransactionTest extends BrokerTestSupport {

    @Test
    void sendsBecomeVisibleOnlyOnCommit() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection(); Connection observer = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            assertTrue(tx.getTransacted());
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("s1"));
            p.send(tx.createTextMessage("s2"));
            Session os = observer.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer watcher = os.createConsumer(q);
            observer.start();
            assertNull(watcher.receive(QUIET), "uncommitted sends are not delivered");
            tx.commit();
            assertEquals("s1", text(watcher.receive(WAIT)));
            assertEquals("s2", text(watcher.receive(WAIT)));
        }
    }

    @Test
    void rollbackDiscardsSends() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("discarded"));
            tx.rollback();
            p.send(tx.createTextMessage("kept"));
            tx.commit();
        }
        assertEquals(1, depth(q));
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("kept", text(consumer.receive(WAIT)));
        }
    }

    @Test
    void commitConsumesReceivedMessages() throws JMSException {
        Queue q = freshQueue();
        send(q, "c1", "c2");
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(q);
            c.start();
            assertEquals("c1", text(consumer.receive(WAIT)));
            assertEquals("c2", text(consumer.receive(WAIT)));
            tx.commit();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void rollbackRedeliversReceivedMessagesMarkedRedelivered() throws JMSException {
        Queue q = freshQueue();
        send(q, "b1", "b2");
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(q);
            c.start();
            Message first = consumer.receive(WAIT);
            assertEquals("b1", text(first));
            assertFalse(first.getJMSRedelivered());
            assertEquals("b2", text(consumer.receive(WAIT)));
            tx.rollback();
            Message again = consumer.receive(WAIT);
            assertEquals("b1", text(again), "redelivered in the original order");
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            Message again2 = consumer.receive(WAIT);
            assertEquals("b2", text(again2));
            assertTrue(again2.getJMSRedelivered());
            tx.commit();
            assertNull(consumer.receive(QUIET));
        }
        assertEquals(0, depth(q));
    }

    @Test
    void sendsAndReceivesCommitTogether() throws JMSException {
        Queue in = freshQueue();
        Queue out = freshQueue();
        send(in, "work");
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            MessageProducer producer = tx.createProducer(out);
            c.start();
            Message m = consumer.receive(WAIT);
            producer.send(tx.createTextMessage("result of " + text(m)));
            tx.rollback();
            assertEquals(0, depth(out), "the rolled-back send is gone");
            m = consumer.receive(WAIT);
            assertTrue(m.getJMSRedelivered());
            producer.send(tx.createTextMessage("result of " + text(m)));
            tx.commit();
        }
        assertEquals(0, depth(in));
        assertEquals(1, depth(out));
    }

    @Test
    void aTransactedListenerSessionCommitsFromOnMessage() throws JMSException {
        Queue q = freshQueue();
        send(q, "t1", "t2");
        List<String> got = new CopyOnWriteArrayList<>();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            tx.createConsumer(q).setMessageListener(m -> {
                try {
                    got.add(((TextMessage) m).getText() + (m.getJMSRedelivered() ? "*" : ""));
                    if (got.size() == 1) {
                        tx.rollback();
                    } else {
                        tx.commit();
                    }
                } catch (JMSException e) {
                    got.add("error " + e);
                }
            });
            c.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> got.size() >= 3);
        }
        assertEquals(List.of("t1", "t1*", "t2"), got.subList(0, 3));
        assertEquals(0, depth(q));
    }

    @Test
    void transactionMethodsOnANonTransactedSessionAreIllegal() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertFalse(s.getTransacted());
            assertThrows(IllegalStateException.class, s::commit);
            assertThrows(IllegalStateException.class, s::rollback);
            Session client = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, client::commit);
        }
    }

    @Test
    void transactionMethodsOnAClosedSessionAreIllegal() throws JMSException {
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            tx.close();
            assertThrows(IllegalStateException.class, tx::commit);
            assertThrows(IllegalStateException.class, tx::rollback);
            assertThrows(IllegalStateException.class, tx::getTransacted);
        }
    }

    @Test
    void closingASessionRollsBackItsTransaction() throws JMSException {
        Queue in = freshQueue();
        Queue out = freshQueue();
        send(in, "held");
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createConsumer(in);
            c.start();
            assertEquals("held", text(consumer.receive(WAIT)));
            tx.createProducer(out).send(tx.createTextMessage("never"));
            tx.close();
        }
        assertEquals(0, depth(out), "the uncommitted send was rolled back");
        assertEquals(1, depth(in), "the uncommitted receive was rolled back");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(in);
            c.start();
            Message m = consumer.receive(WAIT);
            assertEquals("held", text(m));
            assertTrue(m.getJMSRedelivered());
        }
    }

    @Test
    void closingTheConnectionRollsBackItsTransactions() throws JMSException {
        Queue q = freshQueue();
        Connection c = connection();
        Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
        tx.createProducer(q).send(tx.createTextMessage("lost"));
        c.close();
        assertEquals(0, depth(q));
    }

    @Test
    void transactedTopicPublishIsAtomic() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Session plain = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = plain.createConsumer(t);
            c.start();
            MessageProducer p = tx.createProducer(t);
            p.send(tx.createTextMessage("rolled back"));
            tx.rollback();
            p.send(tx.createTextMessage("p1"));
            p.send(tx.createTextMessage("p2"));
            assertNull(sub.receive(QUIET));
            tx.commit();
            assertEquals("p1", text(sub.receive(WAIT)));
            assertEquals("p2", text(sub.receive(WAIT)));
            assertNull(sub.receive(QUIET));
        }
    }
}
