package io.pactum.broker.it;

import jakarta.jms.Connection;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Selectors evaluated in the broker: on queues, durable subscriptions and browsers. */
class SelectorTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    private static void send(Session s, MessageProducer p, String text, String color, int weight) throws JMSException {
        TextMessage m = s.createTextMessage(text);
        m.setStringProperty("color", color);
        m.setIntProperty("weight", weight);
        m.setJMSType("car");
        p.send(m);
    }

    private static List<String> drain(MessageConsumer c) throws JMSException {
        List<String> got = new ArrayList<>();
        Message m;
        while ((m = c.receive(300)) != null) {
            got.add(((TextMessage) m).getText());
        }
        return got;
    }

    @Test
    void queueConsumersGetOnlyWhatTheirSelectorMatchesAndTheRestStays() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("cars");
            MessageProducer p = s.createProducer(q);
            send(s, p, "red-light", "red", 1000);
            send(s, p, "blue-heavy", "blue", 3000);
            send(s, p, "green", "green", 2000);
            send(s, p, "red-heavy", "red", 4000);
            MessageConsumer reds = s.createConsumer(q, "color = 'red'");
            MessageConsumer heavyBlues = s.createConsumer(q, "JMSType = 'car' AND color = 'blue' AND weight > 2500");
            c.start();
            assertEquals(List.of("red-light", "red-heavy"), drain(reds));
            assertEquals(List.of("blue-heavy"), drain(heavyBlues));
            MessageConsumer rest = s.createConsumer(q);
            assertEquals(List.of("green"), drain(rest), "a message nobody selected stays in the queue");
        }
    }

    @Test
    void invalidSelectorsFailAtCreation() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("bad");
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(q, "color = "));
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(q, "weight BETWEEN 1"));
            assertThrows(InvalidSelectorException.class, () -> s.createBrowser(q, "color LIKE"));
            assertThrows(InvalidSelectorException.class, () -> s.createConsumer(s.createTopic("t"), "x ="));
        }
    }

    @Test
    void durableSubscriptionRetainsOnlyMatchingMessagesAcrossRestart() throws Exception {
        try (Connection c = broker.factory("clientID=picky").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createDurableSubscriber(s.createTopic("paint"), "reds", "color IN ('red', 'crimson')", false).close();
            MessageProducer p = s.createProducer(s.createTopic("paint"));
            send(s, p, "r1", "red", 1);
            send(s, p, "b1", "blue", 1);
            send(s, p, "c1", "crimson", 1);
        }
        broker.restart();
        try (Connection c = broker.factory("clientID=picky").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer reds = s.createDurableSubscriber(s.createTopic("paint"), "reds", "color IN ('red', 'crimson')", false);
            c.start();
            assertEquals(List.of("r1", "c1"), drain(reds));
            send(s, s.createProducer(s.createTopic("paint")), "r2", "red", 1);
            reds.close();
            MessageConsumer blues = s.createDurableSubscriber(s.createTopic("paint"), "reds", "color = 'blue'", false);
            assertNull(blues.receive(300), "a new selector replaces the subscription and its messages");
        }
    }

    @Test
    void browserWithSelectorSeesOnlyMatchingMessages() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = s.createQueue("browse-select");
            MessageProducer p = s.createProducer(q);
            for (int i = 0; i < 10; i++) {
                send(s, p, "m" + i, i % 2 == 0 ? "even" : "odd", i);
            }
            QueueBrowser b = s.createBrowser(q, "color = 'odd' AND weight >= 5");
            List<String> seen = new ArrayList<>();
            for (Object m : Collections.list(b.getEnumeration())) {
                seen.add(((TextMessage) m).getText());
            }
            assertEquals(List.of("m5", "m7", "m9"), seen);
        }
    }

    @Test
    void headerFieldsAndDeliveryCountCanBeSelected() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Queue q = s.createQueue("headers");
            MessageProducer p = s.createProducer(q);
            p.send(s.createTextMessage("urgent"), jakarta.jms.DeliveryMode.PERSISTENT, 9, 0);
            p.send(s.createTextMessage("routine"), jakarta.jms.DeliveryMode.NON_PERSISTENT, 2, 0);
            c.start();
            MessageConsumer urgent = s.createConsumer(q, "JMSPriority > 5 AND JMSDeliveryMode = 'PERSISTENT'");
            assertEquals(List.of("urgent"), drain(urgent));
            s.recover();
            urgent.close();
            MessageConsumer retried = s.createConsumer(q, "JMSXDeliveryCount > 1");
            assertEquals(List.of("urgent"), drain(retried), "only the redelivered message matches");
        }
    }
}
