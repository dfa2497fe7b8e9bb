package io.pactum.jms.message;

import io.pactum.protocol.WireMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamMessage}: a sequence of typed values, write-only until {@link #reset()} and read-only after it.
 *
 * <p>Reads follow the stream conversion table (see {@link Conversions}). A read that fails with
 * {@link MessageFormatException}, {@link NumberFormatException} or {@link NullPointerException} does not move the
 * read position, so the value can be read again as another type. Once {@link #readBytes(byte[])} has started on a
 * byte array field, any other read throws {@link MessageFormatException} until that field has been read in full.
 */
public class PactumStreamMessage extends PactumMessage implements StreamMessage {
    private List<Object> values = new ArrayList<>();
    /** Index of the next field to read. */
    private int position;
    /** Bytes of the current byte[] field already returned by readBytes; -1 when no readBytes is in progress. */
    private int bytesRead = -1;

    public PactumStreamMessage() {
    }

    // ------------------------------------------------------------------ reading

    private interface Converter<T> {
        T convert(Object value) throws JMSException;
    }

    private <T> T read(Converter<T> converter) throws JMSException {
        checkReadable();
        if (bytesRead >= 0) {
            throw new MessageFormatException("the byte array field being read by readBytes must be read in full first");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("end of the stream message");
        }
        T result = converter.convert(values.get(position));
        position++;
        return result;
    }

    private void checkReadable() throws MessageNotReadableException {
        if (!bodyReadOnly) {
            throw new MessageNotReadableException("the stream message is in write-only mode; call reset() first");
        }
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return read(Conversions::toBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(Conversions::toByte);
    }

    @Override
    public short readShort() throws JMSException {
        return read(Conversions::toShort);
    }

    @Override
    public char readChar() throws JMSException {
        return read(Conversions::toChar);
    }

    @Override
    public int readInt() throws JMSException {
        return read(Conversions::toInt);
    }

    @Override
    public long readLong() throws JMSException {
        return read(Conversions::toLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(Conversions::toFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(Conversions::toDouble);
    }

    @Override
    public String readString() throws JMSException {
        return read(Conversions::toString);
    }

    /** The next value as an object; byte arrays come back as a new {@code byte[]}. */
    @Override
    public Object readObject() throws JMSException {
        return read(Conversions::copy);
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        checkReadable();
        if (bytesRead < 0) {
            if (position >= values.size()) {
                throw new MessageEOFException("end of the stream message");
            }
            Object field = values.get(position);
            if (field == null) {
                position++;
                return -1;
            }
            if (!(field instanceof byte[])) {
                throw Conversions.notConvertible(field, "byte[]");
            }
            bytesRead = 0;
        }
        byte[] field = (byte[]) values.get(position);
        int remaining = field.length - bytesRead;
        if (remaining == 0 && bytesRead > 0) {
            endBytesField();
            return -1;
        }
        int n = Math.min(value.length, remaining);
        System.arraycopy(field, bytesRead, value, 0, n);
        bytesRead += n;
        if (n < value.length) {
            endBytesField();
        }
        return n;
    }

    private void endBytesField() {
        bytesRead = -1;
        position++;
    }

    // ------------------------------------------------------------------ writing

    private void write(Object value) throws JMSException {
        checkBodyWritable();
        values.add(value);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        write(value);
    }

    /** Writes a byte array field (a copy); null writes a null field, which readBytes returns as -1. */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        checkBodyWritable();
        byte[] part = new byte[length];
        System.arraycopy(value, offset, part, 0, length);
        values.add(part);
    }

    /**
     * Accepts the boxed primitives (Character included), String, byte[] (copied) and null; any other class throws
     * {@link MessageFormatException}.
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        checkBodyWritable();
        if (!Conversions.isBodyValueType(value)) {
            throw new MessageFormatException("StreamMessage values cannot be of type " + value.getClass().getName());
        }
        values.add(Conversions.copy(value));
    }

    /** Puts the body in read-only mode and moves the read position to the first field. */
    @Override
    public void reset() {
        bodyReadOnly = true;
        position = 0;
        bytesRead = -1;
    }

    // ------------------------------------------------------------------ body

    @Override
    public void clearBody() throws JMSException {
        values = new ArrayList<>();
        position = 0;
        bytesRead = -1;
        super.clearBody();
    }

    /** Always throws {@link MessageFormatException}: a StreamMessage body cannot be read with getBody. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("getBody is not supported for a StreamMessage");
    }

    /** Always false, as the specification requires for a StreamMessage. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return false;
    }

    @Override
    protected byte bodyType() {
        return WireMessage.BODY_STREAM;
    }

    @Override
    protected byte[] encodeBody() {
        return BodyCodec.encodeStream(values);
    }

    @Override
    protected void decodeBody(byte[] body) {
        values = BodyCodec.decodeStream(body);
    }

    @Override
    protected void makeBodyReadOnly() {
        reset();
    }

    /** Reads the foreign stream from its start to its end, leaving it reset (read-only, at the start). */
    @Override
    protected void copyBodyFrom(Message foreign) throws JMSException {
        StreamMessage f = (StreamMessage) foreign;
        f.reset();
        while (true) {
            Object v;
            try {
                v = f.readObject();
            } catch (MessageEOFException e) {
                break;
            }
            writeObject(v);
        }
        f.reset();
    }
}
