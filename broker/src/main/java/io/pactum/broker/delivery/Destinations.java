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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The broker's destinations: queues (durable, in the journal) and temporary queues (in memory), and topics, which
 * fan a message out to the queue of every subscription bound to them. Routing a send resolves here.
 */
public final class Destinations {
    private static final System.Logger LOG = System.getLogger(Destinations.class.getName());
    private static final byte[] QUEUE_META = "queue".getBytes(StandardCharsets.UTF_8);
    private static final int RECOVERY_BATCH = 256;

    private final Journal journal;
    private final boolean autoCreateQueues;
    private final DeliveryPolicy defaultPolicy;
    private final LongSupplier messageIds;
    private final Map<String, DeliveryPolicy> queuePolicies;
    private final QueueLimits defaultLimits;
    private final Map<String, QueueLimits> queueLimits;
    private final Map<String, QueueLimits> topicLimits;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pactum-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Queue.Handler handler = new Queue.Handler() {
        @Override
        public DeliveryPolicy policy(Queue q) {
            return policyOf(q.name());
        }

        @Override
        public boolean deadLetters(Queue q) {
            DeliveryPolicy p = policyOf(q.name());
            return !q.name().equals(p.deadLetterQueue()) && !q.name().equals(p.expiryQueue());
        }

        @Override
        public void expired(Queue q, MessageRef ref) {
            move(q, ref, withoutExpiration(ref), policyOf(q.name()).expiryQueue(), "expired");
        }

        @Override
        public void deadLetter(Queue q, MessageRef ref) {
            move(q, ref, ref, policyOf(q.name()).deadLetterQueue(),
                    "reached " + ref.deliveryCount() + " delivery attempts");
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public MemoryBudget budget() {
            return budget;
        }

        @Override
        public byte[] readBody(long messageId) {
            return journal.readBody(messageId);
        }

        @Override
        public void requestReadBack(Queue q) {
            pager.request(q);
        }

        @Override
        public void discarded(Queue q, List<Long> journaledIds) {
            List<JournalRecord> removals = new ArrayList<>(journaledIds.size());
            for (long id : journaledIds) {
                removals.add(new JournalRecord.RemoveRef(q.name(), id));
            }
            journal.writeLazily(removals); // like an acknowledgement nobody waits for
        }
    };
    private final MemoryBudget budget;
    private final Pager pager = new Pager();
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Queue> temporaryQueues = new ConcurrentHashMap<>();
    private final Map<String, Set<Subscription>> topicSubscriptions = new ConcurrentHashMap<>();
    /** Named subscriptions by queue name. Guarded by this. */
    private final Map<String, Subscription> named = new java.util.HashMap<>();
    private volatile java.util.function.Predicate<String> usedByTransactions = name -> false;
    private final Set<String> temporaryTopics = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong anonymous = new java.util.concurrent.atomic.AtomicLong();

    public Destinations(Journal journal, MemoryBudget budget, boolean autoCreateQueues, DeliveryPolicy defaultPolicy,
                        Map<String, DeliveryPolicy> queuePolicies, LongSupplier messageIds) {
        this(journal, budget, autoCreateQueues, defaultPolicy, queuePolicies, QueueLimits.DEFAULT, Map.of(), Map.of(),
                messageIds);
    }

    /**
     * @param defaultLimits limits of every queue and subscription without its own entry in {@code queueLimits}
     *                      (by queue name) or, for a subscription, in {@code topicLimits} (by topic)
     */
    public Destinations(Journal journal, MemoryBudget budget, boolean autoCreateQueues, DeliveryPolicy defaultPolicy,
                        Map<String, DeliveryPolicy> queuePolicies, QueueLimits defaultLimits,
                        Map<String, QueueLimits> queueLimits, Map<String, QueueLimits> topicLimits,
                        LongSupplier messageIds) {
        this.defaultLimits = defaultLimits;
        this.queueLimits = Map.copyOf(queueLimits);
        this.topicLimits = Map.copyOf(topicLimits);
        this.journal = journal;
        this.budget = budget;
        this.messageIds = messageIds;
        this.autoCreateQueues = autoCreateQueues;
        this.defaultPolicy = defaultPolicy;
        this.queuePolicies = Map.copyOf(queuePolicies);
    }

    /** The policy of a queue: its own, or the broker's default. Subscriptions use the default. */
    DeliveryPolicy policyOf(String queue) {
        return queuePolicies.getOrDefault(queue, defaultPolicy);
    }

    /** Provider property on a message in the expiry queue: the JMSExpiration it had (its own is cleared). */
    public static final String ORIGINAL_EXPIRATION = "JMS_PactumOriginalExpiration";

    /**
     * The copy of an expired message that goes to the expiry queue: a new message (id and bytes) whose
     * JMSExpiration is cleared, so it does not expire again there, and whose original expiration is kept in
     * {@link #ORIGINAL_EXPIRATION}.
     */
    private MessageRef withoutExpiration(MessageRef ref) {
        WireMessage w = WireMessage.decode(ref.data());
        w.properties.put(ORIGINAL_EXPIRATION, w.expiration);
        w.expiration = 0;
        byte[] data = w.encode();
        return new MessageRef(messageIds.getAsLong(), data, WireMessage.Header.peek(data), ref.deliveryCount());
    }

    /**
     * Moves a message out of {@code from} into the queue {@code target} (dead-letter or expiry) as {@code moved}
     * (the same message, or a rewritten copy), or drops it when no target is configured or the message is already
     * in it. The journal sees the new reference and the removal of the old one in one atomic write.
     */
    private void move(Queue from, MessageRef ref, MessageRef moved, String target, String why) {
        List<JournalRecord> records = new ArrayList<>(3);
        Queue to = null;
        if (!target.isEmpty() && !target.equals(from.name())) {
            to = createQueue(target);
            if (ref.persistent()) {
                if (!ref.stored() || moved.id() != ref.id()) {
                    records.add(new JournalRecord.AddMessage(moved.id(), moved.data()));
                }
                records.add(new JournalRecord.AddRef(target, moved.id(), moved.deliveryCount()));
            }
        }
        if (ref.stored()) {
            records.add(new JournalRecord.RemoveRef(from.name(), ref.id()));
        }
        LOG.log(System.Logger.Level.INFO, "{0} in {1} {2}: {3}", ref, from.name(), why,
                to == null ? "dropped" : "moved to " + target);
        MessageRef arriving = to == null ? null
                : moved.movedWith(moved.data());
        if (arriving != null && ref.persistent()) {
            arriving.markStored();
        }
        if (records.isEmpty()) {
            if (arriving != null) {
                to.add(arriving);
            }
            return;
        }
        // The target queue may page the message as soon as it holds it, so only once the journal has it there.
        Queue target0 = to;
        journal.write(records).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.ERROR, "could not move {0} out of {1}: {2}", ref, from.name(),
                        Journal.causeOf(failure).toString());
            } else if (arriving != null) {
                target0.add(arriving);
            }
        });
    }

    /** The memory budget all queues share. */
    public MemoryBudget budget() {
        return budget;
    }

    /** Stops the timer thread of scheduled deliveries and the pager. */
    public void close() {
        scheduler.shutdownNow();
        pager.close();
    }

    /**
     * Rebuilds queues, durable subscriptions and their messages from the journal. After a crash every message counts
     * as possibly delivered.
     */
    public synchronized void recover(RecoveredState state) {
        Map<String, Queue> byName = new java.util.HashMap<>();
        Set<String> dropped = new java.util.LinkedHashSet<>();
        List<JournalRecord> nonPersistent = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : state.queues().entrySet()) {
            if (java.util.Arrays.equals(e.getValue(), Queue.VOLATILE_META)) {
                dropped.add(e.getKey()); // a temporary queue or non-durable subscription that paged: gone with its run
                continue;
            }
            Subscription sub = Subscription.fromMeta(e.getValue(), (n, topic) -> newQueue(n, true, topic));
            if (sub != null) {
                named.put(sub.queue().name(), sub);
                bind(sub);
                byName.put(sub.queue().name(), sub.queue());
            } else {
                Queue q = newQueue(e.getKey(), true);
                queues.put(e.getKey(), q);
                byName.put(e.getKey(), q);
            }
        }
        long total = 0;
        for (Map.Entry<String, List<RecoveredState.RecoveredMessage>> e : state.messages().entrySet()) {
            Queue q = byName.get(e.getKey());
            if (q == null) {
                // Never created as a queue (only a late spill into a volatile queue already removed does this).
                dropped.add(e.getKey());
                continue;
            }
            total += e.getValue().size();
            // In batches, so a backlog larger than the memory budget is paged as it is read, never held whole.
            List<MessageRef> refs = new ArrayList<>(RECOVERY_BATCH);
            for (RecoveredState.RecoveredMessage m : e.getValue()) {
                int count = state.cleanShutdown() ? m.deliveryCount() : m.deliveryCount() + 1;
                byte[] data = m.data();
                WireMessage.Header header = WireMessage.Header.peek(data);
                if (!header.persistent()) {
                    // written only to be paged: a non-persistent message does not outlive its broker's run
                    nonPersistent.add(new JournalRecord.RemoveRef(q.name(), m.messageId()));
                    continue;
                }
                MessageRef ref = new MessageRef(m.messageId(), data, header, count);
                ref.markStored();
                refs.add(ref);
                if (refs.size() == RECOVERY_BATCH) {
                    q.addAll(refs);
                    refs.clear();
                }
            }
            q.addAll(refs);
        }
        total -= nonPersistent.size();
        if (!nonPersistent.isEmpty()) {
            journal.write(nonPersistent);
        }
        for (String name : dropped) {
            journal.write(new JournalRecord.RemoveQueue(name));
        }
        if (!dropped.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "dropped {0} temporary queues and non-durable subscriptions that had "
                    + "paged messages into the journal before the restart", dropped.size());
        }
        LOG.log(System.Logger.Level.INFO, "recovered {0} queues, {1} durable subscriptions and {2} messages ({3} shutdown)",
                queues.size(), named.size(), total, state.cleanShutdown() ? "clean" : "unclean");
    }

    /**
     * The queues a message sent to {@code d} over connection {@code originConnection} (whose client ID is
     * {@code originClientId}, or null) goes to; for a topic, those of its subscriptions that accept it (a noLocal
     * subscription skips local messages, see {@link Subscription}). Empty for a topic nobody subscribes to.
     */
    public List<Queue> route(Destination d, String originConnection, String originClientId, MessageRef ref) {
        return switch (d.kind()) {
            case QUEUE -> List.of(queue(d.name()));
            case TEMP_QUEUE -> List.of(temporaryQueue(d.name()));
            case TOPIC, TEMP_TOPIC -> {
                if (d.kind() == Destination.Kind.TEMP_TOPIC && !temporaryTopics.contains(d.name())) {
                    throw new BrokerException(ErrorCode.INVALID_DESTINATION, "temporary topic '" + d.name() + "' no longer exists");
                }
                Set<Subscription> subs = topicSubscriptions.get(d.name());
                if (subs == null || subs.isEmpty()) {
                    yield List.of();
                }
                List<Queue> out = new ArrayList<>(subs.size());
                for (Subscription sub : subs) {
                    if (sub.accepts(originConnection, originClientId, ref)) {
                        out.add(sub.queue());
                    }
                }
                yield out;
            }
        };
    }

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
        if (name.startsWith("$")) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION,
                    "queue names starting with '$' are reserved for topic subscriptions: " + name);
        }
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
        if (q.inJournal()) {
            journal.write(new JournalRecord.RemoveQueue(name));
        }
    }

    public void createTemporaryTopic(String name) {
        temporaryTopics.add(name);
    }

    public synchronized void deleteTemporaryTopic(String name) {
        Set<Subscription> subs = topicSubscriptions.get(name);
        if (subs != null && !subs.isEmpty()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary topic '" + name + "' has active consumers");
        }
        temporaryTopics.remove(name);
        topicSubscriptions.remove(name);
    }

    /**
     * Attaches a consumer to a subscription, creating, reusing or replacing it as Jakarta Messaging prescribes for
     * its kind. {@code connection} identifies the consumer's connection (for noLocal).
     */
    public synchronized Subscription openSubscription(Subscription.Kind kind, String name, String clientId, String topic,
                                                      String selector, boolean noLocal, String connection) {
        Subscription sub = switch (kind) {
            case NON_DURABLE -> create(kind, null, clientId, topic, selector, noLocal, "$nsub:" + anonymous.incrementAndGet());
            case SHARED -> shared(kind, name, clientId, topic, selector, "$nshared:" + (clientId == null ? "" : clientId) + ":" + name);
            case DURABLE -> {
                if (clientId == null) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE,
                            "an unshared durable subscription needs a client ID; set one on the connection");
                }
                String key = Subscription.queueName(kind, clientId, name);
                if (named.containsKey(Subscription.queueName(Subscription.Kind.SHARED_DURABLE, clientId, name))) {
                    throw new BrokerException(ErrorCode.GENERIC, "a shared durable subscription named '" + name + "' exists");
                }
                Subscription existing = named.get(key);
                if (existing != null && existing.consumers > 0) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE, "durable subscription '" + name + "' already has an active consumer");
                }
                if (existing != null && existing.sameDefinition(topic, selector, noLocal)) {
                    yield existing;
                }
                if (existing != null) {
                    remove(existing);
                }
                yield create(kind, name, clientId, topic, selector, noLocal, key);
            }
            case SHARED_DURABLE -> {
                if (named.containsKey(Subscription.queueName(Subscription.Kind.DURABLE, clientId, name))) {
                    throw new BrokerException(ErrorCode.GENERIC, "an unshared durable subscription named '" + name + "' exists");
                }
                yield shared(kind, name, clientId, topic, selector, Subscription.queueName(kind, clientId, name));
            }
        };
        sub.consumers++;
        sub.ownerConnection(connection);
        return sub;
    }

    private Subscription shared(Subscription.Kind kind, String name, String clientId, String topic, String selector, String key) {
        Subscription existing = named.get(key);
        if (existing != null && existing.sameDefinition(topic, selector, false)) {
            return existing;
        }
        if (existing != null && existing.consumers > 0) {
            throw new BrokerException(ErrorCode.GENERIC, "shared subscription '" + name
                    + "' exists with another topic or selector and has active consumers");
        }
        if (existing != null) {
            remove(existing);
        }
        return create(kind, name, clientId, topic, selector, false, key);
    }

    private Subscription create(Subscription.Kind kind, String name, String clientId, String topic, String selector,
                                boolean noLocal, String queueName) {
        Subscription sub = new Subscription(kind, name, clientId, topic, selector, noLocal,
                newQueue(queueName, kind.durable(), topic));
        if (kind.durable()) {
            journal.write(new JournalRecord.AddQueue(queueName, sub.meta()));
        }
        if (name != null) {
            named.put(queueName, sub);
        }
        bind(sub);
        return sub;
    }

    private void bind(Subscription sub) {
        topicSubscriptions.computeIfAbsent(sub.topic(), t -> new CopyOnWriteArraySet<>()).add(sub);
    }

    /** Unbinds and empties a subscription; a durable one leaves the journal with its messages. */
    private void remove(Subscription sub) {
        Set<Subscription> subs = topicSubscriptions.get(sub.topic());
        if (subs != null) {
            subs.remove(sub);
        }
        named.remove(sub.queue().name());
        sub.queue().drain();
        if (sub.kind().durable() || sub.queue().inJournal()) {
            journal.write(new JournalRecord.RemoveQueue(sub.queue().name()));
        }
    }

    /** A consumer left the subscription: non-durable ones end with their last consumer. */
    public synchronized void closeSubscriber(Subscription sub) {
        sub.consumers--;
        if (sub.consumers <= 0 && !sub.kind().durable()) {
            remove(sub);
        }
    }

    /** Deletes the durable subscription {@code name} of {@code clientId}; refused while it is in use. */
    public synchronized void unsubscribe(String name, String clientId) {
        Subscription sub = named.get(Subscription.queueName(Subscription.Kind.DURABLE, clientId, name));
        if (sub == null) {
            sub = named.get(Subscription.queueName(Subscription.Kind.SHARED_DURABLE, clientId, name));
        }
        if (sub == null) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "no durable subscription named '" + name + "'"
                    + (clientId == null ? "" : " for client ID '" + clientId + "'"));
        }
        if (sub.consumers > 0) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "durable subscription '" + name + "' has an active consumer");
        }
        if (sub.queue().inFlight() > 0) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE,
                    "durable subscription '" + name + "' has messages delivered but not yet acknowledged");
        }
        if (usedByTransactions.test(sub.queue().name())) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE,
                    "durable subscription '" + name + "' has messages in a transaction that is not complete");
        }
        remove(sub);
    }

    /** A durable queue or subscription queue by its journal name, for rebuilding prepared XA branches; null if none. */
    public synchronized Queue recoveredQueue(String name) {
        Queue q = queues.get(name);
        if (q != null) {
            return q;
        }
        Subscription sub = named.get(name);
        return sub == null ? null : sub.queue();
    }

    /** Tells which queues open or prepared XA branches use; those must not be removed before the branch's outcome. */
    public void queuesUsedByTransactions(java.util.function.Predicate<String> used) {
        this.usedByTransactions = used;
    }

    public Collection<Queue> queues() {
        return queues.values();
    }

    /** Every queue that holds messages: named queues, temporary queues and the queues of topic subscriptions. */
    public List<Queue> everyQueue() {
        List<Queue> all = new ArrayList<>(queues.values());
        all.addAll(temporaryQueues.values());
        for (Set<Subscription> subs : topicSubscriptions.values()) {
            for (Subscription sub : subs) {
                all.add(sub.queue());
            }
        }
        return all;
    }

    /** Messages held by {@link #everyQueue}: waiting, scheduled or in flight. */
    public long queuedMessages() {
        long n = 0;
        for (Queue q : everyQueue()) {
            n += q.depth() + q.inFlight();
        }
        return n;
    }

    /** The heap the queues' bookkeeping of those messages takes (references and paged tails), bodies aside. */
    public long bookkeepingBytes() {
        long b = 0;
        for (Queue q : everyQueue()) {
            b += q.bookkeepingBytes();
        }
        return b;
    }

    private Queue newQueue(String name, boolean durable) {
        return newQueue(name, durable, null);
    }

    /** A queue, or the queue of a subscription to {@code topic}, with its limits: its own, its topic's, the default. */
    private Queue newQueue(String name, boolean durable, String topic) {
        QueueLimits limits = queueLimits.get(name);
        if (limits == null && topic != null) {
            limits = topicLimits.get(topic);
        }
        return new Queue(name, durable, handler, limits != null ? limits : defaultLimits);
    }
}
