package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BytesMessageTest {

    static PactumBytesMessage written() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -2);
        m.writeShort((short) -300);
        m.writeChar('é');
        m.writeInt(-70000);
        m.writeLong(Long.MIN_VALUE + 5);
        m.writeFloat(1.25f);
        m.writeDouble(-2.5e300);
        m.writeUTF("héllo");
        m.writeBytes(new byte[] {9, 8, 7});
        m.writeBytes(new byte[] {0, 1, 2, 3, 4}, 1, 2);
        return m;
    }

    @Test
    void valuesReadBackInOrderAfterReset() throws JMSException {
        PactumBytesMessage m = written();
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(-2, m.readByte());
        assertEquals(-300, m.readShort());
        assertEquals('é', m.readChar());
        assertEquals(-70000, m.readInt());
        assertEquals(Long.MIN_VALUE + 5, m.readLong());
        assertEquals(1.25f, m.readFloat());
        assertEquals(-2.5e300, m.readDouble());
        assertEquals("héllo", m.readUTF());
        byte[] buf = new byte[5];
        assertEquals(5, m.readBytes(buf));
        assertArrayEquals(new byte[] {9, 8, 7, 1, 2}, buf);
        assertEquals(-1, m.readBytes(buf));
        assertThrows(MessageEOFException.class, m::readByte);
    }

    @Test
    void encodingMatchesDataOutputStream() throws JMSException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeBoolean(true);
        d.writeByte(-2);
        d.writeShort(-300);
        d.writeChar('é');
        d.writeInt(-70000);
        d.writeLong(Long.MIN_VALUE + 5);
        d.writeFloat(1.25f);
        d.writeDouble(-2.5e300);
        d.writeUTF("héllo");
        d.write(new byte[] {9, 8, 7, 1, 2});
        PactumBytesMessage m = written();
        m.reset();
        assertEquals(bytes.size(), m.getBodyLength());
        assertArrayEquals(bytes.toByteArray(), m.getBody(byte[].class));
    }

    @Test
    void unsignedReads() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeByte((byte) -1);
        m.writeShort((short) -1);
        m.reset();
        assertEquals(255, m.readUnsignedByte());
        assertEquals(65535, m.readUnsignedShort());
    }

    @Test
    void writeOnlyUntilResetThenReadOnly() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        assertFalse(m.isBodyReadOnly());
        assertThrows(MessageNotReadableException.class, m::readByte);
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        assertThrows(MessageNotReadableException.class, () -> m.readBytes(new byte[1]));
        assertThrows(MessageNotReadableException.class, m::readUTF);
        m.writeInt(1);
        m.reset();
        assertThrows(MessageNotWriteableException.class, () -> m.writeInt(2));
        assertThrows(MessageNotWriteableException.class, () -> m.writeBytes(new byte[1]));
        assertThrows(MessageNotWriteableException.class, () -> m.writeObject("x"));
        assertThrows(MessageNotWriteableException.class, () -> m.writeUTF("x"));
        assertEquals(4, m.getBodyLength());
        assertEquals(1, m.readInt());
        m.reset(); // in read mode: back to the start
        assertEquals(1, m.readInt());
        m.clearBody();
        assertFalse(m.isBodyReadOnly());
        assertThrows(MessageNotReadableException.class, m::getBodyLength);
        m.writeShort((short) 5);
        m.reset();
        assertEquals(2, m.getBodyLength());
        assertEquals(5, m.readShort());
    }

    @Test
    void aShortReadThrowsEofAndConsumesNothing() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeShort((short) 7);
        m.reset();
        assertThrows(MessageEOFException.class, m::readInt);
        assertThrows(MessageEOFException.class, m::readLong);
        assertThrows(MessageEOFException.class, m::readDouble);
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(7, m.readShort());
        assertThrows(MessageEOFException.class, m::readBoolean);
        assertThrows(MessageEOFException.class, m::readChar);
    }

    @Test
    void readUtfOfTooFewBytesDoesNotMove() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeShort((short) 10); // a UTF length of 10 with only 2 bytes following
        m.writeShort((short) 0x4142);
        m.reset();
        assertThrows(MessageEOFException.class, m::readUTF);
        assertEquals(10, m.readShort());
    }

    @Test
    void readBytesChunking() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        m.reset();
        byte[] buf = new byte[4];
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, buf);
        assertEquals(4, m.readBytes(buf));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, buf);
        assertEquals(2, m.readBytes(buf));
        assertEquals(9, buf[0]);
        assertEquals(10, buf[1]);
        assertEquals(-1, m.readBytes(buf));

        m.reset();
        assertEquals(3, m.readBytes(buf, 3));
        assertArrayEquals(new byte[] {1, 2, 3}, new byte[] {buf[0], buf[1], buf[2]});
        assertEquals(0, m.readBytes(buf, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readBytes(buf, -1));
        assertEquals(4, m.readByte(), "a rejected length reads nothing");
    }

    @Test
    void emptyBody() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.reset();
        assertEquals(0, m.getBodyLength());
        assertEquals(-1, m.readBytes(new byte[3]));
        assertThrows(MessageEOFException.class, m::readByte);
    }

    @Test
    void writeObject() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        m.writeObject(true);
        m.writeObject((byte) 1);
        m.writeObject((short) 2);
        m.writeObject('c');
        m.writeObject(3);
        m.writeObject(4L);
        m.writeObject(5f);
        m.writeObject(6d);
        m.writeObject("s");
        m.writeObject(new byte[] {7});
        assertThrows(NullPointerException.class, () -> m.writeObject(null));
        assertThrows(MessageFormatException.class, () -> m.writeObject(new Object()));
        m.reset();
        assertTrue(m.readBoolean());
        assertEquals(1, m.readByte());
        assertEquals(2, m.readShort());
        assertEquals('c', m.readChar());
        assertEquals(3, m.readInt());
        assertEquals(4L, m.readLong());
        assertEquals(5f, m.readFloat());
        assertEquals(6d, m.readDouble());
        assertEquals("s", m.readUTF());
        assertEquals(7, m.readByte());
        assertEquals(-1, m.readBytes(new byte[1]));
    }

    @Test
    void tooLongUtfIsAFormatError() {
        PactumBytesMessage m = new PactumBytesMessage();
        assertThrows(MessageFormatException.class, () -> m.writeUTF("x".repeat(70_000)));
    }

    @Test
    void changingTheSourceArrayAfterWriteDoesNotChangeTheMessage() throws JMSException {
        PactumBytesMessage m = new PactumBytesMessage();
        byte[] src = {1, 2, 3};
        m.writeBytes(src);
        src[0] = 99;
        m.reset();
        assertEquals(1, m.readByte());
    }
}
