package io.pactum.jms;

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
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;

/**
 * The simplified API's connection-plus-session. Contexts made by {@link #createContext(int)} share this context's
 * connection; the connection closes when the last context using it closes. The session is created on first use, so
 * that {@link #setClientID} can still be called right after the context was created, as the specification allows.
 * Every checked {@link JMSException} of the classic API below is rethrown as its {@link JMSRuntimeException} twin.
 */
public class PactumJMSContext implements JMSContext {
    /** A connection and the number of open contexts using it. */
    static final class SharedConnection {
        private final PactumConnection connection;
        private int contexts = 1;

        SharedConnection(PactumConnection connection) {
            this.connection = connection;
        }

        synchronized void acquire() {
            if (contexts == 0) {
                throw new IllegalStateRuntimeException("the connection of this JMSContext is closed");
            }
            contexts++;
        }

        /** True if this was the last context: the caller closes the connection. */
        synchronized boolean release() {
            return --contexts == 0;
        }
    }

    private final SharedConnection shared;
    private final int sessionMode;
    private final Object sessionLock = new Object();
    private PactumSession session;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    PactumJMSContext(SharedConnection shared, int sessionMode) {
        this.shared = shared;
        this.sessionMode = checkSessionMode(sessionMode);
    }

    /** A context that owns {@code connection}: it closes with the last context sharing it. */
    protected PactumJMSContext(PactumConnection connection, int sessionMode) {
        this(new SharedConnection(connection), sessionMode);
    }

    static int checkSessionMode(int mode) {
        if (mode != SESSION_TRANSACTED && mode != AUTO_ACKNOWLEDGE && mode != CLIENT_ACKNOWLEDGE
                && mode != DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("invalid session mode " + mode);
        }
        return mode;
    }

    static JMSRuntimeException runtime(JMSException e) {
        return JmsErrors.toRuntime(e);
    }

    protected final PactumConnection connection() {
        return shared.connection;
    }

    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("JMSContext is closed");
        }
    }

    /** The session, created on first use. */
    protected final PactumSession session() {
        checkOpen();
        synchronized (sessionLock) {
            if (session == null) {
                try {
                    session = newSession();
                } catch (JMSException e) {
                    throw runtime(e);
                }
            }
            return session;
        }
    }

    /** Creates this context's session (an XA context creates an XA session). */
    protected PactumSession newSession() throws JMSException {
        return (PactumSession) connection().createSession(sessionMode);
    }

    private void autoStart() {
        if (autoStart) {
            start();
        }
    }

    // ---------------------------------------------------------------- connection-level

    @Override
    public JMSContext createContext(int sessionMode) {
        checkOpen();
        checkSessionMode(sessionMode);
        shared.acquire();
        return new PactumJMSContext(shared, sessionMode);
    }

    @Override
    public String getClientID() {
        checkOpen();
        try {
            return connection().getClientID();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        try {
            connection().setClientID(clientID);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        try {
            return connection().getMetaData();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        try {
            return connection().getExceptionListener();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        try {
            connection().setExceptionListener(listener);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void start() {
        checkOpen();
        try {
            connection().start();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    /** Stops delivery on the connection; from a MessageListener of the connection: IllegalStateRuntimeException. */
    @Override
    public void stop() {
        checkOpen();
        try {
            connection().stop();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        checkOpen();
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        checkOpen();
        return autoStart;
    }

    /**
     * Closes the session (waiting for a listener in progress and for outstanding asynchronous sends) and, if this
     * was the last context using it, the connection. The listener in progress keeps full use of this context until it
     * returns; other threads are refused once close has begun. From a MessageListener or CompletionListener of this
     * context: IllegalStateRuntimeException. Closing a closed context does nothing.
     */
    @Override
    public void close() {
        PactumSession s;
        synchronized (sessionLock) {
            if (closed) {
                return;
            }
            s = session;
        }
        JMSException failure = null;
        if (s != null) {
            try {
                s.close();
            } catch (JMSException e) {
                if (!s.isClosed()) {
                    // refused before anything was closed: called from this context's own listener
                    throw runtime(e);
                }
                failure = e;
            }
        }
        synchronized (sessionLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (shared.release()) {
            try {
                connection().close();
            } catch (JMSException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw runtime(failure);
        }
    }

    // ---------------------------------------------------------------- session-level

    @Override
    public int getSessionMode() {
        checkOpen();
        return sessionMode;
    }

    @Override
    public boolean getTransacted() {
        checkOpen();
        return sessionMode == SESSION_TRANSACTED;
    }

    @Override
    public void commit() {
        try {
            session().commit();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void rollback() {
        try {
            session().rollback();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void recover() {
        try {
            session().recover();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    /** Acknowledges every message consumed by this context in CLIENT_ACKNOWLEDGE mode; no effect in other modes. */
    @Override
    public void acknowledge() {
        try {
            session().acknowledge();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSProducer createProducer() {
        try {
            return new PactumJMSProducer(this, (PactumMessageProducer) session().createProducer(null));
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return createConsumer(destination, null, false);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        try {
            return consumer(session().createConsumer(destination, messageSelector, noLocal));
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        try {
            return consumer(session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector));
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        try {
            return consumer(session().createDurableConsumer(topic, name, messageSelector, noLocal));
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        try {
            return consumer(session().createSharedDurableConsumer(topic, name, messageSelector));
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    /** Wraps a new consumer and, with autoStart, starts the connection. */
    private JMSConsumer consumer(MessageConsumer c) {
        PactumJMSConsumer consumer = new PactumJMSConsumer((PactumMessageConsumer) c);
        autoStart();
        return consumer;
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        try {
            return session().createBrowser(queue, messageSelector);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public Queue createQueue(String queueName) {
        try {
            return session().createQueue(queueName);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public Topic createTopic(String topicName) {
        try {
            return session().createTopic(topicName);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        try {
            return session().createTemporaryQueue();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        try {
            return session().createTemporaryTopic();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public void unsubscribe(String name) {
        try {
            session().unsubscribe(name);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    // ---------------------------------------------------------------- messages

    @Override
    public BytesMessage createBytesMessage() {
        try {
            return session().createBytesMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public MapMessage createMapMessage() {
        try {
            return session().createMapMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public Message createMessage() {
        try {
            return session().createMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public ObjectMessage createObjectMessage() {
        try {
            return session().createObjectMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        try {
            return session().createObjectMessage(object);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public StreamMessage createStreamMessage() {
        try {
            return session().createStreamMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public TextMessage createTextMessage() {
        try {
            return session().createTextMessage();
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public TextMessage createTextMessage(String text) {
        try {
            return session().createTextMessage(text);
        } catch (JMSException e) {
            throw runtime(e);
        }
    }

    @Override
    public String toString() {
        return "PactumJMSContext[" + connection() + ", mode " + sessionMode + (closed ? ", closed" : "") + "]";
    }
}
