package io.pactum.bench;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.ConnectionFactory;

import java.nio.file.Path;

/** An embedded Pactum broker: ephemeral loopback port, given data dir, journal.sync=true. */
final class PactumTarget implements Target {
    private final Broker broker;
    private final ConnectionFactory factory;

    private PactumTarget(Broker broker) {
        this.broker = broker;
        this.factory = new PactumConnectionFactory("tcp://127.0.0.1:" + broker.port() + "?prefetch=1000");
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
