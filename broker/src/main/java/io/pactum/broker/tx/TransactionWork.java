package io.pactum.broker.tx;

import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.store.JournalRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a unit of work changes: messages to enqueue and deliveries to acknowledge. The same unit serves a single
 * non-transacted send or acknowledgement, a local transaction and an XA branch, so there is one way
 * work becomes journal records ({@link #records}) and one way it takes effect ({@link #apply}) or is undone
 * ({@link #discard}).
 */
public final class TransactionWork {
    private final List<Enqueue> enqueues = new ArrayList<>();
    private final List<Delivery> acks = new ArrayList<>();
    private final boolean mayPageVolatile;

    /**
     * @param mayPageVolatile whether messages that would live only in memory may be written to the journal once the
     *                        memory budget is spent (so they can be paged). Not for XA branches: a prepared branch
     *                        must never refer to a queue that a restart drops.
     */
    public TransactionWork(boolean mayPageVolatile) {
        this.mayPageVolatile = mayPageVolatile;
    }

    public TransactionWork() {
        this(true);
    }

    /** {@code stored[i]}: whether the message goes into the journal under {@code queues.get(i)}. */
    private record Enqueue(List<Queue> queues, MessageRef ref, boolean[] stored) {
    }

    /**
     * A message for {@code queues}, each of which has reserved room for it ({@code Queue.tryReserve} or
     * {@code Queue.reserve}); the room is taken when the work is applied and given back when it is discarded.
     */
    public void enqueue(List<Queue> queues, MessageRef ref) {
        boolean[] stored = new boolean[queues.size()];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = ref.persistent() && queues.get(i).durable();
        }
        enqueues.add(new Enqueue(queues, ref, stored));
    }

    public void acknowledge(Delivery delivery) {
        acks.add(delivery);
    }

    public boolean isEmpty() {
        return enqueues.isEmpty() && acks.isEmpty();
    }

    public List<Delivery> acknowledgements() {
        return acks;
    }

    /**
     * The journal records that make this work durable: persistent messages into durable queues, and their removal.
     * Once the memory budget is spent, also the messages that would otherwise live only in memory, so that their
     * queues can page them (non-durable queues enter the journal as volatile, and leave it at the next start).
     * Called once per unit of work, before it is applied.
     */
    public List<JournalRecord> records() {
        List<JournalRecord> records = new ArrayList<>();
        for (Enqueue e : enqueues) {
            boolean bodyWritten = false;
            for (int i = 0; i < e.queues.size(); i++) {
                Queue q = e.queues.get(i);
                if (!e.stored[i] && mayPageVolatile && q.spillsToJournal(e.ref)) {
                    e.stored[i] = true;
                    if (!q.durable() && q.enterJournal()) {
                        records.add(new JournalRecord.AddQueue(q.name(), Queue.VOLATILE_META));
                    }
                }
                if (e.stored[i]) {
                    if (!bodyWritten) {
                        records.add(new JournalRecord.AddMessage(e.ref.id(), e.ref.data()));
                        bodyWritten = true;
                    }
                    records.add(new JournalRecord.AddRef(q.name(), e.ref.id(), 0));
                }
            }
        }
        for (Delivery d : acks) {
            if (d.ref().stored()) {
                records.add(new JournalRecord.RemoveRef(d.queue().name(), d.ref().id()));
            }
        }
        return records;
    }

    /** Whether the work sends to or acknowledges from the queue named {@code queue}. */
    public boolean refersTo(String queue) {
        for (Enqueue e : enqueues) {
            for (Queue q : e.queues) {
                if (q.name().equals(queue)) {
                    return true;
                }
            }
        }
        for (Delivery d : acks) {
            if (d.queue().name().equals(queue)) {
                return true;
            }
        }
        return false;
    }

    /** What the work would change, for administrators: "2 sends to orders, 1 ack on in" (or "nothing"). */
    public String describe() {
        Map<String, Integer> sends = new java.util.TreeMap<>();
        Map<String, Integer> acked = new java.util.TreeMap<>();
        for (Enqueue e : enqueues) {
            e.queues.forEach(q -> sends.merge(q.name(), 1, Integer::sum));
        }
        acks.forEach(d -> acked.merge(d.queue().name(), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        sends.forEach((q, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(n == 1 ? " send to " : " sends to ").append(q));
        acked.forEach((q, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(n).append(n == 1 ? " ack on " : " acks on ").append(q));
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    /** Makes the work visible: messages join their queues (one dispatch per queue), acknowledged ones leave. */
    public void apply() {
        Map<Queue, List<MessageRef>> byQueue = new HashMap<>();
        for (Enqueue e : enqueues) {
            for (int i = 0; i < e.queues.size(); i++) {
                MessageRef ref = i == 0 ? e.ref : e.ref.copy();
                if (e.stored[i]) {
                    ref.markStored();
                }
                byQueue.computeIfAbsent(e.queues.get(i), q -> new ArrayList<>()).add(ref);
            }
        }
        for (Delivery d : acks) {
            d.queue().acknowledged(d.ref());
        }
        byQueue.forEach(Queue::addAdmitted);
        clear();
    }

    /** Undoes the work: sends are dropped, acknowledged deliveries return to their queues as redelivered. */
    public void discard() {
        for (Enqueue e : enqueues) {
            for (Queue q : e.queues) {
                q.unreserve(e.ref.size());
            }
        }
        for (Delivery d : acks) {
            d.queue().returned(d.ref(), true);
        }
        clear();
    }

    private void clear() {
        enqueues.clear();
        acks.clear();
    }
}
