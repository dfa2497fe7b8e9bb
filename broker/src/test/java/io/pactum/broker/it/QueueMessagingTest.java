package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Point-to-point messaging end to end against a real broker. */
class QueueMessagingTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    @Test
    void persistentAndNonPersistentMessagesGoThroughInOrder() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("orders");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 10; i++) {
                p.setDeliveryMode(i % 2 == 0 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
                p.send(s.createTextMessage("m" + i));
            }
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            for (int i = 0; i < 10; i++) {
                TextMessage m = (TextMessage) consumer.receive(5000);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, m.getText());
                assertFalse(m.getJMSRedelivered());
                assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
                assertTrue(m.getJMSMessageID().startsWith("ID:"));
            }
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void receiveWaitsForStartedConnection() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("stopped");
            s.createProducer(q).send(s.createTextMessage("x"));
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receive(300), "a stopped connection delivers nothing");
            c.start();
            assertNotNull(consumer.receive(5000));
        }
    }

    @Test
    void competingConsumersShareTheQueueWithoutDuplicates() throws Exception {
        int total = 200;
        try (Connection c = broker.factory("prefetch=10").createConnection()) {
            Session producerSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = producerSession.createQueue("work");
            List<String> received = new CopyOnWriteArrayList<>();
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                sessions.add(s);
                s.createConsumer(q).setMessageListener(m -> {
                    try {
                        received.add(((TextMessage) m).getText());
                    } catch (JMSException e) {
                        throw new RuntimeException(e);
                    }
                });
            }
            c.start();
            MessageProducer p = producerSession.createProducer(q);
            for (int i = 0; i < total; i++) {
                p.send(producerSession.createTextMessage("w" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= total);
            Set<String> unique = new HashSet<>(received);
            assertEquals(total, unique.size());
            assertEquals(total, received.size());
        }
    }

    @Test
    void clientAcknowledgeRecoverRedeliversWithIncrementedCount() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("ack");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("a"));
            p.send(s.createTextMessage("b"));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("a", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("b", ((TextMessage) consumer.receive(5000)).getText());
            s.recover();
            TextMessage again = (TextMessage) consumer.receive(5000);
            assertEquals("a", again.getText());
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            Message b = consumer.receive(5000);
            assertEquals("b", ((TextMessage) b).getText());
            b.acknowledge();
            assertNull(consumer.receive(200));
        }
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("ack"));
            c.start();
            assertNull(consumer.receive(300), "acknowledged messages are gone");
        }
    }

    @Test
    void unacknowledgedMessagesReturnWhenTheSessionCloses() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("unacked");
            s.createProducer(q).send(s.createTextMessage("x"));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertNotNull(consumer.receive(5000));
            s.close();
            Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s2.createConsumer(q).receive(5000);
            assertNotNull(m);
            assertTrue(m.getJMSRedelivered());
            assertEquals(2, m.getIntProperty("JMSXDeliveryCount"));
        }
    }

    @Test
    void prefetchedButUnseenMessagesReturnUnmarkedWhenTheConsumerCloses() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("prefetched");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 5; i++) {
                p.send(s.createTextMessage("p" + i));
            }
            c.start();
            MessageConsumer first = s.createConsumer(q);
            assertEquals("p0", ((TextMessage) first.receive(5000)).getText());
            first.close();
            MessageConsumer second = s.createConsumer(q);
            for (int i = 1; i < 5; i++) {
                TextMessage m = (TextMessage) second.receive(5000);
                assertEquals("p" + i, m.getText());
                assertFalse(m.getJMSRedelivered(), "never seen by the application");
            }
        }
    }

    @Test
    void transactedSessionCommitsAndRollsBackSendsAndReceives() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = tx.createQueue("tx");
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("rolled back"));
            tx.rollback();
            p.send(tx.createTextMessage("committed"));
            Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer observer = other.createConsumer(q);
            c.start();
            assertNull(observer.receive(300), "uncommitted send is invisible");
            tx.commit();
            assertEquals("committed", ((TextMessage) observer.receive(5000)).getText());
            assertNull(observer.receive(200));
            observer.close();

            p.send(tx.createTextMessage("consume me"));
            tx.commit();
            MessageConsumer txConsumer = tx.createConsumer(q);
            assertEquals("consume me", ((TextMessage) txConsumer.receive(5000)).getText());
            tx.rollback();
            TextMessage again = (TextMessage) txConsumer.receive(5000);
            assertEquals("consume me", again.getText());
            assertTrue(again.getJMSRedelivered());
            tx.commit();
            assertNull(txConsumer.receive(200));
        }
    }

    @Test
    void browserSeesMessagesWithoutConsumingThem() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("browse");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 250; i++) {
                p.send(s.createTextMessage("b" + i));
            }
            QueueBrowser browser = s.createBrowser(q);
            List<?> seen = Collections.list((Enumeration<?>) browser.getEnumeration());
            assertEquals(250, seen.size());
            assertEquals("b0", ((TextMessage) seen.get(0)).getText());
            browser.close();
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("b0", ((TextMessage) consumer.receive(5000)).getText());
        }
    }

    @Test
    void higherPriorityMessagesAreDeliveredFirst() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("prio");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("low"), DeliveryMode.PERSISTENT, 1, 0);
            p.send(s.createTextMessage("high"), DeliveryMode.PERSISTENT, 9, 0);
            p.send(s.createTextMessage("normal"), DeliveryMode.PERSISTENT, 4, 0);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("high", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("normal", ((TextMessage) consumer.receive(5000)).getText());
            assertEquals("low", ((TextMessage) consumer.receive(5000)).getText());
        }
    }
}
