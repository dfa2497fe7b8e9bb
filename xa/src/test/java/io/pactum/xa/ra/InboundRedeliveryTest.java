package io.pactum.xa.ra;

import io.pactum.broker.BrokerConfig;
import io.pactum.broker.delivery.DeliveryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static io.pactum.xa.ra.InboundFixture.deliveryCount;
import static io.pactum.xa.ra.InboundFixture.queue;
import static io.pactum.xa.ra.InboundFixture.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an endpoint inherits from the broker's delivery policy rather than from the adapter: a rolled-back delivery
 * comes again with JMSXDeliveryCount raised, after the redelivery delay, and a message whose attempts are spent goes
 * to the dead-letter queue.
 */
class InboundRedeliveryTest {
    private static final long DELAY_MILLIS = 200;

    @TempDir
    Path dir;
    private InboundFixture fx;

    /** One delivery attempt as the endpoint saw it. */
    private record Attempt(String body, int count, long nanos) {
    }

    @BeforeEach
    void start() throws Exception {
        BrokerConfig config = new BrokerConfig().port(0).dataDir(dir);
        config.deliveryPolicy = DeliveryPolicy.DEFAULT.withMaxDeliveryAttempts(3).withRedeliveryDelay(DELAY_MILLIS);
        fx = new InboundFixture(config);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void aTransactedEndpointThatAlwaysFailsSeesEachAttemptAfterTheDelayAndTheMessageEndsInTheDlq() throws Exception {
        alwaysFailing(true, "redeliver.tx", "poison-tx");
    }

    /** Without a transaction the client returns the message (as for any listener that throws); the policy is the same. */
    @Test
    void aNonTransactedEndpointGetsTheSamePolicy() throws Exception {
        alwaysFailing(false, "redeliver.plain", "poison-plain");
    }

    private void alwaysFailing(boolean transacted, String queue, String body) throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(transacted ? Tm.get() : null, m -> {
            attempts.add(new Attempt(text(m), deliveryCount(m), System.nanoTime()));
            throw new RuntimeException("poison");
        });
        PactumActivationSpec spec = queue(queue);
        spec.setMaxSession(1);
        fx.ra.endpointActivation(factory, spec);
        fx.send(queue, body);

        String dead = await().atMost(Duration.ofSeconds(10)).until(() -> fx.receive("DLQ", 200), b -> b != null);
        assertEquals(body, dead);
        assertEquals(List.of(1, 2, 3), attempts.stream().map(Attempt::count).collect(Collectors.toList()));
        assertTrue(attempts.stream().allMatch(a -> a.body().equals(body)));
        for (int i = 1; i < attempts.size(); i++) {
            long gap = (attempts.get(i).nanos() - attempts.get(i - 1).nanos()) / 1_000_000;
            assertTrue(gap >= DELAY_MILLIS, "attempt " + (i + 1) + " came " + gap + " ms after the one before");
        }
        fx.ra.endpointDeactivation(factory, spec);
        assertNull(fx.receive(queue, 300), "dead-lettered, not left in its queue");
        assertEquals(3, attempts.size(), "no fourth attempt");
    }
}
