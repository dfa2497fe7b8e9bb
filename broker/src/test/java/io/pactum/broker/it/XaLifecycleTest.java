package io.pactum.broker.it;

import io.pactum.jms.PactumConnection;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The life of XA branches through the client against a real broker: timeouts, connection loss, restarts,
 * suspension and joining across connections, TMFAIL, the protocol errors, and the XA session outside a branch.
 */
class XaLifecycleTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    private static Xid xid(String gtrid) {
        return new WireXid(0x5041, gtrid.getBytes(StandardCharsets.UTF_8), new byte[]{2});
    }

    private XAConnection xaConnection() throws JMSException {
        XAConnection c = new PactumXAConnectionFactory(broker.url()).createXAConnection();
        c.start();
        return c;
    }

    private void send(String queue, String text) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            Session s = c.createSession();
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage(text));
        }
    }

    /** Waiting plus in-flight messages of a queue, as the broker reports them. */
    private long held(String queue) throws JMSException {
        try (PactumConnection c = (PactumConnection) broker.factory().createConnection()) {
            return c.listQueues().stream().filter(q -> q.name().equals(queue)).mapToLong(q -> q.depth() + q.inFlight()).sum();
        }
    }

    private long waiting(String queue) throws JMSException {
        try (PactumConnection c = (PactumConnection) broker.factory().createConnection()) {
            return c.listQueues().stream().filter(q -> q.name().equals(queue)).mapToLong(q -> q.depth()).sum();
        }
    }

    private List<String> branchStates() throws JMSException {
        try (PactumConnection c = (PactumConnection) broker.factory().createConnection()) {
            return c.listTransactions().stream().map(XaCommands.BranchInfo::state).toList();
        }
    }

    private Message receiveFrom(String queue) throws JMSException {
        try (Connection c = broker.factory().createConnection()) {
            c.start();
            Session s = c.createSession();
            Message m = s.createConsumer(s.createQueue(queue)).receive(10_000);
            assertNotNull(m, "a message from " + queue);
            return m;
        }
    }

    private static int code(XaCall call) {
        return assertThrows(XAException.class, call::run).errorCode;
    }

    interface XaCall {
        void run() throws Exception;
    }

    @Test
    void anUnpreparedBranchRollsBackWhenItsTimeoutPasses() throws Exception {
        send("in", "order");
        Xid x = xid("timeout");
        try (XAConnection c = xaConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            assertTrue(xa.setTransactionTimeout(1));
            assertEquals(1, xa.getTransactionTimeout());
            xa.start(x, XAResource.TMNOFLAGS);
            assertNotNull(s.createConsumer(s.createQueue("in")).receive(10_000));
            s.createProducer(s.createQueue("out")).send(s.createTextMessage("confirmation"));
            await().atMost(Duration.ofSeconds(15)).until(() -> branchStates().equals(List.of("ROLLBACK_ONLY")));
            assertEquals(XAException.XA_RBTIMEOUT, code(() -> xa.end(x, XAResource.TMSUCCESS)));
            xa.rollback(x);
        }
        Message again = receiveFrom("in");
        assertTrue(again.getJMSRedelivered());
        assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
        assertEquals(0, held("out"));
    }

    @Test
    void losingTheConnectionRollsBackItsActiveBranch() throws Exception {
        send("in", "order");
        Xid x = xid("lost");
        XAConnection c = xaConnection();
        XASession s = c.createXASession();
        XAResource xa = s.getXAResource();
        xa.start(x, XAResource.TMNOFLAGS);
        assertNotNull(s.createConsumer(s.createQueue("in")).receive(10_000));
        s.createProducer(s.createQueue("out")).send(s.createTextMessage("confirmation"));
        c.close();
        assertEquals(XAException.XAER_RMFAIL, code(() -> xa.prepare(x)), "a closed connection is a failed resource");
        await().atMost(Duration.ofSeconds(10)).until(() -> branchStates().isEmpty());
        Message again = receiveFrom("in");
        assertTrue(again.getJMSRedelivered());
        assertEquals(0, held("out"));
    }

    @Test
    void aPreparedBranchOutlivesItsConnectionAndARestart() throws Exception {
        send("in", "order");
        Xid x = xid("restart");
        XAConnection c = xaConnection();
        XASession s = c.createXASession();
        XAResource xa = s.getXAResource();
        xa.start(x, XAResource.TMNOFLAGS);
        assertNotNull(s.createConsumer(s.createQueue("in")).receive(10_000));
        s.createProducer(s.createQueue("out")).send(s.createTextMessage("confirmation"));
        xa.end(x, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, xa.prepare(x));
        broker.restart();
        assertEquals(XAException.XAER_RMFAIL, code(() -> xa.commit(x, false)), "the old connection is gone");
        c.close();
        assertEquals(1, held("in"), "the acknowledged order stays locked");
        assertEquals(0, waiting("in"));
        assertEquals(0, held("out"), "the confirmation stays invisible");
        try (XAConnection again = xaConnection()) {
            XAResource fresh = again.createXASession().getXAResource();
            assertEquals(List.of(x), Arrays.asList(fresh.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)));
            fresh.commit(x, false);
        }
        assertEquals(0, held("in"));
        assertEquals("confirmation", receiveFrom("out").getBody(String.class));
    }

    @Test
    void suspendResumeAndJoinFromAnotherConnectionMakeOneBranch() throws Exception {
        Xid x = xid("joined");
        try (XAConnection c1 = xaConnection(); XAConnection c2 = xaConnection()) {
            XASession s1 = c1.createXASession();
            XASession s2 = c2.createXASession();
            XAResource xa1 = s1.getXAResource();
            XAResource xa2 = s2.getXAResource();
            assertTrue(xa1.isSameRM(xa2), "two connections to one broker are one resource manager");
            xa1.start(x, XAResource.TMNOFLAGS);
            s1.createProducer(s1.createQueue("joined")).send(s1.createTextMessage("1"));
            xa1.end(x, XAResource.TMSUSPEND);
            s1.createProducer(s1.createQueue("outside")).send(s1.createTextMessage("not in the branch"));
            xa2.start(x, XAResource.TMJOIN);
            s2.createProducer(s2.createQueue("joined")).send(s2.createTextMessage("2"));
            xa2.end(x, XAResource.TMSUCCESS);
            xa1.start(x, XAResource.TMRESUME);
            s1.createProducer(s1.createQueue("joined")).send(s1.createTextMessage("3"));
            xa1.end(x, XAResource.TMSUCCESS);
            assertEquals(1, held("outside"), "while suspended the session worked outside the branch");
            assertEquals(0, held("joined"));
            assertEquals(XAResource.XA_OK, xa2.prepare(x));
            xa2.commit(x, false);
        }
        assertEquals(3, held("joined"));
    }

    @Test
    void aCompletionOverAnotherConnectionWaitsForAnEndThatDidNotWait() throws Exception {
        try (XAConnection c1 = xaConnection(); XAConnection c2 = xaConnection()) {
            XASession s1 = c1.createXASession();
            XAResource xa1 = s1.getXAResource();
            XAResource xa2 = c2.createXASession().getXAResource();
            xa1.setTransactionTimeout(60); // a known deadline: xa1's end does not wait for its answer
            jakarta.jms.MessageProducer producer = s1.createProducer(s1.createQueue("overtaken"));
            for (int i = 0; i < 40; i++) {
                Xid x = xid("overtaken-" + i);
                boolean onePhase = i % 2 == 1;
                xa1.start(x, XAResource.TMNOFLAGS);
                producer.send(s1.createTextMessage("m" + i));
                xa1.end(x, XAResource.TMSUCCESS);
                // the completion may reach the broker before the end does; it must wait for it, not fail
                if (onePhase) {
                    xa2.commit(x, true);
                } else {
                    assertEquals(XAResource.XA_OK, xa2.prepare(x));
                    xa2.commit(x, false);
                }
            }
        }
        assertEquals(40, held("overtaken"));
        assertEquals(List.of(), branchStates());
    }

    /** Timeout 0: end waits and reports the refused send; 60: end does not wait, and prepare reports it. */
    @ParameterizedTest
    @ValueSource(ints = {0, 60})
    void aFailedSendDoomsTheBranch(int timeoutSeconds) throws Exception {
        Xid x = xid("failed-send-" + timeoutSeconds);
        String queue = "partial-" + timeoutSeconds;
        try (XAConnection c = xaConnection(); Connection owner = broker.factory().createConnection()) {
            jakarta.jms.TemporaryQueue gone = owner.createSession().createTemporaryQueue();
            gone.delete();
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            xa.setTransactionTimeout(timeoutSeconds);
            xa.start(x, XAResource.TMNOFLAGS);
            s.createProducer(s.createQueue(queue)).send(s.createTextMessage("would be half a branch"));
            s.createProducer(gone).send(s.createTextMessage("refused by the broker"));
            if (timeoutSeconds == 0) {
                assertEquals(XAException.XA_RBROLLBACK, code(() -> xa.end(x, XAResource.TMSUCCESS)));
            } else {
                try {
                    xa.end(x, XAResource.TMSUCCESS); // fails only if the send's answer happened to be back already
                } catch (XAException e) {
                    assertEquals(XAException.XA_RBROLLBACK, e.errorCode);
                }
            }
            assertEquals(XAException.XA_RBROLLBACK, code(() -> xa.prepare(x)));
            assertEquals(List.of(), branchStates());
        }
        assertEquals(0, held(queue), "nothing of the branch was committed");
    }

    @Test
    void aDurableSubscriptionWithMessagesInAPreparedBranchCannotBeRemoved() throws Exception {
        Xid x = xid("durable");
        try (Connection subscriber = broker.factory("clientID=auditor").createConnection();
             XAConnection c = xaConnection()) {
            Session ss = subscriber.createSession();
            ss.createDurableSubscriber(ss.createTopic("audit"), "all").close();
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            s.createProducer(s.createTopic("audit")).send(s.createTextMessage("entry"));
            xa.end(x, XAResource.TMSUCCESS);
            xa.prepare(x);
            assertThrows(jakarta.jms.IllegalStateException.class, () -> ss.unsubscribe("all"),
                    "the prepared branch's message must reach the subscription if the branch commits");
            xa.commit(x, false);
            subscriber.start();
            MessageConsumer consumer = ss.createDurableSubscriber(ss.createTopic("audit"), "all");
            assertEquals("entry", consumer.receive(10_000).getBody(String.class));
            consumer.close();
            ss.unsubscribe("all");
        }
    }

    @Test
    void endWithTmFailDoomsTheBranch() throws Exception {
        send("in", "order");
        Xid x = xid("tmfail");
        try (XAConnection c = xaConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            xa.start(x, XAResource.TMNOFLAGS);
            assertNotNull(s.createConsumer(s.createQueue("in")).receive(10_000));
            xa.end(x, XAResource.TMFAIL);
            assertEquals(XAException.XA_RBROLLBACK, code(() -> xa.prepare(x)));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.rollback(x)), "prepare reported and forgot the rollback");
        }
        assertTrue(receiveFrom("in").getJMSRedelivered());
    }

    @Test
    void protocolErrorsReachTheApplicationWithTheirCodes() throws Exception {
        Xid x = xid("errors");
        try (XAConnection c = xaConnection(); XAConnection c2 = xaConnection()) {
            XASession s = c.createXASession();
            XAResource xa = s.getXAResource();
            XAResource other = c2.createXASession().getXAResource();
            assertEquals(XAException.XAER_NOTA, code(() -> xa.commit(xid("unknown"), false)));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.rollback(xid("unknown"))));
            assertEquals(XAException.XAER_NOTA, code(() -> xa.start(xid("unknown"), XAResource.TMJOIN)));
            assertEquals(XAException.XAER_INVAL, code(() -> xa.start(x, XAResource.TMSUSPEND)));
            xa.start(x, XAResource.TMNOFLAGS);
            assertEquals(XAException.XAER_DUPID, code(() -> other.start(x, XAResource.TMNOFLAGS)));
            assertEquals(XAException.XAER_PROTO, code(() -> other.prepare(x)), "prepare while associated");
            assertEquals(XAException.XAER_PROTO, code(() -> other.commit(x, true)), "commit while associated");
            s.createProducer(s.createQueue("errors")).send(s.createTextMessage("m"));
            xa.end(x, XAResource.TMSUCCESS);
            assertEquals(XAException.XAER_PROTO, code(() -> xa.commit(x, false)), "two-phase commit before prepare");
            assertEquals(XAResource.XA_OK, xa.prepare(x));
            assertEquals(XAException.XAER_PROTO, code(() -> xa.prepare(x)), "prepare twice");
            assertEquals(XAException.XAER_PROTO, code(() -> xa.start(x, XAResource.TMJOIN)), "start of a prepared branch");
            assertEquals(XAException.XAER_PROTO, code(() -> xa.commit(x, true)), "one-phase commit of a prepared branch");
            assertEquals(XAException.XAER_PROTO, code(() -> xa.forget(x)), "forget without a heuristic outcome");
            xa.rollback(x);
            assertEquals(XAException.XAER_NOTA, code(() -> xa.rollback(x)));
        }
        assertEquals(0, held("errors"));
    }

    @Test
    void anXaSessionOutsideABranchActsAsAutoAcknowledgeAndRefusesLocalTransactions() throws Exception {
        send("in", "order");
        try (XAConnection c = xaConnection()) {
            XASession s = c.createXASession();
            assertTrue(s.getTransacted());
            assertThrows(TransactionInProgressException.class, s::commit);
            assertThrows(TransactionInProgressException.class, s::rollback);
            s.createProducer(s.createQueue("plain")).send(s.createTextMessage("visible at once"));
            assertEquals(1, held("plain"));
            MessageConsumer consumer = s.getSession().createConsumer(s.createQueue("in"));
            assertNotNull(consumer.receive(10_000));
            await().atMost(Duration.ofSeconds(10)).until(() -> held("in") == 0);
        }
        try (XAJMSContext context = new PactumXAConnectionFactory(broker.url()).createXAContext()) {
            assertTrue(context.getTransacted());
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            assertNotNull(context.getXAResource());
            assertNotNull(context.getContext());
        }
    }
}
