package io.pactum.jms.xa;

import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import io.pactum.jms.message.PactumMessage;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import jakarta.jms.JMSContext;
import jakarta.jms.MessageConsumer;
import jakarta.jms.IllegalStateException;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XAQueueConnection;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicConnection;
import jakarta.jms.XATopicSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XA sessions, connections and contexts against a scripted broker: what they put on the wire, and in which order. */
class XaSessionTest {
    private static final WireXid X = new WireXid(1, new byte[]{7}, new byte[]{1});

    private ScriptedBroker broker;
    private PactumXAConnectionFactory factory;
    private XAConnection connection;

    @BeforeEach
    void connect() throws Exception {
        broker = new ScriptedBroker("broker-A");
        factory = new PactumXAConnectionFactory(broker.url());
        connection = factory.createXAConnection();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        broker.close();
    }

    @Test
    void anXaSessionIsAnAutoAcknowledgeSessionOnTheWireThatReportsItselfTransacted() throws Exception {
        XASession s = connection.createXASession();
        assertEquals(List.of(new Commands.CreateSession(1, Session.AUTO_ACKNOWLEDGE)),
                broker.received(Commands.CreateSession.class));
        assertTrue(s.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, s.getAcknowledgeMode());
        assertThrows(TransactionInProgressException.class, s::commit);
        assertThrows(TransactionInProgressException.class, s::rollback);
        assertSame(s, s.getSession());
        assertFalse(s instanceof XAQueueSession, "createXASession makes an XASession of both domains");
        assertFalse(s instanceof XATopicSession, "createXASession makes an XASession of both domains");
        assertInstanceOf(PactumXAResource.class, s.getXAResource());
        assertSame(s.getXAResource(), s.getXAResource());

        Session plain = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        assertFalse(plain instanceof XASession);
        assertFalse(plain.getTransacted());
        try (var c = factory.createConnection()) {
            assertFalse(c instanceof XAConnection, "the XA factory still makes plain connections");
        }
    }

    @Test
    void anXaQueueOrTopicSessionIsItsOwnDomainSessionAndRefusesTheOtherDomainsMethods() throws Exception {
        XAQueueSession xq = ((XAQueueConnection) connection).createXAQueueSession();
        QueueSession qs = xq.getQueueSession();
        assertSame(xq, qs, "the queue session is the XA session itself, so its XAResource directs it");
        assertSame(xq, xq.getSession());
        assertThrows(IllegalStateException.class, () -> qs.createTopic("t"));
        assertThrows(IllegalStateException.class, qs::createTemporaryTopic);
        assertThrows(IllegalStateException.class, () -> qs.createDurableConsumer(new PactumTopic("t"), "d"));
        assertThrows(IllegalStateException.class, () -> qs.createSharedConsumer(new PactumTopic("t"), "sh"));
        assertThrows(IllegalStateException.class, () -> qs.unsubscribe("d"));
        assertNotNull(qs.createQueue("q"));

        XATopicSession xt = ((XATopicConnection) connection).createXATopicSession();
        TopicSession ts = xt.getTopicSession();
        assertSame(xt, ts, "the topic session is the XA session itself, so its XAResource directs it");
        assertThrows(IllegalStateException.class, () -> ts.createQueue("q"));
        assertThrows(IllegalStateException.class, ts::createTemporaryQueue);
        assertThrows(IllegalStateException.class, () -> ts.createBrowser(new PactumQueue("q")));
        assertNotNull(ts.createTopic("t"));

        assertEquals(List.of(), broker.received(Commands.CreateDestination.class, Commands.CreateConsumer.class,
                Commands.Unsubscribe.class), "nothing refused reached the broker");

        // the queue session's work is the work of the XA session's branch
        xq.getXAResource().start(X, XAResource.TMNOFLAGS);
        qs.createSender(new PactumQueue("q")).send(qs.createTextMessage("in the branch"));
        xq.getXAResource().end(X, XAResource.TMSUCCESS);
        List<Command> wire = broker.received(XaCommands.XaStart.class, Commands.Send.class, XaCommands.XaEnd.class);
        assertEquals(List.of(XaCommands.XaStart.class, Commands.Send.class, XaCommands.XaEnd.class),
                wire.stream().map(Object::getClass).toList());
        assertEquals(((XaCommands.XaStart) wire.get(0)).sessionId(), ((Commands.Send) wire.get(1)).sessionId());
    }

