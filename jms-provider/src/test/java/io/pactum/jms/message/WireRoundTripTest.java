package io.pactum.jms.message;

import io.pactum.jms.PactumDestination;
import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTemporaryQueue;
import io.pactum.jms.PactumTemporaryTopic;
import io.pactum.jms.PactumTopic;
import io.pactum.protocol.Destination;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.WireMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toWire → encode → decode → fromWire keeps every header, property and body, for every body type. */
class WireRoundTripTest {

    static <T extends PactumMessage> T withEverything(T m) throws JMSException {
        m.setJMSMessageID("ID:pactum-1-2");
        m.setJMSTimestamp(1_700_000_000_123L);
        m.setJMSCorrelationID("corr-1");
        m.setJMSReplyTo(new PactumTemporaryQueue("tmp.q.1", null));
        m.setJMSDestination(new PactumTopic("prices"));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("my-type");
        m.setJMSExpiration(1_700_000_999_000L);
        m.setJMSDeliveryTime(1_700_000_100_000L);
        m.setJMSPriority(7);
        m.setBooleanProperty("pBool", true);
        m.setByteProperty("pByte", (byte) -1);
        m.setShortProperty("pShort", (short) -2);
        m.setIntProperty("pInt", -3);
        m.setLongProperty("pLong", -4L);
        m.setFloatProperty("pFloat", -5.5f);
        m.setDoubleProperty("pDouble", -6.5d);
        m.setStringProperty("pString", "välue");
        m.setStringProperty("pNull", null);
        m.setStringProperty("JMSXGroupID", "g1");
        m.setIntProperty("JMSXGroupSeq", 5);
        return m;
    }

    @SuppressWarnings("unchecked")
    static <T extends PactumMessage> T roundTrip(T m, int deliveryCount, boolean redelivered) throws JMSException {
        byte[] encoded = m.toWire().encode();
        return (T) PactumMessage.fromWire(WireMessage.decode(encoded), deliveryCount, redelivered);
    }

    static void assertHeadersAndPropertiesEqual(PactumMessage sent, PactumMessage got) throws JMSException {
        assertEquals(sent.getClass(), got.getClass());
        assertEquals(sent.getJMSMessageID(), got.getJMSMessageID());
        assertEquals(sent.getJMSTimestamp(), got.getJMSTimestamp());
        assertEquals(sent.getJMSCorrelationID(), got.getJMSCorrelationID());
        assertArrayEquals(sent.getJMSCorrelationIDAsBytes(), got.getJMSCorrelationIDAsBytes());
        assertEquals(sent.getJMSReplyTo(), got.getJMSReplyTo());
        assertEquals(sent.getJMSDestination(), got.getJMSDestination());
        assertEquals(sent.getJMSDeliveryMode(), got.getJMSDeliveryMode());
        assertEquals(sent.getJMSType(), got.getJMSType());
        assertEquals(sent.getJMSExpiration(), got.getJMSExpiration());
        assertEquals(sent.getJMSDeliveryTime(), got.getJMSDeliveryTime());
        assertEquals(sent.getJMSPriority(), got.getJMSPriority());
        List<String> sentNames = Collections.list(sent.getPropertyNames());
        Set<String> gotNames = Set.copyOf(Collections.list(got.getPropertyNames()));
        Set<String> expectedNames = new java.util.HashSet<>(sentNames);
        expectedNames.add("JMSXDeliveryCount");
        assertEquals(expectedNames, gotNames);
        for (String name : sentNames) {
            Object v = sent.getObjectProperty(name);
            assertEquals(v, got.getObjectProperty(name), name);
            if (v != null) {
                assertEquals(v.getClass(), got.getObjectProperty(name).getClass(), name);
            }
        }
    }

    @Test
    void plainMessage() throws JMSException {
        PactumMessage sent = withEverything(new PactumMessage());
        PactumMessage got = roundTrip(sent, 2, true);
        assertHeadersAndPropertiesEqual(sent, got);
        assertTrue(got.getJMSRedelivered());
        assertEquals(2, got.getIntProperty("JMSXDeliveryCount"));
        assertTrue(got.isPropertiesReadOnly());
        assertTrue(got.isBodyReadOnly());
        assertEquals(WireMessage.BODY_NONE, sent.toWire().bodyType);
        assertNull(sent.toWire().body);
    }

