package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Publish/subscribe: non-durable, durable, shared subscriptions, noLocal and temporary destinations. */
class TopicTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    private static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }

    private void publish(String topic, String... texts) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createTopic(topic));
            for (String t : texts) {
                p.send(s.createTextMessage(t));
            }
        }
    }

    @Test
    void everyNonDurableSubscriberGetsACopyOfWhatIsPublishedWhileItIsSubscribed() throws Exception {
        publish("news", "before anyone listened");
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("news");
            MessageConsumer a = s.createConsumer(t);
            MessageConsumer b = s.createConsumer(t);
            c.start();
            publish("news", "hello");
            assertEquals("hello", text(a.receive(5000)));
            assertEquals("hello", text(b.receive(5000)));
            assertNull(a.receive(200));
            assertNull(b.receive(200));
        }
    }

    @Test
    void durableSubscriptionKeepsMessagesWhileDisconnectedAndAcrossRestart() throws Exception {
        try (Connection c = broker.factory("clientID=keeper").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("events"), "audit").close();
        }
        publish("events", "e1", "e2");
        broker.restart();
        publish("events", "e3");
        try (Connection c = broker.factory("clientID=keeper").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer audit = s.createDurableSubscriber(s.createTopic("events"), "audit");
            c.start();
            assertEquals("e1", text(audit.receive(5000)));
            assertEquals("e2", text(audit.receive(5000)));
            assertEquals("e3", text(audit.receive(5000)));
            assertNull(audit.receive(200));
            assertThrows(IllegalStateException.class, () -> s.unsubscribe("audit"), "active consumer");
            audit.close();
            s.unsubscribe("audit");
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("audit"));
        }
        publish("events", "nobody keeps this");
        try (Connection c = broker.factory("clientID=keeper").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer fresh = s.createDurableSubscriber(s.createTopic("events"), "audit");
            c.start();
            assertNull(fresh.receive(300), "a new subscription starts empty");
        }
    }

    @Test
    void durableSubscriptionNeedsAClientIdAndOneActiveConsumer() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> s.createDurableSubscriber(s.createTopic("t"), "d"));
        }
        try (Connection c = broker.factory("clientID=one").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableConsumer(s.createTopic("t"), "d");
            assertThrows(IllegalStateException.class, () -> s.createDurableConsumer(s.createTopic("t"), "d"));
            assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(s.createTopic("t"), "d"),
                    "an unshared durable subscription of that name exists");
        }
    }

    @Test
    void changingTheTopicOfADurableSubscriptionReplacesIt() throws Exception {
        try (Connection c = broker.factory("clientID=mover").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("old"), "sub").close();
        }
        publish("old", "stale");
        try (Connection c = broker.factory("clientID=mover").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer moved = s.createDurableSubscriber(s.createTopic("new"), "sub");
            c.start();
            assertNull(moved.receive(300), "messages of the replaced subscription are gone");
            publish("new", "fresh");
            assertEquals("fresh", text(moved.receive(5000)));
        }
    }

    @Test
    void sharedDurableSubscriptionSplitsMessagesAmongItsConsumers() throws Exception {
        try (Connection c1 = broker.factory().createConnection(); Connection c2 = broker.factory().createConnection()) {
            Session s1 = c1.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c2.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer a = s1.createSharedDurableConsumer(s1.createTopic("jobs"), "workers");
            MessageConsumer b = s2.createSharedDurableConsumer(s2.createTopic("jobs"), "workers");
            c1.start();
            c2.start();
            publish("jobs", "j1", "j2", "j3", "j4");
            Set<String> got = new HashSet<>();
            Message m;
            while ((m = a.receive(300)) != null) {
                assertEquals(true, got.add(text(m)));
            }
            while ((m = b.receive(300)) != null) {
                assertEquals(true, got.add(text(m)));
            }
            assertEquals(Set.of("j1", "j2", "j3", "j4"), got);
            a.close();
            b.close();
            publish("jobs", "kept");
            s1.unsubscribe("workers");
        }
    }

    @Test
    void sharedNonDurableSubscriptionEndsWithItsLastConsumer() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer a = s.createSharedConsumer(s.createTopic("ticks"), "tickers");
            MessageConsumer b = s.createSharedConsumer(s.createTopic("ticks"), "tickers");
            c.start();
            publish("ticks", "t1", "t2");
            int total = 0;
            while (a.receive(300) != null) {
                total++;
            }
            while (b.receive(300) != null) {
                total++;
            }
            assertEquals(2, total, "each message once across the shared subscription");
            a.close();
            b.close();
            publish("ticks", "lost");
            MessageConsumer again = s.createSharedConsumer(s.createTopic("ticks"), "tickers");
            assertNull(again.receive(300));
        }
    }

    @Test
    void noLocalSkipsMessagesFromTheSameConnection() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic t = s.createTopic("chat");
            MessageConsumer quiet = s.createConsumer(t, null, true);
            MessageConsumer all = s.createConsumer(t);
            c.start();
            s.createProducer(t).send(s.createTextMessage("mine"));
            publish("chat", "theirs");
            assertEquals("mine", text(all.receive(5000)));
            assertEquals("theirs", text(all.receive(5000)));
            assertEquals("theirs", text(quiet.receive(5000)));
            assertNull(quiet.receive(200));
        }
    }

    @Test
    void temporaryDestinationsBelongToTheirConnection() throws Exception {
        try (Connection owner = broker.factory().createConnection(); Connection other = broker.factory().createConnection()) {
            Session s = owner.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session o = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = s.createTemporaryQueue();
            TemporaryTopic updates = s.createTemporaryTopic();
            assertThrows(InvalidDestinationException.class, () -> o.createConsumer(replies));
            assertThrows(InvalidDestinationException.class, () -> o.createConsumer(updates));
            MessageConsumer topicConsumer = s.createConsumer(updates);
            assertThrows(IllegalStateException.class, updates::delete, "active consumer");
            topicConsumer.close();
            updates.delete();

            // request/reply: any connection may send to the temporary queue
            MessageConsumer replyConsumer = s.createConsumer(replies);
            owner.start();
            TextMessage request = o.createTextMessage("ping");
            request.setJMSReplyTo(replies);
            request.setJMSCorrelationID("req-1");
            TextMessage reply = o.createTextMessage("pong");
            reply.setJMSCorrelationID(request.getJMSCorrelationID());
            o.createProducer(request.getJMSReplyTo()).send(reply);
            Message got = replyConsumer.receive(5000);
            assertNotNull(got);
            assertEquals("req-1", got.getJMSCorrelationID());
            assertThrows(IllegalStateException.class, replies::delete, "active consumer");
            replyConsumer.close();
            replies.delete();
            assertThrows(InvalidDestinationException.class,
                    () -> o.createProducer(replies).send(o.createTextMessage("too late")));
        }
    }
}
