package io.pactum.jms.message;

import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class HeadersTest {

    @Test
    void defaultsOfANewMessage() throws JMSException {
        PactumMessage m = new PactumMessage();
        assertNull(m.getJMSMessageID());
        assertEquals(0, m.getJMSTimestamp());
        assertNull(m.getJMSCorrelationID());
        assertNull(m.getJMSCorrelationIDAsBytes());
        assertNull(m.getJMSReplyTo());
        assertNull(m.getJMSDestination());
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertFalse(m.getJMSRedelivered());
        assertNull(m.getJMSType());
        assertEquals(0, m.getJMSExpiration());
        assertEquals(0, m.getJMSDeliveryTime());
        assertEquals(Message.DEFAULT_PRIORITY, m.getJMSPriority());
    }

    @Test
    void everyHeaderRoundTripsThroughItsSetter() throws JMSException {
        PactumMessage m = new PactumMessage();
        PactumQueue q = new PactumQueue("q");
        PactumTopic t = new PactumTopic("t");
        m.setJMSMessageID("ID:1");
        m.setJMSTimestamp(11);
        m.setJMSCorrelationID("corr");
        m.setJMSReplyTo(t);
        m.setJMSDestination(q);
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSRedelivered(true);
        m.setJMSType("type");
        m.setJMSExpiration(22);
        m.setJMSDeliveryTime(33);
        m.setJMSPriority(9);
        assertEquals("ID:1", m.getJMSMessageID());
        assertEquals(11, m.getJMSTimestamp());
        assertEquals("corr", m.getJMSCorrelationID());
        assertArrayEquals("corr".getBytes(StandardCharsets.UTF_8), m.getJMSCorrelationIDAsBytes());
        assertSame(t, m.getJMSReplyTo());
        assertSame(q, m.getJMSDestination());
        assertEquals(DeliveryMode.NON_PERSISTENT, m.getJMSDeliveryMode());
        assertEquals(true, m.getJMSRedelivered());
        assertEquals("type", m.getJMSType());
        assertEquals(22, m.getJMSExpiration());
        assertEquals(33, m.getJMSDeliveryTime());
        assertEquals(9, m.getJMSPriority());
    }

    @Test
    void correlationIdAsBytesIsCopiedAndReplacesTheString() throws JMSException {
        PactumMessage m = new PactumMessage();
        m.setJMSCorrelationID("s");
        byte[] b = {(byte) 0xCA, (byte) 0xFE};
        m.setJMSCorrelationIDAsBytes(b);
        b[0] = 0;
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, m.getJMSCorrelationIDAsBytes());
        m.getJMSCorrelationIDAsBytes()[1] = 0;
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, m.getJMSCorrelationIDAsBytes());
        m.setJMSCorrelationIDAsBytes("abc".getBytes(StandardCharsets.UTF_8));
        assertEquals("abc", m.getJMSCorrelationID());
        m.setJMSCorrelationID(null);
        assertNull(m.getJMSCorrelationIDAsBytes());
    }

    @Test
    void acknowledgeDelegatesToTheAcknowledgerAndIsANoOpWithoutOne() throws JMSException {
        PactumTextMessage m = new PactumTextMessage("x");
        m.acknowledge(); // nothing set: ignored
        int[] calls = {0};
        m.setAcknowledger(() -> calls[0]++);
        m.acknowledge();
        m.acknowledge();
        assertEquals(2, calls[0]);
        m.setAcknowledger(() -> {
            throw new jakarta.jms.IllegalStateException("session closed");
        });
        org.junit.jupiter.api.Assertions.assertThrows(jakarta.jms.IllegalStateException.class, m::acknowledge);
        m.setAcknowledger(null);
        m.acknowledge();
    }
}
