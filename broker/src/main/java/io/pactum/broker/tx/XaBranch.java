package io.pactum.broker.tx;

import io.pactum.protocol.WireXid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One XA transaction branch in the broker: the work it holds, the sessions associated with it, and where it stands
 * in its life (working, prepared, completed by an administrator). All fields are guarded by the
 * {@link ResourceManager}'s monitor; the work itself is touched only by whoever moved the branch out of
 * {@link Phase#WORKING} or marked it rolled back, so completion can apply or discard it outside that monitor.
 */
public final class XaBranch {
    enum Phase { WORKING, PREPARING, PREPARED, COMPLETING, HEURISTIC_COMMIT, HEURISTIC_ROLLBACK }

    final WireXid xid;
    /** The connection that started the branch; its loss rolls back the branch while unprepared. Null if recovered. */
    final Object owner;
    final long createdMillis;
    final TransactionWork work;
    /**
     * Sessions associated with the branch (between start and end) and those whose association is suspended, each
     * with the connection it belongs to.
     */
    final Map<Object, Object> active = new HashMap<>();
    final Map<Object, Object> suspended = new HashMap<>();
    /** What waits until no session is associated any more: completions sent before another connection's end. */
    final List<Runnable> whenUnassociated = new ArrayList<>();
    Phase phase;
    /** The branch's key in the journal once prepared: preparation time + xid, so the age survives a restart. */
    byte[] journalKey;
    long preparedMillis;
    /** XA_RB* once the branch was rolled back while working (timeout, TMFAIL, connection loss, rollback); else 0. */
    int rollbackCode;
    /** Why the branch was rolled back, where the code alone does not say (a failed send); else null. */
    String rollbackDetail;
    /** Rolled back on the manager's request: the branch goes away once its last association ends. */
    boolean finished;
    /** When an unprepared branch rolls back (epoch millis); {@code Long.MAX_VALUE} once prepared or completed. */
    long deadlineMillis = Long.MAX_VALUE;

    XaBranch(WireXid xid, Object owner, long createdMillis, TransactionWork work, Phase phase) {
        this.xid = xid;
        this.owner = owner;
        this.createdMillis = createdMillis;
        this.work = work;
        this.phase = phase;
    }

    public WireXid xid() {
        return xid;
    }

    boolean associated() {
        return !active.isEmpty() || !suspended.isEmpty();
    }

    /** Whether a session of {@code connection} is associated with the branch (actively or suspended). */
    boolean associatedThrough(Object connection) {
        return active.containsValue(connection) || suspended.containsValue(connection);
    }

    /** Once no session is associated: what waited for that, handed over to the caller to run outside the monitor. */
    List<Runnable> takeWaitersIfUnassociated() {
        if (associated() || whenUnassociated.isEmpty()) {
            return List.of();
        }
        List<Runnable> ready = new ArrayList<>(whenUnassociated);
        whenUnassociated.clear();
        return ready;
    }

    boolean rolledBack() {
        return rollbackCode != 0;
    }

    boolean heuristic() {
        return phase == Phase.HEURISTIC_COMMIT || phase == Phase.HEURISTIC_ROLLBACK;
    }

    /** The state as administrators see it. */
    String state() {
        if (phase != Phase.WORKING) {
            return phase.name();
        }
        if (rolledBack()) {
            return "ROLLBACK_ONLY";
        }
        return !active.isEmpty() ? "ACTIVE" : !suspended.isEmpty() ? "SUSPENDED" : "IDLE";
    }

    @Override
    public String toString() {
        return "branch " + xid + " (" + state() + ")";
    }
}
