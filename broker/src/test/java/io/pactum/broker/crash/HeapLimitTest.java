package io.pactum.broker.crash;

import io.pactum.jms.PactumConnectionFactory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory contract's last line: a backlog of messages so small that their bookkeeping, not their bodies, would
 * fill the heap. A broker with a 128 MiB heap in its own JVM (ended at once by an {@code OutOfMemoryError}) must refuse
 * producers with {@code ResourceAllocationException} once its heap tracks as many messages as it can, stay up and
 * serve consumers, and restart with the same heap holding every committed message.
 */
class HeapLimitTest {
    private static final String HEAP = "128m";
    private static final int BODY = 256;
    private static final int PER_COMMIT = 500;

    @TempDir
    Path data;

    @Test
    void aBrokerWhoseHeapTracksAllTheMessagesItCanRefusesMoreInsteadOfRunningOutOfMemory() throws Exception {
        int committed = 0;
        BrokerProcess broker = BrokerProcess.start(data, HEAP, 16L << 20, "full-policy=fail");
        try (Connection c = new PactumConnectionFactory(broker.url()).createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = s.createProducer(s.createQueue("small"));
            JMSException refused = null;
            byte[] body = new byte[BODY];
            while (refused == null && committed < 2_000_000) {
                try {
                    for (int i = 0; i < PER_COMMIT; i++) {
                        BytesMessage m = s.createBytesMessage();
                        m.writeBytes(body);
                        m.setIntProperty("seq", committed + i);
                        p.send(m);
                    }
                    s.commit();
                    committed += PER_COMMIT;
                } catch (TransactionRolledBackException e) {
                    refused = e;
                }
            }
            assertNotNull(refused, "refused before two million messages");
            assertTrue(refused.getLinkedException() instanceof ResourceAllocationException,
                    "a send failed for lack of room: " + refused.getLinkedException());
            assertTrue(refused.getLinkedException().getMessage().contains("heap"), refused.getLinkedException().getMessage());
            assertTrue(broker.isAlive(), "broker alive after " + committed + " messages");
            assertTrue(committed >= 10_000, "took a backlog first: " + committed);

            MessageConsumer consumer = s.createConsumer(s.createQueue("small"));
            c.start();
            Message first = consumer.receive(10_000);
            assertNotNull(first, "consumers are served");
            assertEquals(0, first.getIntProperty("seq"));
            s.rollback();
        } finally {
            broker.kill();
        }

        BrokerProcess restarted = BrokerProcess.start(data, HEAP, 16L << 20, "full-policy=fail");
        try (Connection c = new PactumConnectionFactory(restarted.url()).createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue("small"));
            c.start();
            int n = 0;
            String disorder = null;
            java.util.BitSet seen = new java.util.BitSet();
            for (Message m; (m = consumer.receive(5_000)) != null; n++) {
                int seq = m.getIntProperty("seq");
                if (seq != n && disorder == null) {
                    disorder = "message " + n + " out of order or missing: got " + seq;
                }
                seen.set(seq);
                if (n % 1000 == 999) {
                    s.commit();
                }
            }
            s.commit();
            if (disorder != null) {
                throw new AssertionError(disorder + "; " + n + " received, " + seen.cardinality() + " distinct, "
                        + committed + " committed, first missing " + seen.nextClearBit(0) + ", highest " + seen.length());
            }
            assertEquals(committed, n, "every committed message after a restart with the same heap");
        } finally {
            assertEquals(0, restarted.stopCleanly(), "broker exit code after a clean stop");
        }
    }
}
