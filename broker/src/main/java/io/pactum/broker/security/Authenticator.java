package io.pactum.broker.security;

import io.pactum.broker.BrokerException;
import io.pactum.protocol.ErrorCode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Decides who may connect. Without a users file, anyone may (as the anonymous user) unless anonymous access is off.
 * With one, a user name must come with its password; a connection without credentials is anonymous, allowed only
 * when {@code allow-anonymous} is true. Every refusal is the same SECURITY error, so a client cannot tell an unknown
 * user from a wrong password.
 */
public final class Authenticator {
    public static final String ANONYMOUS = "anonymous";
    private static final System.Logger LOG = System.getLogger(Authenticator.class.getName());

    private final Map<String, PasswordHash> users;
    private final boolean allowAnonymous;

    private Authenticator(Map<String, PasswordHash> users, boolean allowAnonymous) {
        this.users = users;
        this.allowAnonymous = allowAnonymous;
    }

    /**
     * @param usersFile properties file of {@code user=pbkdf2-sha256:...} lines, or null for none
     * @throws IllegalArgumentException naming the file and the line's user when the file cannot be used
     */
    public static Authenticator load(Path usersFile, boolean allowAnonymous) {
        Map<String, PasswordHash> users = new HashMap<>();
        if (usersFile != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read users file " + usersFile + ": " + e, e);
            }
            for (String user : p.stringPropertyNames()) {
                try {
                    users.put(user, PasswordHash.parse(p.getProperty(user)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(usersFile + ": user '" + user + "': " + e.getMessage(), e);
                }
            }
        }
        return new Authenticator(Map.copyOf(users), allowAnonymous);
    }

    /** The authenticated user name; a SECURITY {@link BrokerException} when the credentials are refused. */
    public String authenticate(String user, String password, Object remote) {
        if (user == null || user.isEmpty()) {
            if (allowAnonymous) {
                return ANONYMOUS;
            }
            throw refused(remote, "(no user)", "anonymous connections are not allowed");
        }
        PasswordHash hash = users.get(user);
        if (hash == null || password == null || !hash.matches(password.toCharArray())) {
            throw refused(remote, user, hash == null ? "unknown user" : "wrong password");
        }
        return user;
    }

    private static BrokerException refused(Object remote, String user, String why) {
        LOG.log(System.Logger.Level.WARNING, "authentication of {0} from {1} failed: {2}", user, remote, why);
        return new BrokerException(ErrorCode.SECURITY, "authentication failed for user " + user);
    }
}
