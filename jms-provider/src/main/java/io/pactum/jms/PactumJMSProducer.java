package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
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

    private static JMSRuntimeException runtime(JMSException e) {
        return JmsErrors.toRuntime(e);
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
            throw runtime(e);
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
                throw runtime(e);
            }
        }
        return send(destination, m);
    }

    /** Sends a BytesMessage; a null body sends a BytesMessage with no body. */
    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            try {
                m.writeBytes(body);
            } catch (JMSException e) {
                throw runtime(e);
            }
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
        try {
            producer.setDisableMessageID(value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        try {
            return producer.getDisableMessageID();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        try {
            producer.setDisableMessageTimestamp(value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        try {
            return producer.getDisableMessageTimestamp();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        try {
            producer.setDeliveryMode(deliveryMode);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public int getDeliveryMode() {
        try {
            return producer.getDeliveryMode();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer setPriority(int priority) {
        try {
            producer.setPriority(priority);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public int getPriority() {
        try {
            return producer.getPriority();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        try {
            producer.setTimeToLive(timeToLive);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public long getTimeToLive() {
        try {
            return producer.getTimeToLive();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        try {
            producer.setDeliveryDelay(deliveryDelay);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        try {
            return producer.getDeliveryDelay();
        } catch (JMSException e) {
            throw runtime(e);
        }
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
        try {
            settings.setBooleanProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        try {
            settings.setByteProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        try {
            settings.setShortProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        try {
            settings.setIntProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        try {
            settings.setLongProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        try {
            settings.setFloatProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        try {
            settings.setDoubleProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        try {
            settings.setStringProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
        return this;
    }

    /** Boolean, Byte, Short, Integer, Long, Float, Double or String; any other class: MessageFormatRuntimeException. */
    @Override
    public JMSProducer setProperty(String name, Object value) {
        try {
            settings.setObjectProperty(name, value);
        } catch (JMSException e) {
            throw runtime(e);
        }
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
        try {
            return settings.getBooleanProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public byte getByteProperty(String name) {
        try {
            return settings.getByteProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public short getShortProperty(String name) {
        try {
            return settings.getShortProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public int getIntProperty(String name) {
        try {
            return settings.getIntProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public long getLongProperty(String name) {
        try {
            return settings.getLongProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public float getFloatProperty(String name) {
        try {
            return settings.getFloatProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public double getDoubleProperty(String name) {
        try {
            return settings.getDoubleProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public String getStringProperty(String name) {
        try {
            return settings.getStringProperty(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
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
