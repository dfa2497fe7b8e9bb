package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PropertiesTest {

    interface Setter {
        void set(PactumMessage m, String name) throws JMSException;
    }

    static final List<Setter> SETTERS = List.of(
            (m, n) -> m.setBooleanProperty(n, true),
            (m, n) -> m.setByteProperty(n, (byte) 1),
            (m, n) -> m.setShortProperty(n, (short) 1),
            (m, n) -> m.setIntProperty(n, 1),
            (m, n) -> m.setLongProperty(n, 1L),
            (m, n) -> m.setFloatProperty(n, 1f),
            (m, n) -> m.setDoubleProperty(n, 1d),
            (m, n) -> m.setStringProperty(n, "1"),
            (m, n) -> m.setObjectProperty(n, 1));

    @Test
    void nullOrEmptyNameIsIllegalArgumentForEverySetter() {
        for (Setter s : SETTERS) {
            assertThrows(IllegalArgumentException.class, () -> s.set(new PactumMessage(), null));
            assertThrows(IllegalArgumentException.class, () -> s.set(new PactumMessage(), ""));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "a-b", "a b", "a.b", "x+", "é-", "#x", "NULL", "null", "TRUE", "true", "FALSE",
            "NOT", "not", "AND", "And", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE", "escape"})
    void invalidSelectorIdentifiersAreRejected(String name) {
        for (Setter s : SETTERS) {
            assertThrows(IllegalArgumentException.class, () -> s.set(new PactumMessage(), name), name);
        }
        assertFalse(PactumMessage.isValidIdentifier(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "_x", "$y", "abc123", "JMSXGroupID", "JMSXGroupSeq", "JMS_pactum_x", "élan", "NULLS",
            "ORDER", "ISX", "Island", "x$_9"})
    void validSelectorIdentifiersAreAccepted(String name) throws JMSException {
        for (Setter s : SETTERS) {
            PactumMessage m = new PactumMessage();
            s.set(m, name);
            assertTrue(m.propertyExists(name));
        }
    }

    @Test
    void setObjectPropertyAcceptsOnlyTheAllowedTypes() throws JMSException {
        PactumMessage m = new PactumMessage();
        for (Object ok : List.of(true, (byte) 1, (short) 2, 3, 4L, 5f, 6d, "s")) {
            m.setObjectProperty("p", ok);
            assertEquals(ok, m.getObjectProperty("p"));
        }
        for (Object bad : List.of('c', new byte[1], new Object(), List.of(), new StringBuilder("x"),
                java.math.BigDecimal.ONE)) {
            assertThrows(MessageFormatException.class, () -> m.setObjectProperty("p", bad), bad.getClass().getName());
        }
        assertEquals("s", m.getObjectProperty("p"), "a rejected value leaves the old one");
        m.setObjectProperty("n", null);
        assertTrue(m.propertyExists("n"));
        assertNull(m.getStringProperty("n"));
        assertNull(m.getObjectProperty("n"));
    }

    @Test
    void propertyNamesExistenceAndClear() throws JMSException {
        PactumMessage m = new PactumMessage();
        assertFalse(m.getPropertyNames().hasMoreElements());
        assertFalse(m.propertyExists("a"));
        assertFalse(m.propertyExists(null));
        assertNull(m.getObjectProperty("a"));
        assertNull(m.getStringProperty("a"));
        m.setIntProperty("a", 1);
        m.setStringProperty("b", "x");
        m.setStringProperty("JMSXGroupID", "g");
        m.setIntProperty("JMSXGroupSeq", 3);
        assertEquals(Set.of("a", "b", "JMSXGroupID", "JMSXGroupSeq"),
                Set.copyOf(Collections.list(m.getPropertyNames())));
        m.setIntProperty("a", 2);
        assertEquals(4, Collections.list(m.getPropertyNames()).size());
        assertEquals(2, m.getIntProperty("a"));

        // the enumeration is a snapshot: changing the message while enumerating is harmless
        List<String> seen = new ArrayList<>();
        var names = m.getPropertyNames();
        m.setIntProperty("c", 1);
        while (names.hasMoreElements()) {
            seen.add(names.nextElement());
        }
        assertEquals(4, seen.size());

        m.clearProperties();
        assertFalse(m.getPropertyNames().hasMoreElements());
        assertFalse(m.propertyExists("a"));
    }

    @Test
    void propertiesAreReadOnlyOnAReceivedMessageUntilCleared() throws JMSException {
        PactumMessage sent = new PactumMessage();
        sent.setStringProperty("a", "x");
        PactumMessage m = PactumMessage.fromWire(sent.toWire(), 1, false);
        assertTrue(m.isPropertiesReadOnly());
        for (Setter s : SETTERS) {
            assertThrows(jakarta.jms.MessageNotWriteableException.class, () -> s.set(m, "b"));
        }
        assertEquals("x", m.getStringProperty("a"));
        // header fields are never read-only
        assertDoesNotThrow(() -> m.setJMSType("t"));
        assertDoesNotThrow(() -> m.setJMSCorrelationID("c"));
        m.clearProperties();
        assertFalse(m.propertyExists("a"));
        assertFalse(m.propertyExists("JMSXDeliveryCount"));
        m.setStringProperty("b", "y");
        assertEquals("y", m.getStringProperty("b"));
    }

    @Test
    void receivedMessagesCarryJmsxDeliveryCountAsAnInt() throws JMSException {
        PactumMessage sent = new PactumMessage();
        sent.setStringProperty("JMSXGroupID", "orders-7");
        sent.setIntProperty("JMSXGroupSeq", 2);
        PactumMessage m = PactumMessage.fromWire(sent.toWire(), 3, true);
        assertEquals(3, m.getIntProperty("JMSXDeliveryCount"));
        assertEquals(3L, m.getLongProperty("JMSXDeliveryCount"));
        assertEquals("3", m.getStringProperty("JMSXDeliveryCount"));
        assertEquals(Integer.valueOf(3), m.getObjectProperty("JMSXDeliveryCount"));
        assertTrue(m.propertyExists("JMSXDeliveryCount"));
        assertTrue(Collections.list(m.getPropertyNames()).contains("JMSXDeliveryCount"));
        assertTrue(m.getJMSRedelivered());
        assertEquals("orders-7", m.getStringProperty("JMSXGroupID"));
        assertEquals(2, m.getIntProperty("JMSXGroupSeq"));
        // re-sending does not carry the old count: the broker's count replaces it
        assertFalse(m.toWire().properties.containsKey("JMSXDeliveryCount"));
        assertEquals(1, PactumMessage.fromWire(m.toWire(), 1, false).getIntProperty("JMSXDeliveryCount"));
    }
}
