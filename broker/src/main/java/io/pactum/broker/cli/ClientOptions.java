package io.pactum.broker.cli;

import io.pactum.jms.BrokerUrl;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.PactumConnection;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import picocli.CommandLine.Option;

/** How the client commands reach a broker: {@code --url}, {@code --user}, {@code --password}. */
final class ClientOptions {
    static final String DEFAULT_URL = "tcp://127.0.0.1:61700";

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "Broker URL (default: ${DEFAULT-VALUE}); options as in tcp://host:port?clientID=x&prefetch=100.")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "User name to authenticate with.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD", arity = "0..1", interactive = true,
            description = "Password; given without a value, it is asked for.")
    String password;

    /** A classic connection, for the provider-specific calls a context does not offer. */
    PactumConnection connection() {
        PactumConnectionFactory factory;
        try {
            factory = new PactumConnectionFactory(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        try {
            return (PactumConnection) (user != null ? factory.createConnection(user, password) : factory.createConnection());
        } catch (JMSException e) {
            throw CliException.because("cannot connect to the broker at " + factory.brokerUrl().display(), e);
        }
    }

    /** A connected context; an unreachable broker is a {@link CliException} saying where it tried. */
    JMSContext connect(int sessionMode) {
        BrokerUrl parsed;
        PactumConnectionFactory factory;
        try {
            factory = new PactumConnectionFactory(url);
            parsed = factory.brokerUrl();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        try {
            return user != null ? factory.createContext(user, password, sessionMode)
                    : factory.createContext(sessionMode);
        } catch (JMSRuntimeException e) {
            throw CliException.because("cannot connect to the broker at " + parsed.display(), e);
        }
    }
}
