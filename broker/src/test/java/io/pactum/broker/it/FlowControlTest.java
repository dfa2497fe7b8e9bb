package io.pactum.broker.it;

import io.pactum.broker.delivery.FullPolicy;
import io.pactum.broker.delivery.QueueLimits;
import io.pactum.jms.PactumConnection;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Queue limits and full-policies end to end, through the JMS API: each queue of the broker has its own limits, and
 * every test uses its own queue.
 */
class FlowControlTest {
    private static final QueueLimits BASE = QueueLimits.DEFAULT;

    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> {
        c.queueLimitsByName.put("failing", BASE.withMaxMessages(3).withFullPolicy(FullPolicy.FAIL));
        c.queueLimitsByName.put("bytes", BASE.withMaxSizeBytes(25 * 1024).withFullPolicy(FullPolicy.FAIL));
        c.queueLimitsByName.put("dropping", BASE.withMaxMessages(2).withFullPolicy(FullPolicy.DROP));
        c.queueLimitsByName.put("blocking", BASE.withMaxMessages(2).withBlockTimeout(20_000));
        c.queueLimitsByName.put("impatient", BASE.withMaxMessages(1).withBlockTimeout(300));
        c.queueLimitsByName.put("async", BASE.withMaxMessages(1).withFullPolicy(FullPolicy.FAIL));
        c.queueLimitsByName.put("async-blocking", BASE.withMaxMessages(1).withBlockTimeout(20_000));
        c.queueLimitsByName.put("tx", BASE.withMaxMessages(3).withFullPolicy(FullPolicy.FAIL));
        c.topicLimits.put("ticker", BASE.withMaxMessages(3).withFullPolicy(FullPolicy.DROP_OLDEST));
    });

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @Test
    void failRefusesASendToAFullQueueAndTakesItAgainOnceAConsumerMadeRoom() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("failing"));
            for (int i = 0; i < 3; i++) {
                p.send(s.createTextMessage("m" + i));
            }
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> p.send(s.createTextMessage("too many")));
            assertTrue(e.getMessage().contains("failing") && e.getMessage().contains("max-messages 3"), e.getMessage());
            assertTrue(e.getMessage().contains("fail"), "names the policy: " + e.getMessage());
            // a non-persistent message does not fit either
            p.send(s.createTextMessage("np"), DeliveryMode.NON_PERSISTENT, 4, 0); // not waited for: the broker logs it

            MessageConsumer consumer = s.createConsumer(s.createQueue("failing"));
            c.start();
            assertEquals("m0", ((TextMessage) consumer.receive(5_000)).getText());
            // the acknowledgement (AUTO) frees the room
            await().atMost(Duration.ofSeconds(10)).until(() -> trySend(p, s.createTextMessage("m3")));
            for (int i = 1; i <= 3; i++) {
                assertEquals("m" + i, ((TextMessage) consumer.receive(5_000)).getText());
            }
            assertNull(consumer.receiveNoWait(), "the refused messages were not stored");
        }
    }

    @Test
    void aByteLimitCountsEncodedSizes() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("bytes"));
            p.send(bytes(s, 10 * 1024));
            p.send(bytes(s, 10 * 1024));
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class, () -> p.send(bytes(s, 10 * 1024)));
            assertTrue(e.getMessage().contains("max-size-bytes 25KB"), e.getMessage());
            p.send(bytes(s, 100), DeliveryMode.PERSISTENT, 4, 0); // a small one still fits
        }
    }

    @Test
    void dropDropsNonPersistentMessagesForTheFullQueueButRefusesPersistentOnes() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("dropping"));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < 5; i++) {
                p.send(s.createTextMessage("n" + i));
            }
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> p.send(s.createTextMessage("persistent"), DeliveryMode.PERSISTENT, 4, 0));
            assertTrue(e.getMessage().contains("drop"), e.getMessage());
            MessageConsumer consumer = s.createConsumer(s.createQueue("dropping"));
            c.start();
            assertEquals("n0", ((TextMessage) consumer.receive(5_000)).getText());
            assertEquals("n1", ((TextMessage) consumer.receive(5_000)).getText());
            assertNull(consumer.receive(300), "the others were dropped");
            assertEquals(3, dropped(c, "dropping"), "and counted");
        }
    }

    @Test
    void blockHoldsTheSendUntilAConsumerOnAnotherSessionOfTheSameConnectionMakesRoom() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session producing = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = producing.createProducer(producing.createQueue("blocking"));
            p.send(producing.createTextMessage("b0"));
            p.send(producing.createTextMessage("b1"));
            Future<?> third = threads.submit(() -> {
                p.send(producing.createTextMessage("b2"));
                return null;
            });
            // the send stays blocked while the queue is full
            assertThrows(java.util.concurrent.TimeoutException.class, () -> third.get(500, TimeUnit.MILLISECONDS));

            // meanwhile another connection works on another queue, and so does another session of this one
            try (Connection other = broker.factory().createConnection()) {
                Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
                os.createProducer(os.createQueue("elsewhere")).send(os.createTextMessage("x"));
            }
            Session consuming = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = consuming.createConsumer(consuming.createQueue("blocking"));
            c.start();
            Message first = consumer.receive(5_000);
            assertEquals("b0", ((TextMessage) first).getText());
            assertFalse(third.isDone(), "a delivered message still counts until it is acknowledged");
            first.acknowledge();
            third.get(10, TimeUnit.SECONDS);
            assertEquals("b1", ((TextMessage) consumer.receive(5_000)).getText());
            assertEquals("b2", ((TextMessage) consumer.receive(5_000)).getText());
        }
    }

    @Test
    void aBlockedSendFailsWhenTheBlockTimeoutPasses() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("impatient"));
            p.send(s.createTextMessage("only"));
            long start = System.nanoTime();
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> p.send(s.createTextMessage("late")));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 300, "waited the block timeout first: " + waited + " ms");
            assertTrue(e.getMessage().contains("block-timeout"), e.getMessage());
            // the session is still usable, and what follows the failed send is handled in order
            p.send(s.createTextMessage("more"), DeliveryMode.NON_PERSISTENT, 4, 0);
            MessageConsumer consumer = s.createConsumer(s.createQueue("impatient"));
            c.start();
            assertEquals("only", ((TextMessage) consumer.receive(5_000)).getText());
        }
    }

    @Test
    void sendsHeldBehindOneAnotherTimeOutTogetherNotOneAfterTheOther() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("impatient"));
            p.send(s.createTextMessage("only"));
            long start = System.nanoTime();
            List<CompletableFuture<Exception>> sends = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sends.add(asyncSend(p, s.createTextMessage("late " + i)));
            }
            for (CompletableFuture<Exception> send : sends) {
                assertInstanceOf(ResourceAllocationException.class, send.get(10, TimeUnit.SECONDS));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // one after the other would take 10 x 300 ms; each counts its 300 ms from its arrival
            assertTrue(millis < 2_000, "all ten failed after " + millis + " ms");
        }
    }

    @Test
    void anAsyncSendToAFullQueueGetsOnException() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("async"));
            assertNull(asyncSend(p, s.createTextMessage("fits")).get(10, TimeUnit.SECONDS));
            Exception e = asyncSend(p, s.createTextMessage("does not")).get(10, TimeUnit.SECONDS);
            assertInstanceOf(ResourceAllocationException.class, e);
        }
    }

    @Test
    void anAsyncSendBlockedByAFullQueueCompletesOnceThereIsRoom() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("async-blocking"));
            p.send(s.createTextMessage("a0"));
            CompletableFuture<Exception> second = asyncSend(p, s.createTextMessage("a1"));
            assertThrows(java.util.concurrent.TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS));
            try (Connection other = broker.factory().createConnection()) {
                Session os = other.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = os.createConsumer(os.createQueue("async-blocking"));
                other.start();
                assertEquals("a0", ((TextMessage) consumer.receive(5_000)).getText());
                assertNull(second.get(10, TimeUnit.SECONDS), "completed without an exception");
                assertEquals("a1", ((TextMessage) consumer.receive(5_000)).getText());
            }
        }
    }

    @Test
    void sendsOfAnOpenTransactionCountUntilItCommitsOrRollsBack() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer tp = tx.createProducer(tx.createQueue("tx"));
            for (int i = 0; i < 3; i++) {
                tp.send(tx.createTextMessage("t" + i));
            }
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("tx"));
            assertThrows(ResourceAllocationException.class, () -> p.send(s.createTextMessage("outside")),
                    "the uncommitted sends hold their room");
            tx.rollback();
            p.send(s.createTextMessage("after rollback"));
            tp.send(tx.createTextMessage("t3"));
            tp.send(tx.createTextMessage("t4"));
            tx.commit();
            assertThrows(ResourceAllocationException.class, () -> p.send(s.createTextMessage("full again")));
            MessageConsumer consumer = s.createConsumer(s.createQueue("tx"));
            c.start();
            assertEquals("after rollback", ((TextMessage) consumer.receive(5_000)).getText());
            assertEquals("t3", ((TextMessage) consumer.receive(5_000)).getText());
            assertEquals("t4", ((TextMessage) consumer.receive(5_000)).getText());
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void aSlowSubscriberLosesItsOldestNonPersistentMessagesWhileTheOthersGetEverything() throws Exception {
        try (Connection slowConnection = broker.factory().createConnection();
             Connection c = broker.factory().createConnection()) {
            // the slow subscriber's connection is not started: its messages wait in its subscription
            Session slowSession = slowConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer slow = slowSession.createConsumer(slowSession.createTopic("ticker"));
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer fast = s.createConsumer(s.createTopic("ticker"));
            c.start();
            MessageProducer p = s.createProducer(s.createTopic("ticker"));
            p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            for (int i = 0; i < 10; i++) {
                p.send(s.createTextMessage("t" + i));
                assertEquals("t" + i, ((TextMessage) fast.receive(5_000)).getText(), "the reader gets every message");
            }
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> p.send(s.createTextMessage("persistent"), DeliveryMode.PERSISTENT, 4, 0));
            assertTrue(e.getMessage().contains("drop-oldest"), "a persistent message is never dropped: " + e.getMessage());
            slowConnection.start();
            for (int i = 7; i < 10; i++) {
                assertEquals("t" + i, ((TextMessage) slow.receive(5_000)).getText(), "the newest three");
            }
            assertNull(slow.receive(200), "the oldest were dropped for the slow subscriber only");
            long[] dropped = ((PactumConnection) c).listQueues().stream()
                    .filter(q -> q.name().startsWith("$nsub:") && q.policy().startsWith("drop-oldest"))
                    .mapToLong(q -> q.dropped()).sorted().toArray();
            assertArrayEquals(new long[] {0, 7}, dropped, "subscriptions are listed, and counted what each dropped");
        }
    }

    /** What {@code pactum queues} reports as dropped for {@code queue}. */
    private static long dropped(Connection c, String queue) throws Exception {
        return ((PactumConnection) c).listQueues().stream().filter(q -> q.name().equals(queue)).findFirst()
                .orElseThrow().dropped();
    }

    private static boolean trySend(MessageProducer p, Message m) throws Exception {
        try {
            p.send(m);
            return true;
        } catch (ResourceAllocationException e) {
            return false;
        }
    }

    private static BytesMessage bytes(Session s, int n) throws Exception {
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(new byte[n]);
        return m;
    }

    /** Completes with null on onCompletion, or with the exception given to onException. */
    private static CompletableFuture<Exception> asyncSend(MessageProducer p, Message m) throws Exception {
        CompletableFuture<Exception> done = new CompletableFuture<>();
        p.send(m, new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                done.complete(null);
            }

            @Override
            public void onException(Message message, Exception exception) {
                done.complete(exception);
            }
        });
        return done;
    }
}
