package io.pactum.broker.delivery;

import io.pactum.protocol.WireMessage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue: messages waiting for delivery, ordered by priority (9 first) and within a priority by message id (arrival
 * order, so a returned message goes back to its place), and competing subscribers served round-robin against their
 * credit. A delivered message leaves the pending set and is counted in flight until it is acknowledged or returned.
 *
 * <p><b>Paging.</b> A durable queue keeps the body of a persistent message only while the broker's
 * {@link MemoryBudget} allows; beyond it the message keeps its place (and header) and its body lives only in the
 * journal. The broker's {@link Pager} reads paged bodies back, in delivery order and in batches, a window ahead of
 * the consumers; a delivery that outruns it reads the body itself. A delivered persistent message drops its body
 * again (the frame holds it until written), so messages in flight cost no budget. Order, selectors, browsing,
 * scheduling, expiry and dead-lettering see paged messages exactly as resident ones.
 *
 * <p><b>The paged tail.</b> A paged message still costs a reference (its header, its place). So once a queue holds
 * {@link #MAX_PAGED_REFS} paged references, further paged arrivals at a priority join that priority's
 * {@link PagedTail} instead, a few bytes each; the queue lifts them back into references from the front (the pager
 * ahead of the consumers, a delivery that outran it a few at a time), reading each header from the journal. Per
 * priority the next message is the lower id of the references' first and the tail's first, so order holds.
 *
 * <p>All state is guarded by the queue's monitor. Dispatch runs on whichever thread changed the state (a network
 * thread for credit, the journal thread for a confirmed send); it never blocks, since subscribers only write to the
 * network (a delivery that outran the pager reads the journal, which never waits for its writer).
 */
public final class Queue {
    private static final System.Logger LOG = System.getLogger(Queue.class.getName());
    private static final int PRIORITIES = 10;
    /** Journal meta of a non-durable queue written there only to page its messages; dropped at the next start. */
    public static final byte[] VOLATILE_META = "volatile".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    /** How far ahead of the consumers the pager reads paged bodies back: messages, and bytes. */
    static final int READ_AHEAD_MESSAGES = 256;
    static final long READ_AHEAD_BYTES = 4L << 20;
    /** Paged references a queue keeps before paged arrivals join its {@link PagedTail}s. */
    static final int MAX_PAGED_REFS = 1024;
    /** How many references a dispatch to selective subscribers may lift from the tails while looking for a match. */
    static final int SELECTIVE_WINDOW = 4096;
    /** Messages a delivery that outran the pager lifts from a tail at once (the pager lifts a read-ahead's worth). */
    private static final int LIFT_NOW = 16;
    /** Heap a reference costs beyond its body: the object and its place (a paged one costs this alone). */
    static final long REF_HEAP_BYTES = 150;
    /** A queue that stopped paging this recently does not log when it starts again (a queue at the budget's edge). */
    private static final long PAGING_LOG_QUIET_MILLIS = 10_000;

    private final String name;
    private final boolean durable;
    @SuppressWarnings("unchecked")
    private final TreeMap<Long, MessageRef>[] pending = new TreeMap[PRIORITIES];
    /** Messages not to be delivered before their time (delivery delay, redelivery delay), by due time then id. */
    private final TreeMap<Scheduled, MessageRef> scheduled = new TreeMap<>();
    /** Per priority, paged messages beyond the references (created on first use). */
    private final PagedTail[] tails = new PagedTail[PRIORITIES];
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Handler handler;
    private final QueueLimits limits;
    /** Where this queue's paged messages read their bodies from (one object, not one per message). */
    private final java.util.function.LongFunction<byte[]> journal;
    private int pendingCount;
    /** Bytes of the waiting (pending and scheduled) messages. */
    private long waitingBytes;
    /** Pending messages whose body is only in the journal. */
    private int pagedCount;
    /** Whether a read-back of this queue waits in the pager's queue. */
    private boolean readBackRequested;
    /** A non-durable queue that spilled messages into the journal (see {@link #spillsToJournal}). */
    private boolean inJournal;
    private boolean pagingLogged;
    private long pagingStoppedAt;
    private int inFlight;
    private long inFlightBytes;
    /** Room taken by sends and open transactions that were admitted but have not joined the queue yet. */
    private int reservedCount;
    private long reservedBytes;
    /** Why the last admission was refused, while the queue stays full (for logging the change only). */
    private String fullReason;
    private long dropped;
    private long droppedLoggedAt;
    private int nextSubscriber;
    private long timerDue = Long.MAX_VALUE;

