package io.pactum.broker.tx;

import io.pactum.broker.BrokerException;
import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.delivery.Destinations;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.store.Journal;
import io.pactum.broker.store.JournalRecord;
import io.pactum.broker.store.RecoveredState;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.WireMessage;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands.BranchInfo;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The broker as an XA resource manager: the branches it knows and the rules of their life. Work done by a session
 * associated with a branch collects in the branch's {@link TransactionWork}; {@link #prepare} makes it durable as
 * one journal {@link JournalRecord.Prepare} (sharing the sync with other writes), and the outcome applies or
 * discards it with one more record. Until then messages sent in the branch are invisible and messages it
 * acknowledged stay in flight, locked to nobody; both survive a restart ({@link #restore}) and are listed by {@link #recover()}.
 *
 * <p>An unprepared branch rolls back when its timeout passes or the connection that started it is lost; a prepared
 * one waits for the transaction manager or an administrator's heuristic decision, which is recorded in the journal
 * and reported to the manager (XA_HEURCOM / XA_HEURRB) until it calls {@link #forget}.
 *
 * <p>Thread safety: every method may be called from any connection's thread; state changes happen under this
 * object's monitor, journal completions re-enter it, and work is applied or discarded outside it.
 */
public final class ResourceManager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResourceManager.class.getName());
    /** Meta key prefix of recorded heuristic decisions; the value is decision byte, decision time, xid bytes. */
    static final String HEURISTIC_KEY = "xa.heuristic.";
    private static final byte DECIDED_COMMIT = 1, DECIDED_ROLLBACK = 2;
    /** How often overdue branches are looked for: timeouts are whole seconds, so they fire at most this late. */
    private static final long TIMEOUT_SWEEP_MILLIS = 200;
    /** How long a prepare or one-phase commit waits for the ends of other connections' associations. */
    static final long END_GRACE_MILLIS = 2000;

    private final Journal journal;
    private final int defaultTimeoutSeconds;
    private final Map<WireXid, XaBranch> branches = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pactum-xa-timeouts");
        t.setDaemon(true);
        return t;
    });

    public ResourceManager(Journal journal, int defaultTimeoutSeconds) {
        this.journal = journal;
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        // one sweep over the open branches instead of a timer per branch: branches are few, transactions many
        timer.scheduleWithFixedDelay(() -> expireOverdue(System.currentTimeMillis()), TIMEOUT_SWEEP_MILLIS,
                TIMEOUT_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ association

    /**
     * {@code XAResource.start} by {@code session} (any object identifying it) of connection {@code owner} (which, for
     * a new branch, becomes the branch's owner). Returns the branch the session's sends and acknowledgements now go
     * to.
     */
    public synchronized XaBranch start(Object session, Object owner, WireXid xid, int flags, int timeoutSeconds) {
        XaBranch b;
        if (flags == XAResource.TMNOFLAGS) {
            if (branches.containsKey(xid)) {
                throw new XaException(XAException.XAER_DUPID, "transaction branch " + xid + " already exists");
            }
            if (timeoutSeconds < 0) {
                throw new XaException(XAException.XAER_INVAL, "negative transaction timeout " + timeoutSeconds);
            }
            b = new XaBranch(xid, owner, System.currentTimeMillis(), new TransactionWork(false), XaBranch.Phase.WORKING);
            long timeout = timeoutSeconds > 0 ? timeoutSeconds : defaultTimeoutSeconds;
            b.deadlineMillis = b.createdMillis + timeout * 1000;
            branches.put(xid, b);
        } else if (flags == XAResource.TMJOIN || flags == XAResource.TMRESUME) {
            b = require(xid);
            if (b.phase != XaBranch.Phase.WORKING) {
                throw XaException.proto("cannot start " + b + ": it is no longer open for work");
            }
            if (b.rolledBack()) {
                throw rolledBack(b);
            }
            if (flags == XAResource.TMRESUME && b.suspended.remove(session) == null) {
                throw XaException.proto("TMRESUME of " + b + ", which this session did not suspend");
            }
        } else {
            throw new XaException(XAException.XAER_INVAL, "start flags must be TMNOFLAGS, TMJOIN or TMRESUME, got " + flags);
        }
        b.active.put(session, owner);
        return b;
    }

    /**
     * {@code XAResource.end}. Ends (or suspends) the association; a branch rolled back meanwhile reports its XA_RB*
     * code, and the association is over then too ({@link XaException#rolledBack()}).
     */
    public void end(Object session, WireXid xid, int flags) {
        boolean discard = false;
        XaException failure = null;
        XaBranch b;
        List<Runnable> waiting;
        synchronized (this) {
            b = require(xid);
            boolean wasActive = b.active.containsKey(session);
            if (flags == XAResource.TMSUSPEND) {
                if (!wasActive) {
                    throw XaException.proto("TMSUSPEND of " + b + ", which this session is not associated with");
                }
                b.suspended.put(session, b.active.remove(session));
                return;
            }
            if (flags != XAResource.TMSUCCESS && flags != XAResource.TMFAIL) {
                throw new XaException(XAException.XAER_INVAL, "end flags must be TMSUCCESS, TMFAIL or TMSUSPEND, got " + flags);
            }
            if (!wasActive && !b.suspended.containsKey(session)) {
                throw XaException.proto("end of " + b + ", which this session is not associated with");
            }
            b.active.remove(session);
            b.suspended.remove(session);
            waiting = b.takeWaitersIfUnassociated();
            if (flags == XAResource.TMFAIL) {
                // the caller already knows the branch failed: no XA_RB* for a branch rolled back meanwhile
                discard = rollBackOnce(b, XAException.XA_RBROLLBACK);
                removeIfDone(b);
            } else if (b.rolledBack()) {
                removeIfDone(b);
                failure = rolledBack(b);
            }
        }
        if (discard) {
            b.work.discard();
        }
        waiting.forEach(Runnable::run);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The session closed (or its connection went away) while associated. A suspended association just ends. An
     * active one never got its end, and frames sent before that end may be lost with the connection (the client does
     * not wait for a branch's sends, nor for some ends), so its branch can only roll back (XA_RBCOMMFAIL).
     */
    public void detach(Object session) {
        List<Runnable> waiting = new ArrayList<>();
        List<XaBranch> discard = new ArrayList<>();
        synchronized (this) {
            for (XaBranch b : new ArrayList<>(branches.values())) {
                boolean wasActive = b.active.remove(session) != null;
                if (wasActive | b.suspended.remove(session) != null) {
                    if (wasActive && b.phase == XaBranch.Phase.WORKING && rollBackOnce(b, XAException.XA_RBCOMMFAIL)) {
                        discard.add(b);
                    }
                    removeIfDone(b);
                    waiting.addAll(b.takeWaitersIfUnassociated());
                }
            }
        }
        for (XaBranch b : discard) {
            LOG.log(System.Logger.Level.INFO, "{0} can only roll back: a session left it without ending it", b);
            b.work.discard();
        }
        waiting.forEach(Runnable::run);
    }

    /** A connection is gone: the unprepared branches it started roll back. */
    public void connectionLost(Object owner) {
        List<XaBranch> discard = new ArrayList<>();
        List<Runnable> waiting = new ArrayList<>();
        synchronized (this) {
            for (XaBranch b : new ArrayList<>(branches.values())) {
                if (b.owner == owner && b.phase == XaBranch.Phase.WORKING) {
                    cancelTimeout(b);
                    if (!b.rolledBack()) {
                        b.rollbackCode = XAException.XA_RBCOMMFAIL;
                        discard.add(b);
                    }
                    if (b.whenUnassociated.isEmpty()) {
                        branches.remove(b.xid);
                    } else {
                        // held completions learn the rollback (XA_RBCOMMFAIL), not XAER_NOTA, and remove the branch
                        b.active.clear();
                        b.suspended.clear();
                        waiting.addAll(b.takeWaitersIfUnassociated());
                    }
                }
            }
        }
        for (XaBranch b : discard) {
            LOG.log(System.Logger.Level.INFO, "{0} rolled back: the connection that started it is gone", b);
            b.work.discard();
        }
        waiting.forEach(Runnable::run);
    }

    // ------------------------------------------------------------------ work

    /** A send by a session associated with {@code b}: it becomes visible only when the branch commits. */
    public synchronized void enqueue(XaBranch b, List<Queue> queues, MessageRef ref) {
        checkUsable(b);
        b.work.enqueue(queues, ref);
    }

    /**
     * Dooms a working branch: a send of it failed, which the client learns only later (if at all), so the branch must
     * roll back. Its end and prepare then answer XA_RBROLLBACK.
     */
    public void rollbackOnly(XaBranch b, String why) {
        synchronized (this) {
            if (b.phase != XaBranch.Phase.WORKING || !rollBackOnce(b, XAException.XA_RBROLLBACK)) {
                return;
            }
            b.rollbackDetail = why;
        }
        LOG.log(System.Logger.Level.INFO, "{0} can only roll back: {1}", b, why);
        b.work.discard();
    }

    /** Acknowledgements by a session associated with {@code b}: the messages stay locked until the outcome. */
    public void acknowledge(XaBranch b, List<Delivery> deliveries) {
        synchronized (this) {
            if (b.phase == XaBranch.Phase.WORKING && !b.rolledBack()) {
                deliveries.forEach(b.work::acknowledge);
                return;
            }
        }
        deliveries.forEach(d -> d.queue().returned(d.ref(), true));
        checkUsable(b);
    }

    private void checkUsable(XaBranch b) {
        if (b.rolledBack()) {
            throw new BrokerException(ErrorCode.TRANSACTION_ROLLED_BACK, "transaction " + b.xid + " was rolled back ("
                    + rollbackReason(b) + ")");
        }
        if (b.phase != XaBranch.Phase.WORKING) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, b + " accepts no more work");
        }
    }

    // ------------------------------------------------------------------ completion

    /**
     * {@code XAResource.prepare} over {@code connection}: makes the branch durable; completes with XA_OK once it is in
     * the journal, or XA_RDONLY if it holds nothing. Held back while only sessions of other connections are still
     * associated (see {@link #afterOtherConnectionsEnd}).
     */
    public CompletableFuture<Integer> prepare(Object connection, WireXid xid) {
        return afterOtherConnectionsEnd(connection, xid, () -> prepare(xid));
    }

    private CompletableFuture<Integer> prepare(WireXid xid) {
        XaBranch b;
        List<JournalRecord> records;
        synchronized (this) {
            b = require(xid);
            requireWorking(b, "prepare");
            if (b.rolledBack()) {
                b.finished = true;
                removeIfDone(b);
                throw rolledBack(b);
            }
            if (b.associated()) {
                throw XaException.proto("prepare of " + b + " while a session is still associated; call end first");
            }
            cancelTimeout(b);
            if (b.work.isEmpty()) {
                branches.remove(xid);
                return CompletableFuture.completedFuture(XAResource.XA_RDONLY);
            }
            b.phase = XaBranch.Phase.PREPARING;
            b.preparedMillis = System.currentTimeMillis();
            b.journalKey = journalKey(b.preparedMillis, xid);
            records = b.work.records();
        }
        return journal.writeInCaller(List.of(new JournalRecord.Prepare(b.journalKey, records))).handle((v, error) -> {
            synchronized (this) {
                if (error == null) {
                    b.phase = XaBranch.Phase.PREPARED;
                    return XAResource.XA_OK;
                }
                branches.remove(xid);
            }
            b.work.discard();
            throw failure(XAException.XA_RBROLLBACK, "could not store the prepared " + b + "; rolled back", error);
        });
    }

    /**
     * {@code XAResource.commit} over {@code connection}: one-phase commit of an idle branch (held back as prepare is),
     * or two-phase commit of a prepared one.
     */
    public CompletableFuture<Void> commit(Object connection, WireXid xid, boolean onePhase) {
        return onePhase ? afterOtherConnectionsEnd(connection, xid, () -> commit(xid, true)) : commit(xid, false);
    }

    private CompletableFuture<Void> commit(WireXid xid, boolean onePhase) {
        XaBranch b;
        List<JournalRecord> records;
        synchronized (this) {
            b = require(xid);
            reportHeuristic(b);
            if (onePhase) {
                requireWorking(b, "one-phase commit");
                if (b.rolledBack()) {
                    b.finished = true;
                    removeIfDone(b);
                    throw rolledBack(b);
                }
                if (b.associated()) {
                    throw XaException.proto("commit of " + b + " while a session is still associated; call end first");
                }
                cancelTimeout(b);
                records = b.work.records();
            } else {
                if (b.phase != XaBranch.Phase.PREPARED) {
                    throw XaException.proto("two-phase commit of " + b + ", which is not prepared");
                }
                records = List.of(new JournalRecord.CommitPrepared(b.journalKey));
            }
            b.phase = XaBranch.Phase.COMPLETING;
        }
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(committed(b));
        }
        return journal.writeInCaller(records).handle((v, error) -> {
            if (error == null) {
                return committed(b);
            }
            if (onePhase) {
                synchronized (this) {
                    branches.remove(xid);
                }
                b.work.discard();
                throw failure(XAException.XA_RBROLLBACK, "could not store the commit of " + b + "; rolled back", error);
            }
            synchronized (this) {
                b.phase = XaBranch.Phase.PREPARED;
            }
            throw failure(XAException.XAER_RMFAIL, "could not store the commit of " + b + "; it stays prepared", error);
        });
    }

    private Void committed(XaBranch b) {
        synchronized (this) {
            branches.remove(b.xid);
        }
        b.work.apply();
        return null;
    }

    /** Rolls back a branch in any state but a heuristic one; an associated branch stays until its sessions end. */
    public CompletableFuture<Void> rollback(WireXid xid) {
        XaBranch b;
        boolean discard;
        synchronized (this) {
            b = require(xid);
            reportHeuristic(b);
            if (b.phase == XaBranch.Phase.PREPARED) {
                b.phase = XaBranch.Phase.COMPLETING;
                return journal.write(new JournalRecord.RollbackPrepared(b.journalKey)).handle((v, error) -> {
                    synchronized (this) {
                        if (error != null) {
                            b.phase = XaBranch.Phase.PREPARED;
                            throw failure(XAException.XAER_RMFAIL, "could not store the rollback of " + b
                                    + "; it stays prepared", error);
                        }
                        branches.remove(xid);
                    }
                    b.work.discard();
                    return null;
                });
            }
            requireWorking(b, "rollback");
            discard = rollBackOnce(b, XAException.XA_RBROLLBACK);
            b.finished = true;
            removeIfDone(b);
        }
        if (discard) {
            b.work.discard();
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Drops the record of a heuristic decision once the transaction manager has seen it. */
    public CompletableFuture<Void> forget(WireXid xid) {
        XaBranch b;
        synchronized (this) {
            b = require(xid);
            if (!b.heuristic()) {
                throw XaException.proto("forget of " + b + ": only heuristically completed branches can be forgotten");
            }
        }
        return journal.write(new JournalRecord.RemoveMeta(HEURISTIC_KEY + xid)).thenRun(() -> {
            synchronized (this) {
                branches.remove(xid, b);
            }
        });
    }

    /** The branches a transaction manager must resolve: prepared ones and heuristically completed ones. */
    public synchronized List<WireXid> recover() {
        List<WireXid> xids = new ArrayList<>();
        for (XaBranch b : branches.values()) {
            if (b.phase == XaBranch.Phase.PREPARED || b.heuristic()) {
                xids.add(b.xid);
            }
        }
        return xids;
    }

    /**
     * Whether an open or prepared branch sends to or acknowledges from the queue {@code name}: such a queue must not
     * go away (a durable subscription must not be unsubscribed) before the branch's outcome.
     */
    public synchronized boolean refersTo(String name) {
        for (XaBranch b : branches.values()) {
            if ((b.phase != XaBranch.Phase.WORKING || !b.rolledBack()) && !b.heuristic() && b.work.refersTo(name)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ administration

    /** Every branch, for {@code pactum tx list}. */
    public synchronized List<BranchInfo> list() {
        long now = System.currentTimeMillis();
        List<BranchInfo> out = new ArrayList<>(branches.size());
        for (XaBranch b : branches.values()) {
            long since = b.phase == XaBranch.Phase.WORKING ? b.createdMillis : b.preparedMillis;
            out.add(new BranchInfo(b.xid, b.state(), Math.max(0, now - since), b.work.describe()));
        }
        return out;
    }

    /**
     * An administrator's heuristic decision on a prepared branch: applied at once and recorded, so the transaction
     * manager's later commit or rollback learns what happened (XA_HEURCOM, XA_HEURRB) until it calls forget.
     */
    public CompletableFuture<Void> decide(WireXid xid, boolean commit) {
        XaBranch b;
        synchronized (this) {
            b = require(xid);
            if (b.phase != XaBranch.Phase.PREPARED) {
                throw XaException.proto("only prepared branches can be decided heuristically; " + b + " is not");
            }
            b.phase = XaBranch.Phase.COMPLETING;
        }
        long now = System.currentTimeMillis();
        byte[] x = xid.toBytes();
        byte[] decision = ByteBuffer.allocate(9 + x.length).put(commit ? DECIDED_COMMIT : DECIDED_ROLLBACK).putLong(now).put(x).array();
        List<JournalRecord> records = List.of(
                commit ? new JournalRecord.CommitPrepared(b.journalKey) : new JournalRecord.RollbackPrepared(b.journalKey),
                new JournalRecord.PutMeta(HEURISTIC_KEY + xid, decision));
        return journal.write(records).handle((v, error) -> {
            synchronized (this) {
                if (error != null) {
                    b.phase = XaBranch.Phase.PREPARED;
                    throw failure(XAException.XAER_RMFAIL, "could not store the decision on " + b, error);
                }
                b.phase = commit ? XaBranch.Phase.HEURISTIC_COMMIT : XaBranch.Phase.HEURISTIC_ROLLBACK;
            }
            LOG.log(System.Logger.Level.WARNING, "{0} heuristically {1} by an administrator", b,
                    commit ? "committed" : "rolled back");
            if (commit) {
                b.work.apply();
            } else {
                b.work.discard();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Rebuilds prepared and heuristically completed branches after a restart, once {@code destinations} hold the
     * recovered messages: what a prepared branch acknowledged is taken out of its queue again and held in flight.
     */
    public synchronized void restore(RecoveredState state, Destinations destinations) {
        List<XaBranch> recovered = new ArrayList<>();
        for (RecoveredState.PreparedBranch p : state.prepared().values()) {
            ByteBuffer key = ByteBuffer.wrap(p.xid());
            long preparedAt = key.getLong();
            WireXid xid = WireXid.fromBytes(Arrays.copyOfRange(p.xid(), 8, p.xid().length));
            XaBranch b = new XaBranch(xid, null, preparedAt, rebuild(xid, p.records(), destinations), XaBranch.Phase.PREPARED);
            b.journalKey = p.xid();
            b.preparedMillis = preparedAt;
            recovered.add(b);
        }
        for (Map.Entry<String, byte[]> e : state.meta().entrySet()) {
            if (e.getKey().startsWith(HEURISTIC_KEY)) {
                ByteBuffer v = ByteBuffer.wrap(e.getValue());
                byte decision = v.get();
                long decidedAt = v.getLong();
                WireXid xid = WireXid.fromBytes(Arrays.copyOfRange(e.getValue(), 9, e.getValue().length));
                XaBranch b = new XaBranch(xid, null, decidedAt, new TransactionWork(), decision == DECIDED_COMMIT
                        ? XaBranch.Phase.HEURISTIC_COMMIT : XaBranch.Phase.HEURISTIC_ROLLBACK);
                b.preparedMillis = decidedAt;
                recovered.add(b);
            }
        }
        recovered.sort(Comparator.comparingLong((XaBranch b) -> b.preparedMillis).thenComparing(b -> b.xid.toString()));
        recovered.forEach(b -> branches.put(b.xid, b));
        if (!branches.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} XA branches await their outcome: {1}", branches.size(), branches.values());
        }
    }

    private static TransactionWork rebuild(WireXid xid, List<JournalRecord> records, Destinations destinations) {
        TransactionWork work = new TransactionWork(false);
        Map<Long, byte[]> bodies = new HashMap<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.AddMessage m) {
                bodies.put(m.messageId(), m.data());
            } else if (r instanceof JournalRecord.AddRef a) {
                Queue q = destinations.recoveredQueue(a.queue());
                byte[] data = bodies.get(a.messageId());
                if (q == null || data == null) {
                    LOG.log(System.Logger.Level.ERROR, "prepared branch {0} sends message {1} to {2}, which {3}", xid,
                            a.messageId(), a.queue(), q == null ? "no longer exists" : "has no body in the branch");
                    continue;
                }
                MessageRef ref = new MessageRef(a.messageId(), data, WireMessage.Header.peek(data), a.deliveryCount());
                q.reserve(ref.size()); // it joins the queue when the branch commits, whatever the queue's limits
                work.enqueue(List.of(q), ref);
            } else if (r instanceof JournalRecord.RemoveRef rr) {
                Queue q = destinations.recoveredQueue(rr.queue());
                MessageRef ref = q == null ? null : q.lockForRecoveredBranch(rr.messageId());
                if (ref == null) {
                    LOG.log(System.Logger.Level.ERROR, "prepared branch {0} acknowledges message {1} in {2}, which is "
                            + "not there", xid, rr.messageId(), rr.queue());
                    continue;
                }
                work.acknowledge(new Delivery(0, q, ref, null));
            }
        }
        return work;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Runs {@code completion} (a prepare or one-phase commit) now, unless sessions of other connections are still
     * associated with the branch: then once the last of them ends, or after {@link #END_GRACE_MILLIS}. A client sends
     * the end of a branch it started without waiting for the answer, so over another connection a completion may
     * overtake it; the wait keeps that from being a protocol error. A session of {@code connection} itself still
     * associated is one at once (XAER_PROTO): that connection's end would have come first.
     */
    private <T> CompletableFuture<T> afterOtherConnectionsEnd(Object connection, WireXid xid,
                                                              Supplier<CompletableFuture<T>> completion) {
        synchronized (this) {
            XaBranch b = branches.get(xid);
            if (b != null && b.associated() && !b.associatedThrough(connection)) {
                return holdUntilUnassociated(b, completion);
            }
        }
        return completion.get(); // outside the monitor: the completion may write to the journal in this thread
    }

    /** Under the monitor: {@code completion}'s result, once no session is associated with {@code b} or the grace ends. */
    private <T> CompletableFuture<T> holdUntilUnassociated(XaBranch b, Supplier<CompletableFuture<T>> completion) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        Runnable attempt = () -> {
            if (!started.compareAndSet(false, true)) {
                return;
            }
            try {
                completion.get().whenComplete((v, e) -> {
                    if (e == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        };
        b.whenUnassociated.add(attempt);
        timer.schedule(() -> {
            synchronized (this) {
                b.whenUnassociated.remove(attempt);
            }
            attempt.run(); // still associated: the completion fails with XAER_PROTO
        }, END_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        return result;
    }

    /** Rolls back the branches that are still not prepared at {@code now}, past their timeout. */
    void expireOverdue(long now) {
        List<XaBranch> overdue = new ArrayList<>();
        synchronized (this) {
            for (XaBranch b : branches.values()) {
                if (b.deadlineMillis <= now && b.phase == XaBranch.Phase.WORKING && !b.rolledBack()) {
                    rollBackOnce(b, XAException.XA_RBTIMEOUT);
                    overdue.add(b);
                }
            }
        }
        for (XaBranch b : overdue) {
            LOG.log(System.Logger.Level.INFO, "{0} rolled back: not prepared within its timeout", b);
            b.work.discard();
        }
    }

    /**
     * Marks a working branch rolled back, unless it already is. True if this call did, and the caller must then
     * discard the branch's work, outside the monitor.
     */
    private boolean rollBackOnce(XaBranch b, int code) {
        if (b.rolledBack()) {
            return false;
        }
        b.rollbackCode = code;
        cancelTimeout(b);
        return true;
    }

    private void removeIfDone(XaBranch b) {
        if (b.finished && !b.associated()) {
            branches.remove(b.xid, b);
        }
    }

    private static void cancelTimeout(XaBranch b) {
        b.deadlineMillis = Long.MAX_VALUE;
    }

    private XaBranch require(WireXid xid) {
        XaBranch b = branches.get(xid);
        if (b == null) {
            throw XaException.nota(xid);
        }
        return b;
    }

    private static void requireWorking(XaBranch b, String what) {
        if (b.heuristic() || b.phase != XaBranch.Phase.WORKING) {
            throw XaException.proto(what + " of " + b + " is not allowed in that state");
        }
    }

    private static void reportHeuristic(XaBranch b) {
        if (b.phase == XaBranch.Phase.HEURISTIC_COMMIT) {
            throw new XaException(XAException.XA_HEURCOM, b.xid + " was heuristically committed by an administrator");
        }
        if (b.phase == XaBranch.Phase.HEURISTIC_ROLLBACK) {
            throw new XaException(XAException.XA_HEURRB, b.xid + " was heuristically rolled back by an administrator");
        }
        if (b.phase == XaBranch.Phase.PREPARING || b.phase == XaBranch.Phase.COMPLETING) {
            throw XaException.proto(b + " is being prepared or completed by another call");
        }
    }

    private static XaException rolledBack(XaBranch b) {
        return new XaException(b.rollbackCode, b.xid + " was rolled back (" + rollbackReason(b) + ")");
    }

    private static String rollbackReason(XaBranch b) {
        if (b.rollbackDetail != null) {
            return b.rollbackDetail;
        }
        return switch (b.rollbackCode) {
            case XAException.XA_RBTIMEOUT -> "its timeout passed before prepare";
            case XAException.XA_RBCOMMFAIL -> "the connection that started it was lost";
            default -> "rollback requested";
        };
    }

    private static CompletionException failure(int code, String message, Throwable error) {
        Throwable cause = Journal.causeOf(error);
        LOG.log(System.Logger.Level.ERROR, message, cause);
        XaException x = new XaException(code, message + ": " + cause.getMessage());
        x.initCause(cause);
        return new CompletionException(x);
    }

    private static byte[] journalKey(long preparedMillis, WireXid xid) {
        byte[] x = xid.toBytes();
        return ByteBuffer.allocate(8 + x.length).putLong(preparedMillis).put(x).array();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
