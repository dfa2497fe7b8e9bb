package io.pactum.broker.delivery;

import io.pactum.broker.selector.Selector;
import io.pactum.protocol.Destination;
import io.pactum.protocol.WireMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Queue} under a small {@link MemoryBudget}: what is paged, what stays, and that order, selectors, browsing,
 * expiry and the budget's accounting are those of a queue that holds everything. The journal is a map; the pager's
 * requests are collected and run by the test, so every step is deterministic.
 */
class QueuePagingTest {
    private static final int BODY = 1000;
    /** Room for five resident messages. */
    private final MemoryBudget budget = new MemoryBudget(5 * (BODY + 300));
    private final Map<Long, byte[]> journal = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Queue> readBacks = new ConcurrentLinkedQueue<>();
    private final List<MessageRef> expired = new ArrayList<>();
    private final List<Long> discarded = new ArrayList<>();
    private final Queue.Handler handler = new Queue.Handler() {
        @Override
        public void discarded(Queue q, List<Long> journaledIds) {
            discarded.addAll(journaledIds);
        }

        @Override
        public DeliveryPolicy policy(Queue q) {
            return DeliveryPolicy.DEFAULT;
        }

        @Override
        public boolean deadLetters(Queue q) {
            return true;
        }

        @Override
        public void expired(Queue q, MessageRef ref) {
            expired.add(ref);
        }

        @Override
        public void deadLetter(Queue q, MessageRef ref) {
            throw new AssertionError("no dead-lettering expected");
        }

        @Override
        public void schedule(Runnable task, long delayMillis) {
            throw new AssertionError("no scheduling expected");
        }

        @Override
        public MemoryBudget budget() {
            return budget;
        }

        @Override
        public byte[] readBody(long messageId) {
            return journal.get(messageId);
        }

        @Override
        public void requestReadBack(Queue q) {
            readBacks.add(q);
        }
    };
    private final Queue queue = new Queue("q", true, handler, QueueLimits.DEFAULT);

    private MessageRef message(long id, int priority, boolean persistent, long expiration, String color) {
        WireMessage w = new WireMessage();
        w.priority = priority;
        w.deliveryMode = persistent ? WireMessage.PERSISTENT : WireMessage.NON_PERSISTENT;
        w.expiration = expiration;
        w.destination = Destination.queue("q");
        w.messageId = "ID:" + id;
        w.properties.put("color", color);
        w.body = new byte[BODY];
        w.body[0] = (byte) id;
        byte[] data = w.encode();
        MessageRef ref = new MessageRef(id, data, WireMessage.Header.peek(data), 0);
        if (persistent) {
            journal.put(id, data); // as a send to a durable queue does before the message joins it
            ref.markStored();
        }
        return ref;
    }

    private void addPersistent(int from, int to) {
        for (int id = from; id <= to; id++) {
            queue.add(message(id, 4, true, 0, id % 2 == 0 ? "red" : "blue"));
        }
    }

    /** A consumer with credit; optionally with a selector. */
    private static final class Consumer implements Subscriber {
        final List<MessageRef> got = new ArrayList<>();
        final List<byte[]> bodies = new ArrayList<>();
        final Selector selector;
        int credit;

        Consumer(int credit, String selector) throws Exception {
            this.credit = credit;
            this.selector = Selector.parse(selector);
        }

        @Override
        public boolean ready() {
            return credit > 0;
        }

        @Override
        public boolean selective() {
            return !selector.matchesAll();
        }

        @Override
        public boolean accepts(MessageRef ref) {
            return selector.matches(ref.selectorContext());
        }

        @Override
        public void deliver(Queue q, MessageRef ref) {
            credit--;
            got.add(ref);
            bodies.add(ref.data());
        }

        @Override
        public void flush() {
        }

        List<Long> ids() {
            return got.stream().map(MessageRef::id).toList();
        }
    }

    private List<MessageRef> browse() {
        List<MessageRef> out = new ArrayList<>();
        queue.browse(ref -> true).forEachRemaining(out::add);
        return out;
    }

    private void runReadBacks() {
        Queue q;
        while ((q = readBacks.poll()) != null) {
            q.readBack();
        }
    }

    @Test
    void messagesBeyondTheBudgetKeepOnlyTheirPlace() {
        addPersistent(1, 20);
        assertEquals(20, queue.depth());
        assertEquals(15, queue.paged(), "five fit in the budget");
        assertEquals(browse().stream().mapToLong(MessageRef::size).sum(), queue.bytes(),
                "bytes waiting, paged or not");
        assertTrue(budget.used() <= budget.max());
    }