    private record Scheduled(long due, long id) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** Where a queue sends what it cannot keep, and how it waits: supplied by {@link Destinations}. */
    interface Handler {
        DeliveryPolicy policy(Queue q);

        /** Whether messages that exhaust their attempts here are dead-lettered (not in the DLQ or expiry queue). */
        boolean deadLetters(Queue q);

        void expired(Queue q, MessageRef ref);

        void deadLetter(Queue q, MessageRef ref);

        void schedule(Runnable task, long delayMillis);

        MemoryBudget budget();

        /** A paged body, read from the journal; null if the journal no longer holds the message. */
        byte[] readBody(long messageId);

        /** Asks the pager to call {@link #readBack} soon. */
        void requestReadBack(Queue q);

        /** Messages the queue dropped (full-policy drop-oldest) that the journal holds: they must leave it. */
        void discarded(Queue q, List<Long> journaledIds);
    }

    Queue(String name, boolean durable, Handler handler, QueueLimits limits) {
        this.name = name;
        this.limits = limits;
        this.durable = durable;
        this.handler = handler;
        this.journal = handler::readBody;
        for (int i = 0; i < PRIORITIES; i++) {
            pending[i] = new TreeMap<>();
        }
    }

    public String name() {
        return name;
    }

    /** Whether the queue and its persistent messages are in the journal (and survive a restart). */
    public boolean durable() {
        return durable;
    }

    public synchronized void add(MessageRef ref) {
        enqueue(ref);
        dispatch();
    }

    /** Adds recovered or committed messages without dispatching each one separately. */
    public synchronized void addAll(List<MessageRef> refs) {
        refs.forEach(this::enqueue);
        dispatch();
    }

    /** Adds messages whose room was reserved when they were admitted (see {@link #tryReserve}). */
    public synchronized void addAdmitted(List<MessageRef> refs) {
        for (MessageRef ref : refs) {
            reservedCount--;
            reservedBytes -= ref.size();
        }
        addAll(refs);
    }

    /** How much this queue may hold and what a send does when it is full. */
    public QueueLimits limits() {
        return limits;
    }

    /**
     * Admission of a message of {@code size} bytes: reserves room for it and returns null, or returns why the queue is
     * full (see {@link QueueLimits#refusal}) and reserves nothing. The broker logs when a queue becomes full and when
     * it takes messages again.
     */
    public synchronized String tryReserve(long size) {
        String refusal = limits.limited()
                ? limits.refusal(pendingCount + scheduled.size() + inFlight + reservedCount,
                        waitingBytes + inFlightBytes + reservedBytes, size)
                : null;
        if (refusal != null) {
            if (fullReason == null) {
                LOG.log(System.Logger.Level.INFO, "{0} is full ({1}): sends to it are handled per its full-policy, {2}",
                        this, refusal, limits.describe());
            }
            fullReason = refusal;
            return refusal;
        }
        if (fullReason != null) {
            fullReason = null;
            LOG.log(System.Logger.Level.INFO, "{0} has room again", this);
        }
        reserve(size);
        return null;
    }

    /** Reserves room without asking (messages of a recovered prepared branch, which will join the queue). */
    public synchronized void reserve(long size) {
        reservedCount++;
        reservedBytes += size;
    }

    /** Gives back room reserved for a message that will not join the queue (rollback, failed write). */
    public synchronized void unreserve(long size) {
        reservedCount--;
        reservedBytes -= size;
    }

