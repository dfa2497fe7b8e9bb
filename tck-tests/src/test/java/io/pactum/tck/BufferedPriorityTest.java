package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Jakarta Messaging 3.1, 3.4.10 JMSPriority: expedited messages go ahead of normal ones even when they were all
 * already pushed to a consumer created before they were sent, and the order of one producer's messages of the same
 * priority is kept. The consumer is created on a started connection and the application takes nothing (no receive,
 * no listener yet) until every message has left the queue for the consumer's buffer.
 */
class BufferedPriorityTest extends BrokerTestSupport {
    /** Priorities 1 to 9, three of each, interleaved so that arrival order is far from priority order. */
    private static final int[] MIXED = {1, 5, 9, 3, 7, 2, 8, 4, 6, 9, 1, 6, 4, 8, 2, 7, 3, 5, 5, 3, 7, 2, 8, 4, 6, 1, 9};

    /** The texts ("priority-sequence") of {@link #MIXED} in the order they must be received. */
    private static List<String> expectedOrder() {
        return IntStream.range(0, MIXED.length).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> -MIXED[i]).thenComparingInt(i -> i))
                .map(i -> MIXED[i] + "-" + i)
                .toList();
    }

    private static void sendMixed(Session s, Queue q) throws JMSException {
        MessageProducer p = s.createProducer(q);
        for (int i = 0; i < MIXED.length; i++) {
            TextMessage m = s.createTextMessage(MIXED[i] + "-" + i);
            m.setIntProperty("seq", i);
            p.send(m, DeliveryMode.PERSISTENT, MIXED[i], 0);
        }
    }

    /**
     * Waits until the broker holds none of {@code q}'s messages any more (all were pushed to the consumer), then makes
     * a round trip on the consumer's connection, whose answer comes behind those deliveries: they are in its buffer.
     */
    private static void awaitAllPushed(Queue q, Runnable roundTrip) {
        await().atMost(Duration.ofMillis(WAIT)).until(() -> depth(q) == 0);
        roundTrip.run();
    }

    private static void roundTrip(Connection c) {
        try {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String label(Message m) throws JMSException {
        String text = text(m);
        assertEquals(Integer.parseInt(text.substring(0, 1)), m.getJMSPriority());
        assertEquals(Integer.parseInt(text.substring(2)), m.getIntProperty("seq"));
        return text;
    }

    @Test
    void receiveTakesBufferedMessagesHighestPriorityFirst() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            sendMixed(s, q);
            awaitAllPushed(q, () -> roundTrip(c));
            List<String> got = new ArrayList<>();
            got.add(label(consumer.receive()));
            got.add(label(consumer.receive(WAIT)));
            for (int i = 2; i < MIXED.length; i++) {
                got.add(label(consumer.receiveNoWait()));
            }
            assertEquals(expectedOrder(), got);
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void aListenerIsGivenBufferedMessagesHighestPriorityFirst() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            sendMixed(s, q);
            awaitAllPushed(q, () -> roundTrip(c));
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            consumer.setMessageListener(m -> {
                try {
                    got.add(label(m));
                } catch (JMSException | RuntimeException | AssertionError e) {
                    failures.add(e);
                }
            });
            await().atMost(Duration.ofMillis(WAIT)).until(() -> got.size() + failures.size() == MIXED.length);
            assertEquals(List.of(), failures);
            assertEquals(expectedOrder(), got);
        }
    }

    @Test
    void aJmsConsumerTakesBufferedBodiesHighestPriorityFirst() {
        Queue q = freshQueue();
        try (JMSContext context = connectionFactory().createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            JMSConsumer consumer = context.createConsumer(q); // starts the connection
            JMSProducer producer = context.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < MIXED.length; i++) {
                producer.setPriority(MIXED[i]).setProperty("seq", i).send(q, MIXED[i] + "-" + i);
            }
            awaitAllPushed(q, () -> context.createContext(JMSContext.AUTO_ACKNOWLEDGE).close());
            List<String> expected = expectedOrder();
            // a body of the wrong type leaves the message where it was: first, at the highest priority
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Map.class, WAIT));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < MIXED.length; i++) {
                got.add(consumer.receiveBody(String.class, WAIT));
            }
            assertEquals(expected, got);
            assertNull(consumer.receiveNoWait());
        }
    }

    @Test
    void aBufferedMessageThatExpiresIsSkippedAndTheRestKeepTheirPriorityOrder() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("2-0"), DeliveryMode.PERSISTENT, 2, 0);
            TextMessage shortLived = s.createTextMessage("9-1");
            p.send(shortLived, DeliveryMode.PERSISTENT, 9, 200);
            p.send(s.createTextMessage("7-2"), DeliveryMode.PERSISTENT, 7, 0);
            p.send(s.createTextMessage("2-3"), DeliveryMode.PERSISTENT, 2, 0);
            awaitAllPushed(q, () -> roundTrip(c));
            long expiry = shortLived.getJMSExpiration();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> System.currentTimeMillis() > expiry + 50);
            assertEquals("7-2", text(consumer.receive(WAIT)));
            assertEquals("2-0", text(consumer.receive(WAIT)));
            assertEquals("2-3", text(consumer.receive(WAIT)));
            assertNull(consumer.receive(QUIET));
        }
    }
}
