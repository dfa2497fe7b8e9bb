package io.pactum.jms.xa;

import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resource's calls against a scripted broker: what goes on the wire, and what the answers become. */
class PactumXAResourceTest {
    private static final Xid FOREIGN = XaArgumentsTest.xid(0x4a4f, new byte[]{1, 2}, new byte[]{3});
    private static final WireXid X = WireXid.of(FOREIGN);

    /** A session link whose broker answers with {@link #answer}; records what was sent and how. */
    static final class ScriptedLink implements XaSessionLink {
        final List<Command> sent = new ArrayList<>();
        final List<Boolean> afterAcks = new ArrayList<>();
        final String brokerId;
        Function<Command, Command> answer = c -> c instanceof XaCommands.XaPrepare ? new XaCommands.XaVote(XAResource.XA_OK)
                : c instanceof XaCommands.XaRecover ? new XaCommands.XaXids(List.of(X)) : new Commands.Ok();
        JMSException lost;
        /** Commands the broker never answers (the future stays incomplete). */
        java.util.function.Predicate<Command> unanswered = c -> false;
        /** What failedSend reports, and whether each call asked to wait. */
        JMSException failedSend;
        final List<Boolean> failedSendWaits = new ArrayList<>();

        ScriptedLink(String brokerId) {
            this.brokerId = brokerId;
        }

        public int sessionId() {
            return 5;
        }

        public String brokerId() {
            return brokerId;
        }

        public boolean isOpen() {
            return lost == null;
        }

        public CompletableFuture<Command> request(Command command) {
            return send(command, false);
        }

        public CompletableFuture<Command> requestAfterAcks(Command command) {
            return send(command, true);
        }

        public JMSException failedSend(boolean wait) {
            failedSendWaits.add(wait);
            return failedSend;
        }

        private CompletableFuture<Command> send(Command command, boolean acks) {
            sent.add(command);
            afterAcks.add(acks);
            if (unanswered.test(command)) {
                return new CompletableFuture<>();
            }
            return lost != null ? CompletableFuture.failedFuture(lost) : CompletableFuture.completedFuture(answer.apply(command));
        }
    }

    private final ScriptedLink link = new ScriptedLink("broker-1");
    private final PactumXAResource xa = new PactumXAResource(link);

    @Test
    void startAndEndAssociateTheSession() throws XAException {
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        assertTrue(xa.isAssociated());
        xa.end(FOREIGN, XAResource.TMSUCCESS);
        assertFalse(xa.isAssociated());
        assertEquals(List.of(new XaCommands.XaStart(5, X, XAResource.TMNOFLAGS, 0),
                new XaCommands.XaEnd(5, X, XAResource.TMSUCCESS)), link.sent);
        assertEquals(List.of(false, true), link.afterAcks, "end goes after the session's ACKs");
    }

    @Test
    void suspendResumeAndJoin() throws XAException {
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        xa.end(FOREIGN, XAResource.TMSUSPEND);
        assertFalse(xa.isAssociated());
        xa.start(FOREIGN, XAResource.TMRESUME);
        assertTrue(xa.isAssociated());
        xa.end(FOREIGN, XAResource.TMFAIL);
        xa.start(FOREIGN, XAResource.TMJOIN);
        assertEquals(new XaCommands.XaStart(5, X, XAResource.TMRESUME, 0), link.sent.get(2));
        assertEquals(new XaCommands.XaEnd(5, X, XAResource.TMFAIL), link.sent.get(3));
        assertEquals(new XaCommands.XaStart(5, X, XAResource.TMJOIN, 0), link.sent.get(4));
    }