    /**
     * Full-policy drop-oldest: like {@link #tryReserve}, but first drops the oldest waiting non-persistent messages
     * until a message of {@code size} bytes fits (in-flight ones stay). Returns null once it reserved room, or why
     * the queue is still full (nothing left to drop).
     */
    public String tryReserveDroppingOldest(long size) {
        List<Long> evicted = new ArrayList<>();
        String full;
        synchronized (this) {
            while ((full = tryReserve(size)) != null) {
                MessageRef oldest = oldestNonPersistentWaiting();
                int tail = tailWithOlderNonPersistentHead(oldest == null ? Long.MAX_VALUE : oldest.id());
                if (tail >= 0) {
                    PagedTail.Entry e = tails[tail].pollFirst();
                    leftTail(e);
                    evicted.add(e.id());
                } else if (oldest != null) {
                    pending[oldest.priority()].remove(oldest.id());
                    tookPending(oldest);
                    release(oldest);
                    if (oldest.stored()) {
                        evicted.add(oldest.id());
                    }
                } else {
                    break;
                }
                dropped(full + ", dropped the oldest");
            }
        }
        if (!evicted.isEmpty()) {
            handler.discarded(this, evicted);
        }
        return full;
    }

    /** The priority whose tail starts with a non-persistent message older than {@code than}, or -1. */
    private int tailWithOlderNonPersistentHead(long than) {
        int found = -1;
        for (int p = 0; p < PRIORITIES; p++) {
            PagedTail t = tails[p];
            if (t != null && !t.isEmpty() && t.firstId() < than && !t.peekFirst().persistent()) {
                than = t.firstId();
                found = p;
            }
        }
        return found;
    }

    private MessageRef oldestNonPersistentWaiting() {
        MessageRef oldest = null;
        for (TreeMap<Long, MessageRef> byId : pending) {
            for (MessageRef ref : byId.values()) {
                if (!ref.persistent()) {
                    if (oldest == null || ref.id() < oldest.id()) {
                        oldest = ref;
                    }
                    break; // the first non-persistent one is the oldest of this priority
                }
            }
        }
        return oldest;
    }

    /**
     * A non-persistent message was dropped for this full queue (full-policy drop or drop-oldest): counted, and logged
     * at most every ten seconds.
     */
    public synchronized void dropped(String why) {
        dropped++;
        long now = System.currentTimeMillis();
        if (now - droppedLoggedAt >= 10_000) {
            droppedLoggedAt = now;
            LOG.log(System.Logger.Level.WARNING, "{0} dropped a non-persistent message ({1}); {2} dropped so far",
                    this, why, dropped);
        }
    }

    /** Non-persistent messages dropped because the queue was full (full-policy drop), since start. */
    public synchronized long droppedCount() {
        return dropped;
    }

    private void enqueue(MessageRef ref) {
        keepOrPage(ref);
        long now = System.currentTimeMillis();
        if (ref.deliveryTime() > now) {
            schedule(ref, ref.deliveryTime(), now);
        } else if (ref.resident() || !toTail(ref)) {
            putPending(ref);
        }
    }

    /**
     * A paged arrival joins its priority's tail, if that tail is already in use (and the id is above its last), or
     * once the queue holds {@link #MAX_PAGED_REFS} paged references; the reference itself is then dropped.
     */
    private boolean toTail(MessageRef ref) {
        PagedTail t = tails[ref.priority()];
        if ((t == null || t.isEmpty()) && pagedCount - tailCount() < MAX_PAGED_REFS) {
            return false;
        }
        if (t == null) {
            t = tails[ref.priority()] = new PagedTail();
        }
        if (!t.append(ref.id(), ref.size(), ref.deliveryCount(), ref.persistent())) {
            return false;
        }
        pendingCount++;
        pagedCount++;
        waitingBytes += ref.size();
        return true;
    }

    /** Bookkeeping for a message taken out of a tail. */
    private void leftTail(PagedTail.Entry e) {
        pendingCount--;
        waitingBytes -= e.size();
        if (--pagedCount == 0) {
            stoppedPaging();
        }
    }

