package io.pactum.jms.message;

import io.pactum.protocol.WireMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * A {@link BytesMessage}: write-only (bytes appended to a buffer) until {@link #reset()}, then read-only over the
 * written bytes. Values use the {@link java.io.DataOutputStream} encodings (big-endian, modified UTF-8 for
 * {@code writeUTF}). A read that finds too few bytes left throws {@link MessageEOFException} and consumes nothing.
 */
public class PactumBytesMessage extends PactumMessage implements BytesMessage {
    /** The buffer being written; null in read mode. */
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(buffer);
    /** The bytes being read; null in write mode. Never mutated, only replaced. */
    private byte[] data;
    private int position;

    public PactumBytesMessage() {
    }

    // ------------------------------------------------------------------ reading

    private void checkReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("the bytes message is in write-only mode; call reset() first");
        }
    }

    /** Checks that {@code n} bytes remain and returns the position to read them from, advancing past them. */
    private int take(int n) throws JMSException {
        checkReadable();
        if (data.length - position < n) {
            throw new MessageEOFException("end of the bytes message: " + n + " bytes needed, "
                    + (data.length - position) + " left");
        }
        int at = position;
        position += n;
        return at;
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return data.length;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return data[take(1)] != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        return data[take(1)];
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return data[take(1)] & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        int at = take(2);
        return (short) (((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF));
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        int at = take(2);
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    @Override
    public char readChar() throws JMSException {
        return (char) readUnsignedShortAt(take(2));
    }

    private int readUnsignedShortAt(int at) {
        return ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF);
    }

    @Override
    public int readInt() throws JMSException {
        return intAt(take(4));
    }

    private int intAt(int at) {
        return ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                | (data[at + 3] & 0xFF);
    }

    @Override
    public long readLong() throws JMSException {
        int at = take(8);
        return ((long) intAt(at) << 32) | (intAt(at + 4) & 0xFFFFFFFFL);
    }

    @Override
    public float readFloat() throws JMSException {
        return Float.intBitsToFloat(intAt(take(4)));
    }

    @Override
    public double readDouble() throws JMSException {
        int at = take(8);
        return Double.longBitsToDouble(((long) intAt(at) << 32) | (intAt(at + 4) & 0xFFFFFFFFL));
    }

    /** Reads a string in modified UTF-8 as {@code writeUTF} wrote it; on failure the position does not move. */
    @Override
    public String readUTF() throws JMSException {
        checkReadable();
        ByteArrayInputStream in = new ByteArrayInputStream(data, position, data.length - position);
        try {
            String s = new DataInputStream(in).readUTF();
            position = data.length - in.available();
            return s;
        } catch (EOFException e) {
            MessageEOFException eof = new MessageEOFException("end of the bytes message inside a UTF string");
            eof.setLinkedException(e);
            throw eof;
        } catch (IOException e) {
            MessageFormatException mfe = new MessageFormatException("malformed UTF string: " + e.getMessage());
            mfe.setLinkedException(e);
            throw mfe;
        }
    }

    /** Same as {@code readBytes(value, value.length)}. */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /**
     * Reads up to {@code length} bytes into {@code value}; returns how many were read, or -1 when no bytes are left.
     *
     * @throws IndexOutOfBoundsException if {@code length} is negative or larger than {@code value} (nothing is read)
     */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " outside 0.." + value.length);
        }
        checkReadable();
        int remaining = data.length - position;
        if (remaining == 0) {
            return -1;
        }
        int n = Math.min(length, remaining);
        System.arraycopy(data, position, value, 0, n);
        position += n;
        return n;
    }

    // ------------------------------------------------------------------ writing

    private DataOutputStream out() throws JMSException {
        checkBodyWritable();
        return out;
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        io(() -> out().writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        io(() -> out().writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        io(() -> out().writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        io(() -> out().writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        io(() -> out().writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        io(() -> out().writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        io(() -> out().writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        io(() -> out().writeDouble(value));
    }

    /** Writes {@code value} in modified UTF-8 with a two-byte length; longer than 65535 encoded bytes fails. */
    @Override
    public void writeUTF(String value) throws JMSException {
        io(() -> out().writeUTF(value));
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        io(() -> out().write(value));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        io(() -> out().write(value, offset, length));
    }

    /**
     * Writes a boxed primitive, String ({@code writeUTF}) or byte[]; null throws {@link NullPointerException}, any
     * other class {@link MessageFormatException}.
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("BytesMessage.writeObject(null)");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw new MessageFormatException("BytesMessage cannot write a " + value.getClass().getName());
        }
    }

    private interface IoAction {
        void run() throws IOException, JMSException;
    }

    private static void io(IoAction action) throws JMSException {
        try {
            action.run();
        } catch (IOException e) {
            // ByteArrayOutputStream never fails; only writeUTF of a too-long string gets here
            MessageFormatException mfe = new MessageFormatException("cannot write value: " + e.getMessage());
            mfe.setLinkedException(e);
            throw mfe;
        }
    }

    /**
     * Puts the body in read-only mode and moves to the first byte. In write mode the bytes written so far become
     * the body.
     */
    @Override
    public void reset() {
        if (!bodyReadOnly) {
            data = buffer.toByteArray();
            buffer = null;
            out = null;
            bodyReadOnly = true;
        }
        position = 0;
    }

    // ------------------------------------------------------------------ body

    @Override
    public void clearBody() throws JMSException {
        data = null;
        position = 0;
        buffer = new ByteArrayOutputStream();
        out = new DataOutputStream(buffer);
        super.clearBody();
    }

    /**
     * All the bytes of the body, whatever the read position, if {@code c} is {@code byte[]} or {@code Object}; null
     * for any type when the body is empty. As the specification says, the message is reset before and after, so
     * it is left in read-only mode at the first byte.
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        reset();
        try {
            if (data.length == 0) {
                return null;
            }
            if (c == null || !c.isAssignableFrom(byte[].class)) {
                throw new MessageFormatException("a BytesMessage body cannot be assigned to " + c);
            }
            return c.cast(data.clone());
        } finally {
            reset();
        }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return currentLength() == 0 || (c != null && c.isAssignableFrom(byte[].class));
    }

    private int currentLength() {
        return bodyReadOnly ? data.length : buffer.size();
    }

    @Override
    protected byte bodyType() {
        return WireMessage.BODY_BYTES;
    }

    /** The bytes of the body: everything written so far in write mode, the whole body in read mode. */
    @Override
    protected byte[] encodeBody() {
        return bodyReadOnly ? data : buffer.toByteArray();
    }

    @Override
    protected void decodeBody(byte[] body) {
        data = body == null ? new byte[0] : body;
        buffer = null;
        out = null;
        bodyReadOnly = true;
        position = 0;
    }

    @Override
    protected void makeBodyReadOnly() {
        reset();
    }

    /**
     * Copies the whole body of a foreign BytesMessage, leaving it reset (read-only, at the first byte). The body can
     * only be read after {@code reset()} (a message the sender never reset is write-only, and reading it would throw
     * MessageNotReadableException), so the copy starts with one; it then reads until {@code readBytes} reports the
     * end, without trusting {@code getBodyLength()}, which another provider may not support.
     */
    @Override
    protected void copyBodyFrom(Message foreign) throws JMSException {
        BytesMessage f = (BytesMessage) foreign;
        f.reset();
        byte[] chunk = new byte[64 * 1024];
        long copied = 0;
        int n;
        while ((n = f.readBytes(chunk)) > 0) {
            if (copied + n > Integer.MAX_VALUE - 8) {
                throw new MessageFormatException("foreign BytesMessage too large: over " + copied + " bytes");
            }
            writeBytes(chunk, 0, n);
            copied += n;
        }
        f.reset();
    }
}
