package io.pactum.xa.ra;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TransactionInProgressRuntimeException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The JMSContext an application gets in a container: a {@link ConnectionHandle} it owns plus the managed connection's
 * session seen through the simplified API, with the same rules as {@link SessionHandle} (session mode ignored,
 * commit/rollback refused in a transaction) and {@link ConnectionHandle} (setClientID, setExceptionListener, stop
 * and createContext refused). Closing it closes its consumers and gives the connection back to the container.
 */
public class ContextHandle implements JMSContext {
    private final ConnectionHandle connection;
    private final List<JMSConsumer> consumers = new ArrayList<>();
    private volatile boolean closed;
    private volatile boolean autoStart = true;

    ContextHandle(ConnectionHandle connection) {
        this.connection = connection;
    }

    private PactumManagedConnection managed() {
        if (closed) {
            throw new IllegalStateRuntimeException("JMSContext is closed");
        }
        try {
            return connection.managed();
        } catch (JMSException e) {
            throw new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private JMSContext ctx() {
        try {
            return managed().context();
        } catch (JMSException e) {
            throw new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private synchronized JMSConsumer consumer(JMSConsumer c) {
        consumers.add(c);
        return c;
    }

    private static IllegalStateRuntimeException forbidden(String method) {
        return new IllegalStateRuntimeException(method + " must not be used in a Jakarta EE web or EJB application");
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        managed();
        throw forbidden("createContext");
    }

    @Override
    public JMSProducer createProducer() {
        return ctx().createProducer();
    }

    @Override
    public String getClientID() {
        try {
            return managed().physicalConnection().getClientID();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    @Override
    public void setClientID(String clientID) {
        managed();
        throw forbidden("setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return ctx().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() {
        managed();
        return null;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        managed();
        throw forbidden("setExceptionListener");
    }

    @Override
    public void start() {
        managed();
    }

    @Override
    public void stop() {
        managed();
        throw forbidden("stop");
    }

    /** Kept for getAutoStart only: the managed connection is always started. */
    @Override
    public void setAutoStart(boolean autoStart) {
        managed();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        managed();
        return autoStart;
    }

    @Override
    public void close() {
        List<JMSConsumer> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(consumers);
            consumers.clear();
        }
        for (JMSConsumer c : toClose) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            connection.close();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    @Override
    public BytesMessage createBytesMessage() {
        return ctx().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() {
        return ctx().createMapMessage();
    }

    @Override
    public Message createMessage() {
        return ctx().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return ctx().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return ctx().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() {
        return ctx().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() {
        return ctx().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return ctx().createTextMessage(text);
    }

    @Override
    public boolean getTransacted() {
        return managed().inTransaction();
    }

    @Override
    public int getSessionMode() {
        return managed().inTransaction() ? SESSION_TRANSACTED : AUTO_ACKNOWLEDGE;
    }

    @Override
    public void commit() {
        if (managed().inTransaction()) {
            throw new TransactionInProgressRuntimeException("the container's transaction is committed by the container");
        }
        throw new IllegalStateRuntimeException("commit() on a non-transacted context (no transaction is active)");
    }

    @Override
    public void rollback() {
        if (managed().inTransaction()) {
            throw new TransactionInProgressRuntimeException("roll the container's transaction back instead "
                    + "(setRollbackOnly)");
        }
        throw new IllegalStateRuntimeException("rollback() on a non-transacted context (no transaction is active)");
    }

    @Override
    public void recover() {
        if (managed().inTransaction()) {
            throw new IllegalStateRuntimeException("recover() in a transaction; roll the transaction back instead");
        }
        ctx().recover();
    }

    /** Nothing to do: the context is never in CLIENT_ACKNOWLEDGE mode. */
    @Override
    public void acknowledge() {
        managed();
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return consumer(ctx().createConsumer(destination));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(ctx().createConsumer(destination, messageSelector));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(ctx().createConsumer(destination, messageSelector, noLocal));
    }

    @Override
    public Queue createQueue(String queueName) {
        return ctx().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) {
        return ctx().createTopic(topicName);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(ctx().createDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(ctx().createDurableConsumer(topic, name, messageSelector, noLocal));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(ctx().createSharedDurableConsumer(topic, name));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(ctx().createSharedDurableConsumer(topic, name, messageSelector));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(ctx().createSharedConsumer(topic, sharedSubscriptionName));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(ctx().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return ctx().createBrowser(queue);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return ctx().createBrowser(queue, messageSelector);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return ctx().createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return ctx().createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) {
        ctx().unsubscribe(name);
    }

    @Override
    public String toString() {
        return "Pactum ContextHandle[" + (closed ? "closed" : connection.toString()) + "]";
    }
}