    /** A reference for a message lifted from a tail, with its body as read back from the journal. */
    private static MessageRef lifted(PagedTail.Entry e, byte[] body) {
        MessageRef ref = new MessageRef(e.id(), body, WireMessage.Header.peek(body), e.deliveryCount());
        ref.markStored();
        return ref;
    }

    /**
     * Lifts up to {@code n} messages from the front of priority {@code p}'s tail into references, reading their bodies
     * here: {@code keep} charges them to the budget whatever it holds (they are delivered next), otherwise they stay
     * resident only if the budget allows.
     */
    private void liftNow(int p, int n, boolean keep) {
        PagedTail t = tails[p];
        for (int i = 0; i < n && t != null && !t.isEmpty(); i++) {
            PagedTail.Entry e = t.pollFirst();
            leftTail(e);
            putLifted(e, handler.readBody(e.id()), keep);
        }
    }

    /** A message lifted from a tail joins the references; one whose body the journal lost is logged and skipped. */
    private void putLifted(PagedTail.Entry e, byte[] body, boolean keep) {
        if (body == null) {
            LOG.log(System.Logger.Level.WARNING, "{0}: message {1} is no longer in the journal; skipped", this, e.id());
            return;
        }
        MessageRef ref = lifted(e, body);
        if (keep) {
            hold(ref);
        } else {
            keepOrPage(ref);
        }
        putPending(ref);
    }

    /** Whether this queue may drop the message's body: it is in the journal under this queue. */
    private boolean pageable(MessageRef ref) {
        return ref.stored();
    }

    /**
     * Whether a message that would otherwise live only in memory here (non-persistent, or any message of a temporary
     * queue or non-durable subscription) should go to the journal too, so that it can be paged: once the memory
     * budget is spent. Outside XA only (see {@code TransactionWork}).
     */
    public boolean spillsToJournal(MessageRef ref) {
        return !(durable && ref.persistent()) && handler.budget().spent();
    }

    /**
     * For a queue that is not durable: true the first time, when the caller must write the queue into the journal
     * (as volatile, dropped at the next start) before the first message it spills there.
     */
    public synchronized boolean enterJournal() {
        if (inJournal) {
            return false;
        }
        inJournal = true;
        return true;
    }

    /** Whether a non-durable queue was written into the journal (so its removal must be journaled too). */
    public synchronized boolean inJournal() {
        return inJournal;
    }

    /** A new message keeps its body if the budget allows (or it cannot be paged); otherwise it is paged. */
    private void keepOrPage(MessageRef ref) {
        if (!ref.resident()) {
            return;
        }
        MemoryBudget budget = handler.budget();
        if (!pageable(ref)) {
            hold(ref);
        } else if (budget.tryCharge(ref.memorySize())) {
            ref.charged = true;
        } else {
            ref.page(journal);
            if (!pagingLogged && System.currentTimeMillis() - pagingStoppedAt > PAGING_LOG_QUIET_MILLIS) {
                pagingLogged = true;
                LOG.log(System.Logger.Level.INFO, "{0} is paging: the memory budget of {1} bytes is spent, so new "
                        + "messages stay in the journal until consumers need them", this, budget.max());
            }
        }
    }

    /** Charges a resident body to the budget whether or not it fits (see {@link MemoryBudget}). */
    private void hold(MessageRef ref) {
        handler.budget().charge(ref.memorySize());
        ref.charged = true;
    }

    /** The message no longer needs its body in memory: it left the queue, or went out in a delivery. */
    private void release(MessageRef ref) {
        if (ref.charged) {
            ref.charged = false;
            handler.budget().release(ref.memorySize());
        }
    }

    /** After a delivery, a message the journal holds drops its body until it is needed again (a redelivery). */
    private void releaseDelivered(MessageRef ref) {
        if (pageable(ref) && ref.resident()) {
            release(ref);
            ref.page(journal);
        }
    }

    private void putPending(MessageRef ref) {
        if (pending[ref.priority()].put(ref.id(), ref) == null) {
            pendingCount++;
            waitingBytes += ref.size();
            if (!ref.resident()) {
                pagedCount++;
            }
        }
    }

