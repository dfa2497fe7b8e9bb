package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;

/** The simplified API's consumer: a {@link PactumMessageConsumer} with unchecked exceptions and receiveBody. */
public class PactumJMSConsumer implements JMSConsumer {
    private final PactumMessageConsumer consumer;

    PactumJMSConsumer(PactumMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        return JmsErrors.unchecked(() -> consumer.getMessageSelector());
    }

    @Override
    public MessageListener getMessageListener() {
        return JmsErrors.unchecked(() -> consumer.getMessageListener());
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        JmsErrors.uncheckedRun(() -> consumer.setMessageListener(listener));
    }

    @Override
    public Message receive() {
        return JmsErrors.unchecked(() -> consumer.receive());
    }

    @Override
    public Message receive(long timeout) {
        return JmsErrors.unchecked(() -> consumer.receive(timeout));
    }

    @Override
    public Message receiveNoWait() {
        return JmsErrors.unchecked(() -> consumer.receiveNoWait());
    }

    @Override
    public void close() {
        JmsErrors.uncheckedRun(() -> consumer.close());
    }

    /**
     * The body of the next message as a {@code c}. TextMessage, BytesMessage, MapMessage and ObjectMessage bodies
     * only: a StreamMessage, a Message without a body type, a message with no body, or a body not assignable to
     * {@code c} gives MessageFormatRuntimeException. In AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE mode that message
     * is then delivered again, before any other, as if this call had not happened (not marked redelivered); in
     * CLIENT_ACKNOWLEDGE and transacted mode it counts as delivered. Null if the consumer is closed concurrently.
     */
    @Override
    public <T> T receiveBody(Class<T> c) {
        return receiveBody(c, 0);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return receiveBodyWithin(c, timeout <= 0 ? 0 : timeout);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return receiveBodyWithin(c, -1);
    }

    private <T> T receiveBodyWithin(Class<T> c, long timeoutMillis) {
        return JmsErrors.unchecked(() -> consumer.receiveExtracting(timeoutMillis, m -> body(m, c)));
    }

    private static <T> T body(PactumMessage m, Class<T> c) throws JMSException {
        if (!(m instanceof TextMessage || m instanceof BytesMessage || m instanceof MapMessage
                || m instanceof ObjectMessage)) {
            throw new MessageFormatException("receiveBody cannot return the body of a "
                    + m.getClass().getSimpleName() + ": only Text, Bytes, Map and Object messages have one to return");
        }
        if (c == null) {
            throw new MessageFormatException("receiveBody needs a class to assign the body to");
        }
        T body = m.getBody(c);
        if (body == null) {
            throw new MessageFormatException("the message has no body to assign to " + c.getName());
        }
        return body;
    }

    @Override
    public String toString() {
        return "PactumJMSConsumer[" + consumer + "]";
    }
}
