package io.pactum.broker.store;

import io.pactum.broker.it.RunningBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal writer that fails for good (as after an I/O error) must not leave a broker that accepts work and drops
 * acknowledgements: the broker stops, naming the cause; nothing is confirmed after the failure; a restart recovers
 * what was confirmed before it.
 */
class JournalFailureTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    @Test
    void theBrokerStopsAndConfirmsNothingAfterItsJournalFails() throws Exception {
        CompletableFuture<JMSException> lost = new CompletableFuture<>();
        try (Connection c = broker.factory().createConnection()) {
            c.setExceptionListener(lost::complete);
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("orders"));
            p.send(s.createTextMessage("confirmed before"));
            MessageConsumer consumer = s.createConsumer(s.createQueue("orders"));
            c.start();
            Message received = consumer.receive(10_000);
            assertNotNull(received);

            H2Journal journal = (H2Journal) broker.broker().journal();
            journal.failForTest(new IOException("No space left on device (injected)"));

            Throwable cause = broker.broker().stoppedByFailure().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertInstanceOf(JournalException.class, cause);
            assertTrue(cause.getMessage().contains("No space left on device"), cause.getMessage());
            assertNotNull(lost.get(30, TimeUnit.SECONDS), "the client sees the connection go");
            assertThrows(JMSException.class, received::acknowledge, "an acknowledgement after the failure is refused");
            assertThrows(JMSException.class, () -> p.send(s.createTextMessage("after")));
        }
        assertThrows(Exception.class, () -> {
            try (Connection again = broker.factory().createConnection()) {
                again.start();
            }
        }, "a stopped broker accepts no connections");

        broker.restart();
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("orders"));
            c.start();
            TextMessage m = (TextMessage) consumer.receive(10_000);
            assertNotNull(m, "the unacknowledged message survived");
            assertEquals("confirmed before", m.getText());
            assertTrue(m.getJMSRedelivered(), "it had been delivered before the failure");
            assertNull(consumer.receive(500), "and only once");
        }
    }
}