    /** Bookkeeping for a message taken out of {@link #pending}. */
    private void tookPending(MessageRef ref) {
        pendingCount--;
        waitingBytes -= ref.size();
        if (!ref.resident()) {
            pagedCount--;
            if (pagedCount == 0) {
                stoppedPaging();
            }
        }
    }

    private void stoppedPaging() {
        pagingStoppedAt = System.currentTimeMillis();
        if (pagingLogged) {
            pagingLogged = false;
            LOG.log(System.Logger.Level.INFO, "{0} stopped paging: every waiting message is in memory", this);
        }
    }

    /**
     * On the pager's thread: reads back the bodies of paged messages among the next {@link #READ_AHEAD_MESSAGES}
     * (at most {@link #READ_AHEAD_BYTES}) to be delivered, outside the queue's lock, then keeps those still waiting
     * and dispatches. Bodies read ahead are charged to the budget even past it: they are what consumers take next.
     */
    void readBack() {
        List<MessageRef> wanted = new ArrayList<>();
        List<PagedTail.Entry> fromTails = new ArrayList<>();
        List<Integer> tailOf = new ArrayList<>();
        synchronized (this) {
            readBackRequested = false;
            if (pagedCount == 0 || subscribers.isEmpty()) {
                return;
            }
            int seen = 0;
            long bytes = 0;
            scan:
            for (int p = PRIORITIES - 1; p >= 0; p--) {
                for (MessageRef ref : pending[p].values()) {
                    if (++seen > READ_AHEAD_MESSAGES || bytes > READ_AHEAD_BYTES) {
                        break scan;
                    }
                    bytes += ref.size();
                    if (!ref.resident()) {
                        wanted.add(ref);
                    }
                }
                PagedTail t = tails[p];
                if (t != null && !t.isEmpty()) {
                    for (PagedTail.Entry e : t.peek(READ_AHEAD_MESSAGES - seen)) {
                        if (++seen > READ_AHEAD_MESSAGES || bytes > READ_AHEAD_BYTES) {
                            break scan;
                        }
                        bytes += e.size();
                        fromTails.add(e);
                        tailOf.add(p);
                    }
                }
            }
        }
        if (wanted.isEmpty() && fromTails.isEmpty()) {
            return;
        }
        byte[][] bodies = new byte[wanted.size()][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = handler.readBody(wanted.get(i).id());
        }
        byte[][] tailBodies = new byte[fromTails.size()][];
        for (int i = 0; i < tailBodies.length; i++) {
            tailBodies[i] = handler.readBody(fromTails.get(i).id());
        }
        synchronized (this) {
            for (int i = 0; i < bodies.length; i++) {
                MessageRef ref = wanted.get(i);
                if (bodies[i] != null && !ref.resident() && pending[ref.priority()].get(ref.id()) == ref) {
                    ref.load(bodies[i]);
                    hold(ref);
                    if (--pagedCount == 0) {
                        stoppedPaging();
                    }
                }
            }
            for (int i = 0; i < tailBodies.length; i++) {
                // still at the front of its tail, unless a delivery lifted it meanwhile (tails lose from the front)
                PagedTail.Entry e = fromTails.get(i);
                PagedTail t = tails[tailOf.get(i)];
                if (!t.isEmpty() && t.firstId() == e.id()) {
                    leftTail(t.pollFirst());
                    putLifted(e, tailBodies[i], true);
                }
            }
            dispatch();
        }
    }

    private void schedule(MessageRef ref, long due, long now) {
        scheduled.put(new Scheduled(due, ref.id()), ref);
        waitingBytes += ref.size();
        if (due < timerDue) {
            timerDue = due;
            handler.schedule(this::promoteDue, Math.max(0, due - now));
        }
    }

    /** Timer: scheduled messages whose time has come join the pending ones. */
    private synchronized void promoteDue() {
        long now = System.currentTimeMillis();
        timerDue = Long.MAX_VALUE;
        while (!scheduled.isEmpty() && scheduled.firstKey().due() <= now) {
            MessageRef due = scheduled.pollFirstEntry().getValue();
            waitingBytes -= due.size();
            putPending(due);
        }
        if (!scheduled.isEmpty()) {
            timerDue = scheduled.firstKey().due();
            handler.schedule(this::promoteDue, Math.max(0, timerDue - now));
        }
        dispatch();
    }

