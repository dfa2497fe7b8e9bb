package io.pactum.bench;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;

import java.nio.file.Path;

/** An embedded Pactum broker: ephemeral loopback port, given data dir, journal.sync=true. */
final class PactumTarget implements Target {
    /** Pactum's XA client; by name until it is on main (then this can become a plain constructor call). */
    private static final String XA_FACTORY = "io.pactum.jms.xa.PactumXAConnectionFactory";

    private final Broker broker;
    private final String url;
    private final ConnectionFactory factory;
    private XAConnectionFactory xaFactory;

    private PactumTarget(Broker broker) {
        this.broker = broker;
        this.url = "tcp://127.0.0.1:" + broker.port() + "?prefetch=1000";
        this.factory = new PactumConnectionFactory(url);
    }

    public static PactumTarget start(Path dataDir) throws Exception {
        BrokerConfig config = new BrokerConfig().port(0).dataDir(dataDir).journalSync(true);
        config.bindAddress = "127.0.0.1";
        return new PactumTarget(Broker.start(config));
    }

    @Override
    public String description() {
        String v = Broker.class.getPackage().getImplementationVersion();
        return "Pactum" + (v == null ? "" : " " + v);
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** Pactum's XA factory, same URL (and prefetch) as {@link #connectionFactory()}. */
    @Override
    public synchronized XAConnectionFactory xaConnectionFactory() throws Exception {
        if (xaFactory == null) {
            Class<?> cls;
            try {
                cls = Class.forName(XA_FACTORY);
            } catch (ClassNotFoundException e) {
                throw new UnsupportedOperationException("Pactum's XA client (" + XA_FACTORY + ") is not on the classpath");
            }
            xaFactory = (XAConnectionFactory) cls.getConstructor(String.class).newInstance(url);
        }
        return xaFactory;
    }

    @Override
    public Path dataDir() {
        return broker.config().dataDir;
    }

    @Override
    public long journalSyncs() {
        return broker.journal().stats().syncs();
    }

    @Override
    public long journalBytes() {
        return broker.journal().stats().bytesOnDisk();
    }

    @Override
    public void close() {
        broker.close();
    }
}
