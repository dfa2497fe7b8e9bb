package io.pactum.broker.flow;

import io.pactum.broker.delivery.FullPolicy;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.delivery.QueueLimits;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a send may go to the queues it was routed to, before anything of it is stored: every queue's own
 * limits ({@link QueueLimits}), the disk under the journal and the heap ({@link ResourceMonitor}). An admitted send
 * has room reserved in each of its queues, which it keeps until it joins them or is undone, so concurrent producers
 * and open transactions cannot overshoot a limit together. A refused one carries the limits whose policy applies.
 */
public final class Admission {
    private final ResourceMonitor monitor;

    public Admission(ResourceMonitor monitor) {
        this.monitor = monitor;
    }

    /** What became of a send. */
    public sealed interface Verdict permits Admitted, Refused {
    }

    /**
     * The send goes to {@code queues}, each of which reserved room for it: all it was routed to, or fewer when a
     * full queue with the drop policy dropped a non-persistent message (none at all if every queue did).
     */
    public record Admitted(List<Queue> queues) implements Verdict {
    }

    /** The send does not fit: {@code reason} says where, {@code limits} whose policy (block or fail) applies. */
    public record Refused(String reason, QueueLimits limits) implements Verdict {
    }

    public Verdict admit(List<Queue> queues, MessageRef ref) {
        if (queues.isEmpty()) {
            return new Admitted(queues);
        }
        String global = monitor.memoryFull();
        if (global == null && ref.persistent() && anyDurable(queues)) {
            global = monitor.diskFull();
        }
        if (global != null) {
            QueueLimits limits = queues.get(0).limits();
            if (drops(limits, ref)) {
                for (Queue q : queues) {
                    q.dropped(global);
                }
                return new Admitted(List.of());
            }
            return new Refused(global, limits);
        }
        List<Queue> admitted = new ArrayList<>(queues.size());
        for (Queue q : queues) {
            String full = q.tryReserve(ref.size());
            if (full != null && q.limits().fullPolicy() == FullPolicy.DROP_OLDEST && !ref.persistent()) {
                full = q.tryReserveDroppingOldest(ref.size());
            }
            if (full == null) {
                admitted.add(q);
                continue;
            }
            QueueLimits limits = q.limits();
            if (drops(limits, ref)) {
                q.dropped(full);
                continue;
            }
            for (Queue a : admitted) {
                a.unreserve(ref.size());
            }
            return new Refused(q + " is full (" + full + ")", limits);
        }
        return new Admitted(admitted);
    }

    /** Drop and drop-oldest drop a non-persistent message that still does not fit. */
    private static boolean drops(QueueLimits limits, MessageRef ref) {
        return (limits.fullPolicy() == FullPolicy.DROP || limits.fullPolicy() == FullPolicy.DROP_OLDEST)
                && !ref.persistent();
    }

    private static boolean anyDurable(List<Queue> queues) {
        for (Queue q : queues) {
            if (q.durable()) {
                return true;
            }
        }
        return false;
    }
}
