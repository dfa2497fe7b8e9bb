package io.pactum.xa.ra;

import io.pactum.jms.xa.PactumXAConnection;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.jms.xa.PactumXASession;
import jakarta.jms.JMSException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.DissociatableManagedConnection;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.SecurityException;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One physical Pactum XA connection with its single XA session: the unit the container pools and enlists. Every
 * transaction mode uses that session: in an XA transaction the container starts a branch on {@link #getXAResource()},
 * a local transaction starts one with a local xid ({@link ManagedLocalTransaction}), and with neither the session
 * behaves as AUTO_ACKNOWLEDGE. The physical connection stays open across handles and is closed only by
 * {@link #destroy()}, because closing it would roll back a branch the transaction manager has not completed yet.
 */
public class PactumManagedConnection implements ManagedConnection, DissociatableManagedConnection {
    private static final System.Logger LOG = System.getLogger(PactumManagedConnection.class.getName());

    private final PactumManagedConnectionFactory factory;
    private final Credentials credentials;
    private final PactumXAConnection connection;
    private final PactumXASession session;
    private final ManagedXAResource xaResource;
    private final ManagedLocalTransaction localTransaction;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private ManagedContext context;
    private volatile boolean broken;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    PactumManagedConnection(PactumManagedConnectionFactory factory, Credentials credentials) throws ResourceException {
        this.factory = factory;
        this.credentials = credentials;
        try {
            connection = (PactumXAConnection) new PactumXAConnectionFactory(factory.url())
                    .createXAConnection(credentials.user(), credentials.password());
        } catch (jakarta.jms.JMSSecurityException e) {
            throw (SecurityException) new SecurityException("broker refused " + credentials + ": " + e.getMessage())
                    .initCause(e);
        } catch (JMSException | RuntimeException e) {
            throw new ResourceAdapterInternalException("cannot connect to " + factory.url() + ": " + e.getMessage(), e);
        }
        try {
            session = (PactumXASession) connection.createXASession();
            connection.setExceptionListener(this::connectionFailed);
            connection.start();
        } catch (JMSException e) {
            closeQuietly();
            throw new ResourceAdapterInternalException("cannot open a session on " + factory.url(), e);
        }
        xaResource = new ManagedXAResource(session.getXAResource());
        localTransaction = new ManagedLocalTransaction(xaResource);
    }

    PactumManagedConnectionFactory factory() {
        return factory;
    }

    Credentials credentials() {
        return credentials;
    }

    boolean isHealthy() {
        return !broken && !destroyed;
    }

    /** The physical session all handles of this connection share, one at a time. */
    PactumXASession session() throws jakarta.jms.IllegalStateException {
        if (destroyed) {
            throw new jakarta.jms.IllegalStateException("this connection's managed connection was destroyed");
        }
        return session;
    }

    PactumXAConnection physicalConnection() {
        return connection;
    }

    /** The simplified API over the same session, made on first use. */
    synchronized ManagedContext context() throws jakarta.jms.IllegalStateException {
        PactumXASession s = session();
        if (context == null) {
            context = new ManagedContext(connection, s);
        }
        return context;
    }

    /** True while the session works for an XA or local transaction: handles then ignore createSession's arguments. */
    boolean inTransaction() {
        return xaResource.isAssociated() || localTransaction.isActive();
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("managed connection destroyed");
        }
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** Moves a handle from the managed connection it had to this one (connection sharing, lazy enlistment). */
    @Override
    public void associateConnection(Object handle) throws ResourceException {
        if (!(handle instanceof ConnectionHandle)) {
            throw new jakarta.resource.spi.IllegalStateException("not a Pactum connection handle: " + handle);
        }
        ConnectionHandle h = (ConnectionHandle) handle;
        PactumManagedConnection previous = h.managedConnection();
        if (previous != null && previous != this) {
            previous.handles.remove(h);
        }
        h.associate(this);
        if (!handles.contains(h)) {
            handles.add(h);
        }
    }

    /** The container takes the handles away (between transactions); each re-associates lazily on next use. */
    @Override
    public void dissociateConnections() {
        for (ConnectionHandle h : handles) {
            h.associate(null);
        }
        handles.clear();
    }

    void handleClosed(ConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(event);
        }
    }

    private void connectionFailed(JMSException e) {
        if (broken || destroyed) {
            return;
        }
        broken = true;
        LOG.log(System.Logger.Level.WARNING, "connection to {0} failed: {1}", factory.url(), e.getMessage());
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
        for (ConnectionEventListener l : listeners) {
            l.connectionErrorOccurred(event);
        }
    }

    /**
     * Back to the pool: every handle is invalidated (its consumers and producers closed), but the physical session and
     * connection stay, since a branch of the session may still await its outcome.
     */
    @Override
    public void cleanup() {
        for (ConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        cleanup();
        destroyed = true;
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (JMSException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the connection to {0} failed: {1}", factory.url(), e.getMessage());
        }
    }

    @Override
    public XAResource getXAResource() {
        return xaResource;
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return localTransaction;
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ManagedConnectionMetaData getMetaData() throws ResourceException {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Pactum";
            }

            @Override
            public String getEISProductVersion() {
                try {
                    return connection.getMetaData().getProviderVersion();
                } catch (JMSException e) {
                    return "unknown";
                }
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return credentials.user();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "PactumManagedConnection[" + factory.url() + ", " + credentials + (broken ? ", broken" : "") + "]";
    }
}
