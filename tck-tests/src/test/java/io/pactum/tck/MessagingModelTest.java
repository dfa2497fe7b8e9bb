package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, chapter 4 ("Messaging domains" / the point-to-point and publish/subscribe models) and 6.2.x
 * (message ordering, delivery mode, temporary destinations), asserted end to end through the classic API.
 */
class MessagingModelTest extends BrokerTestSupport {

    private static void sendTexts(Destination destination, int deliveryMode, String... texts) throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(destination);
            p.setDeliveryMode(deliveryMode);
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    private static String textOf(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- point-to-point

    @Test
    void queueJndiEntriesResolveToTheirConfiguredNames() throws JMSException {
        Queue orders = lookup("orders");
        Queue dynamic = lookup("dynamicQueues/tck.orders");
        assertEquals("tck.orders", orders.getQueueName());
        assertEquals("tck.orders", dynamic.getQueueName());
        Topic news = newsTopic();
        assertEquals("tck.news", news.getTopicName());
    }

    @Test
    void aQueueMessageIsDeliveredToExactlyOneOfTheCompetingConsumers() throws JMSException {
        Queue q = freshQueue();
        int n = 20;
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = "m" + i;
        }
        try (Connection c = connection()) {
            Session s1 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer a = s1.createConsumer(q);
            MessageConsumer b = s2.createConsumer(q);
            c.start();
            sendTexts(q, DeliveryMode.PERSISTENT, texts);
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            a.setMessageListener(m -> received.add(textOf(m)));
            b.setMessageListener(m -> received.add(textOf(m)));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(WAIT))
                    .until(() -> received.size() >= n);
            a.close();
            b.close();
            assertEquals(n, received.size());
            assertEquals(n, new HashSet<>(received).size(), "no message delivered twice: " + received);
            assertTrue(received.containsAll(List.of(texts)));
        }
        assertEquals(0, depth(q));
    }

    @Test
    void messagesOfOneProducerAtOnePriorityArriveInSendOrder() throws JMSException {
        Queue q = freshQueue();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add("o" + i);
        }
        sendTexts(q, DeliveryMode.PERSISTENT, sent.toArray(String[]::new));
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                got.add(text(consumer.receive(WAIT)));
            }
            assertEquals(sent, got);
        }
    }

    @Test
    void orderingHoldsWithinEachDeliveryModeWhenTheyAreInterleaved() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 20; i++) {
                int mode = i % 2 == 0 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
                p.send(s.createTextMessage((mode == DeliveryMode.PERSISTENT ? "p" : "n") + i), mode,
                        Message.DEFAULT_PRIORITY, 0);
            }
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            List<Integer> persistent = new ArrayList<>();
            List<Integer> nonPersistent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Message m = consumer.receive(WAIT);
                String t = text(m);
                int index = Integer.parseInt(t.substring(1));
                if (t.startsWith("p")) {
                    assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
                    persistent.add(index);
                } else {
                    assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
                    nonPersistent.add(index);
                }
            }
            assertEquals(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), persistent);
            assertEquals(List.of(1, 3, 5, 7, 9, 11, 13, 15, 17, 19), nonPersistent);
        }
    }

    @Test
    void aQueueKeepsMessagesUntilAConsumerArrives() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, DeliveryMode.PERSISTENT, "waiting");
        sendTexts(q, DeliveryMode.NON_PERSISTENT, "waiting too");
        assertEquals(2, depth(q));
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals("waiting", text(consumer.receive(WAIT)));
            assertEquals("waiting too", text(consumer.receive(WAIT)));
        }
    }

    @Test
    void deliveryModeIsCarriedToTheConsumer() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            assertEquals(DeliveryMode.PERSISTENT, p.getDeliveryMode(), "the default delivery mode is PERSISTENT");
            p.send(s.createTextMessage("default"));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            p.send(s.createTextMessage("np"));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            assertEquals(DeliveryMode.PERSISTENT, consumer.receive(WAIT).getJMSDeliveryMode());
            assertEquals(DeliveryMode.NON_PERSISTENT, consumer.receive(WAIT).getJMSDeliveryMode());
        }
    }

    @Test
    void aStoppedConnectionDeliversNothingUntilStarted() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, DeliveryMode.PERSISTENT, "hold");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            assertNull(consumer.receive(QUIET), "a connection starts stopped");
            c.start();
            assertEquals("hold", text(consumer.receive(WAIT)));
        }
    }

    // ---------------------------------------------------------------- publish/subscribe

    @Test
    void everyTopicSubscriberGetsItsOwnCopy() throws JMSException {
        Topic t = freshTopic();
        try (Connection c1 = connection(); Connection c2 = connection()) {
            Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s1b = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<MessageConsumer> subscribers = List.of(s1.createConsumer(t), s1b.createConsumer(t),
                    s2.createConsumer(t));
            c1.start();
            c2.start();
            sendTexts(t, DeliveryMode.PERSISTENT, "one", "two");
            for (MessageConsumer sub : subscribers) {
                assertEquals("one", text(sub.receive(WAIT)));
                assertEquals("two", text(sub.receive(WAIT)));
                assertNull(sub.receive(100));
            }
        }
    }

    @Test
    void aNonDurableSubscriberDoesNotSeeMessagesPublishedBeforeItExisted() throws JMSException {
        Topic t = freshTopic();
        sendTexts(t, DeliveryMode.PERSISTENT, "before");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createConsumer(t);
            c.start();
            assertNull(sub.receive(QUIET), "published with no subscriber: nobody receives it");
            sendTexts(t, DeliveryMode.PERSISTENT, "after");
            assertEquals("after", text(sub.receive(WAIT)));
        }
    }

    @Test
    void topicMessagesAreNotStoredInAQueueOfTheSameName() throws JMSException {
        Topic t = lookup("dynamicTopics/tck.samename");
        Queue q = lookup("dynamicQueues/tck.samename");
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer fromQueue = s.createConsumer(q);
            MessageConsumer fromTopic = s.createConsumer(t);
            c.start();
            sendTexts(t, DeliveryMode.PERSISTENT, "topic only");
            assertEquals("topic only", text(fromTopic.receive(WAIT)));
            assertNull(fromQueue.receive(QUIET), "queues and topics are separate domains");
        }
    }

    // ---------------------------------------------------------------- temporary destinations

    @Test
    void aTemporaryQueueCarriesMessagesAndDiesWithItsConnection() throws JMSException {
        TemporaryQueue temp;
        try (Connection owner = connection(); Connection other = connection()) {
            Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            temp = s.createTemporaryQueue();
            assertNotNull(temp.getQueueName());
            // any connection may send to it
            Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            os.createProducer(temp).send(os.createTextMessage("to temp"));
            // only the owning connection may consume from it
            assertThrows(JMSException.class, () -> os.createConsumer(temp),
                    "a temporary destination can be consumed only by the connection that created it");
            MessageConsumer consumer = s.createConsumer(temp);
            owner.start();
            assertEquals("to temp", text(consumer.receive(WAIT)));
            consumer.close();
        }
        try (Connection later = connection()) {
            Session s = later.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSException.class, () -> s.createProducer(temp).send(s.createTextMessage("gone")),
                    "the temporary queue was deleted with its connection");
        }
    }

    @Test
    void aTemporaryTopicDeliversToItsSubscribers() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic temp = s.createTemporaryTopic();
            MessageConsumer a = s.createConsumer(temp);
            MessageConsumer b = s.createConsumer(temp);
            c.start();
            s.createProducer(temp).send(s.createTextMessage("tt"));
            assertEquals("tt", text(a.receive(WAIT)));
            assertEquals("tt", text(b.receive(WAIT)));
        }
    }

    @Test
    void aTemporaryTopicTakesNoDurableSubscription() throws JMSException {
        try (Connection c = connection()) {
            c.setClientID("tck-temp-durable");
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryTopic temp = s.createTemporaryTopic();
            assertThrows(InvalidDestinationException.class, () -> s.createDurableConsumer(temp, "d"));
            assertThrows(InvalidDestinationException.class, () -> s.createDurableSubscriber(temp, "d2"));
            assertThrows(InvalidDestinationException.class, () -> s.createSharedDurableConsumer(temp, "d3"));
            temp.delete(); // nothing holds it
        }
    }

    @Test
    void aQueueOrTopicNeedsAName() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> s.createQueue(null));
            assertThrows(InvalidDestinationException.class, () -> s.createQueue(" "));
            assertThrows(InvalidDestinationException.class, () -> s.createTopic(""));
        }
        try (JMSContext context = connectionFactory().createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createQueue(null));
            assertThrows(InvalidDestinationRuntimeException.class, () -> context.createTopic(""));
        }
    }

    @Test
    void temporaryDestinationsAreUniqueAndDeleteRefusesWhileInUse() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                assertTrue(names.add(s.createTemporaryQueue().getQueueName()));
            }
            TemporaryQueue temp = s.createTemporaryQueue();
            MessageConsumer consumer = s.createConsumer(temp);
            assertThrows(JMSException.class, temp::delete, "delete while a consumer uses it");
            consumer.close();
            temp.delete();
            assertThrows(JMSException.class, () -> s.createConsumer(temp), "deleted");
        }
    }

    @Test
    void replyToATemporaryQueue() throws JMSException {
        Queue requests = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = s.createTemporaryQueue();
            TextMessage request = s.createTextMessage("ping");
            request.setJMSReplyTo(replies);
            s.createProducer(requests).send(request);

            MessageConsumer server = s.createConsumer(requests);
            c.start();
            Message got = server.receive(WAIT);
            Destination replyTo = got.getJMSReplyTo();
            assertEquals(replies, replyTo);
            TextMessage reply = s.createTextMessage("pong");
            reply.setJMSCorrelationID(got.getJMSMessageID());
            s.createProducer(replyTo).send(reply);

            Message answer = s.createConsumer(replies).receive(WAIT);
            assertEquals("pong", text(answer));
            assertEquals(request.getJMSMessageID(), answer.getJMSCorrelationID());
            assertFalse(answer.getJMSRedelivered());
        }
    }

    @Test
    void sendingToANullDestinationIsInvalid() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer anonymous = s.createProducer(null);
            assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, s.createTextMessage("x")));
        }
    }
}
