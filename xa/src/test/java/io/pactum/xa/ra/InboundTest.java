package io.pactum.xa.ra;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The inbound side through the Connectors SPI: activation with a fake container's endpoint factory, non-transacted
 * and transacted delivery (Narayana as the container's transaction manager), redelivery after a rollback,
 * reconnection after a broker restart, validation and recovery resources.
 */
class InboundTest {
    @TempDir
    Path dir;
    private Broker broker;
    private int port;
    private PactumResourceAdapter ra;

    @BeforeEach
    void start() throws Exception {
        broker = Broker.start(new BrokerConfig().port(0).dataDir(dir));
        port = broker.port();
        ra = new PactumResourceAdapter();
        ra.setConnectionURL(url());
        ra.start(new FakeBootstrapContext());
    }

    @AfterEach
    void stop() {
        ra.stop();
        broker.close();
    }

    private String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private static PactumActivationSpec queue(String name) {
        PactumActivationSpec spec = new PactumActivationSpec();
        spec.setDestination(name);
        spec.setDestinationType("jakarta.jms.Queue");
        spec.setReconnectIntervalMillis(100L);
        spec.setMaxReconnectIntervalMillis(500L);
        return spec;
    }

    private void send(String queue, String... texts) {
        try (JMSContext c = new PactumConnectionFactory(url()).createContext()) {
            for (String t : texts) {
                c.createProducer().send(c.createQueue(queue), t);
            }
        }
    }

    private String receive(String queue, long timeout) {
        try (JMSContext c = new PactumConnectionFactory(url()).createContext();
             JMSConsumer consumer = c.createConsumer(c.createQueue(queue))) {
            return consumer.receiveBody(String.class, timeout);
        }
    }

    private static String text(Message m) {
        try {
            return ((TextMessage) m).getText();
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliversToANonTransactedEndpoint() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(null, m -> received.add(text(m)));
        PactumActivationSpec spec = queue("in.plain");
        spec.setMaxSession(3);
        ra.endpointActivation(factory, spec);
        send("in.plain", "a", "b", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        ra.endpointDeactivation(factory, spec);
        assertNull(receive("in.plain", 300));
    }

    @Test
    void aFailedTransactedDeliveryRollsBackAndComesAgainWithItsDeliveryCountRaised() throws Exception {
        List<Integer> counts = new CopyOnWriteArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> {
            try {
                counts.add(m.getIntProperty("JMSXDeliveryCount"));
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
            // a send through the adapter's outbound side would go here, in the same transaction
            if (failed.compareAndSet(false, true)) {
                throw new RuntimeException("first attempt fails");
            }
        });
        PactumActivationSpec spec = queue("in.tx");
        spec.setMaxSession(1);
        ra.endpointActivation(factory, spec);
        send("in.tx", "order-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> counts.size() == 2);
        assertEquals(List.of(1, 2), counts);
        ra.endpointDeactivation(factory, spec);
        assertNull(receive("in.tx", 300), "the second delivery's commit acknowledged the message");
        assertEquals(2, counts.size());
    }

    @Test
    void anEndpointReconnectsAfterTheBrokerRestarts() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> received.add(text(m)));
        PactumActivationSpec spec = queue("in.restart");
        ra.endpointActivation(factory, spec);
        send("in.restart", "before");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));
        broker.close();
        broker = Broker.start(new BrokerConfig().port(port).dataDir(dir));
        await().atMost(Duration.ofSeconds(20)).until(() -> ra.isConnected(factory, spec));
        send("in.restart", "after");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("after"));
    }

    @Test
    void anEndpointWaitsForABrokerThatIsNotUpYet() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(null, m -> received.add(text(m)));
        broker.close();
        PactumActivationSpec spec = queue("in.late");
        ra.endpointActivation(factory, spec);
        broker = Broker.start(new BrokerConfig().port(port).dataDir(dir));
        send("in.late", "late");
        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("late"));
    }

    @Test
    void validationRejectsSpecsThatCannotWork() {
        PactumActivationSpec none = new PactumActivationSpec();
        assertThrows(InvalidPropertyException.class, none::validate);
        PactumActivationSpec durableQueue = queue("q");
        durableQueue.setSubscriptionDurability("Durable");
        assertThrows(InvalidPropertyException.class, durableQueue::validate);
        PactumActivationSpec durableNoClientId = queue("t");
        durableNoClientId.setDestinationType("jakarta.jms.Topic");
        durableNoClientId.setSubscriptionDurability("Durable");
        durableNoClientId.setSubscriptionName("sub");
        assertThrows(InvalidPropertyException.class, durableNoClientId::validate);
        durableNoClientId.setShareSubscriptions(true);
        assertEquals(10, durableNoClientId.sessions());
        PactumActivationSpec clientAck = queue("q");
        clientAck.setAcknowledgeMode("Client-acknowledge");
        assertThrows(InvalidPropertyException.class, clientAck::validate);
    }

    @Test
    void recoveryGetsAnXaResourceOfTheBroker() throws Exception {
        XAResource[] resources = ra.getXAResources(new PactumActivationSpec[] {queue("a"), queue("b")});
        assertEquals(1, resources.length);
        assertNotNull(resources[0].recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN));
    }

    /** An empty answer would tell a transaction manager there is nothing to recover; it must ask again instead. */
    @Test
    void recoveryFailsWhenNoBrokerIsReachable() throws Exception {
        broker.close();
        assertThrows(ResourceException.class, () -> ra.getXAResources(new PactumActivationSpec[] {queue("a")}));
        assertEquals(0, ra.getXAResources(new PactumActivationSpec[0]).length, "no spec, nothing to recover");
    }
}
