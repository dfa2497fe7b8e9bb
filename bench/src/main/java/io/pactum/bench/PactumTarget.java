package io.pactum.bench;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;

import java.nio.file.Path;

/** An embedded Pactum broker: ephemeral loopback port, given data dir, journal.sync=true. */
final class PactumTarget implements Target {
    /** Null once closed, so a stopped broker's queues are not kept reachable (the backlog scenario restarts). */
    private Broker broker;
    private final Path dataDir;
    private final String url;
    private final ConnectionFactory factory;
    private XAConnectionFactory xaFactory;

    private PactumTarget(Broker broker) {
        this.broker = broker;
        this.dataDir = broker.config().dataDir;
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
    public synchronized XAConnectionFactory xaConnectionFactory() {
        if (xaFactory == null) {
            xaFactory = new PactumXAConnectionFactory(url);
        }
        return xaFactory;
    }

    @Override
    public Path dataDir() {
        return dataDir;
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
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
