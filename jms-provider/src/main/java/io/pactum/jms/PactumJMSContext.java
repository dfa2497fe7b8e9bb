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
                session = JmsErrors.unchecked(this::newSession);
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
        return JmsErrors.unchecked(() -> connection().getClientID());
    }

    @Override
    public void setClientID(String clientID) {
        checkOpen();
        JmsErrors.uncheckedRun(() -> connection().setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        checkOpen();
        return JmsErrors.unchecked(() -> connection().getMetaData());
    }

    @Override
    public ExceptionListener getExceptionListener() {
        checkOpen();
        return JmsErrors.unchecked(() -> connection().getExceptionListener());
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        checkOpen();
        JmsErrors.uncheckedRun(() -> connection().setExceptionListener(listener));
    }

    @Override
    public void start() {
        checkOpen();
        JmsErrors.uncheckedRun(() -> connection().start());
    }

    /** Stops delivery on the connection; from a MessageListener of the connection: IllegalStateRuntimeException. */
    @Override
    public void stop() {
        checkOpen();
        JmsErrors.uncheckedRun(() -> connection().stop());
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
                    throw JmsErrors.toRuntime(e);
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
            throw JmsErrors.toRuntime(failure);
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
        JmsErrors.uncheckedRun(() -> session().commit());
    }

    @Override
    public void rollback() {
        JmsErrors.uncheckedRun(() -> session().rollback());
    }

    @Override
    public void recover() {
        JmsErrors.uncheckedRun(() -> session().recover());
    }

    /** Acknowledges every message consumed by this context in CLIENT_ACKNOWLEDGE mode; no effect in other modes. */
    @Override
    public void acknowledge() {
        JmsErrors.uncheckedRun(() -> session().acknowledge());
    }

    @Override
    public JMSProducer createProducer() {
        return JmsErrors.unchecked(() -> new PactumJMSProducer(this, (PactumMessageProducer) session().createProducer(null)));
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
        return JmsErrors.unchecked(() -> consumer(session().createConsumer(destination, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return JmsErrors.unchecked(() -> consumer(session().createSharedConsumer(topic, sharedSubscriptionName, messageSelector)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return JmsErrors.unchecked(() -> consumer(session().createDurableConsumer(topic, name, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return JmsErrors.unchecked(() -> consumer(session().createSharedDurableConsumer(topic, name, messageSelector)));
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
        return JmsErrors.unchecked(() -> session().createBrowser(queue, messageSelector));
    }

    @Override
    public Queue createQueue(String queueName) {
        return JmsErrors.unchecked(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return JmsErrors.unchecked(() -> session().createTopic(topicName));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return JmsErrors.unchecked(() -> session().createTemporaryQueue());
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return JmsErrors.unchecked(() -> session().createTemporaryTopic());
    }

    @Override
    public void unsubscribe(String name) {
        JmsErrors.uncheckedRun(() -> session().unsubscribe(name));
    }

    // ---------------------------------------------------------------- messages

    @Override
    public BytesMessage createBytesMessage() {
        return JmsErrors.unchecked(() -> session().createBytesMessage());
    }

    @Override
    public MapMessage createMapMessage() {
        return JmsErrors.unchecked(() -> session().createMapMessage());
    }

    @Override
    public Message createMessage() {
        return JmsErrors.unchecked(() -> session().createMessage());
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return JmsErrors.unchecked(() -> session().createObjectMessage());
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return JmsErrors.unchecked(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return JmsErrors.unchecked(() -> session().createStreamMessage());
    }

    @Override
    public TextMessage createTextMessage() {
        return JmsErrors.unchecked(() -> session().createTextMessage());
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return JmsErrors.unchecked(() -> session().createTextMessage(text));
    }

    @Override
    public String toString() {
        return "PactumJMSContext[" + connection() + ", mode " + sessionMode + (closed ? ", closed" : "") + "]";
    }
}
