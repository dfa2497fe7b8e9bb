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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    private final Queue.Handler handler = new Queue.Handler() {
        @Override
        public void discarded(Queue q, List<MessageRef> refs) {
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
        assertEquals(queue.snapshot().stream().mapToLong(MessageRef::size).sum(), queue.bytes(),
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
        List<MessageRef> snapshot = queue.snapshot();
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
        assertEquals(20, queue.drain().size());
        assertEquals(0, queue.paged());
        assertEquals(0, budget.used());
    }
}
