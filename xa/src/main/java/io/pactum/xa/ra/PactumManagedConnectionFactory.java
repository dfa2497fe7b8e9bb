package io.pactum.xa.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;

/**
 * The outbound connection definition for {@code jakarta.jms.ConnectionFactory}: a JavaBean the container configures
 * (connectionURL, userName, password; each defaults to the resource adapter's) and asks for managed connections. Two
 * factories with the same configuration are equal, as the Connectors specification requires for pooling.
 */
public class PactumManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {
    private static final long serialVersionUID = 1L;

    private String connectionURL;
    private String userName;
    private String password;
    private transient PactumResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

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

    /** The broker URL in effect: this factory's, else the resource adapter's, else the default local broker. */
    String url() {
        if (connectionURL != null && !connectionURL.isBlank()) {
            return connectionURL;
        }
        if (resourceAdapter != null && resourceAdapter.getConnectionURL() != null) {
            return resourceAdapter.getConnectionURL();
        }
        return PactumResourceAdapter.DEFAULT_URL;
    }

    /** The credentials used when neither the container nor the application supplies any. */
    Credentials defaultCredentials() {
        if (userName != null) {
            return new Credentials(userName, password);
        }
        if (resourceAdapter != null && resourceAdapter.getUserName() != null) {
            return new Credentials(resourceAdapter.getUserName(), resourceAdapter.getPassword());
        }
        return new Credentials(null, null);
    }

    @Override
    public Object createConnectionFactory(ConnectionManager cm) {
        return new ConnectionFactoryHandle(this, cm);
    }

    /** Outside a container: connections are opened and closed with their handles, without pooling. */
    @Override
    public Object createConnectionFactory() {
        return new ConnectionFactoryHandle(this, new UnpooledConnectionManager());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        return new PactumManagedConnection(this, Credentials.resolve(subject, info, this, defaultCredentials()));
    }

    /** The first healthy connection of this factory opened with the same credentials. */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        Credentials wanted = Credentials.resolve(subject, info, this, defaultCredentials());
        for (Object o : candidates) {
            if (o instanceof PactumManagedConnection) {
                PactumManagedConnection mc = (PactumManagedConnection) o;
                if (mc.factory().equals(this) && mc.credentials().equals(wanted) && mc.isHealthy()) {
                    return mc;
                }
            }
        }
        return null;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.XATransaction;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = (PactumResourceAdapter) ra;
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
    public boolean equals(Object o) {
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        PactumManagedConnectionFactory f = (PactumManagedConnectionFactory) o;
        return Objects.equals(connectionURL, f.connectionURL) && Objects.equals(userName, f.userName)
                && Objects.equals(password, f.password) && resourceAdapter == f.resourceAdapter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), connectionURL, userName);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + url() + "]";
    }
}
