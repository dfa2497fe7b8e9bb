package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamMessageTest {

    @Test
    void typedWritesReadBack() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeBoolean(true);
        m.writeByte((byte) 1);
        m.writeShort((short) 2);
        m.writeChar('c');
        m.writeInt(3);
        m.writeLong(4);
        m.writeFloat(5f);
        m.writeDouble(6d);
        m.writeString("s");
        m.writeString(null);
        m.writeBytes(new byte[] {1, 2});
        m.writeBytes(new byte[] {0, 1, 2, 3}, 1, 2);
        m.writeObject(7);
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(1, m.readByte());
        assertEquals(2, m.readShort());
        assertEquals('c', m.readChar());
        assertEquals(3, m.readInt());
        assertEquals(4, m.readLong());
        assertEquals(5f, m.readFloat());
        assertEquals(6d, m.readDouble());
        assertEquals("s", m.readString());
        assertNull(m.readString());
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.readObject());
        assertArrayEquals(new byte[] {1, 2}, (byte[]) m.readObject(), "consecutive byte arrays are distinct fields");
        assertEquals(7, m.readObject());
        assertThrows(MessageEOFException.class, m::readObject);
        assertThrows(MessageEOFException.class, m::readInt);
        assertThrows(MessageEOFException.class, () -> m.readBytes(new byte[1]));
    }

    @Test
    void writeOnlyUntilResetThenReadOnlyUntilClearBody() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        assertThrows(MessageNotReadableException.class, m::readInt);
        assertThrows(MessageNotReadableException.class, m::readObject);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        m.writeInt(1);
        m.reset();
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1], 0, 1));
        assertEquals(1, m.readInt());
        m.reset();
        assertEquals(1, m.readInt(), "reset goes back to the start");
        m.clearBody();
        assertFalse(m.isBodyReadOnly());
        assertThrows(MessageNotReadableException.class, m::readInt);
        m.writeString("new");
        m.reset();
        assertEquals("new", m.readString());
        assertThrows(MessageEOFException.class, m::readString);
    }

    @Test
    void writeObjectRejectsOtherTypes() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new StringBuilder()));
        m.writeObject(null);
        m.writeObject('x');
        byte[] b = {5};
        m.writeObject(b);
        b[0] = 6;
        m.reset();
        assertNull(m.readObject());
        assertEquals('x', m.readObject());
        assertArrayEquals(new byte[] {5}, (byte[]) m.readObject());
    }

    @Test
    void readBytesInChunksOfAFieldNotAMultipleOfTheBuffer() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        m.writeInt(42);
        m.reset();
        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, buf);
        assertThrows(MessageFormatException.class, m::readInt, "next field before the byte field is read in full");
        assertThrows(MessageFormatException.class, m::readObject);
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, buf);
        assertEquals(2, m.readBytes(buf));
        assertEquals(9, buf[0]);
        assertEquals(10, buf[1]);
        assertEquals(42, m.readInt(), "a short count ends the field");
    }

    @Test
    void readBytesOfAFieldThatIsAMultipleOfTheBufferEndsWithMinusOne() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        m.writeBytes(new byte[] {9});
        m.reset();
        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertEquals(4, m.readBytes(buf));
        assertThrows(MessageFormatException.class, m::readString);
        assertEquals(-1, m.readBytes(buf));
        assertEquals(1, m.readBytes(buf));
        assertEquals(9, buf[0]);
        assertThrows(MessageEOFException.class, () -> m.readBytes(buf));
    }

    @Test
    void emptyAndNullByteFields() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeBytes(new byte[0]);
        m.writeBytes(null);
        m.writeBytes(new byte[0]);
        m.writeBoolean(false);
        m.reset();
        assertEquals(0, m.readBytes(new byte[4]));
        assertEquals(-1, m.readBytes(new byte[4]));
        assertArrayEquals(new byte[0], (byte[]) m.readObject());
        assertFalse(m.readBoolean());
    }

    @Test
    void readBytesOfANonByteFieldIsAFormatErrorAndDoesNotAdvance() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeString("abc");
        m.reset();
        assertThrows(MessageFormatException.class, () -> m.readBytes(new byte[4]));
        assertEquals("abc", m.readString());
    }

    @Test
    void nullReadAsCharThrowsNullPointerAndDoesNotAdvance() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeObject(null);
        m.reset();
        assertThrows(NullPointerException.class, m::readChar);
        assertFalse(m.readBoolean());
    }

    @Test
    void receivedStreamIsInReadMode() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeLong(9);
        PactumStreamMessage r = (PactumStreamMessage) PactumMessage.fromWire(m.toWire(), 1, false);
        assertTrue(r.isBodyReadOnly());
        assertEquals(9, r.readLong());
        assertThrows(MessageNotWriteableException.class, () -> r.writeLong(1));
    }
}
