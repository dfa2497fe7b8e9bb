package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, sections 7.7 (delivery delay), 7.8 (priority) and 7.9 (time to live) / 3.4.9 JMSExpiration.
 */
class DeliveryTimingTest extends BrokerTestSupport {

    @Test
    void higherPrioritiesAreDeliveredFirstAndFifoWithinAPriority() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            int[] priorities = {0, 9, 4, 4, 7, 1, 9, 5};
            for (int i = 0; i < priorities.length; i++) {
                p.send(s.createTextMessage(priorities[i] + "-" + i), DeliveryMode.PERSISTENT, priorities[i], 0);
            }
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < priorities.length; i++) {
                Message m = consumer.receive(WAIT);
                got.add(text(m));
                assertEquals(Integer.parseInt(text(m).substring(0, 1)), m.getJMSPriority());
            }
            assertEquals(List.of("9-1", "9-6", "7-4", "5-7", "4-2", "4-3", "1-5", "0-0"), got);
        }
    }

    @Test
    void priorityDefaultsToFourAndOutOfRangeIsRefused() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            assertEquals(4, p.getPriority());
            p.send(s.createMessage());
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals(4, consumer.receive(WAIT).getJMSPriority());
            org.junit.jupiter.api.Assertions.assertThrows(JMSException.class, () -> p.setPriority(10));
            org.junit.jupiter.api.Assertions.assertThrows(JMSException.class, () -> p.setPriority(-1));
        }
    }

    @Test
    void anExpiredMessageIsNeverDelivered() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            p.setTimeToLive(50);
            assertEquals(50, p.getTimeToLive());
            TextMessage shortLived = s.createTextMessage("short");
            p.send(shortLived);
            assertTrue(shortLived.getJMSExpiration() > 0);
            p.setTimeToLive(0);
            p.send(s.createTextMessage("forever"));
            long expiry = shortLived.getJMSExpiration();
            await().atMost(java.time.Duration.ofMillis(WAIT)).until(() -> System.currentTimeMillis() > expiry + 50);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("forever", text(consumer.receive(WAIT)));
            assertNull(consumer.receive(QUIET));
        }
    }

    @Test
    void theLongestTimeToLiveAndDelayDoNotOverflowIntoThePast() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            p.setTimeToLive(Long.MAX_VALUE);
            TextMessage lasting = s.createTextMessage("lasting");
            p.send(lasting);
            assertEquals(Long.MAX_VALUE, lasting.getJMSExpiration(), "capped, not wrapped to a negative time");
            p.setTimeToLive(0);
            p.setDeliveryDelay(Long.MAX_VALUE);
            TextMessage never = s.createTextMessage("never");
            p.send(never);
            assertEquals(Long.MAX_VALUE, never.getJMSDeliveryTime());
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("lasting", text(consumer.receive(WAIT)));
            assertNull(consumer.receive(QUIET), "a delay of Long.MAX_VALUE is not delivered at once");
        }
    }

    @Test
    void anExpiredTopicMessageIsNotDeliveredToADurableSubscriber() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = connection()) {
            c.setClientID("tck-timing-durable");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableConsumer(t, "expiring").close();
            MessageProducer p = s.createProducer(t);
            TextMessage m = s.createTextMessage("expires");
            p.send(m, DeliveryMode.PERSISTENT, 4, 50);
            p.send(s.createTextMessage("stays"));
            long expiry = m.getJMSExpiration();
            await().atMost(java.time.Duration.ofMillis(WAIT)).until(() -> System.currentTimeMillis() > expiry + 50);
            MessageConsumer sub = s.createDurableConsumer(t, "expiring");
            c.start();
            assertEquals("stays", text(sub.receive(WAIT)));
            assertNull(sub.receive(QUIET));
            sub.close();
            s.unsubscribe("expiring");
        }
    }

    @Test
    void aDelayedMessageIsNotDeliveredBeforeItsDeliveryTime() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            p.setDeliveryDelay(1_000);
            TextMessage delayed = s.createTextMessage("later");
            p.send(delayed);
            p.setDeliveryDelay(0);
            p.send(s.createTextMessage("now"));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("now", text(consumer.receive(WAIT)), "the undelayed message overtakes the delayed one");
            Message m = consumer.receive(WAIT);
            long arrived = System.currentTimeMillis();
            assertEquals("later", text(m));
            assertTrue(arrived >= delayed.getJMSDeliveryTime(),
                    "delivered at " + arrived + ", before its delivery time " + delayed.getJMSDeliveryTime());
            assertEquals(delayed.getJMSDeliveryTime(), m.getJMSDeliveryTime());
        }
    }

    @Test
    void aDelayedMessageInATransactionCountsFromTheSend() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(q);
            p.setDeliveryDelay(500);
            TextMessage m = tx.createTextMessage("delayed tx");
            p.send(m);
            tx.commit();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message got = consumer.receive(WAIT);
            assertTrue(System.currentTimeMillis() >= m.getJMSDeliveryTime());
            assertEquals("delayed tx", text(got));
        }
    }

    @Test
    void delayedTopicMessagesAreHeldForEverySubscriber() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer a = s.createConsumer(t);
            MessageConsumer b = s.createConsumer(t);
            c.start();
            MessageProducer p = s.createProducer(t);
            p.setDeliveryDelay(500);
            TextMessage m = s.createTextMessage("held");
            p.send(m);
            assertNull(a.receiveNoWait());
            for (MessageConsumer sub : List.of(a, b)) {
                Message got = sub.receive(WAIT);
                assertEquals("held", text(got));
                assertTrue(System.currentTimeMillis() >= m.getJMSDeliveryTime());
            }
        }
    }
}
