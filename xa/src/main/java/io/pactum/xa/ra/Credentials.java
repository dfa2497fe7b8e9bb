package io.pactum.xa.ra;

import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import javax.security.auth.Subject;
import java.util.Objects;

/**
 * The user name and password a connection is opened with. It is the {@link ConnectionRequestInfo} an application's
 * {@code createConnection(user, password)} passes to the container, and the key by which pooled managed connections
 * are matched: a connection opened for one user is never handed to another.
 */
public final class Credentials implements ConnectionRequestInfo {
    private final String user;
    private final String password;

    public Credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * What a managed connection is opened with: the container's {@link PasswordCredential} for {@code mcf} in the
     * subject (container-managed sign-on), else the application's request, else {@code defaults}.
     */
    static Credentials resolve(Subject subject, ConnectionRequestInfo info, ManagedConnectionFactory mcf,
                               Credentials defaults) {
        if (subject != null) {
            for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
                if (pc.getManagedConnectionFactory() == null || mcf.equals(pc.getManagedConnectionFactory())) {
                    return new Credentials(pc.getUserName(), pc.getPassword() == null ? null : new String(pc.getPassword()));
                }
            }
        }
        if (info instanceof Credentials) {
            return (Credentials) info;
        }
        return defaults;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Credentials)) {
            return false;
        }
        Credentials c = (Credentials) o;
        return Objects.equals(user, c.user) && Objects.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, password);
    }

    @Override
    public String toString() {
        return "Credentials[" + (user == null ? "anonymous" : user) + "]";
    }
}
