package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jakarta Messaging 3.1, 3.12 "Provider implementations of Jakarta Messaging message interfaces": a provider must
 * accept message implementations that are not its own. For a BytesMessage that means the whole body, as written,
 * whatever mode the foreign message is in when sent: write-only (the sender never called reset, the normal state
 * of a message just written) or read-only and part-read, and also when the other provider cannot report
 * {@code getBodyLength()}.
 */
class ForeignBytesMessageTest extends BrokerTestSupport {
    private static final byte[] PAYLOAD = payload();

    private static byte[] payload() {
        byte[] b = new byte[200_000]; // several of the copy's 64 KiB chunks
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @ParameterizedTest(name = "to a {0}, reset before send: {1}, body length usable: {2}")
    @CsvSource({"queue, false, true", "queue, false, false", "queue, true, false", "topic, false, true",
            "topic, false, false"})
    void aForeignBytesMessageArrivesWithTheSameBytesAndProperties(String kind, boolean resetFirst,
                                                                  boolean bodyLengthUsable) throws Exception {
        Destination d = kind.equals("queue") ? freshQueue() : freshTopic();
        ForeignMessage.Bytes foreign = new ForeignMessage.Bytes(bodyLengthUsable);
        foreign.writeUTF("head");
        foreign.writeInt(42);
        foreign.writeBytes(PAYLOAD);
        foreign.setStringProperty("origin", "other-provider");
        foreign.setLongProperty("seq", 7L);
        foreign.setJMSType("foreign-bytes");
        if (resetFirst) {
            foreign.reset();
            foreign.readUTF(); // part-read: the copy still takes the body from its first byte
        }
        try (Connection c = connection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(d); // a topic subscriber must exist before the publish
            c.start();
            s.createProducer(d).send(foreign);

            assertNotNull(foreign.getJMSMessageID(), "send sets the headers on the foreign object");
            assertEquals(d, foreign.getJMSDestination());
            assertFalse(foreign.writeOnly(), "the body could only be read after a reset");

            BytesMessage received = assertInstanceOf(BytesMessage.class, consumer.receive(WAIT));
            assertEquals("head", received.readUTF());
            assertEquals(42, received.readInt());
            byte[] rest = new byte[PAYLOAD.length + 1];
            assertEquals(PAYLOAD.length, received.readBytes(rest));
            assertArrayEquals(PAYLOAD, java.util.Arrays.copyOf(rest, PAYLOAD.length));
            assertEquals(2 + "head".length() + 4 + PAYLOAD.length, received.getBodyLength());
            assertEquals("other-provider", received.getStringProperty("origin"));
            assertEquals(7L, received.getLongProperty("seq"));
            assertEquals("foreign-bytes", received.getJMSType());
            assertEquals(foreign.getJMSMessageID(), received.getJMSMessageID());
        }
    }

    /** The simplified API takes foreign messages too; the foreign object is left readable from its first byte. */
    @ParameterizedTest(name = "to a {0}")
    @CsvSource({"queue", "topic"})
    void aJmsProducerSendsAForeignBytesMessageNeverReset(String kind) throws JMSException {
        Destination d = kind.equals("queue") ? freshQueue() : freshTopic();
        ForeignMessage.Bytes foreign = new ForeignMessage.Bytes(false);
        foreign.writeBytes("written, never reset".getBytes(StandardCharsets.UTF_8));
        try (JMSContext context = connectionFactory().createContext()) {
            var consumer = d instanceof Topic t ? context.createConsumer(t) : context.createConsumer(d);
            context.createProducer().send(d, foreign);
            Message m = consumer.receive(WAIT);
            assertArrayEquals("written, never reset".getBytes(StandardCharsets.UTF_8), m.getBody(byte[].class));
        }
        byte[] again = new byte[64];
        int n = foreign.readBytes(again);
        assertEquals("written, never reset", new String(again, 0, n, StandardCharsets.UTF_8));
        assertTrue(foreign.resets >= 1);
    }
}
