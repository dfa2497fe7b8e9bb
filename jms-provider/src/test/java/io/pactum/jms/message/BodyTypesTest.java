package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text, Map and Object bodies, and the read-only rules of each body type on a received message. */
class BodyTypesTest {

    static <T extends PactumMessage> T received(T m) throws JMSException {
        @SuppressWarnings("unchecked")
        T r = (T) PactumMessage.fromWire(m.toWire(), 1, false);
        return r;
    }

    @Test
    void text() throws JMSException {
        PactumTextMessage m = PactumMessage.createText("hello");
        assertEquals("hello", m.getText());
        m.setText(null);
        assertNull(m.getText());
        m.setText("ünïcödé ✓ 𝄞");
        PactumTextMessage r = received(m);
        assertEquals("ünïcödé ✓ 𝄞", r.getText());
        assertThrows(MessageNotWriteableException.class, () -> r.setText("x"));
        r.clearBody();
        assertNull(r.getText());
        r.setText("x");
        assertEquals("x", r.getText());
        assertNull(((PactumTextMessage) received(new PactumTextMessage())).getText());
    }

    @Test
    void mapSettersGettersAndNames() throws JMSException {
        PactumMapMessage m = PactumMessage.createMap();
        m.setBoolean("bool", true);
        m.setByte("byte", (byte) 1);
        m.setShort("short", (short) 2);
        m.setChar("char", 'c');
        m.setInt("int", 3);
        m.setLong("long", 4);
        m.setFloat("float", 5f);
        m.setDouble("double", 6d);
        m.setString("string", "s");
        m.setString("null", null);
        byte[] b = {1, 2, 3};
        m.setBytes("bytes", b);
        m.setBytes("part", new byte[] {0, 1, 2, 3}, 1, 2);
        m.setObject("obj", 7L);
        b[0] = 99;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getBytes("bytes"));
        m.getBytes("bytes")[0] = 98;
        ((byte[]) m.getObject("bytes"))[0] = 97;
        assertArrayEquals(new byte[] {1, 2, 3}, m.getBytes("bytes"));
        assertArrayEquals(new byte[] {1, 2}, m.getBytes("part"));
        assertEquals(Set.of("bool", "byte", "short", "char", "int", "long", "float", "double", "string", "null",
                "bytes", "part", "obj"), Set.copyOf(Collections.list(m.getMapNames())));
        assertTrue(m.itemExists("null"));
        assertFalse(m.itemExists("nope"));
        assertNull(m.getObject("nope"));
        assertNull(m.getBytes("nope"));
        assertEquals(7L, m.getObject("obj"));
        assertEquals('c', m.getObject("char"));

        for (String bad : new String[] {null, ""}) {
            assertThrows(IllegalArgumentException.class, () -> m.setInt(bad, 1));
            assertThrows(IllegalArgumentException.class, () -> m.setObject(bad, 1));
            assertThrows(IllegalArgumentException.class, () -> m.setBytes(bad, new byte[1], 0, 1));
        }
        assertThrows(MessageFormatException.class, () -> m.setObject("x", new Object()));
        assertThrows(MessageFormatException.class, () -> m.setObject("x", List.of()));
        assertFalse(m.itemExists("x"));
        m.setObject("nullObj", null);
        assertTrue(m.itemExists("nullObj"));

        PactumMapMessage r = received(m);
        assertEquals(true, r.getBoolean("bool"));
        assertEquals('c', r.getChar("char"));
        assertArrayEquals(new byte[] {1, 2, 3}, r.getBytes("bytes"));
        assertNull(r.getString("null"));
        assertThrows(MessageNotWriteableException.class, () -> r.setInt("int", 9));
        assertThrows(MessageNotWriteableException.class, () -> r.setObject("int", 9));
        assertThrows(MessageNotWriteableException.class, () -> r.setBytes("b", new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> r.setBytes("b", new byte[1], 0, 1));
        assertEquals(3, r.getInt("int"), "getters work on a read-only map");
        r.clearBody();
        assertFalse(r.getMapNames().hasMoreElements());
        r.setInt("int", 9);
        assertEquals(9, r.getInt("int"));
    }

    record Point(int x, int y) implements Serializable {
    }

    static final class Box implements Serializable {
        private static final long serialVersionUID = 1L;
        List<String> items = new ArrayList<>();
    }