    @Test
    void aSendTheBrokerRefusedInABranchEndsItWithTmFail() throws Exception {
        broker.answer = c -> c instanceof Commands.Send ? new Commands.Error(ErrorCode.RESOURCE_ALLOCATION, "full") : null;
        XASession s = connection.createXASession();
        MessageProducer p = s.createProducer(new PactumQueue("q"));
        XAResource xa = s.getXAResource();
        xa.start(X, XAResource.TMNOFLAGS);
        p.send(s.createTextMessage("in the branch: checked when the branch ends"));
        XAException e = assertThrows(XAException.class, () -> xa.end(X, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBROLLBACK, e.errorCode);
        assertTrue(e.getMessage().contains("full"), e.getMessage());
        List<Command> ends = broker.received(XaCommands.XaEnd.class);
        assertEquals(XAResource.TMFAIL, ((XaCommands.XaEnd) ends.get(0)).flags(), "the broker is told the branch failed");
    }

    @Test
    void aListenerThatEndsTheBranchTakesItsAcknowledgementIntoIt() throws Exception {
        XASession s = connection.createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer consumer = s.createConsumer(new PactumQueue("q"));
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        consumer.setMessageListener(m -> {
            // what a resource adapter does around an endpoint's onMessage
            try {
                xa.start(X, XAResource.TMNOFLAGS);
                xa.end(X, XAResource.TMSUCCESS);
            } catch (XAException e) {
                failure.complete(e);
            }
            done.countDown();
        });
        connection.start();
        broker.push(new Commands.Deliver(consumerId(), 11, 1, text("hello")));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        s.close(); // waits for the listener, after which a late ACK would already be written
        assertFalse(failure.isDone(), () -> failure.join().toString());
        List<Command> wire = broker.received(XaCommands.XaStart.class, Commands.Ack.class, XaCommands.XaEnd.class);
        assertEquals(3, wire.size(), wire.toString());
        assertInstanceOf(XaCommands.XaStart.class, wire.get(0));
        assertArrayEquals(new long[]{11}, ((Commands.Ack) wire.get(1)).deliveryIds());
        assertInstanceOf(XaCommands.XaEnd.class, wire.get(2));
    }

    @Test
    void aReceivedMessageIsAcknowledgedBeforeTheEnd() throws Exception {
        XASession s = connection.createXASession();
        XAResource xa = s.getXAResource();
        MessageConsumer consumer = s.createConsumer(new PactumQueue("q"));
        connection.start();
        broker.push(new Commands.Deliver(consumerId(), 21, 1, text("one")));
        xa.start(X, XAResource.TMNOFLAGS);
        assertNotNull(consumer.receive(10_000));
        xa.end(X, XAResource.TMSUCCESS);
        List<Command> wire = broker.received(XaCommands.XaStart.class, Commands.Ack.class, XaCommands.XaEnd.class);
        assertEquals(List.of(XaCommands.XaStart.class, Commands.Ack.class, XaCommands.XaEnd.class),
                wire.stream().map(Object::getClass).toList());
    }

    @Test
    void closingInABranchClosesOnTheBrokerOnlyAfterTheEnd() throws Exception {
        XASession s = connection.createXASession();
        XAResource xa = s.getXAResource();
        xa.start(X, XAResource.TMNOFLAGS);
        s.close();
        assertEquals(List.of(), broker.received(Commands.CloseSession.class));
        xa.end(X, XAResource.TMSUCCESS);
        List<Command> wire = broker.received(XaCommands.XaEnd.class, Commands.CloseSession.class);
        assertEquals(List.of(XaCommands.XaEnd.class, Commands.CloseSession.class),
                wire.stream().map(Object::getClass).toList());
        assertEquals(XAResource.XA_RDONLY, xa.prepare(X), "completion still works after the session closed");
    }

    @Test
    void xaContext() {
        try (XAJMSContext context = factory.createXAContext()) {
            assertTrue(context.getTransacted());
            assertEquals(JMSContext.SESSION_TRANSACTED, context.getSessionMode());
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            assertThrows(TransactionInProgressRuntimeException.class, context::rollback);
            assertSame(context, context.getContext());
            assertInstanceOf(PactumXAResource.class, context.getXAResource());
            try (JMSContext plain = context.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                assertFalse(plain instanceof XAJMSContext);
                assertFalse(plain.getTransacted());
            }
        }
        try (JMSContext plain = factory.createContext()) {
            assertFalse(plain instanceof XAJMSContext);
        }
    }

    @Test
    void sameResourceManagerIsTheSameBrokerIdentity() throws Exception {
        XAResource a = connection.createXASession().getXAResource();
        try (ScriptedBroker other = new ScriptedBroker("broker-B");
             XAConnection second = factory.createXAConnection();
             XAConnection elsewhere = new PactumXAConnectionFactory(other.url()).createXAConnection()) {
            assertTrue(a.isSameRM(second.createXASession().getXAResource()));
            assertFalse(a.isSameRM(elsewhere.createXASession().getXAResource()));
        }
    }

    @Test
    void aConnectionLostDuringACallIsRmFailAndNeverHangs() throws Exception {
        XAResource xa = connection.createXASession().getXAResource();
        broker.answer = c -> c instanceof XaCommands.XaPrepare ? ScriptedBroker.NO_ANSWER : null;
        CompletableFuture<XAException> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                xa.prepare(X);
                return null;
            } catch (XAException e) {
                return e;
            }
        });
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> !broker.received(XaCommands.XaPrepare.class).isEmpty());
            broker.dropClients();
            XAException e = outcome.get();
            assertNotNull(e, "prepare returned although the broker never answered");
            assertEquals(XAException.XAER_RMFAIL, e.errorCode);
            assertNotNull(e.getCause());
            // and once lost, every call fails at once
            assertEquals(XAException.XAER_RMFAIL,
                    assertThrows(XAException.class, () -> xa.commit(X, true)).errorCode);
            assertEquals(XAException.XAER_RMFAIL,
                    assertThrows(XAException.class, () -> xa.recover(XAResource.TMSTARTRSCAN)).errorCode);
        });
    }

    private long consumerId() {
        return ((Commands.CreateConsumer) broker.received(Commands.CreateConsumer.class).get(0)).consumerId();
    }

    private static byte[] text(String body) throws Exception {
        PactumMessage m = PactumMessage.createText(body);
        m.setJMSDestination(new PactumQueue("q"));
        m.setJMSMessageID("ID:test-" + body);
        return m.toWire().encode();
    }
}
