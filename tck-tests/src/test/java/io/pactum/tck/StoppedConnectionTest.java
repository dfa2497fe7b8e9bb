package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, 6.1.5 and Connection.start/stop: a connection delivers only while started. A consumer of a
 * connection that was never started, or was stopped, must not hold messages that a consumer of a started connection
 * could receive: the broker delivers nothing to a stopped connection, and {@code stop()} gives back (unchanged, not
 * redelivered) the messages its consumers had prefetched and the application had not received.
 */
class StoppedConnectionTest extends BrokerTestSupport {

    /** The peer suite's hang: a JMSContext's receiveBody without a timeout beside an unstarted consumer. */
    @Test
    void anUnstartedConsumerTakesNothingFromAContextThatReceivesWithoutTimeout() throws Exception {
        Queue q = freshQueue();
        try (Connection idle = connection(); JMSContext context = connectionFactory().createContext()) {
            idle.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q); // never started
            JMSConsumer consumer = context.createConsumer(q);                    // auto-started
            context.createProducer().send(q, "one");
            String body = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> consumer.receiveBody(String.class));
            assertEquals("one", body);
        }
    }

    @Test
    void anUnstartedConsumerTakesNothingFromAStartedCompetitor() throws Exception {
        Queue q = freshQueue();
        try (Connection idle = connection(); Connection active = connection()) {
            MessageConsumer never = idle.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            MessageConsumer reader = active.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            active.start();
            send(q, "a", "b", "c");
            assertEquals(List.of("a", "b", "c"), receiveTexts(reader, 3));
            assertNull(never.receiveNoWait(), "a stopped connection delivers nothing");
        }
    }

    @Test
    void aSharedSubscriptionWithOneUnstartedMemberDeliversEverythingToTheStartedOne() throws Exception {
        Topic t = freshTopic();
        try (Connection idle = connection(); Connection active = connection(); Connection publisher = connection()) {
            idle.createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedConsumer(t, "split");
            MessageConsumer reader = active.createSession(false, Session.AUTO_ACKNOWLEDGE).createSharedConsumer(t, "split");
            active.start();
            Session ps = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = ps.createProducer(t);
            for (String s : List.of("s0", "s1", "s2", "s3", "s4")) {
                producer.send(ps.createTextMessage(s));
            }
            assertEquals(List.of("s0", "s1", "s2", "s3", "s4"), receiveTexts(reader, 5));
        }
    }

    @Test
    void aSharedDurableSubscriptionWithOneUnstartedMemberDeliversEverythingToTheStartedOne() throws Exception {
        Topic t = freshTopic();
        try (Connection idle = connection(); Connection active = connection(); Connection publisher = connection()) {
            MessageConsumer unstarted = idle.createSession(false, Session.AUTO_ACKNOWLEDGE)
                    .createSharedDurableConsumer(t, "durable-split");
            Session as = active.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer reader = as.createSharedDurableConsumer(t, "durable-split");
            active.start();
            Session ps = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = ps.createProducer(t);
            for (String s : List.of("d0", "d1", "d2")) {
                producer.send(ps.createTextMessage(s));
            }
            assertEquals(List.of("d0", "d1", "d2"), receiveTexts(reader, 3));
            unstarted.close();
            reader.close();
            as.unsubscribe("durable-split");
        }
    }

    @Test
    void startAfterTheSendDelivers() throws Exception {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            send(q, "waiting");
            assertEquals(1, depth(q), "the message waits in the queue, not in the stopped consumer");
            c.start();
            Message m = consumer.receive(WAIT);
            assertEquals("waiting", text(m));
            assertFalse(m.getJMSRedelivered());
            assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
        }
    }

    @Test
    void stopHandsPrefetchedMessagesToACompetingConsumerUnchanged() throws Exception {
        Queue q = freshQueue();
        try (Connection first = connection(); Connection second = connection()) {
            Session s1 = first.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer c1 = s1.createConsumer(q);
            first.start();
            send(q, "m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
            Message kept = c1.receive(WAIT);
            assertEquals("m0", text(kept));
            await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0); // the other nine are prefetched

            first.stop();
            assertEquals(9, depth(q), "stop gave the unreceived messages back");
            MessageConsumer c2 = second.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            second.start();
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                Message m = c2.receive(WAIT);
                others.add(text(m));
                assertFalse(m.getJMSRedelivered(), "a prefetched message the application never saw is not redelivered");
                assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
            }
            assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9"), others);
            assertNull(c2.receive(QUIET), "the received, unacknowledged message stayed with its session");

            first.start();
            assertNull(c1.receive(QUIET), "the stopped consumer's buffer was given back, not kept");
            kept.acknowledge();
            first.close();
            assertNull(c2.receive(QUIET), "the acknowledgement after the restart settled m0");
        }
    }

    @Test
    void stopThenStartReceivesTheGivenBackMessagesInOrder() throws Exception {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            MessageConsumer consumer = c.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            c.start();
            send(q, "x", "y", "z");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);
            c.stop();
            assertEquals(3, depth(q));
            assertNull(consumer.receiveNoWait(), "a stopped connection delivers nothing");
            c.start();
            assertEquals(List.of("x", "y", "z"), receiveTexts(consumer, 3));
        }
    }

    /** stop() waits for the listener call in progress, then gives back what the listener has not been handed. */
    @Test
    void stopWaitsForTheListenerAndGivesBackWhatItHasNotSeen() throws Exception {
        Queue q = freshQueue();
        try (Connection listening = connection(); Connection other = connection()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            CountDownLatch inListener = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            listening.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q).setMessageListener(m -> {
                heard.add(textOf(m));
                inListener.countDown();
                awaitQuietly(release);
            });
            listening.start();
            send(q, "l0", "l1", "l2", "l3", "l4");
            assertTrue(inListener.await(WAIT, TimeUnit.MILLISECONDS));
            await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    listening.stop();
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().during(Duration.ofMillis(QUIET)).atMost(Duration.ofMillis(WAIT)).until(() -> !stopped.isDone());
            release.countDown();
            stopped.get(WAIT, TimeUnit.MILLISECONDS);

            MessageConsumer reader = other.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            other.start();
            assertEquals(List.of("l1", "l2", "l3", "l4"), receiveTexts(reader, 4));
            assertEquals(List.of("l0"), heard, "the stopped listener got nothing more");
        }
    }

    // ---------------------------------------------------------------- audit: nothing parked where nobody can take it

    @Test
    void aListenerSetOnAnUnstartedConnectionTakesNothingUntilStart() throws Exception {
        Queue q = freshQueue();
        try (Connection listening = connection(); Connection other = connection()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            listening.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q)
                    .setMessageListener(m -> heard.add(textOf(m)));
            aStartedCompetitorGets(other, q, "before-start");

            listening.start();
            send(q, "after-start");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> heard.equals(List.of("after-start")));
        }
    }

    @Test
    void aBrowserHoldsNothing() throws Exception {
        Queue q = freshQueue();
        send(q, "b0", "b1", "b2");
        try (Connection browsing = connection(); Connection reading = connection()) {
            QueueBrowser browser = browsing.createSession(false, Session.AUTO_ACKNOWLEDGE).createBrowser(q);
            List<Object> seen = Collections.list(browser.getEnumeration());
            assertEquals(3, seen.size(), "a browser of an unstarted connection sees the queue");
            MessageConsumer reader = reading.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            reading.start();
            assertEquals(List.of("b0", "b1", "b2"), receiveTexts(reader, 3), "browsing took nothing away");
            browser.close();
        }
    }

    @Test
    void aClosingConsumerGivesBackItsBufferUnchanged() throws Exception {
        Queue q = freshQueue();
        try (Connection first = connection(); Connection second = connection()) {
            MessageConsumer c1 = first.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            first.start();
            send(q, "c0", "c1", "c2", "c3");
            assertEquals("c0", text(c1.receive(WAIT)));
            await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);
            c1.close();
            MessageConsumer c2 = second.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
            second.start();
            for (String expected : List.of("c1", "c2", "c3")) {
                Message m = c2.receive(WAIT);
                assertEquals(expected, text(m));
                assertFalse(m.getJMSRedelivered());
            }
        }
    }

    @Test
    void anXaSessionOutsideATransactionOnAnUnstartedConnectionTakesNothing() throws Exception {
        Queue q = freshQueue();
        XAConnectionFactory xaFactory = lookup("XAConnectionFactory");
        try (XAConnection xa = xaFactory.createXAConnection(); Connection other = connection()) {
            XASession xs = xa.createXASession();
            MessageConsumer xaConsumer = xs.createConsumer(q);
            aStartedCompetitorGets(other, q, "for-the-started-one");

            xa.start();
            send(q, "for-the-xa-session");
            assertEquals("for-the-xa-session", text(xaConsumer.receive(WAIT)));
        }
    }

    /** A consumer on {@code other} (started here) receives {@code text} sent to {@code q}, and closes again. */
    private static void aStartedCompetitorGets(Connection other, Queue q, String text) throws jakarta.jms.JMSException {
        MessageConsumer reader = other.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(q);
        other.start();
        send(q, text);
        assertEquals(text, BrokerTestSupport.text(reader.receive(WAIT)));
        reader.close();
    }

    private static List<String> receiveTexts(MessageConsumer consumer, int n) throws jakarta.jms.JMSException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            texts.add(text(consumer.receive(WAIT)));
        }
        return texts;
    }

    private static String textOf(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
