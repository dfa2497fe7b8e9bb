package io.pactum.broker.delivery;

import io.pactum.broker.BrokerException;
import io.pactum.broker.store.Journal;
import io.pactum.broker.store.JournalRecord;
import io.pactum.broker.store.RecoveredState;
import io.pactum.protocol.Destination;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.WireMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The broker's destinations: queues (durable, in the journal) and temporary queues (in memory), and topics, which
 * fan a message out to the queue of every subscription bound to them. Routing a send resolves here.
 */
public final class Destinations {
    private static final System.Logger LOG = System.getLogger(Destinations.class.getName());
    private static final byte[] QUEUE_META = "queue".getBytes(StandardCharsets.UTF_8);

    private final Journal journal;
    private final boolean autoCreateQueues;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Queue> temporaryQueues = new ConcurrentHashMap<>();
    private final Map<String, Set<Queue>> topicSubscriptions = new ConcurrentHashMap<>();

    public Destinations(Journal journal, boolean autoCreateQueues) {
        this.journal = journal;
        this.autoCreateQueues = autoCreateQueues;
    }

    /** Rebuilds queues and their messages from the journal. After a crash every message counts as possibly delivered. */
    public void recover(RecoveredState state) {
        for (String name : state.queues().keySet()) {
            queues.put(name, newQueue(name, true));
        }
        long total = 0;
        for (Map.Entry<String, List<RecoveredState.RecoveredMessage>> e : state.messages().entrySet()) {
            Queue q = queues.computeIfAbsent(e.getKey(), n -> newQueue(n, true));
            List<MessageRef> refs = new ArrayList<>(e.getValue().size());
            for (RecoveredState.RecoveredMessage m : e.getValue()) {
                int count = state.cleanShutdown() ? m.deliveryCount() : m.deliveryCount() + 1;
                refs.add(new MessageRef(m.messageId(), m.data(), WireMessage.Header.peek(m.data()), count));
            }
            q.addAll(refs);
            total += refs.size();
        }
        LOG.log(System.Logger.Level.INFO, "recovered {0} queues and {1} messages ({2} shutdown)", queues.size(), total,
                state.cleanShutdown() ? "clean" : "unclean");
    }

    /** The queues a message sent to {@code d} goes to; empty for a topic nobody subscribes to. */
    public List<Queue> route(Destination d) {
        return switch (d.kind()) {
            case QUEUE -> List.of(queue(d.name()));
            case TEMP_QUEUE -> List.of(temporaryQueue(d.name()));
            case TOPIC, TEMP_TOPIC -> {
                Set<Queue> subs = topicSubscriptions.get(d.name());
                yield subs == null ? List.of() : List.copyOf(subs);
            }
        };
    }

    /** The named queue, created (and recorded in the journal) on first use when auto-creation is on. */
    public Queue queue(String name) {
        Queue q = queues.get(name);
        if (q != null) {
            return q;
        }
        if (!autoCreateQueues) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "queue '" + name + "' does not exist");
        }
        return createQueue(name);
    }

    public Queue createQueue(String name) {
        return queues.computeIfAbsent(name, n -> {
            // Enqueued before any message for this queue can be, so the journal sees the queue first.
            journal.write(new JournalRecord.AddQueue(n, QUEUE_META));
            LOG.log(System.Logger.Level.DEBUG, "created queue {0}", n);
            return newQueue(n, true);
        });
    }

    public Queue createTemporaryQueue(String name) {
        return temporaryQueues.computeIfAbsent(name, n -> newQueue(n, false));
    }

    public Queue temporaryQueue(String name) {
        Queue q = temporaryQueues.get(name);
        if (q == null) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "temporary queue '" + name + "' no longer exists");
        }
        return q;
    }

    public void deleteTemporaryQueue(String name) {
        Queue q = temporaryQueues.get(name);
        if (q == null) {
            return;
        }
        if (q.subscriberCount() > 0) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary queue '" + name + "' has active consumers");
        }
        temporaryQueues.remove(name);
        q.drain();
    }

    /** A non-durable subscription: an in-memory queue bound to the topic for as long as its consumer lives. */
    public Queue subscribe(String topic, String subscriptionId) {
        Queue q = newQueue(subscriptionId, false);
        topicSubscriptions.computeIfAbsent(topic, t -> new CopyOnWriteArraySet<>()).add(q);
        return q;
    }

    public void unsubscribe(String topic, Queue subscription) {
        Set<Queue> subs = topicSubscriptions.get(topic);
        if (subs != null) {
            subs.remove(subscription);
        }
        subscription.drain();
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    private Queue newQueue(String name, boolean durable) {
        return new Queue(name, durable, ref -> expired(name, durable, ref));
    }

    private void expired(String queue, boolean durable, MessageRef ref) {
        LOG.log(System.Logger.Level.DEBUG, "{0} expired in queue {1}; dropped", ref, queue);
        if (durable && ref.persistent()) {
            journal.write(new JournalRecord.RemoveRef(queue, ref.id()));
        }
    }
}
