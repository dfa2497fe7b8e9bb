package io.pactum.broker.it;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    @Test
    void clientIdFromTheUrlIsFixedAndUnique() throws Exception {
        try (Connection c = broker.factory("clientID=orders-app").createConnection()) {
            assertEquals("orders-app", c.getClientID());
            assertThrows(IllegalStateException.class, () -> c.setClientID("other"));
            assertThrows(InvalidClientIDException.class,
                    () -> broker.factory("clientID=orders-app").createConnection());
        }
        try (Connection again = broker.factory("clientID=orders-app").createConnection()) {
            assertEquals("orders-app", again.getClientID(), "released when the first connection closed");
        }
    }

    @Test
    void closingAConnectionFreesItsClientIdBeforeTheSocketCloses() throws Exception {
        // what Connection.close() sends last: with the socket still open, the client ID is free already
        io.pactum.jms.transport.Transport first = io.pactum.jms.transport.Transport.connect(
                io.pactum.jms.BrokerUrl.parse(broker.url()), io.pactum.protocol.Frame.DEFAULT_MAX_FRAME_SIZE);
        try {
            first.call(new io.pactum.protocol.Commands.Hello(io.pactum.protocol.Protocol.VERSION, "again", null, null));
            assertThrows(InvalidClientIDException.class, () -> broker.factory("clientID=again").createConnection());
            first.call(new io.pactum.protocol.Commands.CloseConnection());
            try (Connection next = broker.factory("clientID=again").createConnection()) {
                assertEquals("again", next.getClientID());
            }
        } finally {
            first.close();
        }
        try (Connection after = broker.factory("clientID=again").createConnection()) {
            assertEquals("again", after.getClientID(), "the first connection's end did not take the ID from the next one");
        }
    }

    @Test
    void clientIdCanBeSetOnlyBeforeFirstUse() throws Exception {
        try (Connection c = broker.factory().createConnection(); Connection d = broker.factory().createConnection()) {
            c.setClientID("first");
            assertEquals("first", c.getClientID());
            assertThrows(InvalidClientIDException.class, () -> d.setClientID("first"));
            d.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(IllegalStateException.class, () -> d.setClientID("late"));
        }
    }

    @Test
    void metaDataDescribesTheProvider() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            ConnectionMetaData md = c.getMetaData();
            assertEquals(3, md.getJMSMajorVersion());
            assertEquals(1, md.getJMSMinorVersion());
            assertEquals("Pactum", md.getJMSProviderName());
            assertTrue(Collections.list(md.getJMSXPropertyNames()).contains("JMSXDeliveryCount"));
        }
    }

    @Test
    void closedObjectsThrowIllegalStateException() throws Exception {
        Connection c = broker.factory().createConnection();
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue("q"));
        c.close();
        c.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> c.createSession(false, Session.AUTO_ACKNOWLEDGE));
        assertThrows(IllegalStateException.class, () -> s.createTextMessage());
        assertThrows(IllegalStateException.class, () -> p.send(null));
    }

    @Test
    void exceptionListenerHearsAboutBrokerShutdown() throws Exception {
        AtomicReference<JMSException> heard = new AtomicReference<>();
        Connection c = broker.factory().createConnection();
        c.setExceptionListener(heard::set);
        broker.broker().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.get() != null);
        assertTrue(heard.get().getMessage().contains("broker"), heard.get().getMessage());
        Session failed = null;
        try {
            failed = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        } catch (JMSException expected) {
            assertNotNull(expected.getMessage());
        }
        assertEquals(null, failed);
        c.close();
    }

    @Test
    void oversizedMessageFailsWithResourceAllocationAndTheConnectionSurvives() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("big"));
            BytesMessage big = s.createBytesMessage();
            big.writeBytes(new byte[broker.broker().config().maxFrameSize + 1]);
            assertThrows(ResourceAllocationException.class, () -> p.send(big));
            p.send(s.createTextMessage("small"));
            c.start();
            assertNotNull(s.createConsumer(s.createQueue("big")).receive(5000));
        }
    }

    @Test
    void unreachableBrokerFailsFast() {
        JMSException e = assertThrows(JMSException.class,
                () -> new io.pactum.jms.PactumConnectionFactory("tcp://127.0.0.1:1?connectTimeout=2000").createConnection());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }
}
