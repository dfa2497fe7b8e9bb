package io.pactum.broker.it;

import io.pactum.broker.delivery.DeliveryPolicy;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery delay, dead-lettering after too many attempts, redelivery delay, and the expiry queue. */
class DeliveryPolicyTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> {
        c.deliveryPolicy = DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(3);
        c.queuePolicies.put("slow", DeliveryPolicy.DEFAULT.withRedeliveryDelay(400, 2.0, 10_000));
    });

    private static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }

    @Test
    void delayedMessageIsDeliveredAfterItsDeliveryTimeEvenAcrossARestart() throws Exception {
        long sentAt;
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("later"));
            p.setDeliveryDelay(1500);
            TextMessage m = s.createTextMessage("scheduled");
            sentAt = System.currentTimeMillis();
            p.send(m);
            assertTrue(m.getJMSDeliveryTime() >= sentAt + 1500);
        }
        broker.restart();
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("later"));
            c.start();
            Message early = consumer.receive(100);
            if (early != null) {
                assertTrue(System.currentTimeMillis() >= sentAt + 1500, "delivered before its delivery time");
            }
            Message m = early != null ? early : consumer.receive(10_000);
            assertEquals("scheduled", text(m));
            assertTrue(System.currentTimeMillis() >= m.getJMSDeliveryTime(), "not before JMSDeliveryTime");
        }
    }

    @Test
    void poisonMessageGoesToTheDeadLetterQueueAfterMaxAttempts() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            s.createProducer(s.createQueue("orders")).send(s.createTextMessage("poison"));
            s.commit();
            MessageConsumer consumer = s.createConsumer(s.createQueue("orders"));
            c.start();
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message m = consumer.receive(5000);
                assertNotNull(m, "attempt " + attempt);
                assertEquals(attempt, m.getIntProperty("JMSXDeliveryCount"));
                s.rollback();
            }
            assertNull(consumer.receive(300), "no fourth attempt");
            MessageConsumer dlq = s.createConsumer(s.createQueue("DLQ"));
            Message dead = dlq.receive(5000);
            assertEquals("poison", text(dead));
            assertEquals(s.createQueue("orders"), dead.getJMSDestination(), "keeps its original destination");
            s.commit();
        }
    }

    @Test
    void redeliveryWaitsForTheConfiguredDelay() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            s.createProducer(s.createQueue("slow")).send(s.createTextMessage("retry me"));
            MessageConsumer consumer = s.createConsumer(s.createQueue("slow"));
            c.start();
            assertNotNull(consumer.receive(5000));
            long recoveredAt = System.currentTimeMillis();
            s.recover();
            Message again = consumer.receive(10_000);
            assertNotNull(again);
            assertTrue(System.currentTimeMillis() - recoveredAt >= 350, "redelivered only after the delay");
            assertTrue(again.getJMSRedelivered());
            again.acknowledge();
        }
    }

    @Test
    void expiredMessagesMoveToTheExpiryQueue() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("perishable"));
            p.setTimeToLive(50);
            TextMessage m = s.createTextMessage("milk");
            p.send(m);
            long expiration = m.getJMSExpiration();
            org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > expiration);
            MessageConsumer consumer = s.createConsumer(s.createQueue("perishable"));
            c.start();
            assertNull(consumer.receive(300), "an expired message is never delivered");
            Message moved = s.createConsumer(s.createQueue("ExpiryQueue")).receive(5000);
            assertEquals("milk", text(moved));
            assertEquals(0, moved.getJMSExpiration(), "it does not expire again in the expiry queue");
            assertEquals(expiration, moved.getLongProperty("JMS_PactumOriginalExpiration"));
        }
    }

    @Test
    void messagesThatExpireInTheClientsBufferAreNeverGivenToTheApplication() throws Exception {
        try (Connection c = broker.factory("prefetch=1").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("buffered"));
            MessageProducer p = s.createProducer(s.createQueue("buffered"));
            p.setTimeToLive(300);
            TextMessage last = null;
            for (int i = 0; i < 3; i++) {
                last = s.createTextMessage("short-lived " + i);
                p.send(last);
            }
            p.setTimeToLive(0);
            p.send(s.createTextMessage("lasting"));
            long expiration = last.getJMSExpiration();
            org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > expiration);
            c.start(); // the first short-lived message has been sitting in the prefetch buffer
            assertEquals("lasting", text(consumer.receive(5000)), "prefetch=1: credit flowed on past the expired ones");
            assertNull(consumer.receive(200));
            MessageConsumer expired = s.createConsumer(s.createQueue("ExpiryQueue"));
            int moved = 0;
            while (expired.receive(500) != null) {
                moved++;
            }
            assertEquals(3, moved);
        }
    }
}
