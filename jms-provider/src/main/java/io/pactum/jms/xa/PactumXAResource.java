package io.pactum.jms.xa;

import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import jakarta.jms.JMSException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The XA resource of one XA session. {@code start} and {@code end} associate that session with a branch (its sends
 * and acknowledgements become work of the branch); the completion calls ({@code prepare}, {@code commit},
 * {@code rollback}, {@code forget}, {@code recover}) name only the xid, so any resource of the same broker may make
 * them, as transaction managers do during recovery. Every failure is an {@link XAException} with a code: see
 * {@link XaErrors}. Calls block until the broker answers; they must not be made on the connection's I/O thread.
 *
 * <p>One exception saves a round trip per transaction: the {@code end} (TMSUCCESS or TMFAIL) of a branch this
 * resource started, well within the branch's timeout, does not wait for the broker's answer. Everything that answer
 * could report is known here beforehand (the association, an open connection, the branch's deadline) except a
 * rollback meanwhile: by another party, or by the broker because a send of the branch failed (the client does not
 * wait for the sends' answers either). The broker reports that to the branch's {@code prepare} or {@code commit},
 * which follow the end on the same connection (over another connection the broker holds them until the end
 * arrives). See docs/xa.md.
 */
public final class PactumXAResource implements XAResource {
    private static final System.Logger LOG = System.getLogger(PactumXAResource.class.getName());
    /** An end is sent without waiting only while at least this much of the branch's timeout is left. */
    static final long PIPELINED_END_MARGIN_MILLIS = 1000;

    private final XaSessionLink link;
    private final RecoveryScan scan = new RecoveryScan();
    private final Object lock = new Object();
    /** The branch the session is associated with, or null. Guarded by lock. */
    private WireXid associated;
    /** What must wait until the association ends (closing the session on the broker). Guarded by lock. */
    private Runnable afterEnd;
    /**
     * Until when ({@link System#nanoTime}) the end of the associated branch may be sent without waiting for the
     * answer; 0 if it must wait (a joined or resumed branch, or one with the broker's default timeout, whose deadline
     * this resource does not know). Guarded by lock.
     */
    private long pipelineEndUntil;
    private volatile int timeoutSeconds;

    PactumXAResource(XaSessionLink link) {
        this.link = link;
    }

    /** The broker's persistent identity: resources with the same one belong to the same resource manager. */
    public String brokerId() {
        return link.brokerId();
    }

    /** True between a successful {@code start} and the {@code end} of the session's branch. */
    boolean isAssociated() {
        synchronized (lock) {
            return associated != null;
        }
    }

    /**
     * Runs {@code action} when the session's association ends, or returns false (and does nothing) if the session
     * is not associated with a branch.
     */
    boolean runAfterEnd(Runnable action) {
        synchronized (lock) {
            if (associated == null) {
                return false;
            }
            Runnable before = afterEnd;
            afterEnd = before == null ? action : () -> {
                before.run();
                action.run();
            };
            return true;
        }
    }

    /**
     * Associates the session with a branch: TMNOFLAGS for a new one (with this resource's transaction timeout),
     * TMJOIN to join one another session started, TMRESUME to resume one this session suspended. A session
     * already associated gets XAER_PROTO.
     */
    @Override
    public void start(Xid xid, int flags) throws XAException {
        WireXid x = XaArguments.xid(xid);
        XaArguments.checkStart(flags);
        synchronized (lock) {
            if (associated != null) {
                throw XaErrors.xa(XAException.XAER_PROTO, "start(" + x + "): this session is still associated with "
                        + associated + "; end that first", null);
            }
        }
        int timeout = flags == TMNOFLAGS ? timeoutSeconds : 0;
        long sentAt = System.nanoTime(); // before the broker starts the branch's clock
        expectOk(XaErrors.await(link.request(new XaCommands.XaStart(link.sessionId(), x, flags, timeout)), "start"),
                "start");
        long margin = timeout * 1000L - PIPELINED_END_MARGIN_MILLIS;
        synchronized (lock) {
            associated = x;
            pipelineEndUntil = margin > 0 ? sentAt + TimeUnit.MILLISECONDS.toNanos(margin) : 0;
        }
    }

    /**
     * Ends the association: TMSUCCESS, TMFAIL (the branch can only roll back) or TMSUSPEND. The acknowledgements of
     * messages the session consumed are written before the end, so they belong to the branch. The association is
     * over whatever the broker answers (an XA_RB* answer included), as the transaction manager assumes. If a send of
     * the branch failed, the branch is ended with TMFAIL instead and XA_RBROLLBACK thrown. The end of a branch this
     * resource started does not wait for the broker's answer (see the class comment).
     */
    @Override
    public void end(Xid xid, int flags) throws XAException {
        WireXid x = XaArguments.xid(xid);
        XaArguments.checkEnd(flags);
        try {
            boolean pipeline = flags != TMSUSPEND && mayPipelineEnd(x);
            JMSException failedSend = link.failedSend(!pipeline);
            int effective = failedSend == null ? flags : TMFAIL;
            XaCommands.XaEnd end = new XaCommands.XaEnd(link.sessionId(), x, effective);
            if (pipeline && failedSend == null) {
                link.requestAfterAcks(end).whenComplete((r, e) -> pipelinedEndAnswered(x, r, e));
                return;
            }
            expectOk(XaErrors.await(link.requestAfterAcks(end), "end"), "end");
            if (failedSend != null) {
                throw XaErrors.xa(XAException.XA_RBROLLBACK, "a send in branch " + x + " failed, so the branch can only "
                        + "roll back: " + failedSend.getMessage(), failedSend);
            }
        } finally {
            Runnable after = null;
            synchronized (lock) {
                if (x.equals(associated)) {
                    associated = null;
                    after = afterEnd;
                    afterEnd = null;
                }
            }
            if (after != null) {
                after.run();
            }
        }
    }

    private boolean mayPipelineEnd(WireXid x) {
        synchronized (lock) {
            return x.equals(associated) && pipelineEndUntil != 0 && System.nanoTime() - pipelineEndUntil < 0
                    && link.isOpen();
        }
    }

    /** Nobody waits for a pipelined end's answer; a failure is the broker's to report at prepare or commit. */
    private static void pipelinedEndAnswered(WireXid x, Command r, Throwable error) {
        if (error == null && r instanceof Commands.Ok) {
            return;
        }
        Object what = error != null ? error : r;
        LOG.log(r instanceof Commands.Error ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                "end of {0} failed: {1}; its prepare or commit reports the outcome", x, what);
    }

    /** The broker's vote: XA_OK once the branch is durable, XA_RDONLY if it did nothing (and is then forgotten). */
    @Override
    public int prepare(Xid xid) throws XAException {
        Command r = XaErrors.await(link.request(new XaCommands.XaPrepare(XaArguments.xid(xid))), "prepare");
        if (r instanceof XaCommands.XaVote v && (v.vote() == XA_OK || v.vote() == XA_RDONLY)) {
            return v.vote();
        }
        throw XaErrors.unexpected(r, "prepare");
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        WireXid x = XaArguments.xid(xid);
        expectOk(XaErrors.await(link.request(new XaCommands.XaCommit(x, onePhase)), "commit"), "commit");
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        WireXid x = XaArguments.xid(xid);
        expectOk(XaErrors.await(link.request(new XaCommands.XaRollback(x)), "rollback"), "rollback");
    }

    @Override
    public void forget(Xid xid) throws XAException {
        WireXid x = XaArguments.xid(xid);
        expectOk(XaErrors.await(link.request(new XaCommands.XaForget(x)), "forget"), "forget");
    }

    /**
     * The prepared and heuristically completed branches of the broker, as {@link WireXid}s; see {@link RecoveryScan}
     * for the scan flags (TMSTARTRSCAN returns the whole list, later calls of the scan an empty array).
     */
    @Override
    public Xid[] recover(int flags) throws XAException {
        return scan.next(flags, this::fetchRecoverable);
    }

    private List<WireXid> fetchRecoverable() throws XAException {
        Command r = XaErrors.await(link.request(new XaCommands.XaRecover()), "recover");
        if (r instanceof XaCommands.XaXids x) {
            return x.xids();
        }
        throw XaErrors.unexpected(r, "recover");
    }

    /** True exactly when {@code other} is a Pactum resource connected to the same broker. */
    @Override
    public boolean isSameRM(XAResource other) {
        if (!(other instanceof PactumXAResource p)) {
            return false;
        }
        String id = brokerId();
        return id != null && id.equals(p.brokerId());
    }

    /**
     * The timeout of branches this resource starts from now on (sent with the next TMNOFLAGS start); 0 is the
     * broker's default, negative is XAER_INVAL.
     */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaErrors.xa(XAException.XAER_INVAL, "transaction timeout must not be negative: " + seconds, null);
        }
        timeoutSeconds = seconds;
        return true;
    }

    /** The timeout set with {@link #setTransactionTimeout}; 0 (the default) stands for the broker's default. */
    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    private static void expectOk(Command r, String what) throws XAException {
        if (!(r instanceof Commands.Ok)) {
            throw XaErrors.unexpected(r, what);
        }
    }

    @Override
    public String toString() {
        WireXid x;
        synchronized (lock) {
            x = associated;
        }
        return "PactumXAResource[session " + link.sessionId() + ", broker " + brokerId()
                + (x != null ? ", branch " + x : "") + "]";
    }
}