    @Test
    void objectIsSerializedWhenSetSoLaterChangesDoNotAlterTheMessage() throws JMSException {
        Box box = new Box();
        box.items.add("a");
        PactumObjectMessage m = PactumMessage.createObject(box);
        box.items.add("b");
        Box got = (Box) m.getObject();
        assertEquals(List.of("a"), got.items);
        assertNotSame(got, m.getObject(), "each getObject deserializes a new copy");
        got.items.add("c");
        assertEquals(List.of("a"), ((Box) m.getObject()).items);
    }

    @Test
    void objectRoundTripAndReadOnly() throws JMSException {
        PactumObjectMessage m = new PactumObjectMessage(new Point(1, 2));
        PactumObjectMessage r = received(m);
        assertEquals(new Point(1, 2), r.getObject());
        assertThrows(MessageNotWriteableException.class, () -> r.setObject(new Point(3, 4)));
        r.clearBody();
        assertNull(r.getObject());
        r.setObject(new Point(3, 4));
        assertEquals(new Point(3, 4), r.getObject());
        r.setObject(null);
        assertNull(r.getObject());
        assertNull(((PactumObjectMessage) received(r)).getObject());
    }

    static final class NotSerializableInside implements Serializable {
        private static final long serialVersionUID = 1L;
        Object inner = new Object();
    }

    @Test
    void unserializableObjectIsAFormatError() {
        PactumObjectMessage m = new PactumObjectMessage();
        MessageFormatException e = assertThrows(MessageFormatException.class,
                () -> m.setObject(new NotSerializableInside()));
        assertTrue(e.getLinkedException() instanceof java.io.NotSerializableException);
    }

    @Test
    void undecodableObjectBodyIsAClearFormatError() throws JMSException {
        io.pactum.protocol.WireMessage w = new PactumObjectMessage(new Point(1, 2)).toWire();
        w.body = new byte[] {1, 2, 3};
        PactumObjectMessage r = (PactumObjectMessage) PactumMessage.fromWire(w, 1, false);
        MessageFormatException e = assertThrows(MessageFormatException.class, r::getObject);
        assertTrue(e.getMessage().contains("deserialize"), e.getMessage());
        assertFalse(r.isBodyAssignableTo(Object.class));
        assertThrows(MessageFormatException.class, () -> r.getBody(Object.class));
    }

    @Test
    void plainMessageClearBodyIsHarmless() throws JMSException {
        PactumMessage m = received(new PactumMessage());
        assertTrue(m.isBodyReadOnly());
        m.clearBody();
        assertFalse(m.isBodyReadOnly());
        assertTrue(m.isPropertiesReadOnly(), "clearBody does not touch properties");
    }

    @Test
    void clearPropertiesDoesNotTouchTheBodyAndViceVersa() throws JMSException {
        PactumTextMessage m = new PactumTextMessage("body");
        m.setStringProperty("p", "v");
        PactumTextMessage r = received(m);
        r.clearProperties();
        assertEquals("body", r.getText());
        assertThrows(MessageNotWriteableException.class, () -> r.setText("x"));
        PactumTextMessage r2 = received(m);
        r2.clearBody();
        assertEquals("v", r2.getStringProperty("p"));
        assertThrows(MessageNotWriteableException.class, () -> r2.setStringProperty("q", "x"));
    }

    @Test
    void receivedBytesMessageIsReadOnlyUntilClearBody() throws JMSException {
        PactumBytesMessage m = PactumMessage.createBytes();
        m.writeInt(5);
        PactumBytesMessage r = received(m);
        assertEquals(4, r.getBodyLength());
        assertThrows(MessageNotWriteableException.class, () -> r.writeInt(1));
        assertEquals(5, r.readInt());
        r.clearBody();
        r.writeInt(6);
        r.reset();
        assertEquals(6, r.readInt());
    }

    @Test
    void getBodyOfMapIsACopy() throws JMSException {
        PactumMapMessage m = new PactumMapMessage();
        m.setBytes("b", new byte[] {1});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        ((byte[]) body.get("b"))[0] = 9;
        body.put("x", 1);
        assertArrayEquals(new byte[] {1}, m.getBytes("b"));
        assertFalse(m.itemExists("x"));
    }
}
