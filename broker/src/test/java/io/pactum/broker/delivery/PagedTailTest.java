package io.pactum.broker.delivery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tail against a plain list of entries: appends, polls, removals from the middle, copies, across many chunks. */
class PagedTailTest {
    private static List<PagedTail.Entry> all(PagedTail t) {
        List<PagedTail.Entry> out = new ArrayList<>();
        t.iterator().forEachRemaining(out::add);
        return out;
    }

    @Test
    void keepsWhatItWasGivenInOrderThroughEveryOperation() {
        PagedTail tail = new PagedTail();
        List<PagedTail.Entry> model = new ArrayList<>();
        Random r = new Random(11);
        long id = 1;
        for (int round = 0; round < 100_000; round++) {
            int op = r.nextInt(10);
            if (op < 6) {
                id += 1 + (r.nextInt(20) == 0 ? r.nextInt(1 << 20) : r.nextInt(3)); // mostly dense, sometimes a jump
                PagedTail.Entry e = new PagedTail.Entry(id, 1 + r.nextInt(r.nextBoolean() ? 300 : 1 << 24),
                        r.nextInt(20) == 0 ? r.nextInt(100_000) : 0, r.nextInt(4) != 0);
                assertTrue(tail.append(e.id(), e.size(), e.deliveryCount(), e.persistent()));
                model.add(e);
            } else if (op < 9 && !model.isEmpty()) {
                assertEquals(model.get(0), tail.peekFirst());
                assertEquals(model.remove(0), tail.pollFirst());
            } else if (!model.isEmpty()) {
                PagedTail.Entry gone = model.remove(r.nextInt(model.size()));
                assertEquals(gone, tail.remove(gone.id()));
                assertNull(tail.remove(gone.id()), "only once");
            }
            assertEquals(model.size(), tail.count());
            if (round % 4999 == 0) {
                assertEquals(model, all(tail));
                assertEquals(model.stream().mapToLong(PagedTail.Entry::size).sum(), tail.messageBytes());
                if (!model.isEmpty()) {
                    assertEquals(model.get(0).id(), tail.firstId());
                    assertEquals(model.get(model.size() - 1).id(), tail.lastId());
                    assertEquals(model.subList(0, Math.min(300, model.size())), tail.peek(300));
                }
            }
        }
        assertTrue(tail.heapBytes() <= (tail.count() / 400 + 2L) * 4160, "a few bytes an entry: " + tail.heapBytes());
    }

    @Test
    void refusesAnIdThatIsNotAboveTheLast() {
        PagedTail tail = new PagedTail();
        assertTrue(tail.append(10, 1, 0, true));
        assertFalse(tail.append(10, 1, 0, true));
        assertFalse(tail.append(9, 1, 0, true));
        assertEquals(1, tail.count());
    }

    @Test
    void aCopyDoesNotChangeWithTheTail() {
        PagedTail tail = new PagedTail();
        for (long id = 1; id <= 5000; id++) {
            tail.append(id, 100, 0, true);
        }
        PagedTail copy = tail.copy();
        Iterator<PagedTail.Entry> it = copy.iterator();
        for (int i = 0; i < 2000; i++) {
            tail.pollFirst();
        }
        tail.remove(4000);
        tail.append(6000, 1, 0, false);
        int n = 0;
        while (it.hasNext()) {
            assertEquals(++n, it.next().id());
        }
        assertEquals(5000, n);
        assertEquals(5000, copy.count());
        tail.clear();
        assertTrue(tail.isEmpty());
        assertEquals(0, tail.messageBytes());
        assertEquals(5000, all(copy).size());
    }
}