    /**
     * A consumed message comes back: counted as a delivery attempt, then dead-lettered if it has had all its
     * attempts, held back for the redelivery delay, or made available again at once.
     */
    private void redeliver(MessageRef ref) {
        ref.incrementDeliveryCount();
        DeliveryPolicy policy = handler.policy(this);
        if (handler.deadLetters(this) && policy.exhausted(ref.deliveryCount())) {
            release(ref);
            handler.deadLetter(this, ref);
            return;
        }
        long delay = policy.redeliveryDelay(ref.deliveryCount());
        if (delay > 0) {
            long now = System.currentTimeMillis();
            schedule(ref, now + delay, now);
        } else {
            putPending(ref);
        }
    }

    /**
     * A delivered message comes back. {@code consumed}: the application saw it (rollback, recover, close of an
     * unacknowledging session), so its next delivery is marked redelivered; otherwise it was only prefetched.
     */
    public synchronized void returned(MessageRef ref, boolean consumed) {
        returnedAll(List.of(ref), consumed);
    }

    public synchronized void returnedAll(List<MessageRef> refs, boolean consumed) {
        for (MessageRef ref : refs) {
            inFlight--;
            inFlightBytes -= ref.size();
            if (consumed) {
                redeliver(ref);
            } else {
                putPending(ref);
            }
        }
        dispatch();
    }

    /** A delivered message expired before the application saw it: it leaves as expired messages do. */
    public synchronized void expiredInFlight(MessageRef ref) {
        inFlight--;
        inFlightBytes -= ref.size();
        release(ref);
        handler.expired(this, ref);
    }

    /**
     * At start-up, a message a prepared XA branch acknowledged leaves the waiting ones and is held in flight until the
     * branch's outcome. Null if the queue does not hold it.
     */
    public synchronized MessageRef lockForRecoveredBranch(long messageId) {
        for (TreeMap<Long, MessageRef> byId : pending) {
            MessageRef ref = byId.remove(messageId);
            if (ref != null) {
                tookPending(ref);
                inFlight++;
                inFlightBytes += ref.size();
                return ref;
            }
        }
        for (PagedTail t : tails) {
            PagedTail.Entry e = t == null ? null : t.remove(messageId);
            if (e != null) {
                leftTail(e);
                byte[] body = handler.readBody(messageId);
                if (body == null) {
                    return null;
                }
                MessageRef ref = lifted(e, body);
                ref.page(journal);
                inFlight++;
                inFlightBytes += ref.size();
                return ref;
            }
        }
        for (Iterator<Map.Entry<Scheduled, MessageRef>> it = scheduled.entrySet().iterator(); it.hasNext(); ) {
            MessageRef ref = it.next().getValue();
            if (ref.id() == messageId) {
                it.remove();
                waitingBytes -= ref.size();
                inFlight++;
                inFlightBytes += ref.size();
                return ref;
            }
        }
        return null;
    }

    /** A delivered message was acknowledged (its removal from the journal is the caller's business). */
    public synchronized void acknowledged(MessageRef ref) {
        inFlight--;
        inFlightBytes -= ref.size();
        release(ref);
    }

    /**
     * Returns once no dispatch of this queue is in progress. A subscriber that stopped being {@link Subscriber#ready
     * ready} before this call gets nothing after it: dispatch runs under the queue's monitor and asks each time.
     */
    public synchronized void fence() {
        // entering the monitor is the whole point
    }

    public synchronized void addSubscriber(Subscriber s) {
        subscribers.add(s);
        dispatch();
    }

    public synchronized void removeSubscriber(Subscriber s) {
        subscribers.remove(s);
    }

    public synchronized int subscriberCount() {
        return subscribers.size();
    }

    /** Messages waiting: available now or scheduled for later. */
    public synchronized long depth() {
        return pendingCount + scheduled.size();
    }

