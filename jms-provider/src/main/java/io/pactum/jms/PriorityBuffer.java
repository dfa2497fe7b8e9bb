package io.pactum.jms;

import io.pactum.protocol.Commands;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.WireMessage;

import java.util.ArrayDeque;

/**
 * The deliveries a consumer holds, handed out highest JMSPriority first and in arrival order within a priority.
 *
 * <p>Why here: the broker keeps its queue in priority order, but a consumer with credit (the prefetch) is sent each
 * message as soon as it arrives, so a burst of mixed priorities lands in this buffer in arrival order. Jakarta
 * Messaging 3.1, 3.4.10 asks for expedited messages (5-9) to go ahead of normal ones (0-4), and the order of one
 * producer's messages of the same priority must be kept: hence one FIFO per priority level. A bitmask of the
 * non-empty levels makes {@link #poll} O(1).
 *
 * <p>Not thread-safe: the owning consumer guards it with its monitor.
 */
final class PriorityBuffer {
    static final int LEVELS = 10;
    static final int DEFAULT_PRIORITY = 4;

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Commands.Deliver>[] levels = new ArrayDeque[LEVELS];
    /** Bit {@code p} is set while level {@code p} holds a delivery. */
    private int nonEmpty;
    private int size;

    /** Appends a delivery behind the others of its priority. */
    void add(Commands.Deliver d) {
        level(priorityOf(d)).addLast(d);
        size++;
    }

    /** Puts a delivery back ahead of the others of its priority, as if it had never been taken. */
    void addFirst(Commands.Deliver d) {
        level(priorityOf(d)).addFirst(d);
        size++;
    }

    /** Removes and returns the oldest delivery of the highest priority held, or null if empty. */
    Commands.Deliver poll() {
        if (nonEmpty == 0) {
            return null;
        }
        int p = 31 - Integer.numberOfLeadingZeros(nonEmpty);
        ArrayDeque<Commands.Deliver> level = levels[p];
        Commands.Deliver d = level.pollFirst();
        if (level.isEmpty()) {
            nonEmpty &= ~(1 << p);
        }
        size--;
        return d;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        for (ArrayDeque<Commands.Deliver> level : levels) {
            if (level != null) {
                level.clear();
            }
        }
        nonEmpty = 0;
        size = 0;
    }

    private ArrayDeque<Commands.Deliver> level(int p) {
        ArrayDeque<Commands.Deliver> level = levels[p];
        if (level == null) {
            level = levels[p] = new ArrayDeque<>();
        }
        nonEmpty |= 1 << p;
        return level;
    }

    /**
     * The delivery's JMSPriority read from the message header without decoding the message; out-of-range values are
     * clamped to 0..9, and a message too malformed to have one counts as the default 4 (the consumer reports it as
     * undecodable when its turn comes).
     */
    static int priorityOf(Commands.Deliver d) {
        byte[] message = d.message();
        if (message == null) {
            return DEFAULT_PRIORITY;
        }
        int p;
        try {
            p = WireMessage.Header.priority(message);
        } catch (MalformedFrameException e) {
            return DEFAULT_PRIORITY;
        }
        return Math.max(0, Math.min(LEVELS - 1, p));
    }
}
