package io.pactum.broker;

/**
 * A running Pactum broker: the journal, the destinations and the network listener. Embeddable:
 * {@code try (Broker b = Broker.start(new BrokerConfig().port(0))) { ... b.port() ... }}.
 */
public final class Broker implements AutoCloseable {
    private final BrokerConfig config;

    private Broker(BrokerConfig config) {
        this.config = config;
    }

    /** Recovers the journal, then listens; returns once clients can connect. */
    public static Broker start(BrokerConfig config) throws Exception {
        throw new UnsupportedOperationException("skeleton, being built");
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return config.port;
    }

    public BrokerConfig config() {
        return config;
    }

    /** Stops accepting connections, closes client connections, drains the journal and records a clean shutdown. */
    @Override
    public void close() {
    }
}
