package io.pactum.xa.ra;

import io.pactum.jms.xa.PactumXAConnection;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.transaction.xa.XAResource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource adapter: the broker every connection factory and activation uses unless it names its own
 * ({@code connectionURL}, {@code userName}, {@code password}), the active message endpoints, and the XA resources the
 * container's transaction manager recovers with.
 */
public class PactumResourceAdapter implements ResourceAdapter, Serializable {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(PactumResourceAdapter.class.getName());
    static final String DEFAULT_URL = "tcp://127.0.0.1:61700";

    private String connectionURL = DEFAULT_URL;
    private String userName;
    private String password;
    private transient BootstrapContext context;
    private transient Timer timer;
    private transient Map<Key, Activation> activations;
    private transient List<PactumXAConnection> recoveryConnections;

    /** Identifies an activation by its two objects' identities, whatever they define as equality. */
    private static final class Key {
        final MessageEndpointFactory factory;
        final ActivationSpec spec;

        Key(MessageEndpointFactory factory, ActivationSpec spec) {
            this.factory = factory;
            this.spec = spec;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).factory == factory && ((Key) o).spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    public String getConnectionURL() {
        return connectionURL;
    }

    public void setConnectionURL(String connectionURL) {
        this.connectionURL = connectionURL;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        this.context = ctx;
        Timer t;
        try {
            t = ctx.createTimer();
        } catch (UnavailableException e) {
            t = new Timer("pactum-ra-reconnect", true);
        }
        this.timer = t;
        this.activations = new ConcurrentHashMap<>();
        this.recoveryConnections = new ArrayList<>();
        LOG.log(System.Logger.Level.INFO, "Pactum resource adapter started for {0}", connectionURL);
    }

    @Override
    public void stop() {
        if (activations != null) {
            for (Activation a : activations.values()) {
                a.stop();
            }
            activations.clear();
        }
        if (recoveryConnections != null) {
            synchronized (recoveryConnections) {
                for (PactumXAConnection c : recoveryConnections) {
                    try {
                        c.close();
                    } catch (JMSException e) {
                        LOG.log(System.Logger.Level.DEBUG, "closing a recovery connection failed: {0}", e.getMessage());
                    }
                }
                recoveryConnections.clear();
            }
        }
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof PactumActivationSpec)) {
            throw new NotSupportedException("not a Pactum activation spec: " + spec);
        }
        PactumActivationSpec s = (PactumActivationSpec) spec;
        if (s.getResourceAdapter() == null) {
            s.setResourceAdapter(this);
        }
        s.validate();
        Activation a = new Activation(factory, s, timer, registry());
        if (activations.putIfAbsent(new Key(factory, spec), a) != null) {
            throw new jakarta.resource.spi.IllegalStateException("endpoint already active for " + spec);
        }
        a.start();
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Activation a = activations == null ? null : activations.remove(new Key(factory, spec));
        if (a != null) {
            a.stop();
        }
    }

    /** For tests and monitoring: whether the endpoint's connection is up. */
    boolean isConnected(MessageEndpointFactory factory, ActivationSpec spec) {
        Activation a = activations.get(new Key(factory, spec));
        return a != null && a.isConnected();
    }

    private TransactionSynchronizationRegistry registry() {
        try {
            return context.getTransactionSynchronizationRegistry();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * One XA resource per broker and user the specs name, for the container's recovery scans. Its connection stays
     * open until the adapter stops: the transaction manager may commit or roll back through it at any time. A broker
     * that is down is left out (the manager asks again on its next scan); when no broker at all can be reached the
     * call fails rather than answering with nothing, since a transaction manager may take an empty answer for "nothing
     * to recover here" (Geronimo does, and then neither retries nor can finish a commit it was retrying).
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        Map<String, PactumActivationSpec> distinct = new LinkedHashMap<>();
        for (ActivationSpec spec : specs) {
            if (spec instanceof PactumActivationSpec) {
                PactumActivationSpec s = (PactumActivationSpec) spec;
                if (s.getResourceAdapter() == null) {
                    s.setResourceAdapter(this);
                }
                distinct.putIfAbsent(s.url() + "|" + s.credentials().user(), s);
            }
        }
        List<XAResource> resources = new ArrayList<>();
        Exception failure = null;
        for (PactumActivationSpec s : distinct.values()) {
            try {
                Credentials c = s.credentials();
                PactumXAConnection conn = (PactumXAConnection) new PactumXAConnectionFactory(s.url())
                        .createXAConnection(c.user(), c.password());
                synchronized (recoveryConnections) {
                    recoveryConnections.add(conn);
                }
                resources.add(conn.createXASession().getXAResource());
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "no recovery resource for {0}: {1}", s.url(), e.getMessage());
                failure = e;
            }
        }
        if (resources.isEmpty() && failure != null) {
            throw new ResourceException("no broker reachable for recovery: " + failure.getMessage(), failure);
        }
        return resources.toArray(new XAResource[0]);
    }
}
