package io.pactum.xa.ra;

import io.pactum.jms.SessionDomain;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LazyAssociatableConnectionManager;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection an application gets in a container. It follows the Jakarta EE rules for JMS (Jakarta EE platform
 * specification, "Jakarta Messaging"; Messaging 3.1 section 12): at most one session at a time, whose
 * createSession arguments are ignored ({@link SessionHandle}); setClientID, setExceptionListener, stop and the
 * connection-consumer methods are refused with IllegalStateException; start does nothing (the physical connection
 * is started). A handle holds no physical resource itself: it reaches its managed connection on each call, so a
 * container may move it to another managed connection or take it away and let it come back lazily.
 */
public class ConnectionHandle implements QueueConnection, TopicConnection {
    private volatile PactumManagedConnection mc;
    private volatile boolean closed;
    private SessionHandle session;
    private ConnectionManager cm;
    private ManagedConnectionFactory mcf;
    private ConnectionRequestInfo info;

    ConnectionHandle(PactumManagedConnection mc) {
        this.mc = mc;
    }

    /** Where the handle came from, so it can ask a lazily associating container for a managed connection again. */
    void origin(ConnectionManager cm, ManagedConnectionFactory mcf, ConnectionRequestInfo info) {
        this.cm = cm;
        this.mcf = mcf;
        this.info = info;
    }

    PactumManagedConnection managedConnection() {
        return mc;
    }

    void associate(PactumManagedConnection mc) {
        this.mc = mc;
    }

    /** The managed connection this handle works on now, re-associating it if the container dissociated it. */
    PactumManagedConnection managed() throws JMSException {
        checkOpen();
        PactumManagedConnection m = mc;
        if (m != null) {
            return m;
        }
        if (cm instanceof LazyAssociatableConnectionManager) {
            try {
                ((LazyAssociatableConnectionManager) cm).associateConnection(this, mcf, info);
            } catch (ResourceException e) {
                JMSException j = new JMSException("cannot re-associate the connection: " + e.getMessage());
                j.setLinkedException(e);
                throw j;
            }
        }
        m = mc;
        if (m == null) {
            throw new IllegalStateException("this connection is not associated with a managed connection");
        }
        return m;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("connection is closed");
        }
    }

    /** The managed connection was cleaned up or destroyed: this handle and its session are closed without events. */
    void invalidate() {
        SessionHandle s;
        synchronized (this) {
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            s.invalidate();
        }
    }

    synchronized void sessionClosed(SessionHandle s) {
        if (session == s) {
            session = null;
        }
    }

    /**
     * The connection's one session. The arguments are ignored: in a transaction the session takes part in it, and
     * outside one it is non-transacted with AUTO_ACKNOWLEDGE, which the specification lets a container do.
     */
    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(SessionDomain.UNIFIED);
    }

    /** The connection's one session, for {@code domain}: a QueueSession or TopicSession refuses the other's methods. */
    private synchronized SessionHandle createSession(SessionDomain domain) throws JMSException {
        managed();
        if (session != null) {
            throw new IllegalStateException("a connection in a Jakarta EE container has at most one session; "
                    + "close the first one or use another connection");
        }
        session = new SessionHandle(this, domain);
        return session;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(SessionDomain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(SessionDomain.TOPIC);
    }

    @Override
    public String getClientID() throws JMSException {
        return managed().physicalConnection().getClientID();
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        checkOpen();
        throw forbidden("setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        return managed().physicalConnection().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        throw forbidden("setExceptionListener");
    }

    @Override
    public void start() throws JMSException {
        managed();
    }

    @Override
    public void stop() throws JMSException {
        checkOpen();
        throw forbidden("stop");
    }

    /** Closes the session and gives the managed connection back to the container. Closing twice does nothing. */
    @Override
    public void close() throws JMSException {
        SessionHandle s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = session;
            session = null;
        }
        if (s != null) {
            s.close();
        }
        PactumManagedConnection m = mc;
        if (m != null) {
            m.handleClosed(this);
        }
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                              ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
                                                                    String messageSelector, ServerSessionPool sessionPool,
                                                                    int maxMessages) throws JMSException {
        checkOpen();
        throw forbidden("createSharedDurableConnectionConsumer");
    }

    static IllegalStateException forbidden(String method) {
        return new IllegalStateException(method + " must not be used in a Jakarta EE web or EJB application");
    }

    @Override
    public String toString() {
        return "Pactum ConnectionHandle[" + (closed ? "closed" : String.valueOf(mc)) + "]";
    }
}
