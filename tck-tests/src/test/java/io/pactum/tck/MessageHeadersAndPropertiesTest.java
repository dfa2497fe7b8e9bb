package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, chapter 3 ("Messages"): header fields set by send (3.4), properties and their conversions
 * (3.5), acknowledgement-related JMSX properties, read-only received messages, clearing, bodies (3.11, getBody and
 * isBodyAssignableTo), and sending a message implemented by another provider (3.12 / 4.x "foreign messages").
 */
class MessageHeadersAndPropertiesTest extends BrokerTestSupport {

    /** Sends {@code message} on a fresh queue with the producer set up by {@code configure}, returns it received. */
    private interface ProducerSetup {
        void apply(MessageProducer producer) throws JMSException;
    }

    private Message roundTrip(Session s, Connection c, Message message, ProducerSetup configure) throws JMSException {
        Queue q = freshQueue();
        MessageProducer p = s.createProducer(q);
        configure.apply(p);
        p.send(message);
        MessageConsumer consumer = s.createConsumer(q);
        c.start();
        Message received = consumer.receive(WAIT);
        assertNotNull(received, "the message arrived");
        consumer.close();
        return received;
    }

    // ---------------------------------------------------------------- headers set by send

    @Test
    void sendSetsEveryHeaderOnTheSentAndTheReceivedMessage() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue q = freshQueue();
            TextMessage m = s.createTextMessage("headers");
            long before = System.currentTimeMillis();
            MessageProducer p = s.createProducer(q);
            p.send(m, DeliveryMode.NON_PERSISTENT, 7, 60_000);
            long after = System.currentTimeMillis();

