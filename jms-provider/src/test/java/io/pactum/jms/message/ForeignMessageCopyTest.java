package io.pactum.jms.message;

import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** copyOf turns another provider's message of each body type into an equivalent Pactum message. */
class ForeignMessageCopyTest {

    /** A minimal foreign provider: headers and properties in maps, the body in {@link #body}. */
    static final class Foreign implements InvocationHandler {
        final Map<String, Object> headers = new HashMap<>();
        final Map<String, Object> properties = new LinkedHashMap<>();
        Object body;
        int position;
        int resets;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "Foreign" + headers;
                case "getPropertyNames":
                    return Collections.enumeration(new ArrayList<>(properties.keySet()));
                case "getObjectProperty":
                    return properties.get((String) args[0]);
                case "getText":
                    return body;
                case "getObject":
                    return args == null ? body : ((Map<?, ?>) body).get(args[0]);
                case "getMapNames":
                    return Collections.enumeration(new ArrayList<>(((Map<String, ?>) body).keySet()));
                case "reset":
                    position = 0;
                    resets++;
                    return null;
                case "getBodyLength":
                    return (long) ((byte[]) body).length;
                case "readBytes": {
                    byte[] data = (byte[]) body;
                    byte[] buf = (byte[]) args[0];
                    if (position >= data.length) {
                        return -1;
                    }
                    int n = Math.min(buf.length, data.length - position);
                    System.arraycopy(data, position, buf, 0, n);
                    position += n;
                    return n;
                }
                case "readObject": {
                    List<?> values = (List<?>) body;
                    if (position >= values.size()) {
                        throw new MessageEOFException("end");
                    }
                    return values.get(position++);
                }
                default:
                    break;
            }
            if (name.startsWith("getJMS")) {
                Object v = headers.get(name.substring(3));
                return v != null ? v : defaultValue(method.getReturnType());
            }
            if (name.startsWith("setJMS")) {
                headers.put(name.substring(3), args[0]);
                return null;
            }
            return defaultValue(method.getReturnType());
        }

        static Object defaultValue(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            if (type == long.class) {
                return 0L;
            }
            if (type == int.class) {
                return 0;
            }
            return null;
        }
    }

    static <T extends Message> T foreign(Class<T> type, Foreign h) {
        Object p = Proxy.newProxyInstance(ForeignMessageCopyTest.class.getClassLoader(), new Class<?>[] {type}, h);
        h.headers.put("JMSMessageID", "ID:foreign-1");
        h.headers.put("JMSTimestamp", 123L);
        h.headers.put("JMSCorrelationID", "c-1");
        h.headers.put("JMSReplyTo", foreignQueue("replies"));
        h.headers.put("JMSDestination", foreignTopic("news"));
        h.headers.put("JMSDeliveryMode", DeliveryMode.NON_PERSISTENT);
        h.headers.put("JMSRedelivered", true);
        h.headers.put("JMSType", "ft");
        h.headers.put("JMSExpiration", 456L);
        h.headers.put("JMSDeliveryTime", 789L);
        h.headers.put("JMSPriority", 8);
        h.properties.put("s", "v");
        h.properties.put("i", 1);
        h.properties.put("b", true);
        h.properties.put("d", 2.5d);
        h.properties.put("JMSXGroupID", "g");
        return type.cast(p);
    }

    static Queue foreignQueue(String name) {
        return (Queue) Proxy.newProxyInstance(ForeignMessageCopyTest.class.getClassLoader(),
                new Class<?>[] {Queue.class}, (p, m, a) -> m.getName().equals("getQueueName") ? name : null);
    }

    static Topic foreignTopic(String name) {
        return (Topic) Proxy.newProxyInstance(ForeignMessageCopyTest.class.getClassLoader(),
                new Class<?>[] {Topic.class}, (p, m, a) -> m.getName().equals("getTopicName") ? name : null);
    }

    static void assertHeadersAndProperties(PactumMessage m) throws JMSException {
        assertEquals("ID:foreign-1", m.getJMSMessageID());
        assertEquals(123L, m.getJMSTimestamp());
        assertEquals("c-1", m.getJMSCorrelationID());
        assertEquals(new PactumQueue("replies"), m.getJMSReplyTo());
        assertEquals(new PactumTopic("news"), m.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertTrue(m.getJMSRedelivered());
        assertEquals("ft", m.getJMSType());
        assertEquals(456L, m.getJMSExpiration());
        assertEquals(789L, m.getJMSDeliveryTime());
        assertEquals(8, m.getJMSPriority());
        assertEquals(Set.of("s", "i", "b", "d", "JMSXGroupID"), Set.copyOf(Collections.list(m.getPropertyNames())));
        assertEquals("v", m.getStringProperty("s"));
        assertEquals(1, m.getIntProperty("i"));
        assertTrue(m.getBooleanProperty("b"));
        assertEquals(2.5d, m.getDoubleProperty("d"));
        assertEquals("g", m.getStringProperty("JMSXGroupID"));
        assertFalse(m.isPropertiesReadOnly(), "the copy is a message to send: writable");
        m.setStringProperty("more", "x");
        // and it goes over the wire
        PactumMessage.fromWire(m.toWire(), 1, false);
    }

    @Test
    void plainMessage() throws JMSException {
        PactumMessage m = PactumMessage.copyOf(foreign(Message.class, new Foreign()));
        assertEquals(PactumMessage.class, m.getClass());
        assertHeadersAndProperties(m);
    }

    @Test
    void textMessage() throws JMSException {
        Foreign h = new Foreign();
        h.body = "hello";
        PactumMessage m = PactumMessage.copyOf(foreign(TextMessage.class, h));
        assertInstanceOf(PactumTextMessage.class, m);
        assertHeadersAndProperties(m);
        assertEquals("hello", ((TextMessage) m).getText());
    }

    @Test
    void bytesMessage() throws JMSException {
        Foreign h = new Foreign();
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        h.body = data;
        h.position = 17; // the foreign message was partly read: the copy still has every byte
        PactumMessage m = PactumMessage.copyOf(foreign(BytesMessage.class, h));
        assertInstanceOf(PactumBytesMessage.class, m);
        assertHeadersAndProperties(m);
        assertArrayEquals(data, m.getBody(byte[].class));
        assertEquals(0, h.position, "the foreign message is left reset");
    }

    @Test
    void mapMessage() throws JMSException {
        Foreign h = new Foreign();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("c", 'c');
        map.put("bytes", new byte[] {1, 2});
        map.put("n", null);
        h.body = map;
        PactumMessage m = PactumMessage.copyOf(foreign(MapMessage.class, h));
        assertInstanceOf(PactumMapMessage.class, m);
        assertHeadersAndProperties(m);
        PactumMapMessage pm = (PactumMapMessage) m;
        assertEquals(1, pm.getInt("a"));
        assertEquals('c', pm.getChar("c"));
        assertArrayEquals(new byte[] {1, 2}, pm.getBytes("bytes"));
        assertTrue(pm.itemExists("n"));
        assertNull(pm.getString("n"));
    }

    @Test
    void streamMessage() throws JMSException {
        Foreign h = new Foreign();
        List<Object> values = new ArrayList<>(List.of(1, "two", 3.0d, new byte[] {4}));
        values.add(null);
        h.body = values;
        PactumMessage m = PactumMessage.copyOf(foreign(StreamMessage.class, h));
        assertInstanceOf(PactumStreamMessage.class, m);
        assertHeadersAndProperties(m);
        PactumStreamMessage sm = (PactumStreamMessage) m;
        sm.reset();
        assertEquals(1, sm.readInt());
        assertEquals("two", sm.readString());
        assertEquals(3.0d, sm.readDouble());
        assertArrayEquals(new byte[] {4}, (byte[]) sm.readObject());
        assertNull(sm.readObject());
        assertEquals(0, h.position);
        assertEquals(2, h.resets);
    }

    record Payload(String s) implements Serializable {
    }

    @Test
    void objectMessage() throws JMSException {
        Foreign h = new Foreign();
        h.body = new Payload("p");
        PactumMessage m = PactumMessage.copyOf(foreign(ObjectMessage.class, h));
        assertInstanceOf(PactumObjectMessage.class, m);
        assertHeadersAndProperties(m);
        assertEquals(new Payload("p"), ((ObjectMessage) m).getObject());
    }

    @Test
    void byteCorrelationIdAndUnknownDestinationKinds() throws JMSException {
        Foreign h = new Foreign();
        Message f = foreign(Message.class, h);
        h.headers.remove("JMSCorrelationID");
        h.headers.put("JMSCorrelationIDAsBytes", new byte[] {5, 6});
        h.headers.put("JMSReplyTo", Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.jms.Destination.class}, (p, mm, a) -> null));
        h.headers.put("JMSDestination", new PactumQueue("mine"));
        PactumMessage m = PactumMessage.copyOf(f);
        assertArrayEquals(new byte[] {5, 6}, m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSReplyTo(), "a foreign destination that is neither Queue nor Topic is not preserved");
        assertEquals(new PactumQueue("mine"), m.getJMSDestination());
    }
}
