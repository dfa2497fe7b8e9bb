package io.pactum.jms.xa;

import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;

/**
 * The XA resource of one XA session. {@code start} and {@code end} associate that session with a branch (its sends
 * and acknowledgements become work of the branch); the completion calls ({@code prepare}, {@code commit},
 * {@code rollback}, {@code forget}, {@code recover}) name only the xid, so any resource of the same broker may make
 * them, as transaction managers do during recovery. Every failure is an {@link XAException} with a code: see
 * {@link XaErrors}. Calls block until the broker answers; they must not be made on the connection's I/O thread.
 */
public final class PactumXAResource implements XAResource {
    private final XaSessionLink link;
    private final RecoveryScan scan = new RecoveryScan();
    private final Object lock = new Object();
    /** The branch the session is associated with, or null. Guarded by lock. */
    private WireXid associated;
    /** What must wait until the association ends (closing the session on the broker). Guarded by lock. */
    private Runnable afterEnd;
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
        expectOk(XaErrors.await(link.request(new XaCommands.XaStart(link.sessionId(), x, flags, timeout)), "start"),
                "start");
        synchronized (lock) {
            associated = x;
        }
    }

    /**
     * Ends the association: TMSUCCESS, TMFAIL (the branch can only roll back) or TMSUSPEND. The acknowledgements of
     * messages the session consumed are written before the end, so they belong to the branch. The association is
     * over whatever the broker answers (an XA_RB* answer included), as the transaction manager assumes.
     */
    @Override
    public void end(Xid xid, int flags) throws XAException {
        WireXid x = XaArguments.xid(xid);
        XaArguments.checkEnd(flags);
        try {
            expectOk(XaErrors.await(link.requestAfterAcks(new XaCommands.XaEnd(link.sessionId(), x, flags)), "end"),
                    "end");
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