    @Test
    void pagedMessagesAreDeliveredInOrderWithTheirBodiesAndFreeTheBudgetOnceDelivered() throws Exception {
        addPersistent(1, 20);
        Consumer c = new Consumer(20, "");
        queue.addSubscriber(c);
        runReadBacks();
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            expected.add(id);
        }
        assertEquals(expected, c.ids());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(journal.get(c.got.get(i).id()), c.bodies.get(i), "body of message " + (i + 1));
        }
        assertEquals(0, queue.paged());
        assertEquals(0, budget.used(), "delivered persistent messages hold no budget: their body is in the journal");
        c.got.forEach(queue::acknowledged);
        assertEquals(0, budget.used());
        assertEquals(0, queue.bytes());
    }

    @Test
    void thePagerReadsAheadOfTheConsumersSoDeliveriesFindBodiesInMemory() throws Exception {
        addPersistent(1, 20);
        Consumer c = new Consumer(1, "");
        queue.addSubscriber(c);
        assertEquals(List.of(1L), c.ids());
        assertEquals(1, readBacks.size(), "a delivery from a paging queue asks the pager to read ahead");
        runReadBacks();
        assertEquals(0, queue.paged(), "the next messages (all 19, within the read-ahead window) are back in memory");
        assertTrue(budget.used() > budget.max(), "read-ahead may pass the budget: consumers take it next");
    }

    @Test
    void priorityOrderHoldsAcrossPagedAndResidentMessages() throws Exception {
        addPersistent(1, 10);
        queue.add(message(11, 9, true, 0, "red")); // paged: the budget is spent
        queue.add(message(12, 0, true, 0, "red"));
        Consumer c = new Consumer(12, "");
        queue.addSubscriber(c);
        runReadBacks();
        assertEquals(11L, c.ids().get(0), "the highest priority first, paged or not");
        assertEquals(12L, c.ids().get(11), "the lowest last");
    }

    @Test
    void selectorsSeePagedMessagesAndDoNotKeepThemDecoded() throws Exception {
        addPersistent(1, 20);
        Consumer reds = new Consumer(100, "color = 'red'");
        queue.addSubscriber(reds);
        List<Long> expected = new ArrayList<>();
        for (long id = 2; id <= 20; id += 2) {
            expected.add(id);
        }
        assertEquals(expected, reds.ids());
        assertEquals(10, queue.depth(), "the blue ones wait");
        assertTrue(budget.used() <= budget.max(), "selecting from paged messages does not fill the memory");
    }

    @Test
    void browsingAPagedQueueReadsBodiesWithoutKeepingThem() {
        addPersistent(1, 20);
        List<MessageRef> snapshot = browse();
        assertEquals(20, snapshot.size());
        for (MessageRef ref : snapshot) {
            assertArrayEquals(journal.get(ref.id()), ref.dataIfStored());
        }
        assertEquals(15, queue.paged());
        MessageRef last = snapshot.get(19);
        journal.remove(last.id()); // acknowledged meanwhile by another consumer
        assertEquals(null, last.dataIfStored());
    }

    @Test
    void expiredPagedMessagesLeaveAsExpiredAndReleaseNothingTheyDidNotHold() throws Exception {
        addPersistent(1, 5);
        queue.add(message(6, 4, true, 1, "red")); // long expired, paged
        Consumer c = new Consumer(10, "");
        queue.addSubscriber(c);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), c.ids());
        assertEquals(List.of(6L), expired.stream().map(MessageRef::id).toList());
        assertEquals(0, queue.paged());
        c.got.forEach(queue::acknowledged);
        assertEquals(0, budget.used());
    }

    @Test
    void messagesTheJournalDoesNotHoldAreNeverPagedAndAreChargedUntilAcknowledged() throws Exception {
        addPersistent(1, 5);
        queue.add(message(6, 4, false, 0, "red"));
        assertEquals(0, queue.paged(), "not in the journal, so it stays in memory, past the budget");
        assertTrue(queue.spillsToJournal(message(7, 4, false, 0, "red")),
                "past the budget, a non-persistent message is to be written to the journal, so it can be paged");
        assertFalse(queue.spillsToJournal(message(8, 4, true, 0, "red")), "a persistent one is there anyway");
        assertTrue(budget.used() > budget.max());
        Consumer c = new Consumer(10, "");
        queue.addSubscriber(c);
        assertFalse(budget.used() == 0, "the non-persistent one is held until acknowledged");
        c.got.forEach(queue::acknowledged);
        assertEquals(0, budget.used());
    }

    @Test
    void redeliveredPagedMessagesComeBackWithTheirBodies() throws Exception {
        addPersistent(1, 20);
        Consumer c = new Consumer(20, "");
        queue.addSubscriber(c);
        runReadBacks();
        queue.returnedAll(List.copyOf(c.got), true);
        assertEquals(20, queue.paged(), "returned persistent messages are paged: their bodies are in the journal");
        Consumer again = new Consumer(20, "");
        queue.addSubscriber(again);
        runReadBacks();
        assertEquals(c.ids(), again.ids());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(c.bodies.get(i), again.bodies.get(i));
            assertEquals(1, again.got.get(i).deliveryCount());
        }
    }

    @Test
    void aTemporaryQueuePagesWhatWasSpilledToTheJournal() throws Exception {
        Queue temporary = new Queue("temp-queue-1", false, handler, QueueLimits.DEFAULT);
        addPersistent(1, 6); // the sixth did not fit: the budget is spent
        MessageRef kept = message(100, 4, true, 0, "red");
        assertTrue(temporary.spillsToJournal(kept), "not durable: spilled once the budget is spent");
        assertTrue(temporary.enterJournal(), "the first spill writes the queue into the journal");
        assertFalse(temporary.enterJournal(), "once");
        temporary.add(kept);
        assertEquals(1, temporary.paged());
        Consumer c = new Consumer(1, "");
        temporary.addSubscriber(c);
        assertArrayEquals(journal.get(100L), c.bodies.get(0));
    }

    @Test
    void drainingAPagedQueueReleasesItsBudget() {
        addPersistent(1, 20);
        queue.drain();
        assertEquals(0, queue.depth());
        assertEquals(0, queue.paged());
        assertEquals(0, budget.used());
    }

    // ------------------------------------------------------------------ the paged tail

    /** Past {@link Queue#MAX_PAGED_REFS} paged references, messages are known by id only. */
    private static final int DEEP = Queue.MAX_PAGED_REFS + 2000;

    @Test
    void aDeepBacklogKeepsMostPagedMessagesInTheTailAndDeliversThemAllInOrder() throws Exception {
        addPersistent(1, DEEP);
        assertEquals(DEEP, queue.depth());
        assertEquals(DEEP - 5, queue.paged());
        assertEquals(DEEP - 5 - Queue.MAX_PAGED_REFS, queue.tailed(), "beyond the paged references: the tail");
        assertEquals(journal.values().stream().mapToLong(b -> b.length).sum(), queue.bytes());
        long refsOnly = (long) (5 + Queue.MAX_PAGED_REFS) * Queue.REF_HEAP_BYTES;
        assertTrue(queue.bookkeepingBytes() < refsOnly + 4 * 4160, "the tail costs a few bytes a message: "
                + queue.bookkeepingBytes());

        Consumer c = new Consumer(Integer.MAX_VALUE, "");
        queue.addSubscriber(c);
        runReadBacks();
        assertEquals(LongStream.rangeClosed(1, DEEP).boxed().toList(), c.ids());
        for (int i = 0; i < DEEP; i += 97) {
            assertArrayEquals(journal.get(c.got.get(i).id()), c.bodies.get(i));
        }
        assertEquals(0, queue.depth());
        assertEquals(0, queue.paged());
        assertEquals(0, queue.tailed());
        assertEquals(0, queue.bytes());
    }

    @Test
    void priorityAndArrivalOrderHoldAcrossTheTailAndTheReferences() throws Exception {
        // priority 4 fills the references and starts a tail; then priority 9 and returned messages arrive
        addPersistent(1, DEEP);
        long high = DEEP + 1;
        for (long id = high; id < high + 2000; id++) {
            queue.add(message(id, 9, true, 0, "red"));
        }
        assertTrue(queue.tailed() > 2000, "both priorities have tails: " + queue.tailed());
        Consumer c = new Consumer(Integer.MAX_VALUE, "");
        queue.addSubscriber(c);
        List<Long> want = new ArrayList<>(LongStream.range(high, high + 2000).boxed().toList());
        want.addAll(LongStream.rangeClosed(1, DEEP).boxed().toList());
        assertEquals(want, c.ids(), "priority 9 first, each priority in id order");
    }

    @Test
    void aReturnedMessageGoesBackBeforeTheTail() throws Exception {
        addPersistent(1, DEEP);
        Consumer c = new Consumer(3, "");
        queue.addSubscriber(c);
        assertEquals(List.of(1L, 2L, 3L), c.ids());
        queue.removeSubscriber(c);
        queue.returned(c.got.get(1), true);
        Consumer d = new Consumer(Integer.MAX_VALUE, "");
        queue.addSubscriber(d);
        runReadBacks();
        assertEquals(2L, d.ids().get(0));
        assertEquals(1, d.got.get(0).deliveryCount(), "it keeps its delivery count");
        assertEquals(DEEP - 2, d.ids().size());
    }

    @Test
    void browsingSeesTheTailInOrderWithoutLiftingIt() throws Exception {
        addPersistent(1, DEEP);
        long tailed = queue.tailed();
        List<MessageRef> seen = browse();
        assertEquals(LongStream.rangeClosed(1, DEEP).boxed().toList(), seen.stream().map(MessageRef::id).toList());
        assertArrayEquals(journal.get((long) DEEP), seen.get(DEEP - 1).data());
        assertEquals(tailed, queue.tailed());
        List<Long> blue = new ArrayList<>();
        queue.browse(ref -> ref.selectorContext().property("color").equals("blue")).forEachRemaining(r -> blue.add(r.id()));
        assertEquals(DEEP / 2, blue.size());
    }

    @Test
    void aSelectiveConsumerFindsMatchesInTheTailWithinItsWindow() throws Exception {
        addPersistent(1, DEEP);
        long deep = DEEP + 1;
        queue.add(message(deep, 4, true, 0, "green"));
        Consumer c = new Consumer(1, "color = 'green'");
        queue.addSubscriber(c);
        assertEquals(List.of(deep), c.ids(), "lifted from the tail to look for it");
        assertTrue(queue.bookkeepingBytes() <= (Queue.SELECTIVE_WINDOW + 5 + 32) * Queue.REF_HEAP_BYTES + 8 * 4160,
                "no more references than the window: " + queue.bookkeepingBytes());
        assertTrue(budget.used() <= budget.max(), "looking does not fill the memory");
    }

    @Test
    void aPreparedBranchLocksAMessageOutOfTheTail() throws Exception {
        addPersistent(1, DEEP);
        long id = DEEP - 10;
        MessageRef locked = queue.lockForRecoveredBranch(id);
        assertEquals(id, locked.id());
        assertArrayEquals(journal.get(id), locked.data());
        assertEquals(DEEP - 1, queue.depth());
        assertEquals(1, queue.inFlight());
        Consumer c = new Consumer(Integer.MAX_VALUE, "");
        queue.addSubscriber(c);
        runReadBacks();
        assertFalse(c.ids().contains(id));
        assertEquals(DEEP - 1, c.ids().size());
    }

    @Test
    void dropOldestDropsFromTheTailToo() throws Exception {
        // persistent messages fill the references; the non-persistent ones (spilled into the journal) the tail
        int refs = 5 + Queue.MAX_PAGED_REFS;
        Queue bounded = new Queue("b", true, handler,
                new QueueLimits(QueueLimits.UNLIMITED, DEEP, FullPolicy.DROP_OLDEST, 30_000));
        for (long id = 1; id <= DEEP; id++) {
            MessageRef ref = message(id, 4, id <= refs, 0, "red");
            journal.put(id, ref.data());
            ref.markStored();
            assertNull(bounded.tryReserveDroppingOldest(ref.size()));
            bounded.addAdmitted(List.of(ref));
        }
        assertEquals(DEEP - refs, bounded.tailed());
        MessageRef one = message(DEEP + 1, 4, false, 0, "red");
        assertNull(bounded.tryReserveDroppingOldest(one.size()));
        assertEquals(List.of(refs + 1L), discarded, "the oldest non-persistent one, first in the tail, leaves the journal");
        assertEquals(DEEP - 1, bounded.depth());
        assertEquals(DEEP - refs - 1, bounded.tailed());
    }

    @Test
    void drainingATailedQueueEmptiesIt() throws Exception {
        addPersistent(1, DEEP);
        queue.drain();
        assertEquals(0, queue.depth());
        assertEquals(0, queue.tailed());
        assertEquals(0, queue.bookkeepingBytes());
        assertEquals(0, budget.used());
    }

    @Test
    void aConsumerDrainingATailWhileThePagerRunsGetsEveryMessageInOrder() throws Exception {
        int n = DEEP * 4;
        addPersistent(1, n);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread pager = new Thread(() -> {
            while (!stop.get()) {
                runReadBacks();
                Thread.onSpinWait();
            }
        });
        pager.start();
        java.util.concurrent.atomic.AtomicInteger credit = new java.util.concurrent.atomic.AtomicInteger();
        List<Long> got = java.util.Collections.synchronizedList(new ArrayList<>());
        Subscriber s = new Subscriber() {
            @Override
            public boolean ready() {
                return credit.get() > 0;
            }

            @Override
            public void deliver(Queue q, MessageRef ref) {
                credit.decrementAndGet();
                got.add(ref.id());
                q.acknowledged(ref);
                journal.remove(ref.id()); // as the acknowledgement's RemoveRef does, later
            }

            @Override
            public void flush() {
            }
        };
        queue.addSubscriber(s);
        long deadline = System.currentTimeMillis() + 30_000;
        while (got.size() < n && System.currentTimeMillis() < deadline) {
            credit.addAndGet(7); // a consumer's credit arriving in small steps, on another thread than the pager
            queue.dispatch();
        }
        stop.set(true);
        pager.join();
        assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), new ArrayList<>(got));
    }
}
