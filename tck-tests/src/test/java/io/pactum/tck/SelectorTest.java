package io.pactum.tck;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Jakarta Messaging 3.1, section 3.8 ("Message selection"): the selector grammar evaluated end to end. Each case sends
 * a fixed set of messages to a fresh queue and asserts exactly which ones a consumer with the selector receives.
 */
class SelectorTest extends BrokerTestSupport {

    private static Connection connection;
    private static Session session;

    @BeforeAll
    static void open() throws JMSException {
        connection = connection();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        connection.start();
    }

    @AfterAll
    static void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
    }

    /**
     * Messages "m0".."m5": name m{i}; int n = i; double d = i / 2.0; String colour in red, green, blue, null(m3),
     * 'it''s' (m4), "50%_off" (m5); boolean flag = (i even); JMSType "t{i%2}"; JMSPriority i; JMSCorrelationID "c{i}";
     * m3 has no colour property, m5 has no flag.
     */
    private static Queue fixture() throws JMSException {
        Queue q = freshQueue();
        MessageProducer p = session.createProducer(q);
        String[] colours = {"red", "green", "blue", null, "it's", "50%_off"};
        for (int i = 0; i < 6; i++) {
            TextMessage m = session.createTextMessage("m" + i);
            m.setIntProperty("n", i);
            m.setDoubleProperty("d", i / 2.0);
            m.setLongProperty("big", 10_000_000_000L + i);
            if (colours[i] != null) {
                m.setStringProperty("colour", colours[i]);
            }
            if (i != 5) {
                m.setBooleanProperty("flag", i % 2 == 0);
            }
            m.setJMSType("t" + (i % 2));
            m.setJMSCorrelationID("c" + i);
            p.send(m, i % 2 == 0 ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT, i, 0);
        }
        Message end = session.createTextMessage("end");
        end.setBooleanProperty("tckEnd", true);
        p.send(end, DeliveryMode.PERSISTENT, 0, 0);
        p.close();
        return q;
    }

    private static List<String> selected(String selector) throws JMSException {
        Queue q = fixture();
        // a last, lowest-priority sentinel message marks the end; "(s) OR tckEnd = TRUE" selects exactly what s
        // selects among the fixture (tckEnd is null there: unknown OR x = x when x is true, never true otherwise)
        String effective = selector == null || selector.isBlank() ? selector : "(" + selector + ") OR tckEnd = TRUE";
        List<String> got = new ArrayList<>();
        try (MessageConsumer consumer = session.createConsumer(q, effective)) {
            while (true) {
                Message m = consumer.receive(WAIT);
                assertNotNull(m, "the end marker arrived");
                if (m.propertyExists("tckEnd")) {
                    break;
                }
                got.add(((TextMessage) m).getText());
            }
        }
        Collections.sort(got);
        return got;
    }

    private static void assertSelects(String selector, String... expected) throws JMSException {
        List<String> want = new ArrayList<>(new TreeSet<>(List.of(expected)));
        assertEquals(want, selected(selector), "selector: " + selector);
    }

    @Test
    void emptyAndNullSelectorsSelectEverything() throws JMSException {
        assertSelects(null, "m0", "m1", "m2", "m3", "m4", "m5");
        assertSelects("", "m0", "m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void comparisonsOnNumbers() throws JMSException {
        assertSelects("n = 2", "m2");
        assertSelects("n <> 2", "m0", "m1", "m3", "m4", "m5");
        assertSelects("n > 3", "m4", "m5");
        assertSelects("n >= 3 AND n <= 4", "m3", "m4");
        assertSelects("d < 1.0", "m0", "m1");
        assertSelects("d = 1", "m2"); // exact and approximate numerics compare
        assertSelects("big > 10000000003", "m4", "m5");
    }

    @Test
    void literals() throws JMSException {
        assertSelects("colour = 'red'", "m0");
        assertSelects("colour = 'it''s'", "m4");
        assertSelects("flag = TRUE", "m0", "m2", "m4");
        assertSelects("flag = false", "m1", "m3");
        assertSelects("flag", "m0", "m2", "m4");
        assertSelects("d = 1.5E0", "m3");
        assertSelects("d = 15e-1", "m3");
        assertSelects("n = 0x2", "m2");
        assertSelects("n = 05", "m5"); // Java integer literal syntax: octal
        assertSelects("big = 10000000002L", "m2");
    }

    @Test
    void arithmetic() throws JMSException {
        assertSelects("n * 2 = 6", "m3");
        assertSelects("n + 1 = 2", "m1");
        assertSelects("n - 1 = -1", "m0");
        assertSelects("n / 2 = 2 AND n <> 5", "m4");
        assertSelects("n / 2.0 = 1.5", "m3");
        assertSelects("-n = -4", "m4");
        assertSelects("(n + 1) * 2 = 8", "m3");
        assertSelects("n + d = 3", "m2");
    }

    @Test
    void betweenAndIn() throws JMSException {
        assertSelects("n BETWEEN 2 AND 4", "m2", "m3", "m4");
        assertSelects("n NOT BETWEEN 2 AND 4", "m0", "m1", "m5");
        assertSelects("colour IN ('red', 'blue')", "m0", "m2");
        assertSelects("colour NOT IN ('red', 'blue')", "m1", "m4", "m5");
        // [NOT] IN and [NOT] LIKE are defined for String identifiers only: a number is selected by neither form
        assertSelects("n NOT IN ('0', '1')");
        assertSelects("n IN ('0', '1')");
    }

    @Test
    void likeAndEscape() throws JMSException {
        assertSelects("colour LIKE 'gr%'", "m1");
        assertSelects("colour LIKE '_ed'", "m0");
        assertSelects("colour LIKE '%e%'", "m0", "m1", "m2");
        assertSelects("colour NOT LIKE '%e%'", "m4", "m5");
        assertSelects("n NOT LIKE '%'");
        assertSelects("colour LIKE '50!%!_off' ESCAPE '!'", "m5");
        assertSelects("colour LIKE '50\\%%' ESCAPE '\\'", "m5");
        assertSelects("colour LIKE 'it''s'", "m4");
    }

    @Test
    void isNullAndNullLogic() throws JMSException {
        assertSelects("colour IS NULL", "m3");
        assertSelects("colour IS NOT NULL", "m0", "m1", "m2", "m4", "m5");
        assertSelects("missing IS NULL", "m0", "m1", "m2", "m3", "m4", "m5");
        // comparisons with a missing value are unknown: neither the comparison nor its negation selects
        assertSelects("colour = 'red' OR colour <> 'red'", "m0", "m1", "m2", "m4", "m5");
        assertSelects("NOT (colour = 'red')", "m1", "m2", "m4", "m5");
        assertSelects("missing > 0");
        assertSelects("NOT (missing > 0)");
        // unknown AND false = false; unknown OR true = true
        assertSelects("NOT (missing > 0 AND n = 1)", "m0", "m2", "m3", "m4", "m5");
        assertSelects("missing > 0 OR n = 1", "m1");
        assertSelects("flag = TRUE OR flag = FALSE", "m0", "m1", "m2", "m3", "m4");
        assertSelects("colour IN ('red')", "m0");
        assertSelects("NOT (colour IN ('red'))", "m1", "m2", "m4", "m5");
        assertSelects("n BETWEEN 0 AND missing");
    }

    @Test
    void typeMismatchesAreFalseNotErrors() throws JMSException {
        assertSelects("colour > 3");
        assertSelects("n = 'two'");
        assertSelects("flag = 1");
    }

    @Test
    void headerFields() throws JMSException {
        assertSelects("JMSType = 't1'", "m1", "m3", "m5");
        assertSelects("JMSPriority > 6"); // priorities 0..5 only
        assertSelects("JMSPriority >= 4", "m4", "m5");
        assertSelects("JMSDeliveryMode = 'PERSISTENT'", "m0", "m2", "m4");
        assertSelects("JMSDeliveryMode = 'NON_PERSISTENT'", "m1", "m3", "m5");
        assertSelects("JMSCorrelationID = 'c2' OR JMSCorrelationID LIKE 'c5'", "m2", "m5");
        assertSelects("JMSMessageID LIKE 'ID:%'", "m0", "m1", "m2", "m3", "m4", "m5");
        assertSelects("JMSTimestamp > 0", "m0", "m1", "m2", "m3", "m4", "m5");
    }

    @Test
    void operatorPrecedenceAndCaseInsensitiveKeywords() throws JMSException {
        assertSelects("n = 1 or n = 2 and flag = false", "m1");
        assertSelects("(n = 1 OR n = 2) AND flag = FALSE", "m1");
        assertSelects("not n = 1 and n < 3", "m0", "m2");
        assertSelects("n between 1 and 2 And Colour is null", "m1", "m2"); // Colour is not colour
        assertSelects("n * 2 + 1 = 5", "m2");
    }

    @Test
    void identifiersAreCaseSensitive() throws JMSException {
        assertSelects("N = 1");
        assertSelects("n = 1", "m1");
    }

    @Test
    void unselectedMessagesStayForOtherConsumers() throws JMSException {
        Queue q = freshQueue();
        MessageProducer p = session.createProducer(q);
        for (String c : List.of("red", "green", "red", "blue")) {
            TextMessage m = session.createTextMessage(c);
            m.setStringProperty("colour", c);
            p.send(m);
        }
        try (MessageConsumer reds = session.createConsumer(q, "colour = 'red'")) {
            assertEquals("red", ((TextMessage) reds.receive(WAIT)).getText());
            assertEquals("red", ((TextMessage) reds.receive(WAIT)).getText());
            assertNull(reds.receive(QUIET));
        }
        assertEquals(2, depth(q), "the green and blue messages were left on the queue");
        try (MessageConsumer all = session.createConsumer(q)) {
            assertEquals("green", ((TextMessage) all.receive(WAIT)).getText());
            assertEquals("blue", ((TextMessage) all.receive(WAIT)).getText());
        }
    }

    @Test
    void aTopicSubscriberWithASelectorOnlyReceivesMatches() throws JMSException {
        Topic t = freshTopic();
        try (MessageConsumer big = session.createConsumer(t, "n > 1");
             MessageConsumer everything = session.createConsumer(t)) {
            MessageProducer p = session.createProducer(t);
            for (int i = 0; i < 4; i++) {
                Message m = session.createMessage();
                m.setIntProperty("n", i);
                p.send(m);
            }
            assertEquals(2, big.receive(WAIT).getIntProperty("n"));
            assertEquals(3, big.receive(WAIT).getIntProperty("n"));
            assertNull(big.receive(QUIET));
            for (int i = 0; i < 4; i++) {
                assertEquals(i, everything.receive(WAIT).getIntProperty("n"));
            }
        }
    }

    @Test
    void theSelectorIsReportedByTheConsumer() throws JMSException {
        try (MessageConsumer c = session.createConsumer(freshQueue(), "n = 1")) {
            assertEquals("n = 1", c.getMessageSelector());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"n =", "n = 'unterminated", "colour LIKE 5", "n BETWEEN 1", "n IN (1, 2)",
            "(n = 1", "n == 1", "JMSType IS", "NULL = n +", "colour LIKE 'a' ESCAPE 'ab'", "n = 1 AND",
            "'abc'", "n + 1", "NOT", "flag AND AND flag", "n @ 1"})
    void invalidSelectorsFailAtCreation(String selector) throws JMSException {
        Queue q = freshQueue();
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(q, selector), selector);
        assertThrows(InvalidSelectorException.class, () -> session.createBrowser(q, selector), selector);
    }

    @Test
    void invalidSelectorOnATopicSubscriptionFailsAtCreation() throws JMSException {
        Topic t = freshTopic();
        assertThrows(InvalidSelectorException.class, () -> session.createConsumer(t, "x = = 1"));
        assertThrows(InvalidSelectorException.class, () -> session.createSharedConsumer(t, "tck-bad-sel", "x ="));
    }

    @Test
    void aBrowserWithASelector() throws JMSException {
        Queue q = fixture();
        var browser = session.createBrowser(q, "n < 2");
        List<Object> seen = Collections.list(browser.getEnumeration());
        assertEquals(2, seen.size());
        assertNotNull(seen.get(0));
        browser.close();
    }
}
