package io.pactum.jms.message;

import io.pactum.jms.PactumDestination;
import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import io.pactum.protocol.Destination;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.WireMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Pactum's {@link Message}: headers and properties, no body. The body types extend it.
 *
 * <p>Like every JMS message it is not thread-safe. A message built by {@link #fromWire} is complete when that
 * method returns and holds no state shared with other messages, so the delivering thread can hand it to the
 * application thread through any safe publication (a concurrent queue, an executor).
 *
 * <p>Received messages ({@link #fromWire}) have read-only properties and body until {@link #clearProperties()} /
 * {@link #clearBody()}. Header fields are never read-only.
 */
public class PactumMessage implements Message {
    /** The provider-set delivery count property, present on every received message. */
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";

    private static final Set<String> RESERVED_NAMES = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private jakarta.jms.Destination replyTo;
    private jakarta.jms.Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private boolean propertiesReadOnly;
    /** True while the body may not be written (received Text/Map/Object messages; Bytes/Stream in read mode). */
    protected boolean bodyReadOnly;

    private volatile Acknowledger acknowledger;

    public PactumMessage() {
    }

    // ------------------------------------------------------------------ factories

    public static PactumMessage create() {
        return new PactumMessage();
    }

    public static PactumTextMessage createText(String text) {
        PactumTextMessage m = new PactumTextMessage();
        m.setTextUnchecked(text);
        return m;
    }

    public static PactumBytesMessage createBytes() {
        return new PactumBytesMessage();
    }

    public static PactumMapMessage createMap() {
        return new PactumMapMessage();
    }

    public static PactumStreamMessage createStream() {
        return new PactumStreamMessage();
    }

    /** An ObjectMessage holding the serialized form of {@code object} (null for an empty body). */
    public static PactumObjectMessage createObject(Serializable object) throws JMSException {
        PactumObjectMessage m = new PactumObjectMessage();
        m.setObject(object);
        return m;
    }

    // ------------------------------------------------------------------ acknowledgement

    /** Sets what {@link #acknowledge()} does; the session calls this before handing the message out. */
    public void setAcknowledger(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    public Acknowledger getAcknowledger() {
        return acknowledger;
    }

    @Override
    public void acknowledge() throws JMSException {
        Acknowledger a = acknowledger;
        if (a != null) {
            a.acknowledge();
        }
    }

    // ------------------------------------------------------------------ headers

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /**
     * The correlation ID bytes: those set by {@link #setJMSCorrelationIDAsBytes}, or else the UTF-8 encoding of the
     * string correlation ID, or null.
     */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
    }

    /** The string correlation ID, or, if bytes were set, those bytes decoded as UTF-8. */
    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public jakarta.jms.Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(jakarta.jms.Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public jakarta.jms.Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(jakarta.jms.Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ------------------------------------------------------------------ properties

    @Override
    public void clearProperties() {
        properties.clear();
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return name != null && properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return Conversions.toBoolean(property(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return Conversions.toByte(property(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return Conversions.toShort(property(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return Conversions.toInt(property(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return Conversions.toLong(property(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return Conversions.toFloat(property(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return Conversions.toDouble(property(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return Conversions.toString(property(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return property(name);
    }

    /** A live, unmodifiable view of the property names: JMSProducer.getPropertyNames must be backed by its producer. */
    public Set<String> propertyNamesView() {
        return Collections.unmodifiableSet(properties.keySet());
    }

    /** A snapshot of the property names, including provider-set ones such as {@code JMSXDeliveryCount}. */
    @Override
    public Enumeration<String> getPropertyNames() {
        return Collections.enumeration(new ArrayList<>(properties.keySet()));
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        putProperty(name, value);
    }

    /**
     * Accepts Boolean, Byte, Short, Integer, Long, Float, Double and String values (and null, which is stored like
     * {@code setStringProperty(name, null)}); any other class throws {@link MessageFormatException}.
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        if (!Conversions.isPropertyType(value)) {
            checkPropertyName(name);
            throw new MessageFormatException("property values cannot be of type " + value.getClass().getName());
        }
        putProperty(name, value);
    }

    private Object property(String name) {
        return name == null ? null : properties.get(name);
    }

    private void putProperty(String name, Object value) throws JMSException {
        checkPropertyName(name);
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException("message properties are read-only");
        }
        properties.put(name, value);
    }

    /**
     * Checks a property name against the message selector identifier rules: not null or empty
     * ({@link IllegalArgumentException}), a Java identifier start followed by Java identifier parts, and none of the
     * (case-insensitive) selector words NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE.
     */
    static void checkPropertyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("property name must not be null or empty");
        }
        if (!isValidIdentifier(name)) {
            throw new IllegalArgumentException("property name is not a valid message selector identifier: " + name);
        }
    }

    /** Whether {@code name} is a legal message selector identifier (and thus property name). */
    public static boolean isValidIdentifier(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        int first = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first)) {
            return false;
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return !RESERVED_NAMES.contains(name.toUpperCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ body (none for a plain Message)

    /** Clears the body (a plain Message has none) and makes it writable. */
    @Override
    public void clearBody() throws JMSException {
        bodyReadOnly = false;
    }

    /** A plain Message has no body: always null, whatever the type. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        return null;
    }

    /** A plain Message has no body: always true. */
    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        return true;
    }

    protected void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException("message body is read-only");
        }
    }

    /** The WireMessage body type of this class. */
    protected byte bodyType() {
        return WireMessage.BODY_NONE;
    }

    /** The body as {@link BodyCodec} encodes it for this type; must not be altered by later changes to the message. */
    protected byte[] encodeBody() {
        return null;
    }

    /** Replaces the body with the decoded {@code body} (see {@link BodyCodec}). */
    protected void decodeBody(byte[] body) {
    }

    /** Puts the body in the read-only state of a received message (Bytes/Stream: read mode at the start). */
    protected void makeBodyReadOnly() {
        bodyReadOnly = true;
    }

    /** Copies the body of a foreign message of the same type into this (writable) message. */
    protected void copyBodyFrom(Message foreign) throws JMSException {
    }

    public boolean isPropertiesReadOnly() {
        return propertiesReadOnly;
    }

    public boolean isBodyReadOnly() {
        return bodyReadOnly;
    }

    // ------------------------------------------------------------------ wire conversion

    /**
     * The wire form of this message as it is now. The result shares nothing mutable with this message, so later
     * changes to the message do not alter it. {@code JMSXDeliveryCount} is not sent: the broker's count replaces it
     * on delivery.
     *
     * @throws JMSException if the destination or reply-to is a foreign destination whose name cannot be read, or is
     *                      neither a Queue nor a Topic
     */
    public WireMessage toWire() throws JMSException {
        WireMessage w = new WireMessage();
        w.bodyType = bodyType();
        w.deliveryMode = deliveryMode;
        w.priority = priority;
        w.timestamp = timestamp;
        w.expiration = expiration;
        w.deliveryTime = deliveryTime;
        w.messageId = messageId;
        w.destination = wireDestination(destination);
        if (correlationIdBytes != null) {
            w.correlationIdBytes = correlationIdBytes.clone();
        } else {
            w.correlationId = correlationId;
        }
        w.replyTo = wireDestination(replyTo);
        w.type = type;
        w.properties.putAll(properties);
        w.properties.remove(JMSX_DELIVERY_COUNT);
        w.body = encodeBody();
        return w;
    }

    /**
     * The message a consumer receives for {@code w}: the subclass for its body type, {@code JMSRedelivered} and the
     * {@code JMSXDeliveryCount} property set from the broker's figures, properties and body read-only.
     *
     * @throws MalformedFrameException if the body type is unknown or the body does not decode
     */
    public static PactumMessage fromWire(WireMessage w, int deliveryCount, boolean redelivered) {
        PactumMessage m = switch (w.bodyType) {
            case WireMessage.BODY_NONE -> new PactumMessage();
            case WireMessage.BODY_TEXT -> new PactumTextMessage();
            case WireMessage.BODY_BYTES -> new PactumBytesMessage();
            case WireMessage.BODY_MAP -> new PactumMapMessage();
            case WireMessage.BODY_STREAM -> new PactumStreamMessage();
            case WireMessage.BODY_OBJECT -> new PactumObjectMessage();
            default -> throw new MalformedFrameException("unknown message body type " + w.bodyType);
        };
        m.messageId = w.messageId;
        m.timestamp = w.timestamp;
        if (w.correlationIdBytes != null) {
            m.correlationIdBytes = w.correlationIdBytes.clone();
        } else {
            m.correlationId = w.correlationId;
        }
        m.replyTo = PactumDestination.fromWire(w.replyTo);
        m.destination = PactumDestination.fromWire(w.destination);
        m.deliveryMode = w.deliveryMode;
        m.redelivered = redelivered;
        m.type = w.type;
        m.expiration = w.expiration;
        m.deliveryTime = w.deliveryTime;
        m.priority = w.priority;
        m.properties.putAll(w.properties);
        m.properties.put(JMSX_DELIVERY_COUNT, deliveryCount);
        m.decodeBody(w.body);
        m.propertiesReadOnly = true;
        m.makeBodyReadOnly();
        return m;
    }

    /**
     * The wire form of a JMS destination: Pactum destinations convert directly; another provider's Queue or Topic
     * becomes the Pactum queue or topic of the same name.
     */
    public static Destination wireDestination(jakarta.jms.Destination d) throws JMSException {
        if (d == null) {
            return null;
        }
        PactumDestination p = toPactumDestination(d);
        return p == null ? null : p.toWire();
    }

    /**
     * The Pactum equivalent of a destination: itself if it is one, the queue or topic of the same name for another
     * provider's Queue or Topic. Anything else is rejected with {@link jakarta.jms.InvalidDestinationException}.
     */
    public static PactumDestination toPactumDestination(jakarta.jms.Destination d) throws JMSException {
        if (d == null) {
            return null;
        }
        if (d instanceof PactumDestination p) {
            return p;
        }
        if (d instanceof Queue q) {
            return new PactumQueue(q.getQueueName());
        }
        if (d instanceof Topic t) {
            return new PactumTopic(t.getTopicName());
        }
        throw new jakarta.jms.InvalidDestinationException("not a Queue or Topic: " + d.getClass().getName());
    }

    // ------------------------------------------------------------------ foreign messages

    /**
     * A Pactum message equivalent to another provider's message: same body type, headers, properties and body, all
     * writable. A foreign Queue or Topic destination / reply-to becomes the Pactum one of the same name; a foreign
     * destination of any other kind is dropped (the specification does not require preserving it). Reading the body
     * of a foreign BytesMessage or StreamMessage resets it, leaving it in read-only mode.
     */
    public static PactumMessage copyOf(Message foreign) throws JMSException {
        PactumMessage m;
        if (foreign instanceof TextMessage) {
            m = new PactumTextMessage();
        } else if (foreign instanceof BytesMessage) {
            m = new PactumBytesMessage();
        } else if (foreign instanceof MapMessage) {
            m = new PactumMapMessage();
        } else if (foreign instanceof StreamMessage) {
            m = new PactumStreamMessage();
        } else if (foreign instanceof ObjectMessage) {
            m = new PactumObjectMessage();
        } else {
            m = new PactumMessage();
        }
        m.messageId = foreign.getJMSMessageID();
        m.timestamp = foreign.getJMSTimestamp();
        String corr = foreign.getJMSCorrelationID();
        if (corr != null) {
            m.correlationId = corr;
        } else {
            try {
                byte[] corrBytes = foreign.getJMSCorrelationIDAsBytes();
                m.correlationIdBytes = corrBytes == null ? null : corrBytes.clone();
            } catch (JMSException | UnsupportedOperationException e) {
                // a provider without native byte correlation IDs: nothing to copy
            }
        }
        m.replyTo = foreignDestination(foreign.getJMSReplyTo());
        m.destination = foreignDestination(foreign.getJMSDestination());
        m.deliveryMode = foreign.getJMSDeliveryMode();
        m.redelivered = foreign.getJMSRedelivered();
        m.type = foreign.getJMSType();
        m.expiration = foreign.getJMSExpiration();
        m.deliveryTime = foreign.getJMSDeliveryTime();
        m.priority = foreign.getJMSPriority();
        Enumeration<?> names = foreign.getPropertyNames();
        while (names.hasMoreElements()) {
            String name = (String) names.nextElement();
            Object value = foreign.getObjectProperty(name);
            if (!Conversions.isPropertyType(value)) {
                throw new MessageFormatException("foreign property " + name + " has a type JMS does not allow: "
                        + value.getClass().getName());
            }
            m.properties.put(name, value);
        }
        m.copyBodyFrom(foreign);
        return m;
    }

    private static PactumDestination foreignDestination(jakarta.jms.Destination d) throws JMSException {
        if (d == null || d instanceof PactumDestination) {
            return (PactumDestination) d;
        }
        if (d instanceof Queue || d instanceof Topic) {
            return toPactumDestination(d);
        }
        return null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + messageId + ", destination=" + destination + ", properties="
                + properties.keySet() + "]";
    }
}
