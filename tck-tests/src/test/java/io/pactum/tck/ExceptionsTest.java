package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.TopicConnection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, section 10 ("Exceptions") and the exception rules scattered through chapters 6 and 7:
 * closed objects, invalid destinations and client IDs, message read/write state and conversions, producers with a
 * fixed destination, and the restrictions on what a MessageListener may do.
 */
class ExceptionsTest extends BrokerTestSupport {

    private interface Call {
        void run() throws Exception;
    }

    private static void assertIllegalState(Call call, String what) {
        assertThrows(IllegalStateException.class, call::run, what);
    }

    @Test
    void closedConnectionSessionProducerAndConsumerThrowIllegalState() throws JMSException {
        Queue q = freshQueue();
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        TextMessage m = s.createTextMessage("x");

        p.close();
        p.close(); // closing twice is allowed
        assertIllegalState(() -> p.send(m), "send on a closed producer");
        assertIllegalState(p::getDeliveryMode, "getter on a closed producer");

        consumer.close();
        consumer.close();
        assertIllegalState(() -> consumer.receive(10), "receive on a closed consumer");
        assertIllegalState(consumer::getMessageSelector, "getter on a closed consumer");

        s.close();
        s.close();
        assertIllegalState(() -> s.createProducer(q), "createProducer on a closed session");
        assertIllegalState(() -> s.createTextMessage("y"), "createTextMessage on a closed session");
        assertIllegalState(s::getAcknowledgeMode, "getter on a closed session");

        c.close();
        c.close();
        assertIllegalState(() -> c.createSession(false, Session.AUTO_ACKNOWLEDGE), "createSession on closed");
        assertIllegalState(c::start, "start on a closed connection");
        assertIllegalState(c::getClientID, "getClientID on a closed connection");
        assertIllegalState(c::stop, "stop on a closed connection");
    }

    @Test
    void closingAConnectionClosesItsSessionsProducersAndConsumers() throws JMSException {
        Queue q = freshQueue();
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(q);
        MessageConsumer consumer = s.createConsumer(q);
        c.close();
        assertIllegalState(() -> s.createTextMessage("z"), "session of a closed connection");
        assertIllegalState(() -> p.send(s.createMessage()), "producer of a closed connection");
        assertIllegalState(() -> consumer.receiveNoWait(), "consumer of a closed connection");
    }

