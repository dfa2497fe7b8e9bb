package io.pactum.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireMessageHeaderTest {
    @Test
    void expirationAtItsFixedOffsetAgreesWithTheFullHeader() {
        WireMessage m = new WireMessage();
        m.messageId = "ID:some-id-long-enough-to-move-nothing";
        m.destination = Destination.queue("q");
        m.timestamp = 1_700_000_000_000L;
        m.expiration = 1_700_000_123_456L;
        m.deliveryTime = 1_700_000_000_500L;
        m.properties.put("p", 1);
        byte[] encoded = m.encode();
        assertEquals(m.expiration, WireMessage.Header.expiration(encoded));
        assertEquals(WireMessage.Header.peek(encoded).expiration(), WireMessage.Header.expiration(encoded));
        m.expiration = 0;
        assertEquals(0, WireMessage.Header.expiration(m.encode()));
    }

    @Test
    void expirationOfGarbageIsAMalformedFrame() {
        assertThrows(MalformedFrameException.class, () -> WireMessage.Header.expiration(new byte[3]));
        byte[] wrongVersion = new byte[WireMessage.Header.SIZE];
        wrongVersion[0] = 99;
        assertThrows(MalformedFrameException.class, () -> WireMessage.Header.expiration(wrongVersion));
    }

    @Test
    void priorityAtItsFixedOffsetAgreesWithTheFullHeader() {
        WireMessage m = new WireMessage();
        m.messageId = "ID:x";
        m.destination = Destination.queue("q");
        for (int p = 0; p <= 9; p++) {
            m.priority = p;
            byte[] encoded = m.encode();
            assertEquals(p, WireMessage.Header.priority(encoded));
            assertEquals(WireMessage.Header.peek(encoded).priority(), WireMessage.Header.priority(encoded));
        }
        assertThrows(MalformedFrameException.class, () -> WireMessage.Header.priority(new byte[3]));
    }
}
