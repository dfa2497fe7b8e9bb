package io.pactum.xa.ra;

import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.JMSContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.pactum.xa.ra.InboundFixture.text;
import static org.awaitility.Awaitility.await;

/**
 * destinationLookup: the activation resolves its destination with {@code new InitialContext()}, as in a container,
 * where that is the container's naming. Here the JNDI environment is a {@code jndi.properties} on the thread's
 * context class loader (which the adapter's timer thread inherits) naming Pactum's own context factory.
 */
class DestinationLookupTest {
    @TempDir
    Path dir;
    @TempDir
    Path jndiDir;
    private ClassLoader original;
    private InboundFixture fx;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(jndiDir.resolve("jndi.properties"), String.join("\n",
                "java.naming.factory.initial=io.pactum.jms.jndi.PactumInitialContextFactory",
                "queue.jms/orders=lookup.orders",
                "topic.jms/prices=lookup.prices", ""));
        original = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new URLClassLoader(new URL[] {jndiDir.toUri().toURL()}, original));
        fx = new InboundFixture(new BrokerConfig().port(0).dataDir(dir));
    }

    @AfterEach
    void stop() {
        fx.close();
        Thread.currentThread().setContextClassLoader(original);
    }

    private static PactumActivationSpec lookup(String jndiName, String type) {
        PactumActivationSpec spec = new PactumActivationSpec();
        spec.setDestinationLookup(jndiName);
        spec.setDestinationType(type);
        spec.setReconnectIntervalMillis(100L);
        spec.setMaxReconnectIntervalMillis(500L);
        return spec;
    }

    @Test
    void aQueueFoundInJndiIsConsumed() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> received.add(text(m)));
        PactumActivationSpec spec = lookup("jms/orders", "jakarta.jms.Queue");
        fx.ra.endpointActivation(factory, spec);
        fx.send("lookup.orders", "order-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("order-1"));
        fx.ra.endpointDeactivation(factory, spec);
    }

    @Test
    void aTopicFoundInJndiIsConsumed() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(null, m -> received.add(text(m)));
        PactumActivationSpec spec = lookup("jms/prices", "jakarta.jms.Topic");
        fx.ra.endpointActivation(factory, spec);
        await().atMost(Duration.ofSeconds(10)).until(() -> fx.ra.isConnected(factory, spec));
        try (JMSContext c = new PactumConnectionFactory(fx.url()).createContext()) {
            c.createProducer().send(c.createTopic("lookup.prices"), "price-1");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("price-1"));
        fx.ra.endpointDeactivation(factory, spec);
    }

    @Test
    void aNameNotInJndiDoesNotFailActivationButConsumesNothing() throws Exception {
        FakeEndpointFactory factory = new FakeEndpointFactory(null, m -> { });
        PactumActivationSpec spec = lookup("jms/missing", "jakarta.jms.Queue");
        fx.ra.endpointActivation(factory, spec);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !fx.ra.isConnected(factory, spec));
        fx.ra.endpointDeactivation(factory, spec);
    }
}
