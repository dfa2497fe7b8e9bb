package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection.close, Session.close and JMSContext.close while a message listener is processing a message: close
 * waits for it, and until it returns the listener keeps all the facilities of its session and connection (send,
 * create messages, acknowledge, commit), while every other thread is refused as soon as close has begun.
 */
class CloseDuringListenerTest extends BrokerTestSupport {

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} on a thread of its own; the future completes when it returns. */
    private static CompletableFuture<Void> inBackground(Call call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "closer");
        t.start();
        return done;
    }

    /** True if {@code call} is refused because its object is closed; false if it succeeds. */
    private static boolean refused(Call call) throws Exception {
        try {
            call.run();
            return false;
        } catch (IllegalStateException | IllegalStateRuntimeException e) {
            return true;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code close} on another thread while the listener waits for {@code release}: close must begin (another
     * thread's {@code probe} is refused) and must not return until the listener has been released.
     */
    private static void closeWhileTheListenerWaits(Call close, Call probe, CountDownLatch release) throws Exception {
        CompletableFuture<Void> closed = inBackground(close);
        await().atMost(Duration.ofMillis(WAIT)).until(() -> refused(probe));
        assertFalse(closed.isDone(), "close returned while the listener was still running");
        release.countDown();
        closed.get(WAIT, TimeUnit.MILLISECONDS);
    }

    /**
     * The listener, held until close has begun, replies and then acknowledges (CLIENT_ACKNOWLEDGE) or commits
     * (transacted): both must work, so the reply is stored and the request consumed once close has returned.
     */
    @ParameterizedTest(name = "close the connection: {0}, transacted: {1}")
    @CsvSource({"true, false", "true, true", "false, false", "false, true"})
    void aListenerInProgressKeepsItsSessionAndConnectionUntilItReturns(boolean closeConnection, boolean transacted)
            throws Exception {
        Queue requests = freshQueue();
        Queue replies = freshQueue();
        send(requests, "request");
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> listenerFailure = new AtomicReference<>();
        AtomicBoolean listenerReturned = new AtomicBoolean();
        Connection c = connection();
        try {
            Session s = transacted ? c.createSession(true, Session.SESSION_TRANSACTED)
                    : c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(replies);
            s.createConsumer(requests).setMessageListener(m -> {
                inListener.countDown();
                awaitQuietly(release);
                try {
                    p.send(s.createTextMessage("reply to " + text(m)));
                    if (transacted) {
                        s.commit();
                    } else {
                        m.acknowledge();
                    }
                } catch (Throwable t) {
                    listenerFailure.set(t);
                }
                listenerReturned.set(true);
            });
            c.start();
            assertTrue(inListener.await(WAIT, TimeUnit.MILLISECONDS));

            closeWhileTheListenerWaits(closeConnection ? c::close : s::close,
                    () -> s.createTextMessage("not the listener"), release);

            assertTrue(listenerReturned.get(), "close returned before the listener did");
            assertNull(listenerFailure.get(), () -> "the listener lost its session: " + listenerFailure.get());
        } finally {
            release.countDown();
            c.close();
        }
        assertEquals(1, depth(replies), "the listener's reply was sent");
        assertEquals(0, depth(requests), "the listener's acknowledgement or commit took effect");
    }

    @Test
    void aContextListenerInProgressKeepsTheContextUntilItReturns() throws Exception {
        Queue requests = freshQueue();
        Queue replies = freshQueue();
        send(requests, "request");
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> listenerFailure = new AtomicReference<>();
        JMSContext context = connectionFactory().createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        try {
            context.createConsumer(requests).setMessageListener(m -> {
                inListener.countDown();
                awaitQuietly(release);
                try {
                    context.createProducer().send(replies, context.createTextMessage("reply to " + text(m)));
                    context.acknowledge();
                } catch (Throwable t) {
                    listenerFailure.set(t);
                }
            });
            assertTrue(inListener.await(WAIT, TimeUnit.MILLISECONDS));

            closeWhileTheListenerWaits(context::close, () -> context.createTextMessage("not the listener"), release);

            assertNull(listenerFailure.get(), () -> "the listener lost its context: " + listenerFailure.get());
        } finally {
            release.countDown();
            context.close();
        }
        assertEquals(1, depth(replies), "the listener's reply was sent");
        assertEquals(0, depth(requests), "the listener's acknowledgement took effect");
    }
}
