package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getBody / isBodyAssignableTo for every message type, with and without a body. */
class GetBodyTest {
    static final List<Class<?>> SOME_TYPES = List.of(Object.class, String.class, CharSequence.class,
            Comparable.class, Serializable.class, byte[].class, Map.class, HashMap.class, Integer.class, List.class);

    static void assertAssignable(Message m, Class<?> c, Object expected) throws JMSException {
        assertTrue(m.isBodyAssignableTo(c), c.getName());
        Object got = m.getBody(c);
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) got);
        } else {
            assertEquals(expected, got);
        }
    }

    static void assertNotAssignable(Message m, Class<?> c) {
        assertFalse(assertDoesNotThrowJms(() -> m.isBodyAssignableTo(c)), c.getName());
        assertThrows(MessageFormatException.class, () -> m.getBody(c), c.getName());
    }

    interface JmsBool {
        boolean get() throws JMSException;
    }

    static boolean assertDoesNotThrowJms(JmsBool b) {
        try {
            return b.get();
        } catch (JMSException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void plainMessageHasNoBody() throws JMSException {
        PactumMessage m = PactumMessage.create();
        for (Class<?> c : SOME_TYPES) {
            assertAssignable(m, c, null);
        }
    }

    @Test
    void text() throws JMSException {
        PactumTextMessage m = new PactumTextMessage("t");
        for (Class<?> c : List.of(String.class, Object.class, CharSequence.class, Comparable.class,
                Serializable.class)) {
            assertAssignable(m, c, "t");
        }
        for (Class<?> c : List.of(byte[].class, Map.class, Integer.class, StringBuilder.class)) {
            assertNotAssignable(m, c);
        }
        m.setText(null);
        for (Class<?> c : SOME_TYPES) {
            assertAssignable(m, c, null);
        }
    }

    @Test
    void bytes() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        for (Class<?> c : SOME_TYPES) {
            assertAssignable(m, c, null); // no body yet
        }
        m.clearBody();
        m.writeBytes(new byte[] {1, 2, 3});
        assertAssignable(m, byte[].class, new byte[] {1, 2, 3});
        assertAssignable(m, Object.class, new byte[] {1, 2, 3});
        // arrays are Serializable and Cloneable, so those are supertypes of byte[] as well
        assertAssignable(m, Serializable.class, new byte[] {1, 2, 3});
        assertAssignable(m, Cloneable.class, new byte[] {1, 2, 3});
        for (Class<?> c : List.of(String.class, Map.class, Byte[].class, Object[].class)) {
            assertNotAssignable(m, c);
        }
    }

    @Test
    void bytesGetBodyReturnsAllBytesWhateverThePositionAndResets() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3});
        m.reset();
        assertEquals(1, m.readByte());
        byte[] body = m.getBody(byte[].class);
        assertArrayEquals(new byte[] {1, 2, 3}, body);
        body[0] = 9;
        assertEquals(1, m.readByte(), "getBody resets the message afterwards");
        assertArrayEquals(new byte[] {1, 2, 3}, m.getBody(byte[].class), "a copy was returned");

        PactumBytesMessage writing = new PactumBytesMessage();
        writing.writeShort((short) 1);
        assertArrayEquals(new byte[] {0, 1}, writing.getBody(byte[].class));
        assertTrue(writing.isBodyReadOnly(), "the specification has getBody reset the message");
        assertEquals(1, writing.readShort());
    }

    @Test
    void map() throws JMSException {
        PactumMapMessage m = new PactumMapMessage();
        for (Class<?> c : SOME_TYPES) {
            assertAssignable(m, c, null); // an empty map is no body
        }
        m.setInt("a", 1);
        assertAssignable(m, Map.class, Map.of("a", 1));
        assertAssignable(m, Object.class, Map.of("a", 1));
        for (Class<?> c : List.of(HashMap.class, String.class, byte[].class, Serializable.class)) {
            assertNotAssignable(m, c);
        }
    }

    @Test
    void stream() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        for (Class<?> c : SOME_TYPES) {
            assertNotAssignable(m, c);
        }
        m.writeInt(1);
        m.reset();
        for (Class<?> c : SOME_TYPES) {
            assertNotAssignable(m, c);
        }
        assertEquals(1, m.readInt(), "getBody did not disturb the stream");
    }

    record Point(int x, int y) implements Serializable {
    }

    @Test
    void object() throws JMSException {
        PactumObjectMessage m = new PactumObjectMessage();
        for (Class<?> c : SOME_TYPES) {
            assertAssignable(m, c, null);
        }
        m.setObject(new Point(1, 2));
        for (Class<?> c : List.of(Point.class, Record.class, Serializable.class, Object.class)) {
            assertAssignable(m, c, new Point(1, 2));
        }
        for (Class<?> c : List.of(String.class, Map.class, byte[].class)) {
            assertNotAssignable(m, c);
        }
        m.setObject("str");
        assertAssignable(m, String.class, "str");
        assertAssignable(m, CharSequence.class, "str");
        assertNotAssignable(m, Integer.class);
    }
}
