package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What survives a broker restart: queues, persistent messages, counts; what does not: non-persistent messages. */
class RecoveryTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    @Test
    void persistentMessagesSurviveARestartNonPersistentOnesDoNot() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("durable"));
            for (int i = 0; i < 100; i++) {
                p.setDeliveryMode(i % 10 == 0 ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
                p.send(s.createTextMessage("d" + i));
            }
        }
        broker.restart();
        List<String> got = drain("durable");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 10 != 0) {
                expected.add("d" + i);
            }
        }
        assertEquals(expected, got);
        broker.restart();
        assertEquals(List.of(), drain("durable"), "acknowledged messages stay gone after another restart");
    }

    @Test
    void deliveredButUnacknowledgedMessagesComeBackRedelivered() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("inflight");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("one"));
            p.send(s.createTextMessage("two"));
            c.start();
            MessageConsumer consumer = s.createConsumer(q);
            Message first = consumer.receive(5000);
            first.acknowledge();
            assertNotNull(consumer.receive(5000));
            // "two" consumed, not acknowledged, broker goes down under the client
            broker.restart();
        }
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("inflight"));
            c.start();
            TextMessage m = (TextMessage) consumer.receive(5000);
            assertEquals("two", m.getText());
            assertTrue(m.getJMSRedelivered());
            assertTrue(m.getIntProperty("JMSXDeliveryCount") >= 2);
            assertNull(consumer.receive(200));
        }
    }

    @Test
    void uncommittedTransactionLeavesNoTrace() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session tx = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = tx.createProducer(tx.createQueue("txq"));
            p.send(tx.createTextMessage("committed"));
            tx.commit();
            p.send(tx.createTextMessage("never committed"));
            broker.restart();
        }
        List<String> got = drain("txq");
        assertEquals(List.of("committed"), got);
    }

    @Test
    void freshMessagesAreNotMarkedRedeliveredAfterACleanRestart() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("fresh")).send(s.createTextMessage("f"));
        }
        broker.restart();
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            Message m = s.createConsumer(s.createQueue("fresh")).receive(5000);
            assertFalse(m.getJMSRedelivered());
            assertEquals(1, m.getIntProperty("JMSXDeliveryCount"));
        }
    }

    private List<String> drain(String queue) throws Exception {
        List<String> got = new ArrayList<>();
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            TextMessage m;
            while ((m = (TextMessage) consumer.receive(500)) != null) {
                got.add(m.getText());
            }
        }
        return got;
    }
}
