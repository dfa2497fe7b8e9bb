package io.pactum.jms.message;

import io.pactum.protocol.WireMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link MapMessage}. Values follow the stream/map conversion table (see {@link Conversions}); byte arrays are
 * copied on the way in and out. Getters work in either mode; setters throw
 * {@link jakarta.jms.MessageNotWriteableException} on a received message until {@link #clearBody()}.
 */
public class PactumMapMessage extends PactumMessage implements MapMessage {
    private Map<String, Object> map = new LinkedHashMap<>();

    public PactumMapMessage() {
    }

    // ------------------------------------------------------------------ getters

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return Conversions.toBoolean(map.get(name));
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return Conversions.toByte(map.get(name));
    }

    @Override
    public short getShort(String name) throws JMSException {
        return Conversions.toShort(map.get(name));
    }

    @Override
    public char getChar(String name) throws JMSException {
        return Conversions.toChar(map.get(name));
    }

    @Override
    public int getInt(String name) throws JMSException {
        return Conversions.toInt(map.get(name));
    }

    @Override
    public long getLong(String name) throws JMSException {
        return Conversions.toLong(map.get(name));
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return Conversions.toFloat(map.get(name));
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return Conversions.toDouble(map.get(name));
    }

    @Override
    public String getString(String name) throws JMSException {
        return Conversions.toString(map.get(name));
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return Conversions.toBytes(map.get(name));
    }

    @Override
    public Object getObject(String name) {
        return Conversions.copy(map.get(name));
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new ArrayList<>(map.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return map.containsKey(name);
    }

    // ------------------------------------------------------------------ setters

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        checkName(name);
        checkBodyWritable();
        byte[] part = new byte[length];
        System.arraycopy(value, offset, part, 0, length);
        map.put(name, part);
    }

    /**
     * Accepts the boxed primitives (Character included), String, byte[] (copied) and null; any other class throws
     * {@link MessageFormatException}.
     */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWritable();
        if (!Conversions.isBodyValueType(value)) {
            throw new MessageFormatException("MapMessage values cannot be of type " + value.getClass().getName());
        }
        map.put(name, Conversions.copy(value));
    }

    private void put(String name, Object value) throws JMSException {
        checkName(name);
        checkBodyWritable();
        map.put(name, value);
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("MapMessage item name must not be null or empty");
        }
    }

    // ------------------------------------------------------------------ body

    @Override
    public void clearBody() throws JMSException {
        map = new LinkedHashMap<>();
        super.clearBody();
    }

    /**
     * A new {@code Map} of the entries (byte arrays copied) if {@code c} is {@code Map} or a supertype; null for any
     * type when the map has no entries (an empty MapMessage has no body).
     */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (map.isEmpty()) {
            return null;
        }
        if (c == null || !c.isAssignableFrom(Map.class)) {
            throw new MessageFormatException("a MapMessage body cannot be assigned to " + c);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, Conversions.copy(v)));
        return c.cast(copy);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) {
        return map.isEmpty() || (c != null && c.isAssignableFrom(Map.class));
    }

    @Override
    protected byte bodyType() {
        return WireMessage.BODY_MAP;
    }

    @Override
    protected byte[] encodeBody() {
        return BodyCodec.encodeMap(map);
    }

    @Override
    protected void decodeBody(byte[] body) {
        map = BodyCodec.decodeMap(body);
    }

    @Override
    protected void copyBodyFrom(Message foreign) throws JMSException {
        MapMessage f = (MapMessage) foreign;
        Enumeration<?> names = f.getMapNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            setObject(name, f.getObject(name));
        }
    }
}
