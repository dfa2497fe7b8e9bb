package io.pactum.broker.tx;

import io.pactum.broker.delivery.DeliveryPolicy;
import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.delivery.Destinations;
import io.pactum.broker.delivery.MemoryBudget;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.delivery.Subscriber;
import io.pactum.broker.store.H2Journal;
import io.pactum.broker.store.RecoveredState;
import io.pactum.protocol.Destination;
import io.pactum.protocol.WireMessage;
import io.pactum.protocol.WireXid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The branch state machine against a real journal, without the network: visibility of sends and locks of
 * acknowledgements until the outcome, the XA error codes, timeouts, connection loss, heuristics and restarts.
 */
class ResourceManagerTest {
    @TempDir
    Path dir;
    private H2Journal journal;
    private Destinations destinations;
    private ResourceManager rm;
    private AtomicLong ids;
    private final Object session = "session-1";
    private final Object otherSession = "session-2";
    private final Object connection = "connection-1";

    @BeforeEach
    void open() {
        journal = H2Journal.open(dir, false, 1 << 20);
        RecoveredState state = journal.recovered();
        ids = new AtomicLong(state.maxMessageId());
        destinations = new Destinations(journal, new MemoryBudget(64L << 20), true, DeliveryPolicy.DEFAULT, Map.of(), ids::incrementAndGet);
        destinations.recover(state);
        rm = new ResourceManager(journal, 60);
        rm.restore(state, destinations);
    }

    @AfterEach
    void close() {
        rm.close();
        destinations.close();
        journal.close();
    }

    private void restart() {
        close();
        open();
    }

    private static WireXid xid(int n) {
        return new WireXid(4711, ("gtrid-" + n).getBytes(StandardCharsets.UTF_8), new byte[]{1});
    }

    private MessageRef message(String queue, String text) {
        WireMessage w = new WireMessage();
        w.destination = Destination.queue(queue);
        w.bodyType = WireMessage.BODY_TEXT;
        w.body = text.getBytes(StandardCharsets.UTF_8);
        byte[] data = w.encode();
        return new MessageRef(ids.incrementAndGet(), data, WireMessage.Header.peek(data), 0);
    }

    private void sendInBranch(XaBranch b, String queue, String text) {
        rm.enqueue(b, List.of(destinations.queue(queue)), message(queue, text));
    }

    private void commitDirectly(String queue, String text) {
        TransactionWork w = new TransactionWork();
        w.enqueue(List.of(destinations.queue(queue)), message(queue, text));
        journal.write(w.records()).join();
        w.apply();
    }

    /** Takes every message the queue can deliver now, as deliveries to a test consumer. */
    private List<Delivery> take(String queue) {
        Queue q = destinations.queue(queue);
        List<Delivery> out = new ArrayList<>();
        Subscriber s = new Subscriber() {
            public boolean ready() {
                return true;
            }

            public void deliver(Queue queue, MessageRef ref) {
                out.add(new Delivery(out.size() + 1, queue, ref, this));
            }

            public void flush() {
            }
        };
        q.addSubscriber(s);
        q.removeSubscriber(s);
        return out;
    }

    private static int xaCode(Runnable call) {
        return assertThrows(XaException.class, call::run).xaCode();
    }

    private static int xaCodeOf(Supplier<java.util.concurrent.CompletableFuture<?>> call) {
        try {
            call.get().join();
        } catch (XaException e) {
            return e.xaCode();
        } catch (CompletionException e) {
            return ((XaException) e.getCause()).xaCode();
        }
        throw new AssertionError("no XAException");
    }