    @Test
    void textMessage() throws JMSException {
        PactumTextMessage sent = withEverything(new PactumTextMessage("text ✓ 𝄞"));
        PactumTextMessage got = roundTrip(sent, 1, false);
        assertHeadersAndPropertiesEqual(sent, got);
        assertEquals("text ✓ 𝄞", got.getText());
        assertFalse(got.getJMSRedelivered());
        assertEquals(1, got.getIntProperty("JMSXDeliveryCount"));
        assertArrayEquals("text ✓ 𝄞".getBytes(java.nio.charset.StandardCharsets.UTF_8), sent.toWire().body);
        assertNull(roundTrip(new PactumTextMessage(), 1, false).getText());
        assertNull(new PactumTextMessage().toWire().body);
        assertEquals("", roundTrip(new PactumTextMessage(""), 1, false).getText());
    }

    @Test
    void bytesMessage() throws JMSException {
        PactumBytesMessage sent = withEverything(new PactumBytesMessage());
        sent.writeInt(42);
        sent.writeUTF("x");
        sent.writeBytes(new byte[] {1, 2, 3});
        PactumBytesMessage got = roundTrip(sent, 1, false);
        assertHeadersAndPropertiesEqual(sent, got);
        assertEquals(4 + 3 + 3, got.getBodyLength());
        assertEquals(42, got.readInt());
        assertEquals("x", got.readUTF());
        byte[] rest = new byte[3];
        assertEquals(3, got.readBytes(rest));
        assertArrayEquals(new byte[] {1, 2, 3}, rest);
        // raw bytes on the wire, whether the sender is still writing or has reset
        sent.reset();
        sent.readInt();
        assertEquals(10, sent.toWire().body.length);
        assertEquals(0, roundTrip(new PactumBytesMessage(), 1, false).getBodyLength());
    }

