package io.pactum.broker.it;

import io.pactum.broker.config.DiskLimit;
import io.pactum.broker.delivery.FullPolicy;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker whose disk counts as full (max-disk-usage 1MB of journal files, which the redo log alone exceeds): sends
 * that would write to the journal are refused per the full-policy; non-persistent messages and consumption go on.
 */
class DiskLimitTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> {
        c.maxDiskUsage = new DiskLimit(1L << 20, 0);
        c.queueLimits = c.queueLimits.withFullPolicy(FullPolicy.FAIL);
    });

    @Test
    void persistentSendsAreRefusedWhileNonPersistentOnesGoOn() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("disk"));
            ResourceAllocationException e = assertThrows(ResourceAllocationException.class,
                    () -> p.send(s.createTextMessage("persistent")));
            assertTrue(e.getMessage().contains("max-disk-usage 1MB"), e.getMessage());
            p.send(s.createTextMessage("non-persistent"), DeliveryMode.NON_PERSISTENT, 4, 0);
            MessageConsumer consumer = s.createConsumer(s.createQueue("disk"));
            c.start();
            assertEquals("non-persistent", ((TextMessage) consumer.receive(5_000)).getText());
        }
    }
}