    @Test
    void sendsOfATwoPhaseBranchAreInvisibleUntilCommit() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        sendInBranch(b, "q", "one");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(0, destinations.queue("q").depth());
        assertEquals(XAResource.XA_OK, rm.prepare(connection, xid(1)).join());
        assertEquals(List.of(xid(1)), rm.recover());
        assertEquals(0, destinations.queue("q").depth());
        rm.commit(connection, xid(1), false).join();
        assertEquals(1, destinations.queue("q").depth());
        assertEquals(List.of(), rm.recover());
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.commit(connection, xid(1), false)));
    }

    @Test
    void acknowledgementsLockTheMessageUntilTheOutcome() {
        commitDirectly("q", "one");
        List<Delivery> got = take("q");
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b, got);
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        rm.rollback(xid(1)).join();
        List<Delivery> again = take("q");
        assertEquals(1, again.size(), "a rolled-back acknowledgement returns the message");
        assertEquals(1, again.get(0).ref().deliveryCount(), "counted as a delivery attempt");

        XaBranch b2 = rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b2, again);
        rm.end(session, xid(2), XAResource.TMSUCCESS);
        rm.commit(connection, xid(2), true).join();
        assertEquals(0, destinations.queue("q").depth());
        assertEquals(0, destinations.queue("q").inFlight());
        restart();
        assertEquals(0, destinations.queue("q").depth(), "the committed acknowledgement is durable");
    }

    @Test
    void anEmptyBranchVotesReadOnlyAndIsGone() {
        rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, rm.prepare(connection, xid(1)).join());
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.commit(connection, xid(1), false)));
    }

    @Test
    void aCompletionOverAnotherConnectionWaitsForTheEndOfTheAssociation() throws Exception {
        Object otherConnection = "connection-2";
        sendInBranch(rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0), "q", "two-phase");
        java.util.concurrent.CompletableFuture<Integer> prepared = rm.prepare(otherConnection, xid(1));
        assertFalse(prepared.isDone(), "held back while a session of another connection is associated");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, prepared.get(10, java.util.concurrent.TimeUnit.SECONDS));
        rm.commit(otherConnection, xid(1), false).join();

        sendInBranch(rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0), "q", "one-phase");
        java.util.concurrent.CompletableFuture<Void> committed = rm.commit(otherConnection, xid(2), true);
        assertFalse(committed.isDone());
        rm.end(session, xid(2), XAResource.TMSUCCESS);
        committed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(2, destinations.queue("q").depth());
        assertEquals(List.of(), rm.list());
    }

    @Test
    void aSessionThatLeavesWithoutEndingDoomsTheBranchAndItsHeldCompletion() {
        Object otherConnection = "connection-2";
        sendInBranch(rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0), "q", "maybe half a branch");
        java.util.concurrent.CompletableFuture<Integer> prepared = rm.prepare(otherConnection, xid(1));
        rm.detach(session); // its end, and frames before it, may have been lost with its connection
        assertEquals(XAException.XA_RBCOMMFAIL, xaCodeOf(() -> prepared));

        sendInBranch(rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0), "q", "lost with the connection");
        java.util.concurrent.CompletableFuture<Void> committed = rm.commit(otherConnection, xid(2), true);
        rm.connectionLost(connection);
        assertEquals(XAException.XA_RBCOMMFAIL, xaCodeOf(() -> committed), "a rollback, not XAER_NOTA");
        assertEquals(List.of(), rm.list());
        assertEquals(0, destinations.queue("q").depth());
    }

    @Test
    void aCompletionWaitsOnlySoLongForAnEndThatNeverComes() {
        rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        long started = System.nanoTime();
        java.util.concurrent.CompletableFuture<Integer> prepared = rm.prepare("connection-2", xid(1));
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> prepared));
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waitedMillis >= ResourceManager.END_GRACE_MILLIS - 50, "waited " + waitedMillis + " ms");
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.prepare(connection, xid(1))),
                "over the connection of the associated session itself: at once, its end would have come first");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, rm.prepare(connection, xid(1)).join());
    }

    @Test
    void aBranchWhoseSendFailedCanOnlyRollBack() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        sendInBranch(b, "q", "the first half");
        rm.rollbackOnly(b, "a send of the branch failed: no such queue");
        XaException ended = assertThrows(XaException.class, () -> rm.end(session, xid(1), XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBROLLBACK, ended.xaCode());
        assertTrue(ended.getMessage().contains("no such queue"), ended.getMessage());
        assertEquals(XAException.XA_RBROLLBACK, xaCodeOf(() -> rm.prepare(connection, xid(1))));
        assertEquals(List.of(), rm.list());
        assertEquals(0, destinations.queue("q").depth());
    }

    @Test
    void protocolErrorsCarryTheirXaCodes() {
        rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        assertEquals(XAException.XAER_DUPID, xaCode(() -> rm.start(otherSession, connection, xid(1), XAResource.TMNOFLAGS, 0)));
        assertEquals(XAException.XAER_NOTA, xaCode(() -> rm.start(otherSession, connection, xid(9), XAResource.TMJOIN, 0)));
        assertEquals(XAException.XAER_NOTA, xaCode(() -> rm.start(otherSession, connection, xid(9), XAResource.TMRESUME, 0)));
        assertEquals(XAException.XAER_INVAL, xaCode(() -> rm.start(otherSession, connection, xid(2), XAResource.TMSUCCESS, 0)));
        assertEquals(XAException.XAER_PROTO, xaCode(() -> rm.start(otherSession, connection, xid(1), XAResource.TMRESUME, 0)),
                "resume of an association that was never suspended");
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.prepare(connection, xid(1))), "prepare while associated");
        assertEquals(XAException.XAER_PROTO, xaCode(() -> rm.end(otherSession, xid(1), XAResource.TMSUCCESS)),
                "end by a session that is not associated");
        assertEquals(XAException.XAER_INVAL, xaCode(() -> rm.end(session, xid(1), XAResource.TMJOIN)));
        assertEquals(XAException.XAER_NOTA, xaCode(() -> rm.end(session, xid(9), XAResource.TMSUCCESS)));
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.commit(connection, xid(1), false)), "two-phase commit of an unprepared branch");
        sendInBranch(rm.start(session, connection, xid(1), XAResource.TMJOIN, 0), "q", "x");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.prepare(connection, xid(1))), "prepare twice");
        assertEquals(XAException.XAER_PROTO, xaCode(() -> rm.start(session, connection, xid(1), XAResource.TMJOIN, 0)),
                "start of a prepared branch");
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.commit(connection, xid(1), true)), "one-phase commit of a prepared branch");
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.forget(xid(1))), "forget of a branch without heuristic outcome");
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.rollback(xid(9))));
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.prepare(connection, xid(9))));
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.forget(xid(9))));
        rm.rollback(xid(1)).join();
        assertEquals(0, destinations.queue("q").depth());
    }

    @Test
    void suspendResumeAndJoinCollectOneBranch() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        sendInBranch(b, "q", "one");
        rm.end(session, xid(1), XAResource.TMSUSPEND);
        assertEquals("SUSPENDED", rm.list().get(0).state());
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.prepare(connection, xid(1))), "prepare while suspended");
        sendInBranch(rm.start(otherSession, connection, xid(1), XAResource.TMJOIN, 0), "q", "two");
        rm.end(otherSession, xid(1), XAResource.TMSUCCESS);
        sendInBranch(rm.start(session, connection, xid(1), XAResource.TMRESUME, 0), "q", "three");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals("IDLE", rm.list().get(0).state());
        assertEquals("3 sends to q", rm.list().get(0).holds());
        rm.commit(connection, xid(1), true).join();
        assertEquals(3, destinations.queue("q").depth());
    }

    @Test
    void endWithFailureMakesTheBranchRollbackOnly() {
        commitDirectly("q", "one");
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b, take("q"));
        rm.end(session, xid(1), XAResource.TMFAIL);
        assertEquals("ROLLBACK_ONLY", rm.list().get(0).state());
        assertEquals(1, destinations.queue("q").depth(), "the acknowledged message is back at once");
        assertEquals(XAException.XA_RBROLLBACK, xaCodeOf(() -> rm.prepare(connection, xid(1))));
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.rollback(xid(1))), "prepare reported the rollback and forgot it");
    }

    @Test
    void aSecondSessionEndingWithTmFailIsNotToldWhatItKnows() {
        rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.start(otherSession, connection, xid(1), XAResource.TMJOIN, 0);
        rm.end(session, xid(1), XAResource.TMFAIL);
        rm.end(otherSession, xid(1), XAResource.TMFAIL); // a joined session of the same failed transaction: no XA_RB*
        rm.rollback(xid(1)).join();
        assertEquals(List.of(), rm.list());
    }

    @Test
    void anUnpreparedBranchRollsBackWhenItsTimeoutPasses() {
        commitDirectly("q", "one");
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 1);
        rm.acknowledge(b, take("q"));
        sendInBranch(b, "other", "never");
        await().atMost(10, TimeUnit.SECONDS).until(() -> destinations.queue("q").depth() == 1);
        assertThrows(io.pactum.broker.BrokerException.class, () -> sendInBranch(b, "other", "late"),
                "a timed-out branch takes no more work");
        assertEquals(XAException.XA_RBTIMEOUT, xaCode(() -> rm.end(session, xid(1), XAResource.TMSUCCESS)));
        assertEquals(XAException.XA_RBTIMEOUT, xaCodeOf(() -> rm.prepare(connection, xid(1))));
        assertEquals(0, destinations.queue("other").depth());
    }

    @Test
    void aPreparedBranchNeverTimesOut() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 1);
        sendInBranch(b, "q", "one");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        assertEquals(Long.MAX_VALUE, b.deadlineMillis, "prepare cancels the timeout");
        rm.expireOverdue(Long.MAX_VALUE - 1); // a sweep as late as can be
        assertEquals("PREPARED", rm.list().get(0).state());
        rm.commit(connection, xid(1), false).join();
        assertEquals(1, destinations.queue("q").depth());
    }

    @Test
    void losingTheConnectionRollsBackOnlyUnpreparedBranches() {
        commitDirectly("q", "one");
        commitDirectly("q", "two");
        List<Delivery> got = take("q");
        XaBranch b1 = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b1, got.subList(0, 1));
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        XaBranch b2 = rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b2, got.subList(1, 2));
        rm.detach(session);
        rm.connectionLost(connection);
        assertEquals(List.of(xid(1)), rm.recover());
        assertEquals(1, destinations.queue("q").depth(), "only the unprepared branch's message came back");
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.prepare(connection, xid(2))));
    }

    @Test
    void preparedBranchesSurviveARestartWithTheirLocksAndInvisibleSends() {
        commitDirectly("in", "order-1");
        commitDirectly("in", "order-2");
        List<Delivery> got = take("in");
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b, got.subList(0, 1));
        sendInBranch(b, "out", "confirmation-1");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        XaBranch b2 = rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b2, got.subList(1, 2));
        sendInBranch(b2, "out", "confirmation-2");
        rm.end(session, xid(2), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(2)).join();

        restart();
        assertEquals(List.of(xid(1), xid(2)), rm.recover());
        assertEquals(0, destinations.queue("in").depth(), "acknowledged messages stay locked");
        assertEquals(2, destinations.queue("in").inFlight());
        assertEquals(0, destinations.queue("out").depth(), "sends stay invisible");
        assertEquals("PREPARED", rm.list().get(0).state());
        assertEquals("1 send to out, 1 ack on in", rm.list().get(0).holds());

        rm.commit(connection, xid(1), false).join();
        rm.rollback(xid(2)).join();
        assertEquals(1, destinations.queue("out").depth());
        List<Delivery> back = take("in");
        assertEquals(1, back.size());
        assertEquals("order-2", text(back.get(0).ref()));
        assertEquals(1, take("out").size());

        restart();
        assertEquals(List.of(), rm.recover());
        assertEquals(1, destinations.queue("in").depth());
        assertEquals(1, destinations.queue("out").depth());
    }

    @Test
    void heuristicDecisionsAreRecordedReportedAndForgotten() {
        commitDirectly("in", "order-1");
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        rm.acknowledge(b, take("in"));
        sendInBranch(b, "out", "c1");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        XaBranch b2 = rm.start(session, connection, xid(2), XAResource.TMNOFLAGS, 0);
        sendInBranch(b2, "out", "c2");
        rm.end(session, xid(2), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(2)).join();
        assertEquals(XAException.XAER_NOTA, xaCodeOf(() -> rm.decide(xid(3), true)), "deciding an unknown branch fails");
        XaBranch idle = rm.start(session, connection, xid(4), XAResource.TMNOFLAGS, 0);
        rm.end(session, xid(4), XAResource.TMSUCCESS);
        assertEquals(XAException.XAER_PROTO, xaCodeOf(() -> rm.decide(xid(4), true)), "only prepared branches are decided");
        rm.rollback(xid(4)).join();

        rm.decide(xid(1), true).join();
        rm.decide(xid(2), false).join();
        assertEquals(1, destinations.queue("out").depth(), "the heuristic commit took effect, the rollback did not");
        assertEquals(0, destinations.queue("in").depth() + destinations.queue("in").inFlight());

        restart();
        assertEquals(List.of(xid(1), xid(2)), rm.recover(), "decisions survive a restart");
        assertEquals("HEURISTIC_COMMIT", rm.list().get(0).state());
        assertEquals(XAException.XA_HEURCOM, xaCodeOf(() -> rm.commit(connection, xid(1), false)));
        assertEquals(XAException.XA_HEURCOM, xaCodeOf(() -> rm.rollback(xid(1))));
        assertEquals(XAException.XA_HEURRB, xaCodeOf(() -> rm.rollback(xid(2))));
        assertEquals(XAException.XA_HEURRB, xaCodeOf(() -> rm.commit(connection, xid(2), false)));
        rm.forget(xid(1)).join();
        rm.forget(xid(2)).join();
        assertEquals(List.of(), rm.recover());
        restart();
        assertEquals(List.of(), rm.recover(), "forget is durable");
        assertEquals(1, destinations.queue("out").depth());
    }

    @Test
    void queuesAPreparedBranchUsesAreKnownToBeInUse() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        sendInBranch(b, "target", "m");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        assertTrue(rm.refersTo("target"));
        assertTrue(!rm.refersTo("other"));
        restart();
        assertTrue(rm.refersTo("target"), "after a restart too");
        rm.rollback(xid(1)).join();
        assertTrue(!rm.refersTo("target"));
    }

    private static String text(MessageRef ref) {
        return new String(WireMessage.decode(ref.data()).body, StandardCharsets.UTF_8);
    }

    @Test
    void aBranchOfNonPersistentSendsIsPreparedAndCommittedToo() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        MessageRef m = message("q", "fleeting");
        WireMessage w = WireMessage.decode(m.data());
        w.deliveryMode = WireMessage.NON_PERSISTENT;
        byte[] data = w.encode();
        rm.enqueue(b, List.of(destinations.queue("q")), new MessageRef(m.id(), data, WireMessage.Header.peek(data), 0));
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, rm.prepare(connection, xid(1)).join(), "the branch did work, so it is not read-only");
        assertEquals(List.of(xid(1)), rm.recover());
        rm.commit(connection, xid(1), false).join();
        assertEquals(1, destinations.queue("q").depth());
    }

    @Test
    void closingTheJournalKeepsPreparedWorkOutOfOrdinaryRecovery() {
        XaBranch b = rm.start(session, connection, xid(1), XAResource.TMNOFLAGS, 0);
        sendInBranch(b, "q", "one");
        rm.end(session, xid(1), XAResource.TMSUCCESS);
        rm.prepare(connection, xid(1)).join();
        restart();
        restart();
        assertEquals(0, destinations.queue("q").depth());
        rm.commit(connection, xid(1), false).join();
        assertTrue(destinations.queue("q").depth() == 1);
    }
}
