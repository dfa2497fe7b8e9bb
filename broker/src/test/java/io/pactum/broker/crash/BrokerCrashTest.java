package io.pactum.broker.crash;

import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durability contract under SIGKILL. The broker runs in its own JVM and is killed at random moments while
 * synchronous persistent producers, a producer of transactions and three kinds of consumers run against it; then it
 * is restarted on the same data and the clients carry on. Some runs last longer than H2's 45 s retention time, so
 * the journal is killed while freed file space would be reused. At the end the queue is drained and the
 * {@link Ledger} checked: no confirmed send lost, no confirmed acknowledgement redelivered, no transaction partial.
 *
 * <p>Tunable: {@code -Dpactum.brokerCrash.kills} (default 20), {@code .longKills} (runs of
 * {@code .longMillis}, default 2 of 65 s), {@code .seed}. The {@code stress} profile raises them.
 */
class BrokerCrashTest {
    private static final System.Logger LOG = System.getLogger(BrokerCrashTest.class.getName());
    private static final long SEGMENT_SIZE = 2L * 1024 * 1024;

    @TempDir
    Path data;

    @Test
    void killedBrokerKeepsEveryPromise() throws Exception {
        int kills = Integer.getInteger("pactum.brokerCrash.kills", 20);
        int longKills = Integer.getInteger("pactum.brokerCrash.longKills", 2);
        long longMillis = Long.getLong("pactum.brokerCrash.longMillis", 65_000);
        long seed = Long.getLong("pactum.brokerCrash.seed", System.nanoTime());
        LOG.log(System.Logger.Level.INFO, "crash test: {0} kills ({1} after {2} ms), seed {3}", kills, longKills,
                longMillis, seed);
        Random random = new Random(seed);
        Ledger ledger = new Ledger();
        int spacing = longKills == 0 ? Integer.MAX_VALUE : Math.max(1, kills / longKills);
        for (int i = 0; i < kills; i++) {
            boolean longRun = (i + 1) % spacing == 0 && (i + 1) / spacing <= longKills;
            long runMillis = longRun ? longMillis : 300 + random.nextInt(2500);
            BrokerProcess broker = BrokerProcess.start(data, "512m", SEGMENT_SIZE);
            Traffic traffic = new Traffic(broker.url(), ledger);
            try {
                long before = traffic.progress();
                long started = System.nanoTime();
                traffic.start();
                await().atMost(Duration.ofMillis(runMillis + 60_000)).pollInterval(Duration.ofMillis(50))
                        .until(() -> traffic.progress() > before
                                && System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(runMillis));
            } finally {
                broker.kill();
                traffic.stop();
            }
            LOG.log(System.Logger.Level.INFO, "kill {0} after {1} ms: {2} sends and {3} acks confirmed so far", i + 1,
                    runMillis, ledger.confirmedSends.size(), ledger.confirmedAcks.size());
        }
        drain(ledger);
        List<String> violations = ledger.violations();
        assertTrue(violations.isEmpty(), violations.size() + " violations (seed " + seed + "), first: "
                + violations.subList(0, Math.min(10, violations.size())));
        assertTrue(ledger.confirmedSends.size() > kills, "traffic flowed: " + ledger.confirmedSends.size());
        assertTrue(ledger.confirmedAcks.size() > 0, "acknowledgements were confirmed");
    }

    /**
     * A clean start after the last kill; everything left is consumed, then the broker stops cleanly. The dead-letter
     * queue is drained too: a message that lived through many unclean restarts counts as delivered each time and
     * may legitimately have been dead-lettered.
     */
    private void drain(Ledger ledger) throws Exception {
        BrokerProcess broker = BrokerProcess.start(data, "512m", SEGMENT_SIZE);
        try (Connection c = new PactumConnectionFactory(broker.url()).createConnection()) {
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            c.start();
            for (String queue : List.of(Traffic.QUEUE, "DLQ")) {
                MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
                Message m;
                Message last = null;
                int unacknowledged = 0;
                while ((m = consumer.receive(2000)) != null) {
                    ledger.receivedMessage(m.getStringProperty("cid"), m.getStringProperty("batch"));
                    last = m;
                    if (++unacknowledged == 500) {
                        m.acknowledge();
                        unacknowledged = 0;
                    }
                }
                if (last != null) {
                    last.acknowledge();
                }
                consumer.close();
            }
        } finally {
            assertEquals(0, broker.stopCleanly(), "broker exit code after a clean stop");
        }
    }
}
