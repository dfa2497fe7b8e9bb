package io.pactum.xa.ra;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.SecurityException;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * The connection factory applications look up: every connection it makes is a handle the container allocates from
 * its pool (and enlists in the caller's transaction). Serializable and Referenceable, as the Connectors specification
 * asks of a factory that is bound in JNDI.
 */
public class ConnectionFactoryHandle implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory,
        Referenceable, Serializable {
    private static final long serialVersionUID = 1L;

    private final PactumManagedConnectionFactory mcf;
    private final ConnectionManager cm;
    private Reference reference;

    ConnectionFactoryHandle(PactumManagedConnectionFactory mcf, ConnectionManager cm) {
        this.mcf = mcf;
        this.cm = cm;
    }

    /** A handle from the container; null credentials take the container's or the factory's. */
    ConnectionHandle allocate(String user, String password) throws JMSException {
        Credentials info = user == null ? null : new Credentials(user, password);
        try {
            ConnectionHandle h = (ConnectionHandle) cm.allocateConnection(mcf, info);
            h.origin(cm, mcf, info);
            return h;
        } catch (SecurityException e) {
            JMSSecurityException j = new JMSSecurityException(e.getMessage());
            j.initCause(e);
            throw j;
        } catch (ResourceException e) {
            JMSException j = new JMSException("cannot get a connection from the container: " + e.getMessage());
            j.setLinkedException(e);
            j.initCause(e);
            throw j;
        }
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public JMSContext createContext() {
        return context(null, null);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(userName, password);
    }

    /** The session mode is ignored, as for createSession in a container (see {@link SessionHandle}). */
    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(userName, password);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, null);
    }

    private JMSContext context(String user, String password) {
        try {
            return new ContextHandle(allocate(user, password));
        } catch (JMSSecurityException e) {
            throw new JMSSecurityRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "Pactum ConnectionFactory[" + mcf.url() + "]";
    }
}