    @Test
    void invalidFlagsNeverReachTheBroker() {
        for (int flags : new int[]{XAResource.TMSUCCESS, XAResource.TMONEPHASE, XAResource.TMSTARTRSCAN, 0x1}) {
            assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.start(FOREIGN, flags)).errorCode);
        }
        for (int flags : new int[]{XAResource.TMNOFLAGS, XAResource.TMJOIN, XAResource.TMRESUME, XAResource.TMENDRSCAN}) {
            assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.end(FOREIGN, flags)).errorCode);
        }
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.recover(XAResource.TMJOIN)).errorCode);
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.prepare(null)).errorCode);
        assertEquals(List.of(), link.sent);
    }

    @Test
    void startWhileAssociatedIsAProtocolError() throws XAException {
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        Xid other = XaArgumentsTest.xid(1, new byte[]{9}, new byte[0]);
        assertEquals(XAException.XAER_PROTO, assertThrows(XAException.class, () -> xa.start(other, XAResource.TMNOFLAGS)).errorCode);
        assertEquals(1, link.sent.size());
    }

    @Test
    void timeoutGoesWithTheNextNewBranchOnly() throws XAException {
        assertEquals(0, xa.getTransactionTimeout());
        assertTrue(xa.setTransactionTimeout(45));
        assertEquals(45, xa.getTransactionTimeout());
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        xa.end(FOREIGN, XAResource.TMSUSPEND);
        xa.start(FOREIGN, XAResource.TMRESUME);
        assertEquals(45, ((XaCommands.XaStart) link.sent.get(0)).timeoutSeconds());
        assertEquals(0, ((XaCommands.XaStart) link.sent.get(2)).timeoutSeconds());
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.setTransactionTimeout(-1)).errorCode);
        assertEquals(45, xa.getTransactionTimeout());
        assertTrue(xa.setTransactionTimeout(0));
        assertEquals(0, xa.getTransactionTimeout());
    }

    @Test
    void completionCalls() throws XAException {
        assertEquals(XAResource.XA_OK, xa.prepare(FOREIGN));
        link.answer = c -> new XaCommands.XaVote(XAResource.XA_RDONLY);
        assertEquals(XAResource.XA_RDONLY, xa.prepare(FOREIGN));
        link.answer = c -> new Commands.Ok();
        xa.commit(FOREIGN, true);
        xa.commit(FOREIGN, false);
        xa.rollback(FOREIGN);
        xa.forget(FOREIGN);
        assertEquals(List.of(new XaCommands.XaPrepare(X), new XaCommands.XaPrepare(X), new XaCommands.XaCommit(X, true),
                new XaCommands.XaCommit(X, false), new XaCommands.XaRollback(X), new XaCommands.XaForget(X)), link.sent);
        assertFalse(link.afterAcks.contains(true));
    }

    @Test
    void recoverScansTheBrokersList() throws XAException {
        Xid[] xids = xa.recover(XAResource.TMSTARTRSCAN);
        assertArrayEquals(new Xid[]{X}, xids);
        assertInstanceOf(WireXid.class, xids[0]);
        assertEquals(0, xa.recover(XAResource.TMENDRSCAN).length);
        assertEquals(List.of(new XaCommands.XaRecover()), link.sent);
        assertEquals(XAException.XAER_INVAL, assertThrows(XAException.class, () -> xa.recover(XAResource.TMNOFLAGS)).errorCode);
    }

    @Test
    void brokerErrorsBecomeTheirXaCodes() {
        link.answer = c -> new Commands.Error(ErrorCode.XA, XAException.XAER_NOTA, "no branch " + X);
        XAException e = assertThrows(XAException.class, () -> xa.commit(FOREIGN, false));
        assertEquals(XAException.XAER_NOTA, e.errorCode);
        assertEquals("no branch " + X, e.getMessage());
        link.answer = c -> new Commands.Error(ErrorCode.XA, XAException.XA_HEURRB, "heuristically rolled back");
        assertEquals(XAException.XA_HEURRB, assertThrows(XAException.class, () -> xa.commit(FOREIGN, false)).errorCode);
        link.answer = c -> new Commands.Error(ErrorCode.SECURITY, "not allowed");
        assertEquals(XAException.XAER_RMERR, assertThrows(XAException.class, () -> xa.rollback(FOREIGN)).errorCode);
        link.answer = c -> new Commands.Ok();
        assertEquals(XAException.XAER_RMERR, assertThrows(XAException.class, () -> xa.prepare(FOREIGN)).errorCode,
                "a prepare answered without a vote");
        link.answer = c -> new XaCommands.XaVote(XAException.XA_RBROLLBACK);
        assertEquals(XAException.XAER_RMERR, assertThrows(XAException.class, () -> xa.prepare(FOREIGN)).errorCode,
                "a vote that is neither XA_OK nor XA_RDONLY");
    }

    @Test
    void aLostConnectionIsRmFail() {
        link.lost = new JMSException("connection to the broker lost: connection closed");
        for (Call call : List.<Call>of(() -> xa.start(FOREIGN, XAResource.TMNOFLAGS), () -> xa.prepare(FOREIGN),
                () -> xa.commit(FOREIGN, true), () -> xa.rollback(FOREIGN), () -> xa.forget(FOREIGN),
                () -> xa.recover(XAResource.TMSTARTRSCAN))) {
            XAException e = assertThrows(XAException.class, call::run);
            assertEquals(XAException.XAER_RMFAIL, e.errorCode);
            assertEquals(link.lost, e.getCause());
        }
        assertFalse(xa.isAssociated());
    }

    interface Call {
        void run() throws XAException;
    }

    @Test
    void endEndsTheAssociationWhateverTheAnswer() throws XAException {
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        link.answer = c -> new Commands.Error(ErrorCode.XA, XAException.XA_RBTIMEOUT, "timed out");
        assertEquals(XAException.XA_RBTIMEOUT, assertThrows(XAException.class, () -> xa.end(FOREIGN, XAResource.TMSUCCESS)).errorCode);
        assertFalse(xa.isAssociated());
    }

    @Test
    void theEndOfItsOwnBranchWithinTheTimeoutDoesNotWaitForTheAnswer() throws XAException {
        xa.setTransactionTimeout(60);
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        link.unanswered = c -> c instanceof XaCommands.XaEnd;
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> xa.end(FOREIGN, XAResource.TMSUCCESS));
        assertFalse(xa.isAssociated());
        assertEquals(new XaCommands.XaEnd(5, X, XAResource.TMSUCCESS), link.sent.get(1));
        assertEquals(List.of(false, true), link.afterAcks, "still after the session's ACKs");
        assertEquals(List.of(false), link.failedSendWaits, "nor for the sends' answers: the broker dooms the branch");

        link.unanswered = c -> false;
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        link.answer = c -> new Commands.Error(ErrorCode.XA, XAException.XA_RBROLLBACK, "rolled back meanwhile");
        xa.end(FOREIGN, XAResource.TMFAIL); // the answer is the prepare's to report
        assertFalse(xa.isAssociated());
    }

    @Test
    void endsWaitWhereTheAnswerMayMatter() throws XAException {
        link.answer = c -> c instanceof XaCommands.XaEnd ? new Commands.Error(ErrorCode.XA, XAException.XA_RBTIMEOUT,
                "timed out") : new Commands.Ok();
        List<Call> cases = List.of(
                () -> { // the broker's default timeout: the deadline is unknown here
                    xa.setTransactionTimeout(0);
                    xa.start(FOREIGN, XAResource.TMNOFLAGS);
                },
                () -> { // less than the margin left
                    xa.setTransactionTimeout((int) (PactumXAResource.PIPELINED_END_MARGIN_MILLIS / 1000));
                    xa.start(FOREIGN, XAResource.TMNOFLAGS);
                },
                () -> { // a joined branch: another resource set its deadline
                    xa.setTransactionTimeout(60);
                    xa.start(FOREIGN, XAResource.TMJOIN);
                });
        for (Call start : cases) {
            start.run();
            assertEquals(XAException.XA_RBTIMEOUT, assertThrows(XAException.class,
                    () -> xa.end(FOREIGN, XAResource.TMSUCCESS)).errorCode);
            assertFalse(xa.isAssociated());
        }
        assertEquals(List.of(true, true, true), link.failedSendWaits);

        xa.setTransactionTimeout(60);
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        assertEquals(XAException.XA_RBTIMEOUT, assertThrows(XAException.class,
                () -> xa.end(FOREIGN, XAResource.TMSUSPEND)).errorCode, "a suspension always waits");
    }

    @Test
    void aSendKnownToHaveFailedEndsTheBranchWithTmFail() throws XAException {
        xa.setTransactionTimeout(60);
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        link.failedSend = new JMSException("no such queue");
        XAException e = assertThrows(XAException.class, () -> xa.end(FOREIGN, XAResource.TMSUCCESS));
        assertEquals(XAException.XA_RBROLLBACK, e.errorCode);
        assertEquals(link.failedSend, e.getCause());
        assertEquals(new XaCommands.XaEnd(5, X, XAResource.TMFAIL), link.sent.get(1));
    }

    @Test
    void anEndOverALostConnectionIsRmFailEvenWithinTheTimeout() throws XAException {
        xa.setTransactionTimeout(60);
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        link.lost = new JMSException("connection to the broker lost: connection closed");
        assertEquals(XAException.XAER_RMFAIL, assertThrows(XAException.class,
                () -> xa.end(FOREIGN, XAResource.TMSUCCESS)).errorCode);
        assertFalse(xa.isAssociated());
    }

    @Test
    void actionsWaitForTheEndOfTheAssociation() throws XAException {
        List<String> done = new ArrayList<>();
        assertFalse(xa.runAfterEnd(() -> done.add("now?")), "not associated: the caller acts at once");
        xa.start(FOREIGN, XAResource.TMNOFLAGS);
        assertTrue(xa.runAfterEnd(() -> done.add("close")));
        assertEquals(List.of(), done);
        xa.end(FOREIGN, XAResource.TMSUSPEND);
        assertEquals(List.of("close"), done);
    }

    @Test
    void sameResourceManagerIsTheSameBroker() {
        assertTrue(xa.isSameRM(xa));
        assertTrue(xa.isSameRM(new PactumXAResource(new ScriptedLink("broker-1"))));
        assertFalse(xa.isSameRM(new PactumXAResource(new ScriptedLink("broker-2"))));
        assertFalse(xa.isSameRM(null));
        assertFalse(new PactumXAResource(new ScriptedLink(null)).isSameRM(new PactumXAResource(new ScriptedLink(null))));
        assertEquals("broker-1", xa.brokerId());
    }
}
