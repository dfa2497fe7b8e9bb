package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 6.11 ("Subscriptions"): unshared durable subscriptions (client ID, survival,
 * unsubscribe, one active consumer, replacement), shared durable and shared non-durable subscriptions, noLocal.
 */
class SubscriptionTest extends BrokerTestSupport {

    private static void publish(Topic t, String... texts) throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(t);
            for (String text : texts) {
                TextMessage m = s.createTextMessage(text);
                m.setStringProperty("text", text);
                p.send(m);
            }
        }
    }

    private static Connection withClientId(String id) throws JMSException {
        Connection c = connection();
        c.setClientID(id);
        return c;
    }

    // ---------------------------------------------------------------- unshared durable

    @Test
    void anUnsharedDurableSubscriptionNeedsAClientId() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> s.createDurableConsumer(t, "no-client-id"));
        }
    }

    @Test
    void aDurableSubscriptionKeepsMessagesWhileNoConsumerIsActive() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-durable-1")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createDurableConsumer(t, "keep");
            c.start();
            publish(t, "d1");
            assertEquals("d1", text(sub.receive(WAIT)));
            sub.close();
            publish(t, "d2", "d3");
        }
        try (Connection c = withClientId("tck-durable-1")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createDurableConsumer(t, "keep");
            c.start();
            assertEquals("d2", text(sub.receive(WAIT)));
            assertEquals("d3", text(sub.receive(WAIT)));
            assertNull(sub.receive(QUIET));
            sub.close();
            s.unsubscribe("keep");
        }
    }

    @Test
    void createDurableSubscriberIsTheClassicEquivalent() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-durable-classic")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var sub = s.createDurableSubscriber(t, "classic");
            sub.close();
            publish(t, "while away");
            sub = s.createDurableSubscriber(t, "classic");
            c.start();
            assertEquals("while away", text(sub.receive(WAIT)));
            sub.close();
            s.unsubscribe("classic");
        }
    }

    @Test
    void unsubscribeErrors() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-durable-2")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("never-created"));
            MessageConsumer sub = s.createDurableConsumer(t, "busy");
            assertThrows(JMSException.class, () -> s.unsubscribe("busy"), "refused while a consumer is active");
            sub.close();
            s.unsubscribe("busy");
            assertThrows(InvalidDestinationException.class, () -> s.unsubscribe("busy"), "already removed");
        }
    }

    @Test
    void unsubscribeDiscardsTheStoredMessages() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-durable-3")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableConsumer(t, "gone").close();
            publish(t, "lost");
            s.unsubscribe("gone");
            MessageConsumer sub = s.createDurableConsumer(t, "gone");
            c.start();
            assertNull(sub.receive(QUIET), "a new subscription starts empty");
            sub.close();
            s.unsubscribe("gone");
        }
    }

    @Test
    void anUnsharedDurableSubscriptionHasAtMostOneActiveConsumer() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-durable-4")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session s2 = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer first = s.createDurableConsumer(t, "single");
            assertThrows(IllegalStateException.class, () -> s2.createDurableConsumer(t, "single"));
            first.close();
            s2.createDurableConsumer(t, "single").close();
            s.unsubscribe("single");
        }
    }

    @Test
    void theSameNameUnderAnotherClientIdIsAnotherSubscription() throws JMSException {
        Topic t = freshTopic();
        try (Connection a = withClientId("tck-durable-5a"); Connection b = withClientId("tck-durable-5b")) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subA = sa.createDurableConsumer(t, "same");
            MessageConsumer subB = sb.createDurableConsumer(t, "same");
            a.start();
            b.start();
            publish(t, "both");
            assertEquals("both", text(subA.receive(WAIT)));
            assertEquals("both", text(subB.receive(WAIT)));
            subA.close();
            subB.close();
            sa.unsubscribe("same");
            sb.unsubscribe("same");
        }
    }

    @Test
    void changingTheTopicOrSelectorReplacesTheSubscription() throws JMSException {
        Topic t1 = freshTopic();
        Topic t2 = freshTopic();
        try (Connection c = withClientId("tck-durable-6")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableConsumer(t1, "moving").close();
            publish(t1, "old topic");
            // another topic: the old subscription (and its message) is deleted, a new one created
            MessageConsumer onT2 = s.createDurableConsumer(t2, "moving");
            c.start();
            assertNull(onT2.receive(QUIET));
            onT2.close();
            publish(t2, "keep-me", "drop-me");
            // another selector: replaced again, stored messages discarded
            MessageConsumer selective = s.createDurableConsumer(t2, "moving", "text = 'new'", false);
            assertNull(selective.receive(QUIET), "the messages of the replaced subscription are gone");
            selective.close();
            publish(t2, "ignored", "new");
            selective = s.createDurableConsumer(t2, "moving", "text = 'new'", false);
            assertEquals("new", text(selective.receive(WAIT)));
            assertNull(selective.receive(QUIET));
            // the same selector again: not replaced
            selective.close();
            publish(t2, "new");
            selective = s.createDurableConsumer(t2, "moving", "text = 'new'", false);
            assertEquals("new", text(selective.receive(WAIT)));
            selective.close();
            s.unsubscribe("moving");
        }
    }

    // ---------------------------------------------------------------- shared subscriptions

    private static List<String> drain(MessageConsumer consumer) throws JMSException {
        List<String> got = new ArrayList<>();
        Message m = consumer.receive(QUIET);
        while (m != null) {
            got.add(text(m));
            m = consumer.receive(QUIET);
        }
        return got;
    }

    @Test
    void aSharedDurableSubscriptionSplitsMessagesAmongItsConsumers() throws JMSException {
        Topic t = freshTopic();
        try (Connection a = connection(); Connection b = connection()) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer ca = sa.createSharedDurableConsumer(t, "tck-shared-durable");
            MessageConsumer cb = sb.createSharedDurableConsumer(t, "tck-shared-durable");
            a.start();
            b.start();
            String[] texts = new String[20];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = "sd" + i;
            }
            publish(t, texts);
            List<String> all = new ArrayList<>(drain(ca));
            all.addAll(drain(cb));
            assertEquals(20, all.size(), "every message once: " + all);
            assertEquals(20, new HashSet<>(all).size());
            ca.close();
            cb.close();
            publish(t, "kept while no consumer");
            MessageConsumer again = sa.createSharedDurableConsumer(t, "tck-shared-durable");
            assertEquals("kept while no consumer", text(again.receive(WAIT)));
            again.close();
            sa.unsubscribe("tck-shared-durable");
        }
    }

    @Test
    void aSharedNonDurableSubscriptionSplitsMessagesAndEndsWithItsLastConsumer() throws JMSException {
        Topic t = freshTopic();
        try (Connection a = connection(); Connection b = connection()) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sb = b.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer ca = sa.createSharedConsumer(t, "tck-shared");
            MessageConsumer cb = sb.createSharedConsumer(t, "tck-shared");
            MessageConsumer plain = sa.createConsumer(t);
            a.start();
            b.start();
            String[] texts = new String[20];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = "sn" + i;
            }
            publish(t, texts);
            List<String> all = new ArrayList<>(drain(ca));
            all.addAll(drain(cb));
            assertEquals(20, all.size());
            assertEquals(20, new HashSet<>(all).size());
            assertEquals(20, drain(plain).size(), "a separate subscription gets its own copy of everything");
            ca.close();
            cb.close();
            publish(t, "nobody");
            MessageConsumer fresh = sa.createSharedConsumer(t, "tck-shared");
            assertNull(fresh.receive(QUIET), "the subscription ended when its last consumer closed");
        }
    }

    @Test
    void sharedSubscriptionsWithAClientIdAreScopedToIt() throws JMSException {
        Topic t = freshTopic();
        try (Connection a = withClientId("tck-scope-a"); Connection none = connection()) {
            Session sa = a.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Session sn = none.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer withId = sa.createSharedConsumer(t, "scoped");
            MessageConsumer withoutId = sn.createSharedConsumer(t, "scoped");
            a.start();
            none.start();
            publish(t, "to both");
            assertEquals("to both", text(withId.receive(WAIT)));
            assertEquals("to both", text(withoutId.receive(WAIT)));
        }
    }

    @Test
    void aSharedSubscriptionCannotChangeTopicOrSelectorWhileInUse() throws JMSException {
        Topic t1 = freshTopic();
        Topic t2 = freshTopic();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer first = s.createSharedDurableConsumer(t1, "tck-shared-fixed", "a = 1");
            assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(t2, "tck-shared-fixed", "a = 1"));
            assertThrows(JMSException.class, () -> s.createSharedDurableConsumer(t1, "tck-shared-fixed", "a = 2"));
            MessageConsumer nd = s.createSharedConsumer(t1, "tck-shared-nd");
            assertThrows(JMSException.class, () -> s.createSharedConsumer(t2, "tck-shared-nd"));
            nd.close();
            first.close();
            s.unsubscribe("tck-shared-fixed");
        }
    }

    // ---------------------------------------------------------------- noLocal

    @Test
    void noLocalIgnoresMessagesPublishedByItsOwnConnection() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer noLocal = s.createConsumer(t, null, true);
            MessageConsumer local = s.createConsumer(t);
            c.start();
            Session other = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            other.createProducer(t).send(other.createTextMessage("own connection"));
            publish(t, "other connection");
            assertEquals("other connection", text(noLocal.receive(WAIT)));
            assertNull(noLocal.receive(QUIET));
            assertEquals("own connection", text(local.receive(WAIT)));
            assertEquals("other connection", text(local.receive(WAIT)));
        }
    }

    @Test
    void durableNoLocal() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-nolocal")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createDurableConsumer(t, "nl", null, true);
            c.start();
            s.createProducer(t).send(s.createTextMessage("mine"));
            publish(t, "theirs");
            assertEquals("theirs", text(sub.receive(WAIT)));
            assertNull(sub.receive(QUIET));
            sub.close();
            s.unsubscribe("nl");
        }
    }

    @Test
    void durableNoLocalSkipsWhatAnyConnectionWithItsClientIdPublishes() throws JMSException {
        Topic t = freshTopic();
        try (Connection c = withClientId("tck-nolocal-2")) {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).createDurableConsumer(t, "nl2", null, true).close();
        }
        try (Connection sameClientId = withClientId("tck-nolocal-2")) {
            Session s = sameClientId.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(t).send(s.createTextMessage("local, while nobody is attached"));
        }
        publish(t, "theirs");
        try (Connection c = withClientId("tck-nolocal-2")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer sub = s.createDurableConsumer(t, "nl2", null, true);
            c.start();
            assertEquals("theirs", text(sub.receive(WAIT)));
            assertNull(sub.receive(QUIET));
            sub.close();
            s.unsubscribe("nl2");
        }
    }
}
