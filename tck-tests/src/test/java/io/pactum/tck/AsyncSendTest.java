package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Jakarta Messaging 3.1, section 7.3 ("Asynchronous send"): MessageProducer.send with a CompletionListener.
 */
class AsyncSendTest extends BrokerTestSupport {

    /** Records callbacks; {@code onCompletion} checks the message can already be consumed by another connection. */
    private static final class Recorder implements CompletionListener {
        final List<Message> completed = new CopyOnWriteArrayList<>();
        final List<Exception> failed = new CopyOnWriteArrayList<>();

        @Override
        public void onCompletion(Message message) {
            completed.add(message);
        }

        @Override
        public void onException(Message message, Exception exception) {
            failed.add(exception);
        }
    }

    @Test
    void onCompletionFiresOnceTheMessageIsStoredAndReceivable() throws Exception {
        Queue q = freshQueue();
        AtomicReference<String> seenByOtherConnection = new AtomicReference<>();
        AtomicReference<Throwable> problem = new AtomicReference<>();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage("stored");
            s.createProducer(q).send(m, new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    // the message must already be stored: another connection can consume it right away
                    try (Connection other = connection()) {
                        Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        MessageConsumer consumer = os.createConsumer(q);
                        other.start();
                        Message got = consumer.receive(WAIT);
                        seenByOtherConnection.set(got == null ? "nothing" : ((TextMessage) got).getText());
                    } catch (Throwable t) {
                        problem.set(t);
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    problem.set(exception);
                }
            });
            await().atMost(Duration.ofMillis(2 * WAIT))
                    .until(() -> seenByOtherConnection.get() != null || problem.get() != null);
        }
        if (problem.get() != null) {
            fail(problem.get());
        }
        assertEquals("stored", seenByOtherConnection.get());
    }

    @Test
    void onCompletionReceivesTheSentMessageWithItsHeadersSet() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage("same object");
            s.createProducer(q).send(m, r);
            await().atMost(Duration.ofMillis(WAIT)).until(() -> r.completed.size() == 1);
            assertSame(m, r.completed.get(0));
            assertTrue(m.getJMSMessageID().startsWith("ID:"));
            assertEquals(q, m.getJMSDestination());
        }
        assertEquals(1, depth(q));
    }

    @Test
    void callbacksFollowSendOrder() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        int n = 50;
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                TextMessage m = s.createTextMessage("a" + i);
                sent.add(m);
                p.send(m, i % 3 == 0 ? jakarta.jms.DeliveryMode.NON_PERSISTENT : jakarta.jms.DeliveryMode.PERSISTENT,
                        4, 0, r);
            }
            await().atMost(Duration.ofMillis(WAIT)).until(() -> r.completed.size() == n);
            for (int i = 0; i < n; i++) {
                assertSame(sent.get(i), r.completed.get(i), "callback " + i);
            }
            assertTrue(r.failed.isEmpty());
        }
        assertEquals(n, depth(q));
    }

    @Test
    void closeAndCommitFromInsideTheCallbackAreIllegal() throws JMSException {
        Queue q = freshQueue();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(q);
            p.send(tx.createTextMessage("cb"), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    List<Callable> calls = List.of(p::close, tx::close, c::close, tx::commit, tx::rollback);
                    for (Callable call : calls) {
                        attempts.incrementAndGet();
                        try {
                            call.run();
                            thrown.add(new AssertionError("no exception"));
                        } catch (Throwable t) {
                            thrown.add(t);
                        }
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    thrown.add(exception);
                }
            });
            await().atMost(Duration.ofMillis(WAIT)).until(() -> thrown.size() >= 5);
            assertEquals(5, attempts.get());
            for (Throwable t : thrown) {
                assertInstanceOf(IllegalStateException.class, t, String.valueOf(t));
            }
            tx.commit(); // everything is still open
        }
        assertEquals(1, depth(q));
    }

    private interface Callable {
        void run() throws JMSException;
    }

    @Test
    void producerCloseWaitsForOutstandingCallbacks() throws Exception {
        Queue q = freshQueue();
        int n = 5;
        java.util.concurrent.CountDownLatch inCallback = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger done = new AtomicInteger();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    inCallback.countDown();
                    try {
                        release.await(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.incrementAndGet();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    done.incrementAndGet();
                }
            };
            for (int i = 0; i < n; i++) {
                p.send(s.createTextMessage("w" + i), listener);
            }
            assertTrue(inCallback.await(WAIT, java.util.concurrent.TimeUnit.MILLISECONDS));
            AtomicBoolean closeReturned = new AtomicBoolean();
            AtomicInteger doneWhenCloseReturned = new AtomicInteger(-1);
            Thread closer = new Thread(() -> {
                try {
                    p.close();
                    doneWhenCloseReturned.set(done.get());
                    closeReturned.set(true);
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            closer.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> closeReturned.get()
                    || closer.getState() == Thread.State.WAITING || closer.getState() == Thread.State.TIMED_WAITING);
            assertTrue(!closeReturned.get(), "close returned while a callback was still running");
            release.countDown();
            closer.join(WAIT);
            assertTrue(closeReturned.get());
            assertEquals(n, doneWhenCloseReturned.get(), "every callback had returned when close returned");
        }
        assertEquals(n, depth(q));
    }

    @Test
    void sessionCloseAlsoWaitsForCallbacks() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 10; i++) {
                p.send(s.createTextMessage("s" + i), r);
            }
            s.close();
            assertEquals(10, r.completed.size() + r.failed.size());
        }
    }

    @Test
    void anOversizedAsyncSendFailsEitherInSendOrThroughOnException() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage big = s.createBytesMessage();
            big.writeBytes(new byte[11 * 1024 * 1024]); // beyond the broker's default 10 MB frame limit
            boolean thrownInSend = false;
            try {
                s.createProducer(q).send(big, r);
            } catch (JMSException expected) {
                thrownInSend = true;
            }
            if (thrownInSend) {
                assertTrue(r.completed.isEmpty() && r.failed.isEmpty(),
                        "when send throws, neither callback may be called");
            } else {
                await().atMost(Duration.ofMillis(WAIT)).until(() -> !r.failed.isEmpty() || !r.completed.isEmpty());
                assertTrue(r.completed.isEmpty(), "an oversized message cannot complete");
                assertNotNull(r.failed.get(0));
            }
            // the session is still usable afterwards
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("after"));
        }
        assertEquals(1, depth(q));
    }

    @Test
    void asyncSendInATransactionIsVisibleOnlyAfterCommit() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            tx.createProducer(q).send(tx.createTextMessage("tx async"), r);
            await().atMost(Duration.ofMillis(WAIT)).until(() -> r.completed.size() == 1);
            assertEquals(0, depth(q));
            tx.commit();
        }
        assertEquals(1, depth(q));
    }

    /** A queue the broker no longer has: a send to it fails there, after the client has let it go. */
    private static TemporaryQueue deletedQueue(Session s) throws JMSException {
        TemporaryQueue gone = s.createTemporaryQueue();
        gone.delete();
        return gone;
    }

    @ParameterizedTest(name = "commit: {0}")
    @ValueSource(booleans = {true, false})
    void commitAndRollbackWaitUntilEveryCompletionListenerHasReturned(boolean commit) throws Exception {
        Queue q = freshQueue();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean callbackReturned = new AtomicBoolean();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            tx.createProducer(q).send(tx.createTextMessage("tx async"), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    inCallback.countDown();
                    try {
                        release.await(WAIT, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    callbackReturned.set(true);
                }

                @Override
                public void onException(Message message, Exception exception) {
                    onCompletion(message);
                }
            });
            assertTrue(inCallback.await(WAIT, TimeUnit.MILLISECONDS));
            AtomicBoolean ended = new AtomicBoolean();
            AtomicBoolean callbackReturnedFirst = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread demarcator = new Thread(() -> {
                try {
                    if (commit) {
                        tx.commit();
                    } else {
                        tx.rollback();
                    }
                    callbackReturnedFirst.set(callbackReturned.get());
                } catch (Throwable t) {
                    failure.set(t);
                }
                ended.set(true);
            });
            demarcator.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> ended.get()
                    || demarcator.getState() == Thread.State.WAITING
                    || demarcator.getState() == Thread.State.TIMED_WAITING);
            assertFalse(ended.get(), "commit or rollback returned while a CompletionListener was still running");
            release.countDown();
            demarcator.join(WAIT);
            assertTrue(ended.get());
            assertNull(failure.get());
            assertTrue(callbackReturnedFirst.get(), "the CompletionListener had returned when commit or rollback did");
        } finally {
            release.countDown();
        }
        assertEquals(commit ? 1 : 0, depth(q));
    }

    @Test
    void anAsyncSendThatFailedRollsTheTransactionBackAtCommit() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (Connection c = connection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(null);
            p.send(q, tx.createTextMessage("rolled back with the failed send"));
            p.send(deletedQueue(tx), tx.createTextMessage("fails"), r);
            assertThrows(TransactionRolledBackException.class, tx::commit);
            assertEquals(1, r.failed.size(), "onException had returned before commit");
            assertTrue(r.completed.isEmpty());
            p.send(q, tx.createTextMessage("next transaction"));
            tx.commit();
        }
        assertEquals(1, depth(q), "only the next transaction's message");
    }

    @Test
    void anAsyncSendThatFailedRollsTheContextTransactionBackAtCommit() throws JMSException {
        Queue q = freshQueue();
        Recorder r = new Recorder();
        try (JMSContext context = connectionFactory().createContext(JMSContext.SESSION_TRANSACTED)) {
            TemporaryQueue gone = context.createTemporaryQueue();
            gone.delete();
            context.createProducer().send(q, "rolled back with the failed send").setAsync(r).send(gone, "fails");
            assertThrows(TransactionRolledBackRuntimeException.class, context::commit);
            assertEquals(1, r.failed.size(), "onException had returned before commit");
        }
        assertEquals(0, depth(q));
    }

    /** The body of a BytesMessage as text, or what reading it threw. */
    private static String body(Message m) {
        try {
            BytesMessage bytes = (BytesMessage) m;
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new String(body, StandardCharsets.UTF_8);
        } catch (JMSException e) {
            return e.toString();
        }
    }

    @Test
    void aBytesMessageReachesItsCompletionListenerResetForReading() throws JMSException {
        Queue q = freshQueue();
        List<String> read = new CopyOnWriteArrayList<>();
        CompletionListener reader = new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                read.add("completed " + body(message));
            }

            @Override
            public void onException(Message message, Exception exception) {
                read.add("failed " + body(message));
            }
        };
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(null);
            for (Destination to : List.of(q, deletedQueue(s))) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes("payload".getBytes(StandardCharsets.UTF_8));
                p.send(to, m, reader);
            }
            await().atMost(Duration.ofMillis(WAIT)).until(() -> read.size() == 2);
        }
        assertEquals(List.of("completed payload", "failed payload"), read);
    }
}
