package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.DeliveryMode;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, chapter 8 ("Simplified JMS API"): JMSContext, JMSProducer and JMSConsumer against a real
 * broker, through the jakarta.jms API and JNDI only.
 */
class SimplifiedApiTest extends BrokerTestSupport {

    private static JMSContext context(int mode) {
        return connectionFactory().createContext(mode);
    }

    private static void sendTexts(Queue queue, String... texts) {
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer();
            for (String t : texts) {
                p.send(queue, t);
            }
        }
    }

    // ================================================================ JMSContext: session modes

    @ParameterizedTest
    @ValueSource(ints = {JMSContext.SESSION_TRANSACTED, JMSContext.AUTO_ACKNOWLEDGE, JMSContext.CLIENT_ACKNOWLEDGE,
            JMSContext.DUPS_OK_ACKNOWLEDGE})
    void everySessionModeSendsAndReceivesAndReportsItsMode(int mode) {
        Queue q = freshQueue();
        try (JMSContext c = context(mode)) {
            assertEquals(mode, c.getSessionMode());
            assertEquals(mode == JMSContext.SESSION_TRANSACTED, c.getTransacted());
            c.createProducer().send(q, "hello " + mode);
            if (mode == JMSContext.SESSION_TRANSACTED) {
                c.commit();
            }
            assertEquals("hello " + mode, c.createConsumer(q).receiveBody(String.class, WAIT));
            if (mode == JMSContext.SESSION_TRANSACTED) {
                c.commit();
            } else if (mode == JMSContext.CLIENT_ACKNOWLEDGE) {
                c.acknowledge();
            }
        }
        assertEquals(0, depth(q), "consumed and settled in mode " + mode);
    }

    @Test
    void defaultContextIsAutoAcknowledge() {
        try (JMSContext c = connectionFactory().createContext()) {
            assertEquals(JMSContext.AUTO_ACKNOWLEDGE, c.getSessionMode());
            assertFalse(c.getTransacted());
        }
    }

    @Test
    void invalidSessionModeIsRejected() {
        assertThrows(JMSRuntimeException.class, () -> connectionFactory().createContext(42));
        try (JMSContext c = connectionFactory().createContext()) {
            assertThrows(JMSRuntimeException.class, () -> c.createContext(-7));
        }
    }

    @Test
    void autoAcknowledgeAcknowledgesOnReceive() {
        Queue q = freshQueue();
        sendTexts(q, "a", "b");
        try (JMSContext c = context(JMSContext.AUTO_ACKNOWLEDGE)) {
            assertEquals("a", c.createConsumer(q).receiveBody(String.class, WAIT));
            c.acknowledge(); // no effect outside CLIENT_ACKNOWLEDGE
        }
        assertEquals(1, depth(q));
    }

    @Test
    void dupsOkAcknowledgesLazilyButSurely() {
        Queue q = freshQueue();
        sendTexts(q, "1", "2", "3");
        try (JMSContext c = context(JMSContext.DUPS_OK_ACKNOWLEDGE)) {
            JMSConsumer consumer = c.createConsumer(q);
            for (String expected : List.of("1", "2", "3")) {
                assertEquals(expected, consumer.receiveBody(String.class, WAIT));
            }
        }
        assertEquals(0, depth(q));
    }

    @Test
    void clientAcknowledgeRecoverRedeliversAndAcknowledgeSettles() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, "x", "y");
        try (JMSContext c = context(JMSContext.CLIENT_ACKNOWLEDGE)) {
            JMSConsumer consumer = c.createConsumer(q);
            Message first = consumer.receive(WAIT);
            assertFalse(first.getJMSRedelivered());
            assertEquals("y", consumer.receiveBody(String.class, WAIT));
            c.recover();
            Message again = consumer.receive(WAIT);
            assertEquals("x", again.getBody(String.class));
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            assertEquals("y", consumer.receiveBody(String.class, WAIT));
            c.acknowledge();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void clientAcknowledgeUnacknowledgedMessagesReturnOnClose() {
        Queue q = freshQueue();
        sendTexts(q, "keep");
        try (JMSContext c = context(JMSContext.CLIENT_ACKNOWLEDGE)) {
            assertEquals("keep", c.createConsumer(q).receiveBody(String.class, WAIT));
        }
        assertEquals(1, depth(q));
    }

    @Test
    void messageAcknowledgeInClientModeAcknowledgesTheContext() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, "m1", "m2");
        try (JMSContext c = context(JMSContext.CLIENT_ACKNOWLEDGE)) {
            JMSConsumer consumer = c.createConsumer(q);
            consumer.receive(WAIT);
            consumer.receive(WAIT).acknowledge();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void transactedContextCommitsAndRollsBack() throws JMSException {
        Queue q = freshQueue();
        try (JMSContext c = context(JMSContext.SESSION_TRANSACTED)) {
            c.createProducer().send(q, "t1");
            assertEquals(0, depth(q), "uncommitted send is invisible");
            c.rollback();
            assertEquals(0, depth(q), "rolled-back send is discarded");
            c.createProducer().send(q, "t2");
            c.commit();
            assertEquals(1, depth(q));

            JMSConsumer consumer = c.createConsumer(q);
            assertEquals("t2", consumer.receiveBody(String.class, WAIT));
            c.rollback();
            Message again = consumer.receive(WAIT);
            assertEquals("t2", again.getBody(String.class));
            assertTrue(again.getJMSRedelivered());
            c.commit();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void transactionMethodsInTheWrongModeAreIllegalState() {
        try (JMSContext auto = context(JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext tx = context(JMSContext.SESSION_TRANSACTED)) {
            assertThrows(IllegalStateRuntimeException.class, auto::commit);
            assertThrows(IllegalStateRuntimeException.class, auto::rollback);
            assertThrows(IllegalStateRuntimeException.class, tx::recover);
            tx.acknowledge(); // no effect in a transacted context
        }
    }

    // ================================================================ JMSContext: the connection

    @Test
    void contextsCreatedFromAContextShareItsConnection() {
        Queue q = freshQueue();
        JMSContext first = connectionFactory().createContext();
        first.setClientID("tck-shared");
        JMSContext second = first.createContext(JMSContext.CLIENT_ACKNOWLEDGE);
        JMSContext third = second.createContext(JMSContext.SESSION_TRANSACTED);
        assertEquals(JMSContext.CLIENT_ACKNOWLEDGE, second.getSessionMode());
        assertEquals(JMSContext.SESSION_TRANSACTED, third.getSessionMode());
        assertEquals("tck-shared", second.getClientID());
        assertEquals("tck-shared", third.getClientID());
        ExceptionListener listener = e -> { };
        second.setExceptionListener(listener);
        assertSame(listener, first.getExceptionListener(), "one connection, one exception listener");

        first.close();
        assertThrows(IllegalStateRuntimeException.class, first::createProducer);
        second.createProducer().send(q, "still open");
        assertEquals("still open", second.createConsumer(q).receiveBody(String.class, WAIT));
        second.acknowledge();
        second.close();
        third.createProducer().send(q, "last one");
        third.commit();
        third.close();
        assertThrows(IllegalStateRuntimeException.class, () -> third.createContext(JMSContext.AUTO_ACKNOWLEDGE));
        assertEquals(1, depth(q));

        // the connection closed with its last context: its client ID is free again
        try (JMSContext again = connectionFactory().createContext()) {
            again.setClientID("tck-shared");
            assertEquals("tck-shared", again.getClientID());
        }
    }

    @Test
    void clientIdCanBeSetOnlyImmediatelyAfterCreation() {
        try (JMSContext a = connectionFactory().createContext(); JMSContext b = connectionFactory().createContext()) {
            assertNull(a.getClientID());
            a.setClientID("tck-client");
            assertEquals("tck-client", a.getClientID());
            assertThrows(IllegalStateRuntimeException.class, () -> a.setClientID("again"));
            assertThrows(InvalidClientIDRuntimeException.class, () -> b.setClientID("tck-client"), "duplicate");
            b.createProducer();
            assertThrows(IllegalStateRuntimeException.class, () -> b.setClientID("too-late"));
        }
        ConnectionFactory preset = lookup("clientIdFactory");
        try (JMSContext c = preset.createContext()) {
            assertEquals("tck-preset", c.getClientID());
            assertThrows(IllegalStateRuntimeException.class, () -> c.setClientID("override"),
                    "administratively configured");
        }
    }

    @Test
    void metaDataDescribesJakartaMessaging31() throws JMSException {
        try (JMSContext c = connectionFactory().createContext()) {
            ConnectionMetaData md = c.getMetaData();
            assertEquals(3, md.getJMSMajorVersion());
            assertEquals(1, md.getJMSMinorVersion());
            assertEquals("3.1", md.getJMSVersion());
            assertNotNull(md.getJMSProviderName());
        }
    }

    @Test
    void autoStartIsOnByDefaultAndCanBeTurnedOff() {
        Queue q = freshQueue();
        sendTexts(q, "first", "second");
        try (JMSContext c = connectionFactory().createContext()) {
            assertTrue(c.getAutoStart());
            c.setAutoStart(false);
            assertFalse(c.getAutoStart());
            JMSConsumer consumer = c.createConsumer(q);
            assertNull(consumer.receiveNoWait(), "not started: nothing is delivered");
            assertNull(consumer.receive(200), "not started: nothing is delivered");
            c.start();
            assertEquals("first", consumer.receiveBody(String.class, WAIT));
            c.stop();
            assertNull(consumer.receiveBodyNoWait(String.class), "stopped: nothing is delivered");
            c.start();
            assertEquals("second", consumer.receiveBody(String.class, WAIT));
        }
        try (JMSContext c = connectionFactory().createContext()) {
            Queue other = freshQueue();
            sendTexts(other, "auto");
            assertEquals("auto", c.createConsumer(other).receiveBody(String.class, WAIT),
                    "autoStart: creating a consumer started the connection");
        }
    }

    @Test
    void aClosedContextRefusesEverythingButClose() {
        Queue q = freshQueue();
        JMSContext c = connectionFactory().createContext();
        JMSProducer producer = c.createProducer();
        c.close();
        c.close(); // closing a closed context does nothing
        List<Runnable> calls = List.of(c::createProducer, () -> c.createConsumer(q), () -> c.createTextMessage("t"),
                () -> c.createQueue("x"), c::start, c::stop, c::acknowledge, c::recover, c::getClientID,
                c::getMetaData, () -> c.createContext(JMSContext.AUTO_ACKNOWLEDGE), () -> c.createBrowser(q),
                c::createTemporaryQueue, () -> producer.send(q, "after close"));
        for (Runnable call : calls) {
            assertThrows(IllegalStateRuntimeException.class, call::run);
        }
    }

    @Test
    void closingTheContextFromItsMessageListenerIsIllegal() {
        assertListenerCallRefused(JMSContext::close);
    }

    @Test
    void stoppingTheContextFromItsMessageListenerIsIllegal() {
        assertListenerCallRefused(JMSContext::stop);
    }

    private void assertListenerCallRefused(Consumer<JMSContext> call) {
        Queue q = freshQueue();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (JMSContext c = connectionFactory().createContext()) {
            c.createConsumer(q).setMessageListener(m -> {
                try {
                    call.accept(c);
                    thrown.set(new AssertionError("no exception"));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            c.createProducer().send(q, "go");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> thrown.get() != null);
            assertInstanceOf(IllegalStateRuntimeException.class, thrown.get());
            c.createProducer().send(q, "context still usable");
        }
    }

    @Test
    void closingOrCommittingTheContextFromItsCompletionListenerIsIllegal() {
        Queue q = freshQueue();
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        try (JMSContext c = context(JMSContext.SESSION_TRANSACTED)) {
            c.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    for (Runnable r : List.<Runnable>of(c::close, c::commit, c::rollback)) {
                        try {
                            r.run();
                        } catch (Throwable t) {
                            thrown.add(t);
                        }
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    thrown.add(exception);
                }
            }).send(q, "async");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> thrown.size() == 3);
            thrown.forEach(t -> assertInstanceOf(IllegalStateRuntimeException.class, t));
            c.commit();
        }
        assertEquals(1, depth(q));
    }

    @Test
    void closingAContextFromAnotherContextsListenerIsAllowed() {
        Queue q = freshQueue();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try (JMSContext listening = connectionFactory().createContext()) {
            JMSContext other = listening.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            other.createProducer(); // give it a session
            listening.createConsumer(q).setMessageListener(m -> {
                try {
                    other.close();
                    outcome.set(new Exception("closed"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            listening.createProducer().send(q, "close the other");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> outcome.get() != null);
            assertEquals("closed", outcome.get().getMessage());
            assertThrows(IllegalStateRuntimeException.class, other::createProducer);
        }
    }

    // ================================================================ JMSContext: destinations and browsers

    @Test
    void createsQueuesTopicsTemporaryQueuesAndBrowsers() throws JMSException {
        try (JMSContext c = connectionFactory().createContext()) {
            Queue orders = c.createQueue("tck.orders");
            assertEquals("tck.orders", orders.getQueueName());
            assertEquals(orders, lookup("orders"));
            Topic news = c.createTopic("tck.news");
            assertEquals("tck.news", news.getTopicName());

            TemporaryQueue temp = c.createTemporaryQueue();
            JMSConsumer replies = c.createConsumer(temp);
            c.createProducer().send(temp, "reply");
            assertEquals("reply", replies.receiveBody(String.class, WAIT));
            assertNotNull(c.createTemporaryTopic());

            Queue q = freshQueue();
            sendTexts(q, "b1", "b2");
            QueueBrowser browser = c.createBrowser(q);
            List<String> seen = new ArrayList<>();
            for (Object o : Collections.list(browser.getEnumeration())) {
                seen.add(((TextMessage) o).getText());
            }
            assertEquals(List.of("b1", "b2"), seen);
            assertEquals(2, depth(q), "browsing does not consume");
        }
    }

    @Test
    void topicConsumersReceivePublishedMessages() {
        Topic news = newsTopic();
        try (JMSContext c = connectionFactory().createContext()) {
            JMSConsumer a = c.createConsumer(news);
            JMSConsumer b = c.createConsumer(news);
            c.createProducer().send(news, "headline");
            assertEquals("headline", a.receiveBody(String.class, WAIT));
            assertEquals("headline", b.receiveBody(String.class, WAIT));
        }
    }

    @Test
    void createsEveryMessageType() throws JMSException {
        try (JMSContext c = connectionFactory().createContext()) {
            assertNotNull(c.createMessage());
            assertNotNull(c.createBytesMessage());
            assertNotNull(c.createMapMessage());
            assertNotNull(c.createStreamMessage());
            assertNull(c.createObjectMessage().getObject());
            assertEquals(7, c.createObjectMessage(7).getObject());
            assertNull(c.createTextMessage().getText());
            assertEquals("t", c.createTextMessage("t").getText());
        }
    }

    // ================================================================ runtime exception mapping

    @Test
    void checkedFailuresBecomeTheirRuntimeTwins() {
        Queue q = freshQueue();
        try (JMSContext c = connectionFactory().createContext()) {
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.createConsumer(null));
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.createBrowser(null));
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.createProducer().send(null, "x"));
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.unsubscribe("no-such-subscription"));
            assertThrows(MessageFormatRuntimeException.class, () -> c.createProducer().send(q, (Message) null));
            JMSConsumer consumer = c.createConsumer(q);
            consumer.setMessageListener(m -> { });
            assertThrows(IllegalStateRuntimeException.class, consumer::receiveNoWait);
            assertThrows(IllegalStateRuntimeException.class, () -> consumer.receiveBodyNoWait(String.class));
            consumer.close();
            assertThrows(IllegalStateRuntimeException.class, consumer::receive);
            assertThrows(IllegalStateRuntimeException.class, consumer::getMessageSelector);
        }
    }

    @Test
    void contextSubscriptionsReceiveAndMisuseFailWithRuntimeExceptions() {
        Topic news = newsTopic();
        try (JMSContext c = connectionFactory().createContext()) {
            c.setClientID("tck-durable");
            JMSConsumer durable = c.createDurableConsumer(news, "d");
            JMSConsumer shared = c.createSharedConsumer(news, "s");
            JMSConsumer sharedDurable = c.createSharedDurableConsumer(news, "sd");
            c.createProducer().send(news, "headline");
            assertEquals("headline", durable.receiveBody(String.class, 5000));
            assertEquals("headline", shared.receiveBody(String.class, 5000));
            assertEquals("headline", sharedDurable.receiveBody(String.class, 5000));
            assertThrows(IllegalStateRuntimeException.class, () -> c.createDurableConsumer(news, "d"),
                    "an unshared durable subscription has one active consumer");
            assertThrows(IllegalStateRuntimeException.class, () -> c.unsubscribe("d"), "still active");
            durable.close();
            sharedDurable.close();
            c.unsubscribe("d");
            c.unsubscribe("sd");
            assertThrows(InvalidDestinationRuntimeException.class, () -> c.unsubscribe("d"));
        }
    }

    // ================================================================ JMSProducer: options and headers

    @Test
    void producerDefaultsAndFluentSetters() {
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer();
            assertEquals(DeliveryMode.PERSISTENT, p.getDeliveryMode());
            assertEquals(Message.DEFAULT_PRIORITY, p.getPriority());
            assertEquals(Message.DEFAULT_TIME_TO_LIVE, p.getTimeToLive());
            assertEquals(Message.DEFAULT_DELIVERY_DELAY, p.getDeliveryDelay());
            assertFalse(p.getDisableMessageID());
            assertFalse(p.getDisableMessageTimestamp());
            assertNull(p.getAsync());
            assertNull(p.getJMSCorrelationID());
            assertNull(p.getJMSType());
            assertNull(p.getJMSReplyTo());
            assertTrue(p.getPropertyNames().isEmpty());

            CompletionListener l = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            };
            assertSame(p, p.setDeliveryMode(DeliveryMode.NON_PERSISTENT).setPriority(7).setTimeToLive(60_000)
                    .setDeliveryDelay(0).setDisableMessageID(true).setDisableMessageTimestamp(true).setAsync(l)
                    .setJMSType("t").setJMSCorrelationID("c").setProperty("p", 1).clearProperties());
            assertEquals(DeliveryMode.NON_PERSISTENT, p.getDeliveryMode());
            assertEquals(7, p.getPriority());
            assertEquals(60_000, p.getTimeToLive());
            assertTrue(p.getDisableMessageID());
            assertTrue(p.getDisableMessageTimestamp());
            assertSame(l, p.getAsync());
            assertSame(p, p.setAsync(null));
            assertNull(p.getAsync());

            assertThrows(JMSRuntimeException.class, () -> p.setPriority(10));
            assertThrows(JMSRuntimeException.class, () -> p.setPriority(-1));
            assertThrows(JMSRuntimeException.class, () -> p.setDeliveryMode(0));
        }
    }

    @Test
    void producerOptionsAndHeadersReachTheMessage() throws JMSException {
        Queue q = freshQueue();
        Queue replyTo = lookup("audit");
        try (JMSContext c = connectionFactory().createContext()) {
            long before = System.currentTimeMillis();
            c.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setPriority(8).setTimeToLive(600_000)
                    .setJMSCorrelationID("corr-1").setJMSType("order").setJMSReplyTo(replyTo).send(q, "h1");
            c.createProducer().setDisableMessageID(true).setDisableMessageTimestamp(true)
                    .setJMSCorrelationIDAsBytes(new byte[]{1, 2, 3}).send(q, "h2");
            JMSConsumer consumer = c.createConsumer(q);
            Message m1 = consumer.receive(WAIT);
            assertEquals(DeliveryMode.NON_PERSISTENT, m1.getJMSDeliveryMode());
            assertEquals(8, m1.getJMSPriority());
            assertTrue(m1.getJMSExpiration() >= before + 600_000);
            assertEquals("corr-1", m1.getJMSCorrelationID());
            assertEquals("order", m1.getJMSType());
            assertEquals(replyTo, m1.getJMSReplyTo());
            assertNotNull(m1.getJMSMessageID());
            assertTrue(m1.getJMSTimestamp() >= before);
            assertEquals(q, m1.getJMSDestination());

            Message m2 = consumer.receive(WAIT);
            assertEquals(DeliveryMode.PERSISTENT, m2.getJMSDeliveryMode());
            assertEquals(0, m2.getJMSExpiration());
            assertNull(m2.getJMSMessageID());
            assertEquals(0, m2.getJMSTimestamp());
            assertArrayEquals(new byte[]{1, 2, 3}, m2.getJMSCorrelationIDAsBytes());
        }
    }

    @Test
    void correlationIdGettersOnTheProducer() {
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer().setJMSCorrelationID("abc");
            assertEquals("abc", p.getJMSCorrelationID());
            p.setJMSCorrelationIDAsBytes(new byte[]{9, 8});
            assertArrayEquals(new byte[]{9, 8}, p.getJMSCorrelationIDAsBytes());
        }
    }

    // ================================================================ JMSProducer: properties

    @Test
    void producerPropertiesAreSetOnEveryMessageSent() throws JMSException {
        Queue q = freshQueue();
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer().setProperty("b", true).setProperty("y", (byte) 1)
                    .setProperty("s", (short) 2).setProperty("i", 3).setProperty("l", 4L).setProperty("f", 5.5f)
                    .setProperty("d", 6.5d).setProperty("str", "seven").setProperty("o", (Object) 8);
            assertEquals(Set.of("b", "y", "s", "i", "l", "f", "d", "str", "o"), p.getPropertyNames());
            p.send(q, "one");
            Message own = c.createMessage();
            own.setStringProperty("mine", "kept");
            p.send(q, own);
            p.clearProperties();
            p.send(q, "three");

            JMSConsumer consumer = c.createConsumer(q);
            for (int n = 0; n < 2; n++) {
                Message m = consumer.receive(WAIT);
                assertTrue(m.getBooleanProperty("b"));
                assertEquals(1, m.getByteProperty("y"));
                assertEquals(2, m.getShortProperty("s"));
                assertEquals(3, m.getIntProperty("i"));
                assertEquals(4L, m.getLongProperty("l"));
                assertEquals(5.5f, m.getFloatProperty("f"));
                assertEquals(6.5d, m.getDoubleProperty("d"));
                assertEquals("seven", m.getStringProperty("str"));
                assertEquals(8, m.getObjectProperty("o"));
                if (n == 1) {
                    assertEquals("kept", m.getStringProperty("mine"));
                }
            }
            Message last = consumer.receive(WAIT);
            assertFalse(last.propertyExists("b"), "cleared properties are not sent");
        }
    }

    @Test
    void producerPropertyGettersFollowTheConversionTable() {
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer().setProperty("i", 42).setProperty("s", "17").setProperty("t", "true")
                    .setProperty("f", 1.5f).setProperty("n", (String) null);
            assertTrue(p.propertyExists("i"));
            assertFalse(p.propertyExists("absent"));
            assertEquals(42L, p.getLongProperty("i"));
            assertEquals("42", p.getStringProperty("i"));
            assertEquals(17, p.getIntProperty("s"));
            assertEquals(17.0, p.getDoubleProperty("s"));
            assertTrue(p.getBooleanProperty("t"));
            assertEquals(1.5d, p.getDoubleProperty("f"));
            assertEquals(42, p.getObjectProperty("i"));
            assertNull(p.getStringProperty("n"));
            assertNull(p.getObjectProperty("absent"));
            assertFalse(p.getBooleanProperty("absent"));
            assertThrows(MessageFormatRuntimeException.class, () -> p.getBooleanProperty("i"));
            assertThrows(MessageFormatRuntimeException.class, () -> p.getIntProperty("f"));
            assertThrows(MessageFormatRuntimeException.class, () -> p.getByteProperty("f"));
            assertThrows(NumberFormatException.class, () -> p.getIntProperty("t"));
            assertThrows(NumberFormatException.class, () -> p.getIntProperty("absent"));
            Set<String> names = p.getPropertyNames();
            assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
            // "The set is backed by the JMSProducer, so changes to the map are reflected in the set."
            p.setProperty("later", 1);
            assertTrue(names.contains("later"));
            p.clearProperties();
            assertTrue(names.isEmpty());
        }
    }

    @Test
    void producerPropertyValidation() {
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer();
            assertThrows(IllegalArgumentException.class, () -> p.setProperty(null, 1));
            assertThrows(IllegalArgumentException.class, () -> p.setProperty("", "x"));
            assertThrows(IllegalArgumentException.class, () -> p.setProperty("not valid", "x"));
            assertThrows(IllegalArgumentException.class, () -> p.setProperty("AND", "x"));
            assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("o", new Object()));
            assertThrows(MessageFormatRuntimeException.class, () -> p.setProperty("o", List.of(1)));
            assertTrue(p.getPropertyNames().isEmpty());
        }
    }

    @Test
    void propertiesCannotBeSetOnAReceivedMessage() {
        Queue q = freshQueue();
        Queue forward = freshQueue();
        sendTexts(q, "received");
        try (JMSContext c = connectionFactory().createContext()) {
            Message received = c.createConsumer(q).receive(WAIT);
            c.createProducer().send(forward, received); // no properties to set: fine
            assertThrows(MessageNotWriteableRuntimeException.class,
                    () -> c.createProducer().setProperty("hop", 1).send(forward, received));
        }
        assertEquals(1, depth(forward));
    }

    // ================================================================ bodies: send(dest, body) and receiveBody

    @Test
    void everyBodyTypeRoundTripsThroughSendAndReceiveBody() throws JMSException {
        Queue q = freshQueue();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", "v");
        map.put("n", 12);
        map.put("bytes", new byte[]{4, 5});
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer();
            p.send(q, "text");
            p.send(q, map);
            p.send(q, new byte[]{1, 2, 3});
            p.send(q, new Point(3, 4));
            TextMessage explicit = c.createTextMessage("explicit");
            p.send(q, explicit);

            JMSConsumer consumer = c.createConsumer(q);
            assertEquals("text", consumer.receiveBody(String.class, WAIT));
            @SuppressWarnings("unchecked")
            Map<String, Object> gotMap = consumer.receiveBody(Map.class, WAIT);
            assertEquals("v", gotMap.get("k"));
            assertEquals(12, gotMap.get("n"));
            assertArrayEquals(new byte[]{4, 5}, (byte[]) gotMap.get("bytes"));
            assertArrayEquals(new byte[]{1, 2, 3}, consumer.receiveBody(byte[].class, WAIT));
            assertEquals(new Point(3, 4), consumer.receiveBody(Serializable.class, WAIT));
            assertEquals("explicit", consumer.receiveBody(Object.class, WAIT), "a superclass of the body type");
            assertNull(consumer.receiveBodyNoWait(String.class));
            assertNull(consumer.receiveBody(String.class, 100));
        }
    }

    @Test
    void nullBodiesSendMessagesWithoutBodies() throws JMSException {
        Queue q = freshQueue();
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer();
            p.send(q, (String) null);
            p.send(q, (Map<String, Object>) null);
            p.send(q, (byte[]) null);
            p.send(q, (Serializable) null);
            JMSConsumer consumer = c.createConsumer(q);
            TextMessage t = (TextMessage) consumer.receive(WAIT);
            assertNull(t.getText());
            MapMessage m = (MapMessage) consumer.receive(WAIT);
            assertFalse(m.getMapNames().hasMoreElements());
            BytesMessage b = (BytesMessage) consumer.receive(WAIT);
            assertEquals(0, b.getBodyLength());
            ObjectMessage o = (ObjectMessage) consumer.receive(WAIT);
            assertNull(o.getObject());
        }
    }

    @Test
    void sendingAMapWithAnInvalidValueIsAMessageFormatError() {
        Queue q = freshQueue();
        try (JMSContext c = connectionFactory().createContext()) {
            Map<String, Object> bad = Map.of("list", List.of(1, 2));
            assertThrows(MessageFormatRuntimeException.class, () -> c.createProducer().send(q, bad));
        }
        assertEquals(0, depth(q));
    }

    @ParameterizedTest
    @ValueSource(ints = {JMSContext.AUTO_ACKNOWLEDGE, JMSContext.DUPS_OK_ACKNOWLEDGE})
    void receiveBodyFailureInAutoModesLeavesTheMessageUndelivered(int mode) throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, "not a number", "next");
        try (JMSContext c = context(mode)) {
            JMSConsumer consumer = c.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Integer.class, WAIT));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBodyNoWait(byte[].class));
            Message same = consumer.receive(WAIT);
            assertEquals("not a number", same.getBody(String.class), "delivered again before any later message");
            assertFalse(same.getJMSRedelivered(), "not a redelivery");
            assertEquals(1, same.getIntProperty("JMSXDeliveryCount"));
            assertEquals("next", consumer.receiveBody(String.class, WAIT));
        }
        assertEquals(0, depth(q));
    }

    @Test
    void receiveBodyFailureInClientModeCountsAsDelivered() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, "text", "after");
        try (JMSContext c = context(JMSContext.CLIENT_ACKNOWLEDGE)) {
            JMSConsumer consumer = c.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Map.class, WAIT));
            assertEquals("after", consumer.receiveBody(String.class, WAIT), "not delivered again");
            c.recover();
            Message again = consumer.receive(WAIT);
            assertEquals("text", again.getBody(String.class));
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            consumer.receive(WAIT);
            c.acknowledge();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void receiveBodyFailureInATransactionCountsAsDelivered() throws JMSException {
        Queue q = freshQueue();
        sendTexts(q, "text", "after");
        try (JMSContext c = context(JMSContext.SESSION_TRANSACTED)) {
            JMSConsumer consumer = c.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, WAIT));
            assertEquals("after", consumer.receiveBody(String.class, WAIT), "not delivered again");
            c.rollback();
            Message again = consumer.receive(WAIT);
            assertEquals("text", again.getBody(String.class));
            assertTrue(again.getJMSRedelivered());
            c.commit();
        }
        assertEquals(1, depth(q), "'after' was rolled back and not received again");
    }

    @Test
    void receiveBodyRefusesStreamMessagesPlainMessagesAndMessagesWithoutBody() throws JMSException {
        Queue q = freshQueue();
        try (JMSContext c = connectionFactory().createContext()) {
            StreamMessage stream = c.createStreamMessage();
            stream.writeString("s");
            c.createProducer().send(q, stream).send(q, c.createMessage()).send(q, (String) null);
            JMSConsumer consumer = c.createConsumer(q);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class, WAIT));
            assertInstanceOf(StreamMessage.class, consumer.receive(WAIT));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class, WAIT));
            Message plain = consumer.receive(WAIT);
            assertFalse(plain instanceof TextMessage);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class, WAIT));
            assertNull(((TextMessage) consumer.receive(WAIT)).getText());
        }
    }

    // ================================================================ asynchronous send

    @Test
    void asyncSendCallsTheCompletionListenerInSendOrder() {
        Queue q = freshQueue();
        int count = 50;
        List<String> completed = new CopyOnWriteArrayList<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        try (JMSContext c = connectionFactory().createContext()) {
            JMSProducer p = c.createProducer().setAsync(new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        completed.add(message.getBody(String.class));
                    } catch (JMSException e) {
                        failures.add(e);
                    }
                }

                @Override
                public void onException(Message message, Exception exception) {
                    failures.add(exception);
                }
            });
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "m" + i;
                sent.add(body);
                if (i % 2 == 0) {
                    p.send(q, body);
                } else {
                    p.send(q, c.createTextMessage(body));
                }
            }
            await().atMost(Duration.ofMillis(WAIT)).until(() -> completed.size() + failures.size() == count);
            assertTrue(failures.isEmpty(), failures.toString());
            assertEquals(sent, completed);

            JMSConsumer consumer = c.createConsumer(q);
            for (String body : sent) {
                assertEquals(body, consumer.receiveBody(String.class, WAIT));
            }
        }
    }

    @Test
    void closeWaitsForOutstandingCompletionListeners() {
        Queue q = freshQueue();
        List<String> completed = new CopyOnWriteArrayList<>();
        JMSContext c = connectionFactory().createContext();
        JMSProducer p = c.createProducer().setAsync(new CompletionListener() {
            @Override
            public void onCompletion(Message message) {
                completed.add("ok");
            }

            @Override
            public void onException(Message message, Exception exception) {
                completed.add("failed: " + exception);
            }
        });
        for (int i = 0; i < 20; i++) {
            p.send(q, "x" + i);
        }
        c.close();
        assertEquals(Collections.nCopies(20, "ok"), completed);
        assertEquals(20, depth(q));
    }

    // ================================================================ JMSConsumer

    @Test
    void consumerListenerAndSelectorAccessors() {
        Queue q = freshQueue();
        List<String> got = new CopyOnWriteArrayList<>();
        try (JMSContext c = connectionFactory().createContext()) {
            JMSConsumer consumer = c.createConsumer(q);
            assertNull(consumer.getMessageSelector());
            assertNull(consumer.getMessageListener());
            MessageListener l = m -> {
                try {
                    got.add(m.getBody(String.class));
                } catch (JMSException e) {
                    got.add("error " + e);
                }
            };
            consumer.setMessageListener(l);
            assertSame(l, consumer.getMessageListener());
            c.createProducer().send(q, "to listener 1").send(q, "to listener 2");
            await().atMost(Duration.ofMillis(WAIT)).until(() -> got.size() == 2);
            assertEquals(List.of("to listener 1", "to listener 2"), got);
            consumer.setMessageListener(null);
            c.createProducer().send(q, "to receive");
            assertEquals("to receive", consumer.receiveBody(String.class, WAIT));
            consumer.close();
            consumer.close();
        }
        assertEquals(0, depth(q));
    }

    @Test
    void closingAConsumerReturnsItsBufferedMessages() {
        Queue q = freshQueue();
        sendTexts(q, "1", "2", "3");
        try (JMSContext c = connectionFactory().createContext()) {
            JMSConsumer consumer = c.createConsumer(q);
            assertEquals("1", consumer.receiveBody(String.class, WAIT));
            consumer.close();
            JMSConsumer next = c.createConsumer(q);
            assertEquals(Arrays.asList("2", "3"),
                    Arrays.asList(next.receiveBody(String.class, WAIT), next.receiveBody(String.class, WAIT)));
        }
    }

    /** A serializable body type the test class loader knows. */
    record Point(int x, int y) implements Serializable {
    }
}
