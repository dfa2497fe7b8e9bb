package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

/** Listener delivery in every acknowledgement mode, time to live, anonymous producers and the legacy queue API. */
class SessionModesTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    private void send(Connection c, String queue, String... texts) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue));
        for (String t : texts) {
            p.send(s.createTextMessage(t));
        }
        s.close();
    }

    private int remaining(String queue) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            int n = 0;
            while (consumer.receive(300) != null) {
                n++;
            }
            return n;
        }
    }

    @Test
    void autoAcknowledgeListenerConsumesEverything() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            send(c, "auto", "1", "2", "3");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<String> got = new CopyOnWriteArrayList<>();
            s.createConsumer(s.createQueue("auto")).setMessageListener(m -> got.add(text(m)));
            c.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
            assertEquals(List.of("1", "2", "3"), got);
        }
        assertEquals(0, remaining("auto"));
    }

    @Test
    void dupsOkAcknowledgeConsumesEverything() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            send(c, "dups", "a", "b", "c", "d");
            Session s = c.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("dups"));
            c.start();
            for (String expected : List.of("a", "b", "c", "d")) {
                assertEquals(expected, text(consumer.receive(5000)));
            }
        }
        assertEquals(0, remaining("dups"), "lazy acknowledgements are flushed by close");
    }

    @Test
    void listenerThatThrowsGetsTheMessageAgainMarkedRedelivered() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            send(c, "poison", "p");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Boolean> redelivered = new CopyOnWriteArrayList<>();
            AtomicInteger calls = new AtomicInteger();
            s.createConsumer(s.createQueue("poison")).setMessageListener(m -> {
                try {
                    redelivered.add(m.getJMSRedelivered());
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
                if (calls.incrementAndGet() == 1) {
                    throw new RuntimeException("simulated failure");
                }
            });
            c.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
            assertEquals(List.of(false, true), redelivered);
        }
        assertEquals(0, remaining("poison"));
    }

    @Test
    void clientAcknowledgeListenerAcknowledgesExplicitly() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            send(c, "client", "x", "y");
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            List<String> got = new CopyOnWriteArrayList<>();
            s.createConsumer(s.createQueue("client")).setMessageListener(m -> {
                got.add(text(m));
                if (got.size() == 2) {
                    try {
                        m.acknowledge();
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            c.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 2);
        }
        assertEquals(0, remaining("client"), "acknowledging the last message acknowledges all consumed");
    }

    @Test
    void closingTheConnectionReturnsUnacknowledgedMessages() throws Exception {
        Connection c = broker.factory().createConnection();
        send(c, "returned", "r");
        Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue("returned"));
        c.start();
        assertNotNull(consumer.receive(5000));
        c.close();
        try (Connection d = broker.factory().createConnection()) {
            Session s2 = d.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer again = s2.createConsumer(s2.createQueue("returned"));
            d.start();
            Message m = again.receive(5000);
            assertTrue(m.getJMSRedelivered());
            assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        }
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("ttl");
            MessageProducer p = s.createProducer(q);
            p.setTimeToLive(1);
            p.send(s.createTextMessage("expires"));
            TextMessage lives = s.createTextMessage("lives");
            p.send(lives, DeliveryMode.PERSISTENT, 4, 0);
            assertEquals(0, lives.getJMSExpiration());
            await().pollDelay(Duration.ofMillis(20)).until(() -> System.currentTimeMillis() > lives.getJMSTimestamp() + 5);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("lives", text(consumer.receive(5000)));
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void anonymousProducerNamesTheDestinationPerSend() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer anonymous = s.createProducer(null);
            assertThrows(UnsupportedOperationException.class, () -> anonymous.send(s.createTextMessage("x")));
            assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, s.createTextMessage("x")));
            TextMessage m = s.createTextMessage("routed");
            anonymous.send(s.createQueue("anon"), m);
            assertEquals(s.createQueue("anon"), m.getJMSDestination());
            MessageProducer bound = s.createProducer(s.createQueue("bound"));
            assertThrows(UnsupportedOperationException.class, () -> bound.send(s.createQueue("anon"), m));
            c.start();
            assertEquals("routed", text(s.createConsumer(s.createQueue("anon")).receive(5000)));
        }
    }

    @Test
    void producerSettingsAreStampedOnTheMessage() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("stamped"));
            p.setDisableMessageID(true);
            p.setDisableMessageTimestamp(true);
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            p.setPriority(7);
            TextMessage sent = s.createTextMessage("s");
            p.send(sent);
            assertNull(sent.getJMSMessageID());
            assertEquals(0, sent.getJMSTimestamp());
            c.start();
            Message m = s.createConsumer(s.createQueue("stamped")).receive(5000);
            assertNull(m.getJMSMessageID());
            assertEquals(0, m.getJMSTimestamp());
            assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
            assertEquals(7, m.getJMSPriority());
            assertThrows(JMSException.class, () -> p.setPriority(10));
            assertThrows(JMSException.class, () -> p.setDeliveryMode(3));
        }
    }

    @Test
    void legacyQueueInterfacesWork() throws Exception {
        QueueConnectionFactory f = broker.factory();
        try (QueueConnection c = f.createQueueConnection()) {
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("legacy");
            QueueSender sender = s.createSender(q);
            sender.send(s.createTextMessage("old school"));
            QueueReceiver receiver = s.createReceiver(q);
            assertEquals(q, receiver.getQueue());
            c.start();
            assertEquals("old school", text(receiver.receive(5000)));
        }
    }

    @Test
    void recoverInsideListenerRedeliversTheCurrentMessage() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            send(c, "recover-in-listener", "once");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Boolean> seen = new CopyOnWriteArrayList<>();
            s.createConsumer(s.createQueue("recover-in-listener")).setMessageListener(m -> {
                try {
                    seen.add(m.getJMSRedelivered());
                    if (seen.size() == 1) {
                        s.recover();
                    }
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            c.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertFalse(seen.get(0));
            assertTrue(seen.get(1));
        }
        assertEquals(0, remaining("recover-in-listener"));
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