    @Test
    void aBlockedReceiveReturnsNullWhenTheConsumerIsClosed() throws Exception {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            AtomicReference<Object> result = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    Message m = consumer.receive();
                    result.set(m == null ? "null" : m);
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            t.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING);
            c.close();
            t.join(WAIT);
            assertEquals("null", result.get());
        }
    }

    @Test
    void nullDestinationsAreInvalid() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(InvalidDestinationException.class, () -> s.createConsumer(null));
            assertThrows(InvalidDestinationException.class, () -> s.createBrowser(null));
            assertThrows(InvalidDestinationException.class, () -> s.createDurableConsumer(null, "x"));
            assertThrows(InvalidDestinationException.class, () -> s.createSharedConsumer(null, "x"));
            MessageProducer anonymous = s.createProducer(null);
            assertNull(anonymous.getDestination());
            assertThrows(UnsupportedOperationException.class, () -> anonymous.send(s.createMessage()),
                    "send(Message) on a producer created without a destination");
            assertThrows(InvalidDestinationException.class, () -> anonymous.send(null, s.createMessage()));
        }
    }

    @Test
    void duplicateClientIdIsInvalid() throws JMSException {
        try (Connection a = connection(); Connection b = connection()) {
            a.setClientID("tck-dup");
            assertThrows(InvalidClientIDException.class, () -> b.setClientID("tck-dup"));
            assertThrows(InvalidClientIDException.class, () -> connection().setClientID(""));
        }
    }

    @Test
    void setClientIdAfterUseIsIllegal() throws JMSException {
        try (Connection c = connection()) {
            c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertIllegalState(() -> c.setClientID("too-late"), "after createSession");
        }
        try (Connection c = connection()) {
            c.setClientID("tck-once");
            assertIllegalState(() -> c.setClientID("tck-twice"), "set twice");
        }
        try (Connection c = connection()) {
            c.start();
            assertIllegalState(() -> c.setClientID("tck-after-start"), "after start");
        }
    }

    @Test
    void writingAReceivedMessageBodyIsNotWriteableAndReadingANewOneIsNotReadable() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage bytes = s.createBytesMessage();
            assertThrows(MessageNotReadableException.class, bytes::readByte);
            StreamMessage stream = s.createStreamMessage();
            assertThrows(MessageNotReadableException.class, stream::readInt);
            bytes.writeInt(1);
            stream.writeInt(2);
            MessageProducer p = s.createProducer(q);
            p.send(bytes);
            p.send(stream);
            MapMessage map = s.createMapMessage();
            map.setInt("k", 3);
            p.send(map);
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            BytesMessage rb = (BytesMessage) consumer.receive(WAIT);
            assertThrows(MessageNotWriteableException.class, () -> rb.writeInt(5));
            assertEquals(1, rb.readInt());
            assertThrows(MessageEOFException.class, rb::readByte);
            StreamMessage rs = (StreamMessage) consumer.receive(WAIT);
            assertThrows(MessageNotWriteableException.class, () -> rs.writeInt(5));
            assertEquals(2, rs.readInt());
            assertThrows(MessageEOFException.class, rs::readInt);
            MapMessage rm = (MapMessage) consumer.receive(WAIT);
            assertThrows(MessageNotWriteableException.class, () -> rm.setInt("k", 4));
            assertThrows(MessageNotWriteableException.class, () -> rm.setObjectProperty("p", 1));
            rb.reset();
            assertEquals(1, rb.readInt(), "reset rewinds a read-only body");
        }
    }

    @Test
    void propertyConversionsFollowTheTable() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createMessage();
            m.setByteProperty("b", (byte) 5);
            m.setIntProperty("i", 7);
            m.setFloatProperty("f", 1.25f);
            m.setBooleanProperty("z", true);
            m.setStringProperty("s", "12");
            m.setStringProperty("notNumber", "abc");
            // allowed widenings
            assertEquals(5, m.getIntProperty("b"));
            assertEquals(5L, m.getLongProperty("b"));
            assertEquals((short) 5, m.getShortProperty("b"));
            assertEquals(7L, m.getLongProperty("i"));
            assertEquals(1.25, m.getDoubleProperty("f"));
            assertEquals("7", m.getStringProperty("i"));
            assertEquals("true", m.getStringProperty("z"));
            assertEquals(12, m.getIntProperty("s"));
            assertEquals(12.0, m.getDoubleProperty("s"));
            // disallowed conversions
            assertThrows(MessageFormatException.class, () -> m.getByteProperty("i"), "int -> byte narrows");
            assertThrows(MessageFormatException.class, () -> m.getIntProperty("f"), "float -> int");
            assertThrows(MessageFormatException.class, () -> m.getFloatProperty("i"), "int -> float");
            assertThrows(MessageFormatException.class, () -> m.getIntProperty("z"), "boolean -> int");
            assertThrows(MessageFormatException.class, () -> m.getBooleanProperty("i"), "int -> boolean");
            assertThrows(NumberFormatException.class, () -> m.getIntProperty("notNumber"));
        }
    }

    @Test
    void streamAndMapBodyConversionsFollowTheTable() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MapMessage map = s.createMapMessage();
            map.setShort("sh", (short) 3);
            map.setString("str", "4");
            map.setBoolean("bo", false);
            map.setBytes("by", new byte[] {1});
            assertEquals(3L, map.getLong("sh"));
            assertEquals(4, map.getInt("str"));
            assertEquals("false", map.getString("bo"));
            assertThrows(MessageFormatException.class, () -> map.getByte("sh"));
            assertThrows(MessageFormatException.class, () -> map.getString("by"));
            assertThrows(MessageFormatException.class, () -> map.getInt("bo"));
            assertThrows(MessageFormatException.class, () -> map.setObject("bad", new Object()));

            StreamMessage stream = s.createStreamMessage();
            stream.writeInt(10);
            stream.writeBoolean(true);
            stream.writeString("x");
            stream.reset();
            assertThrows(MessageFormatException.class, stream::readShort, "int -> short narrows");
            assertEquals(10L, stream.readLong(), "a failed read does not consume the value");
            assertThrows(MessageFormatException.class, stream::readInt, "boolean -> int");
            assertEquals("true", stream.readString());
            assertThrows(NumberFormatException.class, stream::readInt, "'x' -> int");
            assertThrows(MessageFormatException.class, () -> s.createStreamMessage().writeObject(new Object()));
        }
    }

    @Test
    void sendWithADestinationOnAProducerThatHasOneIsUnsupported() throws JMSException {
        Queue q = freshQueue();
        Queue other = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            Message m = s.createMessage();
            assertThrows(UnsupportedOperationException.class, () -> p.send(other, m));
            assertThrows(UnsupportedOperationException.class,
                    () -> p.send(other, m, jakarta.jms.DeliveryMode.PERSISTENT, 4, 0));
        }
        assertEquals(0, depth(other));
    }

    @Test
    void closingOrStoppingTheConnectionFromOnMessageIsIllegalButClosingTheConsumerIsAllowed() throws Exception {
        Queue q = freshQueue();
        AtomicReference<Throwable> connectionClose = new AtomicReference<>();
        AtomicReference<Throwable> connectionStop = new AtomicReference<>();
        AtomicReference<Throwable> sessionClose = new AtomicReference<>();
        AtomicReference<String> consumerClose = new AtomicReference<>();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(q);
            consumer.setMessageListener(m -> {
                try {
                    c.close();
                    connectionClose.set(new AssertionError("no exception"));
                } catch (Throwable t) {
                    connectionClose.set(t);
                }
                try {
                    c.stop();
                    connectionStop.set(new AssertionError("no exception"));
                } catch (Throwable t) {
                    connectionStop.set(t);
                }
                try {
                    s.close();
                    sessionClose.set(new AssertionError("no exception"));
                } catch (Throwable t) {
                    sessionClose.set(t);
                }
                try {
                    consumer.close();
                    consumerClose.set("closed");
                } catch (Throwable t) {
                    consumerClose.set("threw " + t);
                }
            });
            c.start();
            s.createProducer(q).send(s.createTextMessage("go"));
            await().atMost(Duration.ofMillis(WAIT)).until(() -> consumerClose.get() != null);
            assertInstanceOf(IllegalStateException.class, connectionClose.get());
            assertInstanceOf(IllegalStateException.class, connectionStop.get());
            assertInstanceOf(IllegalStateException.class, sessionClose.get());
            assertEquals("closed", consumerClose.get(), "MessageConsumer.close is allowed in its own listener");
            // the connection and session are still usable
            s.createProducer(q).send(s.createTextMessage("still open"));
        }
    }

    @Test
    void connectionStopWaitsForARunningListener() throws Exception {
        Queue q = freshQueue();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean listenerFinished = new AtomicBoolean();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createConsumer(q).setMessageListener(m -> {
                inListener.countDown();
                try {
                    release.await(WAIT, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                listenerFinished.set(true);
            });
            c.start();
            s.createProducer(q).send(s.createTextMessage("slow"));
            assertTrue(inListener.await(WAIT, TimeUnit.MILLISECONDS));
            AtomicBoolean stopReturned = new AtomicBoolean();
            AtomicBoolean finishedWhenStopReturned = new AtomicBoolean();
            Thread stopper = new Thread(() -> {
                try {
                    c.stop();
                    finishedWhenStopReturned.set(listenerFinished.get());
                    stopReturned.set(true);
                } catch (JMSException e) {
                    throw new RuntimeException(e);
                }
            });
            stopper.start();
            await().atMost(Duration.ofMillis(WAIT)).until(() -> stopper.getState() != Thread.State.RUNNABLE
                    && stopper.getState() != Thread.State.NEW || stopReturned.get());
            assertFalse(stopReturned.get(), "stop returned while the listener was still running");
            release.countDown();
            stopper.join(WAIT);
            assertTrue(stopReturned.get());
            assertTrue(finishedWhenStopReturned.get());
        }
    }

    @Test
    void connectionCloseWaitsForARunningListener() throws Exception {
        Queue q = freshQueue();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean listenerFinished = new AtomicBoolean();
        Connection c = connection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        s.createConsumer(q).setMessageListener(m -> {
            inListener.countDown();
            try {
                release.await(WAIT, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            listenerFinished.set(true);
        });
        c.start();
        s.createProducer(q).send(s.createTextMessage("slow"));
        assertTrue(inListener.await(WAIT, TimeUnit.MILLISECONDS));
        Thread releaser = new Thread(() -> {
            try {
                Thread.onSpinWait();
            } finally {
                release.countDown();
            }
        });
        AtomicBoolean closeReturned = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            try {
                c.close();
                closeReturned.set(true);
            } catch (JMSException e) {
                throw new RuntimeException(e);
            }
        });
        closer.start();
        await().atMost(Duration.ofMillis(WAIT)).until(() -> closer.getState() == Thread.State.WAITING
                || closer.getState() == Thread.State.TIMED_WAITING || closeReturned.get());
        assertFalse(closeReturned.get(), "close returned while the listener was still running");
        releaser.start();
        closer.join(WAIT);
        assertTrue(closeReturned.get());
        assertTrue(listenerFinished.get());
    }

    @Test
    void invalidArgumentsForSessionsAreRejected() throws JMSException {
        try (Connection c = connection()) {
            assertThrows(JMSException.class, () -> c.createSession(false, 99));
            List.of(1).forEach(x -> { });
        }
    }

    /**
     * Not transacted, the acknowledge mode must be AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE:
     * SESSION_TRANSACTED is no way to ask for a transaction. Transacted, the mode is ignored; and the single
     * sessionMode argument of createSession and createContext names SESSION_TRANSACTED legitimately.
     */
    @Test
    void sessionTransactedIsNoAcknowledgeModeForANonTransactedSession() throws JMSException {
        try (Connection c = connection()) {
            assertThrows(JMSException.class, () -> c.createSession(false, Session.SESSION_TRANSACTED));
            assertThrows(JMSException.class, () -> c.createSession(false, -1));
            assertThrows(JMSException.class, () -> c.createSession(99));
            QueueConnection qc = (QueueConnection) c;
            assertThrows(JMSException.class, () -> qc.createQueueSession(false, Session.SESSION_TRANSACTED));
            TopicConnection tc = (TopicConnection) c;
            assertThrows(JMSException.class, () -> tc.createTopicSession(false, Session.SESSION_TRANSACTED));

            assertTrue(c.createSession(Session.SESSION_TRANSACTED).getTransacted());
            assertTrue(c.createSession(true, Session.SESSION_TRANSACTED).getTransacted());
            assertTrue(c.createSession(true, 99).getTransacted(), "a transacted session ignores the acknowledge mode");
            for (int mode : new int[] {Session.AUTO_ACKNOWLEDGE, Session.CLIENT_ACKNOWLEDGE, Session.DUPS_OK_ACKNOWLEDGE}) {
                Session s = c.createSession(false, mode);
                assertFalse(s.getTransacted());
                assertEquals(mode, s.getAcknowledgeMode());
            }
        }
        Queue q = freshQueue();
        try (JMSContext context = connectionFactory().createContext(JMSContext.SESSION_TRANSACTED)) {
            assertTrue(context.getTransacted());
            context.createProducer().send(q, "committed");
            context.commit();
            try (JMSContext second = context.createContext(JMSContext.SESSION_TRANSACTED)) {
                assertTrue(second.getTransacted());
                second.createProducer().send(q, "rolled back");
                second.rollback();
            }
        }
        assertEquals(1, depth(q));
        assertThrows(JMSRuntimeException.class, () -> connectionFactory().createContext(99));
    }
}
