package io.pactum.tck;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;
import org.junit.jupiter.api.Test;

import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The domain-specific sessions of the classic API (Jakarta Messaging 3.1, QueueSession and TopicSession): a session
 * from {@code createQueueSession} refuses the publish/subscribe methods it inherits from Session, one from
 * {@code createTopicSession} the point-to-point ones, both with IllegalStateException and before looking at the
 * arguments; a session from {@code createSession} serves both domains, on any kind of connection.
 */
class SessionDomainsTest extends BrokerTestSupport {

    private interface Call {
        void run() throws Exception;
    }

    private static void assertIllegalState(Call call, String what) {
        assertThrows(IllegalStateException.class, call::run, what);
    }

    private static QueueConnection queueConnection() throws JMSException {
        return ((QueueConnectionFactory) connectionFactory()).createQueueConnection();
    }

    private static TopicConnection topicConnection() throws JMSException {
        return ((TopicConnectionFactory) connectionFactory()).createTopicConnection();
    }

    @Test
    void aQueueSessionRefusesTheTopicMethods() throws JMSException {
        Topic t = freshTopic();
        try (QueueConnection c = queueConnection()) {
            c.setClientID("tck-queue-session");
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            assertIllegalState(() -> s.createDurableSubscriber(t, "d"), "createDurableSubscriber(Topic, String)");
            assertIllegalState(() -> s.createDurableSubscriber(t, "d", null, false),
                    "createDurableSubscriber(Topic, String, String, boolean)");
            assertIllegalState(() -> s.createDurableConsumer(t, "d"), "createDurableConsumer(Topic, String)");
            assertIllegalState(() -> s.createDurableConsumer(t, "d", null, false),
                    "createDurableConsumer(Topic, String, String, boolean)");
            assertIllegalState(() -> s.createSharedConsumer(t, "sh"), "createSharedConsumer(Topic, String)");
            assertIllegalState(() -> s.createSharedConsumer(t, "sh", null), "createSharedConsumer(Topic, String, String)");
            assertIllegalState(() -> s.createSharedDurableConsumer(t, "sd"), "createSharedDurableConsumer(Topic, String)");
            assertIllegalState(() -> s.createSharedDurableConsumer(t, "sd", null),
                    "createSharedDurableConsumer(Topic, String, String)");
            assertIllegalState(s::createTemporaryTopic, "createTemporaryTopic");
            assertIllegalState(() -> s.createTopic("tck.queue-session.topic"), "createTopic");
            assertIllegalState(() -> s.unsubscribe("d"), "unsubscribe");

            // the domain rule comes before the arguments' own checks
            assertIllegalState(() -> s.createDurableSubscriber(null, null), "createDurableSubscriber with no topic");
            assertIllegalState(() -> s.createSharedConsumer(null, "sh"), "createSharedConsumer with no topic");
            assertIllegalState(() -> s.unsubscribe(""), "unsubscribe with an empty name");
            assertIllegalState(() -> s.createTopic(null), "createTopic with no name");

            // the queue methods still work, on the same session
            Queue q = s.createQueue(freshQueue().getQueueName());
            s.createSender(q).send(s.createTextMessage("queue session"));
            QueueBrowser browser = s.createBrowser(q);
            assertEquals(1, Collections.list(browser.getEnumeration()).size());
            browser.close();
            TemporaryQueue temp = s.createTemporaryQueue();
            QueueReceiver receiver = s.createReceiver(q);
            c.start();
            assertEquals("queue session", text(receiver.receive(WAIT)));
            temp.delete();
        }
    }

    @Test
    void aTopicSessionRefusesTheQueueMethods() throws JMSException {
        Queue q = freshQueue();
        try (TopicConnection c = topicConnection()) {
            TopicSession s = c.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            assertIllegalState(() -> s.createBrowser(q), "createBrowser(Queue)");
            assertIllegalState(() -> s.createBrowser(q, "x = 1"), "createBrowser(Queue, String)");
            assertIllegalState(() -> s.createQueue("tck.topic-session.queue"), "createQueue");
            assertIllegalState(s::createTemporaryQueue, "createTemporaryQueue");

            // the domain rule comes before the arguments' own checks
            assertIllegalState(() -> s.createBrowser(null), "createBrowser with no queue");
            assertIllegalState(() -> s.createBrowser(q, "not a selector ("), "createBrowser with a bad selector");

            // the topic methods still work, on the same session
            Topic t = s.createTopic(freshTopic().getTopicName());
            TopicSubscriber subscriber = s.createSubscriber(t);
            TemporaryTopic temp = s.createTemporaryTopic();
            c.start();
            s.createPublisher(t).publish(s.createTextMessage("topic session"));
            assertEquals("topic session", text(subscriber.receive(WAIT)));
            temp.delete();
        }
        assertEquals(0, depth(q), "nothing reached the queue");
    }

