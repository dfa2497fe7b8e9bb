package io.pactum.xa.ra;

import io.pactum.broker.BrokerConfig;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.pactum.xa.ra.InboundFixture.deliveryCount;
import static io.pactum.xa.ra.InboundFixture.queue;
import static io.pactum.xa.ra.InboundFixture.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pauseAfterConsecutiveFailures: an endpoint whose deliveries keep failing stops consuming for pauseMillis (its
 * messages wait in the broker, where other consumers can have them) and then consumes again.
 */
class InboundPauseTest {
    private static final long PAUSE_MILLIS = 1500;

    @TempDir
    Path dir;
    private InboundFixture fx;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger activationLog = Logger.getLogger(Activation.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** One delivery attempt as the endpoint saw it. */
    private record Attempt(String body, int count, long nanos) {
    }

    @BeforeEach
    void start() throws Exception {
        fx = new InboundFixture(new BrokerConfig().port(0).dataDir(dir));
        activationLog.addHandler(capture);
    }

    @AfterEach
    void stop() {
        activationLog.removeHandler(capture);
        fx.close();
    }

    private static PactumActivationSpec pausing(String queue, int sessions, long pauseMillis) {
        PactumActivationSpec spec = queue(queue);
        spec.setMaxSession(sessions);
        spec.setPauseAfterConsecutiveFailures(2);
        spec.setPauseMillis(pauseMillis);
        return spec;
    }

    private List<String> messages(Level level) {
        return logged.stream().filter(r -> r.getLevel() == level)
                .map(r -> MessageFormat.format(r.getMessage(), r.getParameters())).collect(Collectors.toList());
    }

    @Test
    void aFailingEndpointPausesAfterItsConsecutiveFailuresAndResumesAfterPauseMillis() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> {
            Attempt a = new Attempt(text(m), deliveryCount(m), System.nanoTime());
            attempts.add(a);
            if (a.body().equals("bad") && a.count() <= 2) {
                throw new RuntimeException("attempt " + a.count() + " fails");
            }
        });
        PactumActivationSpec spec = pausing("pause.q", 1, PAUSE_MILLIS);
        fx.ra.endpointActivation(factory, spec);
        fx.send("pause.q", "bad");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() >= 2);
        long secondFailure = attempts.get(1).nanos();
        fx.send("pause.q", "good");

        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 4);
        for (Attempt a : attempts.subList(2, 4)) {
            long after = (a.nanos() - secondFailure) / 1_000_000;
            assertTrue(after >= PAUSE_MILLIS, a + " came " + after + " ms after the second failure, within the pause");
        }
        assertEquals(List.of(1, 2, 3), attempts.stream().filter(a -> a.body().equals("bad")).map(Attempt::count)
                .collect(Collectors.toList()), "paused, the message waited in the broker; no attempt was lost");
        assertEquals(1, attempts.stream().filter(a -> a.body().equals("good")).count());

        List<String> warnings = messages(Level.WARNING);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("fake-mdb") && w.contains("2 consecutive failed")),
                () -> "a warning names the endpoint and the count: " + warnings);
        assertTrue(messages(Level.INFO).stream().anyMatch(i -> i.contains("fake-mdb resumes")));
        fx.ra.endpointDeactivation(factory, spec);
        assertNull(fx.receive("pause.q", 300), "both messages were consumed after the pause");
    }

    @Test
    void aNonTransactedEndpointPausesToo() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(null, m -> {
            Attempt a = new Attempt(text(m), deliveryCount(m), System.nanoTime());
            attempts.add(a);
            if (a.count() <= 2) {
                throw new RuntimeException("attempt " + a.count() + " fails");
            }
        });
        PactumActivationSpec spec = pausing("pause.plain", 1, PAUSE_MILLIS);
        fx.ra.endpointActivation(factory, spec);
        fx.send("pause.plain", "bad");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 3);
        long after = (attempts.get(2).nanos() - attempts.get(1).nanos()) / 1_000_000;
        assertTrue(after >= PAUSE_MILLIS, "the third attempt came " + after + " ms after the second");
        assertEquals(List.of(1, 2, 3), attempts.stream().map(Attempt::count).collect(Collectors.toList()));
        fx.ra.endpointDeactivation(factory, spec);
        assertNull(fx.receive("pause.plain", 300));
    }

    @Test
    void aPausedEndpointLeavesItsMessagesInTheBrokerForOtherConsumers() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> {
            attempts.add(new Attempt(text(m), deliveryCount(m), System.nanoTime()));
            throw new RuntimeException("always fails");
        });
        PactumActivationSpec spec = pausing("pause.prefetch", 2, 60_000);
        fx.ra.endpointActivation(factory, spec);
        Set<String> sent = Set.of("m0", "m1", "m2", "m3", "m4", "m5");
        fx.send("pause.prefetch", sent.toArray(new String[0]));
        await().atMost(Duration.ofSeconds(10)).until(() -> !fx.ra.isConnected(factory, spec));
        int attemptsBeforePause = attempts.size();
        assertTrue(attemptsBeforePause >= 2);

        Set<String> drained = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String body = fx.receive("pause.prefetch", 200);
            if (body != null) {
                drained.add(body);
            }
            return drained.equals(sent);
        });
        assertEquals(attemptsBeforePause, attempts.size(), "no delivery to the paused endpoint");
        fx.ra.endpointDeactivation(factory, spec);
    }

    @Test
    void withoutThePropertyAnEndpointNeverPauses() throws Exception {
        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        FakeEndpointFactory factory = new FakeEndpointFactory(Tm.get(), m -> {
            attempts.add(new Attempt(text(m), deliveryCount(m), System.nanoTime()));
            if (deliveryCount(m) <= 4) {
                throw new RuntimeException("fails four times");
            }
        });
        PactumActivationSpec spec = queue("pause.never");
        spec.setMaxSession(1);
        fx.ra.endpointActivation(factory, spec);
        fx.send("pause.never", "x");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.size() == 5);
        assertTrue(fx.ra.isConnected(factory, spec));
        assertTrue(messages(Level.WARNING).stream().noneMatch(w -> w.contains("pauses")));
        fx.ra.endpointDeactivation(factory, spec);
    }

    @Test
    void validationRejectsNegativePauseProperties() {
        PactumActivationSpec failures = queue("q");
        failures.setPauseAfterConsecutiveFailures(-1);
        assertThrows(InvalidPropertyException.class, failures::validate);
        PactumActivationSpec millis = queue("q");
        millis.setPauseMillis(-1L);
        assertThrows(InvalidPropertyException.class, millis::validate);
        PactumActivationSpec defaults = queue("q");
        assertEquals(0, defaults.getPauseAfterConsecutiveFailures());
        assertEquals(30_000L, defaults.getPauseMillis());
    }
}
