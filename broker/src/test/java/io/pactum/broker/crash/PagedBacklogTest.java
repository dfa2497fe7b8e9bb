package io.pactum.broker.crash;

import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory contract with a real backlog: a broker with a 128 MiB heap in its own JVM takes three times its heap of
 * persistent messages nobody consumes, keeps answering other clients meanwhile, is SIGKILLed, restarts with the same
 * heap, and gives every confirmed message back exactly once, in order. An {@code OutOfMemoryError} ends the broker
 * at once ({@link BrokerProcess}), so a heap that grows with the backlog fails this test instead of slowing it. With
 * 10 KiB messages the bodies are what must leave the heap; with 1 KiB ones (393,216 messages) the bookkeeping too
 * (at ~250 bytes a paged message, as before the paged tails and the packed journal index, the heap limit refused
 * producers long before three heaps).
 */
class PagedBacklogTest {
    private static final String HEAP = "128m";
    private static final long HEAP_BYTES = 128L << 20;
    private static final int PER_COMMIT = 50;
    private static final long SEGMENT_SIZE = 16L << 20;

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {10 * 1024, 1024})
    void aBacklogOfThreeHeapsSurvivesAKillAndARestartWithTheSameHeap(int bodySize) throws Exception {
        int target = (int) (3 * HEAP_BYTES / bodySize);
        AtomicInteger committed = new AtomicInteger();
        AtomicReference<Throwable> floodFailure = new AtomicReference<>();
        int confirmed;
        BrokerProcess broker = BrokerProcess.start(data, HEAP, SEGMENT_SIZE);
        RequestReply rpc = new RequestReply(broker.url());
        Thread producer = new Thread(() -> {
            try {
                flood(broker.url(), bodySize, committed);
            } catch (Throwable t) {
                floodFailure.set(t);
            }
        }, "flood");
        try {
            rpc.start();
            producer.start();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committed.get() >= target || !producer.isAlive());
            assertTrue(producer.isAlive(), () -> "the producer stopped before the backlog was "
                    + target + " messages, at " + committed.get() + ": " + floodFailure.get());
            assertTrue(broker.isAlive(), "broker alive during the flood");
            assertTrue(rpc.answered.get() > 0, "request/reply on another queue was answered during the flood");
            assertNull(rpc.failure.get(), "request/reply during the flood");
        } finally {
            rpc.stop();
            confirmed = committed.get();
            broker.kill(); // in the middle of the flood
            producer.join(30_000);
        }

        BrokerProcess restarted = BrokerProcess.start(data, HEAP, SEGMENT_SIZE);
        try {
            List<Integer> drained = drain(restarted.url(), bodySize);
            // the transaction being committed at the kill is there whole or not at all
            assertTrue(drained.size() == confirmed || drained.size() == confirmed + PER_COMMIT,
                    "every confirmed message, once: " + confirmed + " confirmed, " + drained.size() + " drained");
            for (int i = 0; i < drained.size(); i++) {
                if (drained.get(i) != i) {
                    throw new AssertionError("message " + i + " out of order or missing: got " + drained.get(i));
                }
            }
            assertTrue(restarted.isAlive(), "broker alive after the drain");
        } finally {
            assertEquals(0, restarted.stopCleanly(), "broker exit code after a clean stop");
        }
    }

    /**
     * Sends messages numbered from 0 in transactions of {@link #PER_COMMIT} until the broker goes away;
     * {@code committed} counts those whose commit returned.
     */
    private static void flood(String url, int bodySize, AtomicInteger committed) throws JMSException {
        byte[] body = new byte[bodySize];
        try (Connection c = new PactumConnectionFactory(url).createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue("backlog"));
            for (int i = 0; ; i++) {
                BytesMessage m = s.createBytesMessage();
                body[0] = (byte) i;
                m.writeBytes(body);
                m.setIntProperty("seq", i);
                p.send(m);
                if ((i + 1) % PER_COMMIT == 0) {
                    s.commit();
                    committed.set(i + 1);
                }
            }
        }
    }

    private static List<Integer> drain(String url, int bodySize) throws JMSException {
        List<Integer> seqs = new ArrayList<>();
        try (Connection c = new PactumConnectionFactory(url).createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue("backlog"));
            c.start();
            Message m;
            while ((m = consumer.receive(5000)) != null) {
                int seq = m.getIntProperty("seq");
                BytesMessage b = (BytesMessage) m;
                assertEquals(bodySize, b.getBodyLength(), "body of message " + seq);
                assertEquals((byte) seq, b.readByte(), "first byte of message " + seq);
                seqs.add(seq);
                if (seqs.size() % 200 == 0) {
                    s.commit();
                }
            }
            s.commit();
        }
        return seqs;
    }

    /** A responder and a requester on queues of their own, round trips one after another until stopped. */
    private static final class RequestReply {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final String url;
        private volatile boolean stopped;
        private Thread thread;

        RequestReply(String url) {
            this.url = url;
        }

        void start() {
            thread = new Thread(this::run, "request-reply");
            thread.start();
        }

        private void run() {
            try (Connection c = new PactumConnectionFactory(url).createConnection()) {
                Session responderSession = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue requests = responderSession.createQueue("rpc");
                MessageProducer replies = responderSession.createProducer(null);
                responderSession.createConsumer(requests).setMessageListener(m -> {
                    try {
                        replies.send(m.getJMSReplyTo(), responderSession.createTextMessage("re:" + ((TextMessage) m).getText()));
                    } catch (JMSException e) {
                        failure.compareAndSet(null, e);
                    }
                });
                c.start();
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue replyTo = s.createTemporaryQueue();
                MessageProducer p = s.createProducer(requests);
                MessageConsumer answers = s.createConsumer(replyTo);
                for (int i = 0; !stopped; i++) {
                    TextMessage request = s.createTextMessage("q" + i);
                    request.setJMSReplyTo(replyTo);
                    p.send(request);
                    Message reply = answers.receive(10_000);
                    assertNotNull(reply, "reply " + i + " within 10 s while the backlog grows");
                    assertEquals("re:q" + i, ((TextMessage) reply).getText());
                    answered.incrementAndGet();
                }
            } catch (Throwable t) {
                if (!stopped) {
                    failure.compareAndSet(null, t);
                }
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(30_000);
        }
    }
}