            // the sent message object is updated by send
            assertEquals(q, m.getJMSDestination());
            assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
            assertEquals(7, m.getJMSPriority());
            assertTrue(m.getJMSMessageID().startsWith("ID:"), m.getJMSMessageID());
            assertTrue(m.getJMSTimestamp() >= before && m.getJMSTimestamp() <= after, "timestamp in send window");
            assertEquals(m.getJMSTimestamp() + 60_000, m.getJMSExpiration(), "expiration = timestamp + ttl");
            assertEquals(m.getJMSTimestamp(), m.getJMSDeliveryTime(), "no delay: delivery time = send time");

            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message r = consumer.receive(WAIT);
            assertNotNull(r);
            assertEquals(q, r.getJMSDestination());
            assertEquals(DeliveryMode.NON_PERSISTENT, r.getJMSDeliveryMode());
            assertEquals(7, r.getJMSPriority());
            assertEquals(m.getJMSMessageID(), r.getJMSMessageID());
            assertEquals(m.getJMSTimestamp(), r.getJMSTimestamp());
            assertEquals(m.getJMSExpiration(), r.getJMSExpiration());
            assertEquals(m.getJMSDeliveryTime(), r.getJMSDeliveryTime());
            assertFalse(r.getJMSRedelivered());
            assertEquals(1, r.getIntProperty("JMSXDeliveryCount"));
        }
    }

    @Test
    void headersSetByTheApplicationBeforeSendAreOverridden() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createMessage();
            Queue elsewhere = freshQueue();
            m.setJMSDestination(elsewhere);
            m.setJMSPriority(1);
            m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
            m.setJMSExpiration(42);
            m.setJMSTimestamp(42);
            m.setJMSMessageID("ID:app-chosen");
            m.setJMSRedelivered(true);
            Message r = roundTrip(s, c, m, p -> p.setPriority(6));
            assertFalse(elsewhere.equals(r.getJMSDestination()));
            assertEquals(6, r.getJMSPriority());
            assertEquals(DeliveryMode.PERSISTENT, r.getJMSDeliveryMode());
            assertEquals(0, r.getJMSExpiration(), "no time to live: never expires");
            assertTrue(r.getJMSTimestamp() > 42);
            assertFalse("ID:app-chosen".equals(r.getJMSMessageID()));
            assertFalse(r.getJMSRedelivered());
        }
    }

    @Test
    void messageIdsAreUnique() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(freshQueue());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                Message m = s.createMessage();
                p.send(m);
                assertTrue(m.getJMSMessageID().startsWith("ID:"));
                ids.add(m.getJMSMessageID());
            }
            assertEquals(20, ids.size());
        }
    }

    @Test
    void deliveryDelaySetsDeliveryTime() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(freshQueue());
            p.setDeliveryDelay(1_000);
            assertEquals(1_000, p.getDeliveryDelay());
            Message m = s.createMessage();
            p.send(m);
            assertEquals(m.getJMSTimestamp() + 1_000, m.getJMSDeliveryTime());
        }
    }

    @Test
    void disableMessageIdAndTimestampAreHonouredOrIgnored() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createMessage();
            Message r = roundTrip(s, c, m, p -> {
                assertFalse(p.getDisableMessageID());
                assertFalse(p.getDisableMessageTimestamp());
                p.setDisableMessageID(true);
                p.setDisableMessageTimestamp(true);
                assertTrue(p.getDisableMessageID());
                assertTrue(p.getDisableMessageTimestamp());
            });
            // a hint: the provider either leaves them unset (null / 0) or sets them normally
            String id = r.getJMSMessageID();
            assertTrue(id == null || id.startsWith("ID:"), id);
            assertEquals(m.getJMSMessageID(), id);
            assertEquals(m.getJMSTimestamp(), r.getJMSTimestamp());
        }
    }

    @Test
    void correlationIdReplyToAndTypeRoundTrip() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replyTo = freshQueue();
            Message m = s.createMessage();
            m.setJMSCorrelationID("order-17");
            m.setJMSReplyTo(replyTo);
            m.setJMSType("tck.Order");
            Message r = roundTrip(s, c, m, p -> { });
            assertEquals("order-17", r.getJMSCorrelationID());
            assertEquals(replyTo, r.getJMSReplyTo());
            assertEquals("tck.Order", r.getJMSType());

            Message bytesId = s.createMessage();
            byte[] corr = {1, 2, 3, (byte) 0xff};
            bytesId.setJMSCorrelationIDAsBytes(corr);
            Message r2 = roundTrip(s, c, bytesId, p -> { });
            assertArrayEquals(corr, r2.getJMSCorrelationIDAsBytes());

            Message none = roundTrip(s, c, s.createMessage(), p -> { });
            assertNull(none.getJMSCorrelationID());
            assertNull(none.getJMSReplyTo());
            assertNull(none.getJMSType());
        }
    }

    @Test
    void redeliveredAndDeliveryCountAfterRecover() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            s.createProducer(q).send(s.createTextMessage("again"));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message first = consumer.receive(WAIT);
            assertFalse(first.getJMSRedelivered());
            assertEquals(1, first.getIntProperty("JMSXDeliveryCount"));
            s.recover();
            Message second = consumer.receive(WAIT);
            assertTrue(second.getJMSRedelivered());
            assertEquals(2, second.getIntProperty("JMSXDeliveryCount"));
            s.recover();
            Message third = consumer.receive(WAIT);
            assertEquals(3, third.getIntProperty("JMSXDeliveryCount"));
            third.acknowledge();
        }
    }

    // ---------------------------------------------------------------- properties

    @Test
    void everyPropertyTypeRoundTrips() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createMessage();
            m.setBooleanProperty("aBoolean", true);
            m.setByteProperty("aByte", (byte) -7);
            m.setShortProperty("aShort", (short) 30_000);
            m.setIntProperty("anInt", Integer.MIN_VALUE);
            m.setLongProperty("aLong", Long.MAX_VALUE);
            m.setFloatProperty("aFloat", 1.5f);
            m.setDoubleProperty("aDouble", -2.25e100);
            m.setStringProperty("aString", "héllo ☃");
            m.setObjectProperty("anObject", 12);
            m.setStringProperty("empty", "");
            Message r = roundTrip(s, c, m, p -> { });
            assertTrue(r.getBooleanProperty("aBoolean"));
            assertEquals((byte) -7, r.getByteProperty("aByte"));
            assertEquals((short) 30_000, r.getShortProperty("aShort"));
            assertEquals(Integer.MIN_VALUE, r.getIntProperty("anInt"));
            assertEquals(Long.MAX_VALUE, r.getLongProperty("aLong"));
            assertEquals(1.5f, r.getFloatProperty("aFloat"));
            assertEquals(-2.25e100, r.getDoubleProperty("aDouble"));
            assertEquals("héllo ☃", r.getStringProperty("aString"));
            assertEquals("", r.getStringProperty("empty"));
            assertEquals(Integer.valueOf(12), r.getObjectProperty("anObject"));
            assertInstanceOf(Byte.class, r.getObjectProperty("aByte"));
            assertInstanceOf(Short.class, r.getObjectProperty("aShort"));
            assertInstanceOf(Long.class, r.getObjectProperty("aLong"));
            assertInstanceOf(Float.class, r.getObjectProperty("aFloat"));
            assertInstanceOf(Double.class, r.getObjectProperty("aDouble"));
            assertInstanceOf(Boolean.class, r.getObjectProperty("aBoolean"));
            assertTrue(r.propertyExists("anInt"));
            assertFalse(r.propertyExists("missing"));
            assertNull(r.getObjectProperty("missing"));
            assertNull(r.getStringProperty("missing"));
            assertFalse(r.getBooleanProperty("missing"), "a missing boolean reads as valueOf(null) = false");
            assertThrows(NumberFormatException.class, () -> r.getIntProperty("missing"));

            Set<String> names = new HashSet<>();
            for (Enumeration<?> e = r.getPropertyNames(); e.hasMoreElements(); ) {
                names.add((String) e.nextElement());
            }
            assertTrue(names.containsAll(Set.of("aBoolean", "aByte", "aShort", "anInt", "aLong", "aFloat",
                    "aDouble", "aString", "anObject", "empty")), names.toString());
        }
    }

    @Test
    void propertyNamesAndValuesAreValidated() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createMessage();
            assertThrows(IllegalArgumentException.class, () -> m.setStringProperty(null, "x"));
            assertThrows(IllegalArgumentException.class, () -> m.setStringProperty("", "x"));
            assertThrows(MessageFormatException.class, () -> m.setObjectProperty("list", new ArrayList<>()));
        }
    }

    @Test
    void aReceivedMessageHasReadOnlyPropertiesAndBodyUntilCleared() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage("body");
            m.setStringProperty("p", "v");
            TextMessage r = (TextMessage) roundTrip(s, c, m, p -> { });
            assertThrows(MessageNotWriteableException.class, () -> r.setStringProperty("p", "w"));
            assertThrows(MessageNotWriteableException.class, () -> r.setIntProperty("q", 1));
            assertThrows(MessageNotWriteableException.class, () -> r.setText("changed"));
            // headers stay settable
            r.setJMSCorrelationID("may change");
            assertEquals("may change", r.getJMSCorrelationID());

            r.clearProperties();
            assertFalse(r.propertyExists("p"));
            assertEquals("body", r.getText(), "clearProperties leaves the body");
            r.setStringProperty("p", "writable after clearProperties");
            assertEquals("writable after clearProperties", r.getStringProperty("p"));
            assertThrows(MessageNotWriteableException.class, () -> r.setText("still read-only body"));

            r.clearBody();
            assertNull(r.getText());
            r.setText("writable after clearBody");
            assertEquals("writable after clearBody", r.getText());
            assertEquals("writable after clearProperties", r.getStringProperty("p"), "clearBody keeps properties");
        }
    }

    @Test
    void aSentMessageMayBeChangedAndSentAgainWithoutAffectingTheFirst() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(q);
            TextMessage m = s.createTextMessage("first");
            m.setIntProperty("n", 1);
            p.send(m);
            String firstId = m.getJMSMessageID();
            m.setText("second");
            m.setIntProperty("n", 2);
            p.send(m);
            assertFalse(firstId.equals(m.getJMSMessageID()));
            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            TextMessage r1 = (TextMessage) consumer.receive(WAIT);
            TextMessage r2 = (TextMessage) consumer.receive(WAIT);
            assertEquals("first", r1.getText());
            assertEquals(1, r1.getIntProperty("n"));
            assertEquals("second", r2.getText());
            assertEquals(2, r2.getIntProperty("n"));
        }
    }

    // ---------------------------------------------------------------- bodies

    @Test
    void everyBodyTypeRoundTrips() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);

            TextMessage text = (TextMessage) roundTrip(s, c, s.createTextMessage("texte ✓"), p -> { });
            assertEquals("texte ✓", text.getText());

            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBoolean(true);
            bytes.writeInt(0xCAFEBABE);
            bytes.writeUTF("utf");
            bytes.writeBytes(new byte[] {9, 8, 7});
            BytesMessage rb = (BytesMessage) roundTrip(s, c, bytes, p -> { });
            assertEquals(1 + 4 + 5 + 3, rb.getBodyLength());
            assertTrue(rb.readBoolean());
            assertEquals(0xCAFEBABE, rb.readInt());
            assertEquals("utf", rb.readUTF());
            byte[] tail = new byte[5];
            assertEquals(3, rb.readBytes(tail));
            assertEquals(9, tail[0]);
            assertEquals(-1, rb.readBytes(tail), "end of body");

            MapMessage map = s.createMapMessage();
            map.setInt("i", 5);
            map.setString("s", "str");
            map.setBytes("b", new byte[] {1, 2});
            map.setDouble("d", 0.5);
            map.setObject("o", Boolean.TRUE);
            MapMessage rm = (MapMessage) roundTrip(s, c, map, p -> { });
            assertEquals(5, rm.getInt("i"));
            assertEquals("str", rm.getString("s"));
            assertArrayEquals(new byte[] {1, 2}, rm.getBytes("b"));
            assertEquals(0.5, rm.getDouble("d"));
            assertTrue(rm.getBoolean("o"));
            assertTrue(rm.itemExists("i"));
            assertFalse(rm.itemExists("nope"));
            assertEquals(Set.of("i", "s", "b", "d", "o"), new HashSet<>(Collections.list(castNames(rm))));

            StreamMessage stream = s.createStreamMessage();
            stream.writeString("one");
            stream.writeLong(2L);
            stream.writeObject(3.0f);
            stream.writeBytes(new byte[] {4});
            stream.writeChar('z');
            StreamMessage rs = (StreamMessage) roundTrip(s, c, stream, p -> { });
            assertEquals("one", rs.readString());
            assertEquals(2L, rs.readLong());
            assertEquals(3.0f, rs.readFloat());
            byte[] one = new byte[1];
            assertEquals(1, rs.readBytes(one));
            assertEquals(4, one[0]);
            assertEquals(-1, rs.readBytes(one), "end of the byte array field");
            assertEquals('z', rs.readChar());

            HashMap<String, List<Integer>> payload = new HashMap<>();
            payload.put("k", List.of(1, 2));
            ObjectMessage rob = (ObjectMessage) roundTrip(s, c, s.createObjectMessage(payload), p -> { });
            assertEquals(payload, rob.getObject());

            Message plain = roundTrip(s, c, s.createMessage(), p -> { });
            assertFalse(plain instanceof TextMessage || plain instanceof BytesMessage
                    || plain instanceof MapMessage || plain instanceof StreamMessage || plain instanceof ObjectMessage);
        }
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<Object> castNames(MapMessage m) throws JMSException {
        return (Enumeration<Object>) m.getMapNames();
    }

    @Test
    void getBodyAndIsBodyAssignableTo() throws JMSException {
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message text = roundTrip(s, c, s.createTextMessage("t"), p -> { });
            assertTrue(text.isBodyAssignableTo(String.class));
            assertTrue(text.isBodyAssignableTo(Object.class));
            assertFalse(text.isBodyAssignableTo(Integer.class));
            assertEquals("t", text.getBody(String.class));
            assertThrows(MessageFormatException.class, () -> text.getBody(Integer.class));

            BytesMessage b = s.createBytesMessage();
            b.writeBytes(new byte[] {1, 2, 3});
            Message bytes = roundTrip(s, c, b, p -> { });
            assertTrue(bytes.isBodyAssignableTo(byte[].class));
            assertArrayEquals(new byte[] {1, 2, 3}, bytes.getBody(byte[].class));
            assertThrows(MessageFormatException.class, () -> bytes.getBody(String.class));

            MapMessage mm = s.createMapMessage();
            mm.setString("k", "v");
            Message map = roundTrip(s, c, mm, p -> { });
            assertTrue(map.isBodyAssignableTo(Map.class));
            assertEquals(Map.of("k", "v"), map.getBody(Map.class));

            Message obj = roundTrip(s, c, s.createObjectMessage("serial"), p -> { });
            assertTrue(obj.isBodyAssignableTo(Serializable.class));
            assertTrue(obj.isBodyAssignableTo(String.class));
            assertFalse(obj.isBodyAssignableTo(Integer.class));
            assertEquals("serial", obj.getBody(String.class));

            StreamMessage sm = s.createStreamMessage();
            sm.writeInt(1);
            Message stream = roundTrip(s, c, sm, p -> { });
            assertFalse(stream.isBodyAssignableTo(Object.class), "a StreamMessage body is never assignable");
            assertThrows(MessageFormatException.class, () -> stream.getBody(Object.class));

            // no body: assignable to anything, getBody returns null
            Message empty = roundTrip(s, c, s.createMessage(), p -> { });
            assertTrue(empty.isBodyAssignableTo(String.class));
            assertNull(empty.getBody(String.class));
            Message emptyText = roundTrip(s, c, s.createTextMessage(), p -> { });
            assertTrue(emptyText.isBodyAssignableTo(Integer.class));
            assertNull(emptyText.getBody(String.class));
            Message emptyBytes = roundTrip(s, c, s.createBytesMessage(), p -> { });
            assertNull(emptyBytes.getBody(byte[].class));
        }
    }

    // ---------------------------------------------------------------- foreign messages

    @Test
    void aForeignMessageImplementationCanBeSent() throws JMSException {
        Queue q = freshQueue();
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            ForeignMessage.Text foreign = new ForeignMessage.Text("from elsewhere");
            foreign.setStringProperty("origin", "other-provider");
            foreign.setIntProperty("n", 3);
            foreign.setJMSCorrelationID("foreign-corr");
            foreign.setJMSType("foreign-type");
            s.createProducer(q).send(foreign, DeliveryMode.PERSISTENT, 3, 0);

            // send sets the headers on the foreign object itself
            assertEquals(q, foreign.getJMSDestination());
            assertNotNull(foreign.getJMSMessageID());
            assertTrue(foreign.getJMSMessageID().startsWith("ID:"));
            assertEquals(3, foreign.getJMSPriority());

            MessageConsumer consumer = s.createConsumer(q);
            c.start();
            Message r = consumer.receive(WAIT);
            assertInstanceOf(TextMessage.class, r);
            assertEquals("from elsewhere", ((TextMessage) r).getText());
            assertEquals("other-provider", r.getStringProperty("origin"));
            assertEquals(3, r.getIntProperty("n"));
            assertEquals("foreign-corr", r.getJMSCorrelationID());
            assertEquals("foreign-type", r.getJMSType());
            assertEquals(3, r.getJMSPriority());
            assertEquals(foreign.getJMSMessageID(), r.getJMSMessageID());
        }
    }
}
