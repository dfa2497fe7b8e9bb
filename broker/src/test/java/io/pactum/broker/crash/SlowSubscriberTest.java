package io.pactum.broker.crash;

import io.pactum.jms.PactumConnection;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.protocol.Commands;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A topic with one subscriber that never reads and one that does, in a broker with a 128 MiB heap in its own JVM:
 * three heaps of non-persistent 10 KiB messages, sent without waiting, go through. Once the memory budget is spent
 * the broker writes what would otherwise stay in memory to the journal, so the idle subscriber's backlog is paged,
 * and it stops reading a connection whose writes queue up for the disk. The reader gets every message, in order.
 * After a SIGKILL and a restart the idle subscription (non-durable) is gone, with what it had paged.
 */
class SlowSubscriberTest {
    private static final String HEAP = "128m";
    private static final int BODY = 10 * 1024;
    private static final long SEGMENT_SIZE = 16L << 20;

    @TempDir
    Path data;

    @Test
    void anIdleSubscriberNeitherFillsTheHeapNorSlowsTheReader() throws Exception {
        int count = (int) (3 * (128L << 20) / BODY);
        BrokerProcess broker = BrokerProcess.start(data, HEAP, SEGMENT_SIZE);
        try {
            try (Connection idle = new PactumConnectionFactory(broker.url()).createConnection();
                 Connection reader = new PactumConnectionFactory(broker.url()).createConnection();
                 Connection producer = new PactumConnectionFactory(broker.url()).createConnection()) {
                Session idleSession = idle.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Topic topic = idleSession.createTopic("prices");
                idleSession.createConsumer(topic); // subscribed, never reads
                idle.start();
                Session readerSession = reader.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
                MessageConsumer consumer = readerSession.createConsumer(topic);
                reader.start();

                Session s = producer.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer p = s.createProducer(topic);
                p.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                byte[] body = new byte[BODY];
                Thread sender = new Thread(() -> {
                    try {
                        for (int i = 0; i < count; i++) {
                            BytesMessage m = s.createBytesMessage();
                            body[0] = (byte) i;
                            m.writeBytes(body);
                            m.setIntProperty("seq", i);
                            p.send(m);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "sender");
                sender.start();
                for (int i = 0; i < count; i++) {
                    Message m = consumer.receive(30_000);
                    assertNotNull(m, "message " + i + " of " + count + " reached the reader");
                    assertEquals(i, m.getIntProperty("seq"), "in order");
                    assertEquals((byte) i, ((BytesMessage) m).readByte());
                }
                sender.join(60_000);
                assertTrue(broker.isAlive(), "the broker did not run out of memory");
                broker.kill(); // with the idle subscriber's backlog paged into the journal
            }
        } finally {
            if (broker.isAlive()) {
                broker.kill();
            }
        }

        BrokerProcess restarted = BrokerProcess.start(data, HEAP, SEGMENT_SIZE);
        try (PactumConnection c = (PactumConnection) new PactumConnectionFactory(restarted.url()).createConnection()) {
            List<Commands.QueueInfo> queues = c.listQueues();
            assertTrue(queues.stream().noneMatch(q -> q.depth() > 0),
                    "nothing of the non-durable subscriptions came back: " + queues);
        } finally {
            assertEquals(0, restarted.stopCleanly());
        }
    }
}
