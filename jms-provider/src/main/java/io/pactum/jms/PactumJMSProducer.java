package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: an anonymous {@link PactumMessageProducer} of the context's session plus the
 * message properties and headers that every message it sends receives. The properties live in a
 * {@link PactumMessage} used as a property bag, so names are validated and values converted exactly as on a message.
 */
public class PactumJMSProducer implements JMSProducer {
    private enum Correlation { NONE, STRING, BYTES }

    private final PactumJMSContext context;
    private final PactumMessageProducer producer;
    /** Properties, and the JMSCorrelationID, JMSType and JMSReplyTo headers, set on this producer. */
    private final PactumMessage settings = new PactumMessage();
    private Correlation correlation = Correlation.NONE;
    private CompletionListener async;

    PactumJMSProducer(PactumJMSContext context, PactumMessageProducer producer) {
        this.context = context;
        this.producer = producer;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code message} with this producer's delivery options, after setting on it the properties and the
     * headers configured here (a received message whose properties are read-only gives
     * MessageNotWriteableRuntimeException if this producer has properties to set).
     */
    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (destination == null) {
            throw new InvalidDestinationRuntimeException("destination must not be null");
        }
        if (message == null) {
            throw new MessageFormatRuntimeException("message must not be null");
        }
        try {
            apply(message);
            if (async != null) {
                producer.send(destination, message, async);
            } else {
                producer.send(destination, message);
            }
        } catch (JMSException e) {
            throw JmsErrors.toRuntime(e);
        }
        return this;
    }

    /** Sends a TextMessage; a null body sends a TextMessage with no body. */
    @Override
    public JMSProducer send(Destination destination, String body) {
        TextMessage m = context.createTextMessage(body);
        return send(destination, m);
    }

    /** Sends a MapMessage; a null body sends a MapMessage with no entries. */
    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            try {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
            } catch (JMSException e) {
                throw JmsErrors.toRuntime(e);
            }
        }
        return send(destination, m);
    }

    /** Sends a BytesMessage; a null body sends a BytesMessage with no body. */
    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            JmsErrors.uncheckedRun(() -> m.writeBytes(body));
        }
        return send(destination, m);
    }

    /** Sends an ObjectMessage; a null body sends an ObjectMessage with no body. */
    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        ObjectMessage m = context.createObjectMessage(body);
        return send(destination, m);
    }

    private void apply(Message message) throws JMSException {
        for (String name : Collections.list(settings.getPropertyNames())) {
            message.setObjectProperty(name, settings.getObjectProperty(name));
        }
        switch (correlation) {
            case STRING -> message.setJMSCorrelationID(settings.getJMSCorrelationID());
            case BYTES -> message.setJMSCorrelationIDAsBytes(settings.getJMSCorrelationIDAsBytes());
            default -> {
            }
        }
        if (settings.getJMSType() != null) {
            message.setJMSType(settings.getJMSType());
        }
        if (settings.getJMSReplyTo() != null) {
            message.setJMSReplyTo(settings.getJMSReplyTo());
        }
    }

    // ---------------------------------------------------------------- delivery options

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        JmsErrors.uncheckedRun(() -> producer.setDisableMessageID(value));
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return JmsErrors.unchecked(() -> producer.getDisableMessageID());
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        JmsErrors.uncheckedRun(() -> producer.setDisableMessageTimestamp(value));
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return JmsErrors.unchecked(() -> producer.getDisableMessageTimestamp());
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        JmsErrors.uncheckedRun(() -> producer.setDeliveryMode(deliveryMode));
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return JmsErrors.unchecked(() -> producer.getDeliveryMode());
    }

    @Override
    public JMSProducer setPriority(int priority) {
        JmsErrors.uncheckedRun(() -> producer.setPriority(priority));
        return this;
    }

    @Override
    public int getPriority() {
        return JmsErrors.unchecked(() -> producer.getPriority());
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        JmsErrors.uncheckedRun(() -> producer.setTimeToLive(timeToLive));
        return this;
    }

    @Override
    public long getTimeToLive() {
        return JmsErrors.unchecked(() -> producer.getTimeToLive());
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        JmsErrors.uncheckedRun(() -> producer.setDeliveryDelay(deliveryDelay));
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return JmsErrors.unchecked(() -> producer.getDeliveryDelay());
    }

    /** A listener makes later sends asynchronous; null makes them synchronous again. */
    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.async = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ---------------------------------------------------------------- properties

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        JmsErrors.uncheckedRun(() -> settings.setBooleanProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        JmsErrors.uncheckedRun(() -> settings.setByteProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        JmsErrors.uncheckedRun(() -> settings.setShortProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        JmsErrors.uncheckedRun(() -> settings.setIntProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        JmsErrors.uncheckedRun(() -> settings.setLongProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        JmsErrors.uncheckedRun(() -> settings.setFloatProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        JmsErrors.uncheckedRun(() -> settings.setDoubleProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        JmsErrors.uncheckedRun(() -> settings.setStringProperty(name, value));
        return this;
    }

    /** Boolean, Byte, Short, Integer, Long, Float, Double or String; any other class: MessageFormatRuntimeException. */
    @Override
    public JMSProducer setProperty(String name, Object value) {
        JmsErrors.uncheckedRun(() -> settings.setObjectProperty(name, value));
        return this;
    }

    @Override
    public JMSProducer clearProperties() {
        settings.clearProperties();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return settings.propertyExists(name);
    }

    @Override
    public boolean getBooleanProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getBooleanProperty(name));
    }

    @Override
    public byte getByteProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getByteProperty(name));
    }

    @Override
    public short getShortProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getShortProperty(name));
    }

    @Override
    public int getIntProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getIntProperty(name));
    }

    @Override
    public long getLongProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getLongProperty(name));
    }

    @Override
    public float getFloatProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getFloatProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getDoubleProperty(name));
    }

    @Override
    public String getStringProperty(String name) {
        return JmsErrors.unchecked(() -> settings.getStringProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return settings.getObjectProperty(name);
    }

    /** The names of the properties set on this producer: an unmodifiable view that follows later changes. */
    @Override
    public Set<String> getPropertyNames() {
        return settings.propertyNamesView();
    }

    // ---------------------------------------------------------------- headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        settings.setJMSCorrelationIDAsBytes(correlationID);
        correlation = correlationID == null ? Correlation.NONE : Correlation.BYTES;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return settings.getJMSCorrelationIDAsBytes();
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        settings.setJMSCorrelationID(correlationID);
        correlation = correlationID == null ? Correlation.NONE : Correlation.STRING;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        return settings.getJMSCorrelationID();
    }

    @Override
    public JMSProducer setJMSType(String type) {
        settings.setJMSType(type);
        return this;
    }

    @Override
    public String getJMSType() {
        return settings.getJMSType();
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        settings.setJMSReplyTo(replyTo);
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return settings.getJMSReplyTo();
    }

    @Override
    public String toString() {
        return "PactumJMSProducer[" + context + "]";
    }
}
