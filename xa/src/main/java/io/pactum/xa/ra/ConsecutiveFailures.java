package io.pactum.xa.ra;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Counts an activation's failed deliveries in a row, over all its sessions, and calls {@code onThreshold} once when
 * the count reaches the threshold ({@code pauseAfterConsecutiveFailures}; 0 never does): a poison message or a
 * resource the endpoint needs that is down would otherwise have every message tried and rolled back at full speed.
 * A successful delivery starts the count again, and so does {@link #reset()} when the activation resumes.
 */
final class ConsecutiveFailures {
    private final int threshold;
    private final IntConsumer onThreshold;
    private final AtomicInteger count = new AtomicInteger();

    ConsecutiveFailures(int threshold, IntConsumer onThreshold) {
        this.threshold = threshold;
        this.onThreshold = onThreshold;
    }

    /** Never pauses: for an activation without {@code pauseAfterConsecutiveFailures}. */
    static ConsecutiveFailures never() {
        return new ConsecutiveFailures(0, n -> { });
    }

    void succeeded() {
        count.set(0);
    }

    /** Counts a failure; only the failure that reaches the threshold calls back, on the calling thread. */
    void failed() {
        int n = count.incrementAndGet();
        if (threshold > 0 && n == threshold) {
            onThreshold.accept(n);
        }
    }

    void reset() {
        count.set(0);
    }
}