    @Test
    void mapMessage() throws JMSException {
        PactumMapMessage sent = withEverything(new PactumMapMessage());
        Map<String, Object> values = new HashMap<>();
        values.put("bool", false);
        values.put("byte", (byte) 1);
        values.put("short", (short) 2);
        values.put("char", 'c');
        values.put("int", 3);
        values.put("long", 4L);
        values.put("float", 5f);
        values.put("double", 6d);
        values.put("string", "s");
        values.put("null", null);
        values.put("bytes", new byte[] {7, 8});
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sent.setObject(e.getKey(), e.getValue());
        }
        PactumMapMessage got = roundTrip(sent, 1, false);
        assertHeadersAndPropertiesEqual(sent, got);
        assertEquals(values.keySet(), Set.copyOf(Collections.list(got.getMapNames())));
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = got.getObject(e.getKey());
            if (e.getValue() instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) v);
            } else {
                assertEquals(e.getValue(), v, e.getKey());
            }
        }
        assertFalse(roundTrip(new PactumMapMessage(), 1, false).getMapNames().hasMoreElements());
    }

    @Test
    void streamMessage() throws JMSException {
        PactumStreamMessage sent = withEverything(new PactumStreamMessage());
        List<Object> values = new ArrayList<>(List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s"));
        values.add(null);
        values.add(new byte[] {9});
        for (Object v : values) {
            sent.writeObject(v);
        }
        PactumStreamMessage got = roundTrip(sent, 1, false);
        assertHeadersAndPropertiesEqual(sent, got);
        for (Object v : values) {
            Object r = got.readObject();
            if (v instanceof byte[] b) {
                assertArrayEquals(b, (byte[]) r);
            } else {
                assertEquals(v, r);
            }
        }
        assertThrows(jakarta.jms.MessageEOFException.class, got::readObject);
    }

    record Order(String id, List<Integer> lines) implements Serializable {
    }

    @Test
    void objectMessage() throws JMSException {
        PactumObjectMessage sent = withEverything(new PactumObjectMessage(new Order("o1", List.of(1, 2))));
        PactumObjectMessage got = roundTrip(sent, 1, false);
        assertHeadersAndPropertiesEqual(sent, got);
        assertEquals(new Order("o1", List.of(1, 2)), got.getObject());
        assertNull(roundTrip(new PactumObjectMessage(), 1, false).getObject());
    }

    @Test
    void correlationIdBytesAndMissingHeaders() throws JMSException {
        PactumMessage sent = new PactumMessage();
        sent.setJMSCorrelationIDAsBytes(new byte[] {0, (byte) 0xFF, 3});
        PactumMessage got = roundTrip(sent, 1, false);
        assertArrayEquals(new byte[] {0, (byte) 0xFF, 3}, got.getJMSCorrelationIDAsBytes());
        PactumMessage empty = roundTrip(new PactumMessage(), 1, false);
        assertNull(empty.getJMSMessageID());
        assertNull(empty.getJMSCorrelationID());
        assertNull(empty.getJMSReplyTo());
        assertNull(empty.getJMSDestination());
        assertNull(empty.getJMSType());
        assertEquals(DeliveryMode.PERSISTENT, empty.getJMSDeliveryMode());
        assertEquals(Message.DEFAULT_PRIORITY, empty.getJMSPriority());
    }

    @Test
    void everyDestinationKindSurvives() throws JMSException {
        for (PactumDestination d : List.of(new PactumQueue("q"), new PactumTopic("t"),
                new PactumTemporaryQueue("tq", null), new PactumTemporaryTopic("tt", null))) {
            PactumMessage m = new PactumMessage();
            m.setJMSDestination(d);
            m.setJMSReplyTo(d);
            PactumMessage got = roundTrip(m, 1, false);
            assertEquals(d, got.getJMSDestination());
            assertEquals(d, got.getJMSReplyTo());
            assertInstanceOf(d.getClass(), got.getJMSReplyTo());
        }
    }

    @Test
    void toWireIsASnapshot() throws JMSException {
        PactumMapMessage m = new PactumMapMessage();
        m.setInt("a", 1);
        m.setIntProperty("p", 1);
        WireMessage w = m.toWire();
        m.setInt("a", 2);
        m.setIntProperty("p", 2);
        m.setJMSType("changed");
        PactumMapMessage got = (PactumMapMessage) PactumMessage.fromWire(w, 1, false);
        assertEquals(1, got.getInt("a"));
        assertEquals(1, got.getIntProperty("p"));
        assertNull(got.getJMSType());

        PactumBytesMessage b = new PactumBytesMessage();
        b.writeByte((byte) 1);
        WireMessage wb = b.toWire();
        b.writeByte((byte) 2);
        assertEquals(1, wb.body.length);
    }

    @Test
    void foreignQueueAndTopicDestinationsAreSentByName() throws JMSException {
        Queue q = (Queue) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Queue.class},
                (p, method, args) -> method.getName().equals("getQueueName") ? "fq" : null);
        Topic t = (Topic) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Topic.class},
                (p, method, args) -> method.getName().equals("getTopicName") ? "ft" : null);
        PactumMessage m = new PactumMessage();
        m.setJMSDestination(q);
        m.setJMSReplyTo(t);
        WireMessage w = m.toWire();
        assertEquals(Destination.queue("fq"), w.destination);
        assertEquals(Destination.topic("ft"), w.replyTo);
        jakarta.jms.Destination other = (jakarta.jms.Destination) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.jms.Destination.class}, (p, method, args) -> null);
        m.setJMSReplyTo(other);
        assertThrows(InvalidDestinationException.class, m::toWire);
    }

    @Test
    void malformedBodiesAndUnknownTypesAreRejected() throws JMSException {
        WireMessage w = new PactumMessage().toWire();
        w.bodyType = 42;
        assertThrows(MalformedFrameException.class, () -> PactumMessage.fromWire(w, 1, false));

        PactumMapMessage map = new PactumMapMessage();
        map.setInt("a", 1);
        WireMessage wm = map.toWire();
        wm.body = java.util.Arrays.copyOf(wm.body, wm.body.length - 1);
        assertThrows(MalformedFrameException.class, () -> PactumMessage.fromWire(wm, 1, false));
        wm.body = new byte[] {0x7F, 0, 0, 0};
        assertThrows(MalformedFrameException.class, () -> PactumMessage.fromWire(wm, 1, false));

        PactumStreamMessage stream = new PactumStreamMessage();
        stream.writeInt(1);
        WireMessage ws = stream.toWire();
        ws.body = java.util.Arrays.copyOf(ws.body, ws.body.length + 1);
        assertThrows(MalformedFrameException.class, () -> PactumMessage.fromWire(ws, 1, false));
        ws.body = new byte[] {0, 0, 0, 1, 99};
        assertThrows(MalformedFrameException.class, () -> PactumMessage.fromWire(ws, 1, false));
    }

    @Test
    void bodyCodecEncodings() {
        assertArrayEquals(new byte[] {0, 0, 0, 0}, BodyCodec.encodeMap(Map.of()));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, BodyCodec.encodeStream(List.of()));
        assertTrue(BodyCodec.decodeMap(null).isEmpty());
        assertTrue(BodyCodec.decodeStream(null).isEmpty());
        assertNull(BodyCodec.encodeText(null));
        assertNull(BodyCodec.decodeText(null));
        // STREAM = count, then TypedValues: INT tag 5
        assertArrayEquals(new byte[] {0, 0, 0, 1, 5, 0, 0, 0, 7}, BodyCodec.encodeStream(List.of(7)));
    }
}