    public synchronized long inFlight() {
        return inFlight;
    }

    /** Bytes of the waiting messages (encoded size, paged or not). */
    public synchronized long bytes() {
        return waitingBytes;
    }

    /** Waiting messages whose body is only in the journal (not counting scheduled ones). */
    public synchronized long paged() {
        return pagedCount;
    }

    /** Waiting messages in the paged tails: known by id only, a few bytes each. */
    public synchronized long tailed() {
        return tailCount();
    }

    /** Messages in {@link #tails}; they count in {@link #pendingCount}, {@link #pagedCount} and the bytes too. */
    private int tailCount() {
        int n = 0;
        for (PagedTail t : tails) {
            n += t == null ? 0 : t.count();
        }
        return n;
    }

    /**
     * What this queue's bookkeeping of its messages takes of the heap, bodies aside: {@link #REF_HEAP_BYTES} per
     * reference (waiting, scheduled or in flight), plus its tails.
     */
    public synchronized long bookkeepingBytes() {
        long refs = pendingCount - tailCount() + scheduled.size() + inFlight;
        long b = refs * REF_HEAP_BYTES;
        for (PagedTail t : tails) {
            b += t == null ? 0 : t.heapBytes();
        }
        return b;
    }

    /**
     * The pending messages in delivery order as they are now, for a browser: references, then (merged by id) those
     * of the tails, each read back from the journal only when the browser gets to it and skipped if it has left the
     * journal meanwhile. The tails are copied (a few bytes a message), so the queue goes on while the browser reads.
     * {@code filter} (a selector) is applied as the browser goes, too.
     */
    public synchronized Iterator<MessageRef> browse(java.util.function.Predicate<MessageRef> filter) {
        List<Iterator<MessageRef>> parts = new ArrayList<>();
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            Iterator<MessageRef> refs = new ArrayList<>(pending[p].values()).iterator();
            PagedTail t = tails[p];
            parts.add(t == null || t.isEmpty() ? refs : new MergedBrowse(refs, t.copy().iterator()));
        }
        return parts.stream().flatMap(it -> java.util.stream.StreamSupport.stream(
                java.util.Spliterators.spliteratorUnknownSize(it, java.util.Spliterator.ORDERED), false))
                .filter(filter).iterator();
    }

    /** A priority's references and its tail's messages, merged by id; tail messages are read back as they come. */
    private final class MergedBrowse implements Iterator<MessageRef> {
        private final Iterator<MessageRef> refs;
        private final Iterator<PagedTail.Entry> tail;
        private MessageRef nextRef;
        private PagedTail.Entry nextEntry;
        private MessageRef next;

        MergedBrowse(Iterator<MessageRef> refs, Iterator<PagedTail.Entry> tail) {
            this.refs = refs;
            this.tail = tail;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (nextRef == null && refs.hasNext()) {
                    nextRef = refs.next();
                }
                if (nextEntry == null && tail.hasNext()) {
                    nextEntry = tail.next();
                }
                if (nextRef == null && nextEntry == null) {
                    return false;
                }
                if (nextEntry == null || (nextRef != null && nextRef.id() < nextEntry.id())) {
                    next = nextRef;
                    nextRef = null;
                } else {
                    byte[] body = handler.readBody(nextEntry.id());
                    next = body == null ? null : lifted(nextEntry, body);
                    nextEntry = null;
                }
            }
            return true;
        }

        @Override
        public MessageRef next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            MessageRef r = next;
            next = null;
            return r;
        }
    }

    /** Removes every waiting message (queue deletion; the journal drops them with the queue). */
    public synchronized void drain() {
        List<MessageRef> all = new ArrayList<>(scheduled.values());
        for (TreeMap<Long, MessageRef> m : pending) {
            all.addAll(m.values());
            m.clear();
        }
        for (PagedTail t : tails) {
            if (t != null) {
                t.clear();
            }
        }
        scheduled.clear();
        pendingCount = 0;
        waitingBytes = 0;
        if (pagedCount > 0) {
            pagedCount = 0;
            stoppedPaging();
        }
        all.forEach(this::release);
    }

    /** Delivers pending messages to ready subscribers, round-robin, until one side runs out. */
    public synchronized void dispatch() {
        if (pendingCount == 0 || subscribers.isEmpty()) {
            return;
        }
        List<Subscriber> served = new ArrayList<>(2);
        long now = System.currentTimeMillis();
        if (!anySelective()) {
            while (pendingCount > 0) {
                Subscriber s = nextReady(null);
                if (s == null) {
                    break;
                }
                MessageRef ref = poll();
                if (ref == null) {
                    break; // only tail messages were left, and they had left the journal
                }
                if (expires(ref, now)) {
                    release(ref);
                    handler.expired(this, ref);
                    continue;
                }
                hand(s, ref, served);
            }
        } else {
            dispatchSelectively(now, served);
        }
        served.forEach(Subscriber::flush);
        if (pagedCount > 0 && !served.isEmpty() && !readBackRequested) {
            readBackRequested = true;
            handler.requestReadBack(this);
        }
    }

    /**
     * With selectors, a message no ready subscriber accepts stays where it is and the next one is tried, so one
     * consumer's selector never holds up messages meant for another.
     */
    private void dispatchSelectively(long now, List<Subscriber> served) {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            TreeMap<Long, MessageRef> byId = pending[p];
            Long key = byId.isEmpty() ? null : byId.firstKey();
            long last = Long.MIN_VALUE;
            while (true) {
                if (!anyReady()) {
                    return;
                }
                if (key == null) {
                    // past the references: lift more from the tail, as long as the window allows
                    PagedTail t = tails[p];
                    if (t == null || t.isEmpty() || pendingCount - tailCount() >= SELECTIVE_WINDOW) {
                        break;
                    }
                    liftNow(p, LIFT_NOW, false);
                    key = byId.higherKey(last);
                    continue;
                }
                MessageRef ref = byId.get(key);
                last = key;
                key = byId.higherKey(key);
                if (expires(ref, now)) {
                    byId.remove(ref.id());
                    tookPending(ref);
                    release(ref);
                    handler.expired(this, ref);
                    continue;
                }
                Subscriber s = nextReady(ref);
                if (s != null) {
                    byId.remove(ref.id());
                    tookPending(ref);
                    hand(s, ref, served);
                }
            }
        }
    }

    /** Expired messages are never delivered. */
    private static boolean expires(MessageRef ref, long now) {
        return ref.expired(now);
    }

    private boolean anySelective() {
        for (Subscriber s : subscribers) {
            if (s.selective()) {
                return true;
            }
        }
        return false;
    }

    private boolean anyReady() {
        for (Subscriber s : subscribers) {
            if (s.ready()) {
                return true;
            }
        }
        return false;
    }

    private void hand(Subscriber s, MessageRef ref, List<Subscriber> served) {
        inFlight++;
        inFlightBytes += ref.size();
        s.deliver(this, ref);
        releaseDelivered(ref);
        if (!served.contains(s)) {
            served.add(s);
        }
    }

    /** The next ready subscriber, round-robin; with {@code ref}, the next one that also accepts it. */
    private Subscriber nextReady(MessageRef ref) {
        int n = subscribers.size();
        for (int i = 0; i < n; i++) {
            Subscriber s = subscribers.get((nextSubscriber + i) % n);
            if (s.ready() && (ref == null || !s.selective() || s.accepts(ref))) {
                nextSubscriber = (nextSubscriber + i + 1) % n;
                return s;
            }
        }
        return null;
    }

    private MessageRef poll() {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            TreeMap<Long, MessageRef> byId = pending[p];
            PagedTail t = tails[p];
            // the tail's first goes before the references' first if its id is lower: lift it (the pager is behind)
            while (t != null && !t.isEmpty() && (byId.isEmpty() || t.firstId() < byId.firstKey())) {
                liftNow(p, LIFT_NOW, true);
            }
            Map.Entry<Long, MessageRef> e = byId.pollFirstEntry();
            if (e != null) {
                tookPending(e.getValue());
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "queue " + name;
    }
}
