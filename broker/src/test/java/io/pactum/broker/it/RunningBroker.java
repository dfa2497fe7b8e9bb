package io.pactum.broker.it;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * JUnit extension: a real broker on an ephemeral loopback port with its own temporary data directory, started
 * before each test and stopped after it. {@link #restart()} stops and starts it on the same data (recovery tests).
 */
public final class RunningBroker implements BeforeEachCallback, AfterEachCallback {
    private final java.util.function.Consumer<BrokerConfig> customizer;
    private Path dataDir;
    private Broker broker;
    private int port;

    public RunningBroker() {
        this(c -> { });
    }

    /** A broker whose configuration {@code customizer} adjusts (delivery policies, limits). */
    public RunningBroker(java.util.function.Consumer<BrokerConfig> customizer) {
        this.customizer = customizer;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("pactum-test-");
        broker = Broker.start(config(0));
        port = broker.port();
    }

    private BrokerConfig config(int port) {
        BrokerConfig c = new BrokerConfig().port(port).dataDir(dataDir);
        c.journalSegmentSize = 4L * 1024 * 1024;
        customizer.accept(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Broker broker() {
        return broker;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public PactumConnectionFactory factory() {
        return new PactumConnectionFactory(url());
    }

    public PactumConnectionFactory factory(String options) {
        return new PactumConnectionFactory(url() + "?" + options);
    }

    /** Clean stop and start on the same data directory and port. */
    public void restart() throws Exception {
        broker.close();
        broker = Broker.start(config(port));
    }
}
