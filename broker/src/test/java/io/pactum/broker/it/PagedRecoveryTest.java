package io.pactum.broker.it;

import io.pactum.broker.config.MemoryLimit;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Past the memory budget a non-persistent message is written to the journal only so it can be paged; a restart
 * must not turn it into a persistent one. The persistent messages around it all come back, in order.
 */
class PagedRecoveryTest {
    private static final int BODY = 10 * 1024;
    private static final int PERSISTENT = 200; // 2 MB: past a budget of 1 MB

    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> c.maxMemory = new MemoryLimit(1L << 20, 0));

    @Test
    void nonPersistentMessagesPagedIntoTheJournalDoNotComeBackAfterARestart() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("mixed"));
            for (int i = 0; i < PERSISTENT; i++) {
                BytesMessage m = s.createBytesMessage();
                m.writeBytes(new byte[BODY]);
                m.setIntProperty("seq", i);
                p.send(m);
                if (i == PERSISTENT / 2) {
                    BytesMessage np = s.createBytesMessage();
                    np.writeBytes(new byte[BODY]);
                    np.setIntProperty("seq", -1);
                    p.send(np, DeliveryMode.NON_PERSISTENT, 4, 0);
                }
            }
            // a synchronous persistent send after it: the non-persistent one has been handled in order before
            p.send(s.createTextMessage("last"));
        }
        broker.restart();
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("mixed"));
            c.start();
            for (int i = 0; i < PERSISTENT; i++) {
                Message m = consumer.receive(10_000);
                assertNotNull(m, "persistent message " + i);
                assertEquals(i, m.getIntProperty("seq"), "in order, and without the non-persistent one");
            }
            assertNotNull(consumer.receive(10_000), "the last one");
            assertNull(consumer.receive(500), "nothing else");
        }
    }
}
