package io.pactum.jms;

import io.pactum.protocol.Commands;
import io.pactum.protocol.Destination;
import io.pactum.protocol.WireMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriorityBufferTest {
    private long nextId;

    /** A delivery whose id records arrival order and whose message has the given priority byte. */
    private Commands.Deliver delivery(int priority) {
        WireMessage m = new WireMessage();
        m.messageId = "ID:" + nextId;
        m.destination = Destination.queue("q");
        m.priority = priority;
        return new Commands.Deliver(1, nextId++, 1, m.encode());
    }

    private static List<Long> drain(PriorityBuffer buffer) {
        List<Long> ids = new ArrayList<>();
        Commands.Deliver d;
        while ((d = buffer.poll()) != null) {
            ids.add(d.deliveryId());
        }
        return ids;
    }

    @Test
    void highestPriorityFirstAndArrivalOrderWithinAPriority() {
        PriorityBuffer buffer = new PriorityBuffer();
        int[] priorities = {0, 9, 4, 4, 7, 1, 9, 5, 0, 4};
        for (int p : priorities) {
            buffer.add(delivery(p));
        }
        assertEquals(priorities.length, buffer.size());
        assertEquals(List.of(1L, 6L, 4L, 7L, 2L, 3L, 9L, 5L, 0L, 8L), drain(buffer));
        assertTrue(buffer.isEmpty());
        assertNull(buffer.poll());
    }

    @Test
    void aDeliveryArrivingLaterAtAHigherPriorityOvertakesWhatIsHeld() {
        PriorityBuffer buffer = new PriorityBuffer();
        buffer.add(delivery(4));
        buffer.add(delivery(4));
        assertEquals(0L, buffer.poll().deliveryId());
        buffer.add(delivery(8));
        buffer.add(delivery(4));
        assertEquals(List.of(2L, 1L, 3L), drain(buffer));
    }

    @Test
    void putBackGoesAheadOfItsOwnPriorityOnly() {
        PriorityBuffer buffer = new PriorityBuffer();
        Commands.Deliver first = delivery(5);
        buffer.add(first);
        buffer.add(delivery(5));
        buffer.add(delivery(9));
        buffer.add(delivery(2));
        assertEquals(2L, buffer.poll().deliveryId());
        assertSame(first, buffer.poll());
        buffer.addFirst(first);
        assertSame(first, buffer.poll(), "taken and put back, it comes first again");
        buffer.addFirst(first);
        buffer.add(delivery(7));
        assertEquals(List.of(4L, 0L, 1L, 3L), drain(buffer));
    }

    @Test
    void clearEmptiesEveryLevel() {
        PriorityBuffer buffer = new PriorityBuffer();
        for (int p = 0; p <= 9; p++) {
            buffer.add(delivery(p));
        }
        buffer.clear();
        assertTrue(buffer.isEmpty());
        assertEquals(0, buffer.size());
        assertNull(buffer.poll());
        buffer.add(delivery(3));
        assertEquals(List.of(10L), drain(buffer));
    }

    @Test
    void outOfRangePrioritiesAreClampedAndMalformedMessagesCountAsFour() {
        assertEquals(0, PriorityBuffer.priorityOf(delivery(-3)));
        assertEquals(9, PriorityBuffer.priorityOf(delivery(12)));
        assertEquals(4, PriorityBuffer.priorityOf(new Commands.Deliver(1, 0, 1, new byte[2])));
        assertEquals(4, PriorityBuffer.priorityOf(new Commands.Deliver(1, 0, 1, null)));

        PriorityBuffer buffer = new PriorityBuffer();
        nextId = 0;
        buffer.add(delivery(3));
        buffer.add(new Commands.Deliver(1, nextId++, 1, new byte[]{99}));
        buffer.add(delivery(5));
        buffer.add(delivery(-1));
        buffer.add(delivery(100));
        assertEquals(List.of(4L, 2L, 1L, 0L, 3L), drain(buffer));
    }
}
