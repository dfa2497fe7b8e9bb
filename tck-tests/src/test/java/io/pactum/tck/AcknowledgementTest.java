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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 6.2.10 ("Message acknowledgment") and 6.2.11 ("Duplicate delivery of messages"):
 * AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE (acknowledging a message acknowledges everything the session consumed),
 * DUPS_OK_ACKNOWLEDGE, Session.recover, and acknowledge after close.
 */
class AcknowledgementTest extends BrokerTestSupport {

    @Test
    void sessionsReportTheirAcknowledgeMode() throws JMSException {
        try (Connection c = connection()) {
            assertEquals(Session.AUTO_ACKNOWLEDGE, c.createSession(false, Session.AUTO_ACKNOWLEDGE).getAcknowledgeMode());
            assertEquals(Session.CLIENT_ACKNOWLEDGE,
                    c.createSession(false, Session.CLIENT_ACKNOWLEDGE).getAcknowledgeMode());
            assertEquals(Session.DUPS_OK_ACKNOWLEDGE, c.createSession(Session.DUPS_OK_ACKNOWLEDGE).getAcknowledgeMode());
            assertEquals(Session.SESSION_TRANSACTED, c.createSession(true, Session.AUTO_ACKNOWLEDGE).getAcknowledgeMode());
            assertEquals(Session.AUTO_ACKNOWLEDGE, c.createSession().getAcknowledgeMode());
        }
    }

    @Test
    void autoAcknowledgeSettlesEachMessageOnReceive() throws JMSException {
        Queue q = freshQueue();
        send(q, "a1", "a2", "a3");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("a1", text(consumer.receive(WAIT)));
            assertEquals("a2", text(consumer.receive(WAIT)));
            consumer.close();
            s.recover(); // nothing unacknowledged remains to redeliver
        }
        await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 1);
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message m = consumer.receive(WAIT);
            assertEquals("a3", text(m));
            assertFalse(m.getJMSRedelivered());
        }
    }

    @Test
    void autoAcknowledgeWithAListenerAcknowledgesAfterOnMessageReturns() throws JMSException {
        Queue q = freshQueue();
        send(q, "l1", "l2");
        List<String> got = new CopyOnWriteArrayList<>();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(q).setMessageListener(m -> {
                try {
                    got.add(((TextMessage) m).getText());
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            c.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> got.size() == 2);
        }
        assertEquals(List.of("l1", "l2"), got);
        await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);
    }

    @Test
    void autoAcknowledgeListenerThatThrowsGetsTheMessageAgainMarkedRedelivered() throws JMSException {
        Queue q = freshQueue();
        send(q, "boom");
        List<Boolean> redelivered = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(q).setMessageListener(m -> {
                try {
                    redelivered.add(m.getJMSRedelivered());
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
                if (calls.incrementAndGet() == 1) {
                    throw new RuntimeException("listener failure");
                }
            });
            c.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> calls.get() >= 2);
        }
        assertEquals(List.of(false, true), redelivered.subList(0, 2));
    }

    @Test
    void clientAcknowledgeAcknowledgesEverythingConsumedInTheSession() throws JMSException {
        Queue q1 = freshQueue();
        Queue q2 = freshQueue();
        send(q1, "x1", "x2", "x3");
        send(q2, "y1");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer c1 = s.createConsumer(q1);
            MessageConsumer c2 = s.createConsumer(q2);
            c.start();
            Message first = c1.receive(WAIT);
            assertEquals("x1", text(first));
            assertEquals("x2", text(c1.receive(WAIT)));
            assertEquals("y1", text(c2.receive(WAIT)));
            // acknowledging the first message acknowledges x1, x2 and y1 (every message consumed so far), not x3
            first.acknowledge();
        }
        assertEquals(1, depth(q1));
        assertEquals(0, depth(q2));
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q1);
            c.start();
            Message m = consumer.receive(WAIT);
            assertEquals("x3", text(m));
            assertFalse(m.getJMSRedelivered(), "x3 was never delivered before");
            assertNull(consumer.receive(QUIET));
            m.acknowledge();
        }
        assertEquals(0, depth(q1));
    }

    @Test
    void clientAcknowledgeUnacknowledgedMessagesComeBackRedeliveredAfterClose() throws JMSException {
        Queue q = freshQueue();
        send(q, "u1", "u2");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("u1", text(consumer.receive(WAIT)));
            assertEquals("u2", text(consumer.receive(WAIT)));
        }
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message m1 = consumer.receive(WAIT);
            Message m2 = consumer.receive(WAIT);
            assertEquals("u1", text(m1));
            assertEquals("u2", text(m2));
            assertTrue(m1.getJMSRedelivered());
            assertTrue(m2.getJMSRedelivered());
            assertEquals(2, m1.getIntProperty("JMSXDeliveryCount"));
            m2.acknowledge();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void recoverRedeliversUnacknowledgedMessagesInTheirOriginalOrder() throws JMSException {
        Queue q = freshQueue();
        send(q, "r1", "r2", "r3", "r4");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message r1 = consumer.receive(WAIT);
            assertEquals("r1", text(r1));
            r1.acknowledge();
            assertEquals("r2", text(consumer.receive(WAIT)));
            assertEquals("r3", text(consumer.receive(WAIT)));
            s.recover();
            Message again = consumer.receive(WAIT);
            assertEquals("r2", text(again), "recover restarts with the oldest unacknowledged message");
            assertTrue(again.getJMSRedelivered());
            Message r3 = consumer.receive(WAIT);
            assertEquals("r3", text(r3));
            assertTrue(r3.getJMSRedelivered());
            Message r4 = consumer.receive(WAIT);
            assertEquals("r4", text(r4));
            r4.acknowledge();
            assertNull(consumer.receive(QUIET));
        }
        assertEquals(0, depth(q));
    }

    @Test
    void recoverInAutoAcknowledgeFromAListenerRedeliversTheCurrentMessage() throws JMSException {
        Queue q = freshQueue();
        send(q, "rec");
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(q).setMessageListener(m -> {
                try {
                    seen.add(m.getJMSRedelivered());
                    if (seen.size() == 1) {
                        s.recover();
                    }
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            c.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> seen.size() >= 2);
        }
        assertEquals(List.of(false, true), seen.subList(0, 2));
    }

    @Test
    void recoverOnATransactedSessionIsIllegal() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            assertThrows(IllegalStateException.class, s::recover);
        }
    }

    @Test
    void dupsOkAcknowledgesEventually() throws JMSException {
        Queue q = freshQueue();
        send(q, "d1", "d2", "d3");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            for (String t : List.of("d1", "d2", "d3")) {
                assertEquals(t, text(consumer.receive(WAIT)));
            }
        }
        await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);
    }

    @Test
    void acknowledgeOnAMessageOfAClosedSessionIsIllegal() throws JMSException {
        Queue q = freshQueue();
        send(q, "late");
        Message m;
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            m = consumer.receive(WAIT);
            assertNotNull(m);
            s.close();
            Message received = m;
            assertThrows(IllegalStateException.class, received::acknowledge);
        }
        assertEquals(1, depth(q), "the message was not acknowledged");
    }

    @Test
    void acknowledgeInAutoModeDoesNothingHarmful() throws JMSException {
        Queue q = freshQueue();
        send(q, "n1", "n2");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message m = consumer.receive(WAIT);
            m.acknowledge(); // ignored outside CLIENT_ACKNOWLEDGE
            assertEquals("n2", text(consumer.receive(WAIT)));
        }
        assertEquals(0, depth(q));
    }
}
