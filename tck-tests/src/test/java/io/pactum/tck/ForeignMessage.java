package io.pactum.tck;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.TextMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Messages of "another provider": plain fields, no Pactum code, for the specification's rule that a provider must
 * accept message implementations that are not its own. Headers and properties live in this base class.
 */
abstract class ForeignMessage implements Message {
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String messageId;
    private long timestamp;
    private String correlationId;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = 4;

    @Override public String getJMSMessageID() { return messageId; }
    @Override public void setJMSMessageID(String id) { messageId = id; }
    @Override public long getJMSTimestamp() { return timestamp; }
    @Override public void setJMSTimestamp(long t) { timestamp = t; }
    @Override public byte[] getJMSCorrelationIDAsBytes() {
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }
    @Override public void setJMSCorrelationIDAsBytes(byte[] id) { correlationId = new String(id, StandardCharsets.UTF_8); }
    @Override public void setJMSCorrelationID(String id) { correlationId = id; }
    @Override public String getJMSCorrelationID() { return correlationId; }
    @Override public Destination getJMSReplyTo() { return replyTo; }
    @Override public void setJMSReplyTo(Destination d) { replyTo = d; }
    @Override public Destination getJMSDestination() { return destination; }
    @Override public void setJMSDestination(Destination d) { destination = d; }
    @Override public int getJMSDeliveryMode() { return deliveryMode; }
    @Override public void setJMSDeliveryMode(int m) { deliveryMode = m; }
    @Override public boolean getJMSRedelivered() { return redelivered; }
    @Override public void setJMSRedelivered(boolean r) { redelivered = r; }
    @Override public String getJMSType() { return type; }
    @Override public void setJMSType(String t) { type = t; }
    @Override public long getJMSExpiration() { return expiration; }
    @Override public void setJMSExpiration(long e) { expiration = e; }
    @Override public long getJMSDeliveryTime() { return deliveryTime; }
    @Override public void setJMSDeliveryTime(long t) { deliveryTime = t; }
    @Override public int getJMSPriority() { return priority; }
    @Override public void setJMSPriority(int p) { priority = p; }
    @Override public void clearProperties() { properties.clear(); }
    @Override public boolean propertyExists(String name) { return properties.containsKey(name); }
    @Override public boolean getBooleanProperty(String name) { return (Boolean) properties.get(name); }
    @Override public byte getByteProperty(String name) { return (Byte) properties.get(name); }
    @Override public short getShortProperty(String name) { return (Short) properties.get(name); }
    @Override public int getIntProperty(String name) { return (Integer) properties.get(name); }
    @Override public long getLongProperty(String name) { return (Long) properties.get(name); }
    @Override public float getFloatProperty(String name) { return (Float) properties.get(name); }
    @Override public double getDoubleProperty(String name) { return (Double) properties.get(name); }
    @Override public String getStringProperty(String name) {
        Object v = properties.get(name);
        return v == null ? null : v.toString();
    }
    @Override public Object getObjectProperty(String name) { return properties.get(name); }
    @Override public Enumeration<?> getPropertyNames() { return Collections.enumeration(properties.keySet()); }
    @Override public void setBooleanProperty(String name, boolean v) { properties.put(name, v); }
    @Override public void setByteProperty(String name, byte v) { properties.put(name, v); }
    @Override public void setShortProperty(String name, short v) { properties.put(name, v); }
    @Override public void setIntProperty(String name, int v) { properties.put(name, v); }
    @Override public void setLongProperty(String name, long v) { properties.put(name, v); }
    @Override public void setFloatProperty(String name, float v) { properties.put(name, v); }
    @Override public void setDoubleProperty(String name, double v) { properties.put(name, v); }
    @Override public void setStringProperty(String name, String v) { properties.put(name, v); }
    @Override public void setObjectProperty(String name, Object v) { properties.put(name, v); }
    @Override public void acknowledge() { }

    /** A TextMessage of another provider. */
    static final class Text extends ForeignMessage implements TextMessage {
        private String text;

        Text(String text) {
            this.text = text;
        }

        @Override public void setText(String string) { text = string; }
        @Override public String getText() { return text; }
        @Override public void clearBody() { text = null; }
        @SuppressWarnings("unchecked")
        @Override public <T> T getBody(Class<T> c) { return (T) text; }
        @SuppressWarnings("rawtypes")
        @Override public boolean isBodyAssignableTo(Class c) { return c.isAssignableFrom(String.class); }
    }

