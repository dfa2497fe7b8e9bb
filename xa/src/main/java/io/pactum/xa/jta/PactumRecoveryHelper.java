package io.pactum.xa.jta;

import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAConnectionFactory;

import javax.transaction.xa.XAResource;

/**
 * Gives Narayana's {@link XARecoveryModule} an {@link XAResource} of a Pactum broker on each scan. The connection is
 * the helper's own, opened when the module first asks rather than at registration, so recovery works even when the
 * broker is down while the application starts; it is kept between scans and replaced once the provider reports it
 * broken. A broker that cannot be reached yields no resources and a warning, never an exception, so the recovery
 * thread carries on and the next scan tries again. Any Pactum resource can complete any branch of its broker, so
 * one resource covers every branch, whichever connection started it. Created by {@link PactumJta#registerRecovery}.
 */
public final class PactumRecoveryHelper implements XAResourceRecoveryHelper, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PactumRecoveryHelper.class.getName());
    private static final XAResource[] NONE = new XAResource[0];

    private final XAConnectionFactory factory;
    private final String user;
    private final String password;
    private final XARecoveryModule module;
    private XAConnection connection;
    private XAResource resource;
    /** Set by the connection's exception listener: the next scan reconnects. */
    private volatile boolean broken;
    private boolean closed;

    PactumRecoveryHelper(XAConnectionFactory factory, String user, String password, XARecoveryModule module) {
        this.factory = factory;
        this.user = user;
        this.password = password;
        this.module = module;
    }

    /** Nothing to initialise from a property string: this helper is registered programmatically. */
    @Override
    public boolean initialise(String properties) {
        return true;
    }

    @Override
    public synchronized XAResource[] getXAResources() {
        if (closed) {
            return NONE;
        }
        if (resource != null && !broken) {
            return new XAResource[] {resource};
        }
        disconnect();
        try {
            connect();
            return new XAResource[] {resource};
        } catch (JMSException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "XA recovery cannot reach the Pactum broker of {0}, will retry at the next scan: {1}",
                    factory, describe(e));
            disconnect();
            return NONE;
        }
    }

    private void connect() throws JMSException {
        broken = false;
        connection = user == null ? factory.createXAConnection() : factory.createXAConnection(user, password);
        connection.setExceptionListener(e -> broken = true);
        resource = connection.createXASession().getXAResource();
    }

    private void disconnect() {
        XAConnection c = connection;
        connection = null;
        resource = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a recovery connection failed: {0}", describe(e));
            }
        }
    }

    private static String describe(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return e + (cause == e ? "" : " (cause: " + cause + ")");
    }

    /**
     * Unregisters from the recovery module (waiting for a scan in progress, which may still use the resource) and
     * closes the connection.
     */
    @Override
    public void close() {
        module.removeXAResourceRecoveryHelper(this);
        synchronized (this) {
            closed = true;
            disconnect();
        }
    }

    @Override
    public String toString() {
        return "PactumRecoveryHelper[" + factory + "]";
    }
}