    /**
     * An implementation's QueueSession object may also be a TopicSession (and the other way round); it must not act
     * as one, so the other domain's own factory methods are refused as well.
     */
    @Test
    void aDomainSessionThatIsAlsoTheOtherKindOfSessionStillRefusesTheOtherDomain() throws JMSException {
        Queue q = freshQueue();
        Topic t = freshTopic();
        try (QueueConnection qc = queueConnection(); TopicConnection tc = topicConnection()) {
            QueueSession qs = qc.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            if (qs instanceof TopicSession) {
                TopicSession asTopicSession = (TopicSession) qs;
                assertIllegalState(() -> asTopicSession.createSubscriber(t), "createSubscriber(Topic) on a QueueSession");
                assertIllegalState(() -> asTopicSession.createSubscriber(t, null, false),
                        "createSubscriber(Topic, String, boolean) on a QueueSession");
                assertIllegalState(() -> asTopicSession.createPublisher(t), "createPublisher on a QueueSession");
            }
            TopicSession ts = tc.createTopicSession(false, Session.AUTO_ACKNOWLEDGE);
            if (ts instanceof QueueSession) {
                QueueSession asQueueSession = (QueueSession) ts;
                assertIllegalState(() -> asQueueSession.createReceiver(q), "createReceiver(Queue) on a TopicSession");
                assertIllegalState(() -> asQueueSession.createReceiver(q, null),
                        "createReceiver(Queue, String) on a TopicSession");
                assertIllegalState(() -> asQueueSession.createSender(q), "createSender on a TopicSession");
            }
        }
    }

    @Test
    void aTransactedQueueOrTopicSessionKeepsToItsDomainToo() throws JMSException {
        try (QueueConnection qc = queueConnection(); TopicConnection tc = topicConnection()) {
            QueueSession qs = qc.createQueueSession(true, Session.SESSION_TRANSACTED);
            assertIllegalState(() -> qs.createTopic("tck.transacted.topic"), "createTopic on a transacted QueueSession");
            TopicSession ts = tc.createTopicSession(true, Session.SESSION_TRANSACTED);
            assertIllegalState(() -> ts.createQueue("tck.transacted.queue"), "createQueue on a transacted TopicSession");
        }
    }

    @Test
    void aSessionFromCreateSessionServesBothDomainsOnAnyConnection() throws JMSException {
        try (QueueConnection qc = queueConnection(); TopicConnection tc = topicConnection()) {
            qc.start();
            tc.start();
            for (Session s : new Session[] {qc.createSession(false, Session.AUTO_ACKNOWLEDGE), tc.createSession()}) {
                // publish/subscribe: a shared subscription and a temporary topic carry a message
                Topic t = s.createTopic(freshTopic().getTopicName());
                MessageConsumer shared = s.createSharedConsumer(t, "tck-unified-" + System.identityHashCode(s));
                s.createProducer(t).send(s.createTextMessage("to the topic"));
                assertEquals("to the topic", text(shared.receive(WAIT)));
                shared.close();
                TemporaryTopic tt = s.createTemporaryTopic();
                MessageConsumer onTemporaryTopic = s.createConsumer(tt);
                s.createProducer(tt).send(s.createTextMessage("to the temporary topic"));
                assertEquals("to the temporary topic", text(onTemporaryTopic.receive(WAIT)));

                // point-to-point: a queue (browsed, then consumed) and a temporary queue carry a message
                Queue q = s.createQueue(freshQueue().getQueueName());
                s.createProducer(q).send(s.createTextMessage("to the queue"));
                QueueBrowser browser = s.createBrowser(q);
                assertTrue(browser.getEnumeration().hasMoreElements(), "the browser sees the message");
                browser.close();
                assertEquals("to the queue", text(s.createConsumer(q).receive(WAIT)));
                TemporaryQueue tq = s.createTemporaryQueue();
                s.createProducer(tq).send(s.createTextMessage("to the temporary queue"));
                assertEquals("to the temporary queue", text(s.createConsumer(tq).receive(WAIT)));
            }
        }
    }
}