    /**
     * A BytesMessage of another provider, with the modes the specification gives it: write-only until {@link #reset},
     * then read-only from the first byte. With {@code bodyLengthUsable} false, {@link #getBodyLength} fails, as it may
     * in a provider that streams its body: a careful receiver of this message reads until the end instead.
     */
    static final class Bytes extends ForeignMessage implements BytesMessage {
        private final boolean bodyLengthUsable;
        private ByteArrayOutputStream written = new ByteArrayOutputStream();
        private DataOutputStream out = new DataOutputStream(written);
        private byte[] body;
        private DataInputStream in;
        int resets;

        Bytes(boolean bodyLengthUsable) {
            this.bodyLengthUsable = bodyLengthUsable;
        }

        /** True until the first reset. */
        boolean writeOnly() {
            return in == null;
        }

        @Override
        public void reset() {
            resets++;
            if (in == null) {
                body = written.toByteArray();
                written = null;
                out = null;
            }
            in = new DataInputStream(new ByteArrayInputStream(body));
        }

        @Override
        public long getBodyLength() throws JMSException {
            if (!bodyLengthUsable) {
                throw new JMSException("this provider cannot tell the body length");
            }
            readable();
            return body.length;
        }

        private DataInputStream readable() throws MessageNotReadableException {
            if (in == null) {
                throw new MessageNotReadableException("message is write-only");
            }
            return in;
        }

        private DataOutputStream writable() throws MessageNotWriteableException {
            if (out == null) {
                throw new MessageNotWriteableException("message is read-only");
            }
            return out;
        }

        private interface Read<T> {
            T from(DataInputStream in) throws IOException;
        }

        private interface Write {
            void to(DataOutputStream out) throws IOException;
        }

        private <T> T read(Read<T> r) throws JMSException {
            try {
                return r.from(readable());
            } catch (EOFException e) {
                throw new MessageEOFException("end of body");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(Write w) throws JMSException {
            try {
                w.to(writable());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override public boolean readBoolean() throws JMSException { return read(DataInputStream::readBoolean); }
        @Override public byte readByte() throws JMSException { return read(DataInputStream::readByte); }
        @Override public int readUnsignedByte() throws JMSException { return read(DataInputStream::readUnsignedByte); }
        @Override public short readShort() throws JMSException { return read(DataInputStream::readShort); }
        @Override public int readUnsignedShort() throws JMSException { return read(DataInputStream::readUnsignedShort); }
        @Override public char readChar() throws JMSException { return read(DataInputStream::readChar); }
        @Override public int readInt() throws JMSException { return read(DataInputStream::readInt); }
        @Override public long readLong() throws JMSException { return read(DataInputStream::readLong); }
        @Override public float readFloat() throws JMSException { return read(DataInputStream::readFloat); }
        @Override public double readDouble() throws JMSException { return read(DataInputStream::readDouble); }
        @Override public String readUTF() throws JMSException { return read(in -> in.readUTF()); }
        @Override public int readBytes(byte[] value) throws JMSException { return readBytes(value, value.length); }

        @Override
        public int readBytes(byte[] value, int length) throws JMSException {
            return read(in -> {
                int n = in.read(value, 0, length);
                return n <= 0 && length > 0 ? -1 : n;
            });
        }

        @Override public void writeBoolean(boolean value) throws JMSException { write(o -> o.writeBoolean(value)); }
        @Override public void writeByte(byte value) throws JMSException { write(o -> o.writeByte(value)); }
        @Override public void writeShort(short value) throws JMSException { write(o -> o.writeShort(value)); }
        @Override public void writeChar(char value) throws JMSException { write(o -> o.writeChar(value)); }
        @Override public void writeInt(int value) throws JMSException { write(o -> o.writeInt(value)); }
        @Override public void writeLong(long value) throws JMSException { write(o -> o.writeLong(value)); }
        @Override public void writeFloat(float value) throws JMSException { write(o -> o.writeFloat(value)); }
        @Override public void writeDouble(double value) throws JMSException { write(o -> o.writeDouble(value)); }
        @Override public void writeUTF(String value) throws JMSException { write(o -> o.writeUTF(value)); }
        @Override public void writeBytes(byte[] value) throws JMSException { write(o -> o.write(value)); }
        @Override public void writeBytes(byte[] value, int offset, int length) throws JMSException {
            write(o -> o.write(value, offset, length));
        }
        @Override public void writeObject(Object value) throws JMSException {
            throw new jakarta.jms.MessageFormatException("not needed by these tests");
        }

        @Override
        public void clearBody() {
            written = new ByteArrayOutputStream();
            out = new DataOutputStream(written);
            body = null;
            in = null;
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getBody(Class<T> c) {
            return (T) body;
        }

        @SuppressWarnings("rawtypes")
        @Override
        public boolean isBodyAssignableTo(Class c) {
            return c.isAssignableFrom(byte[].class);
        }
    }
}
