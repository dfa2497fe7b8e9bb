package io.pactum.broker.delivery;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of message bodies all queues together may hold in memory ({@code max-memory}). A queue asks before it
 * keeps the body of a new message; once the budget is spent, persistent messages of durable queues keep only their
 * place in the queue and their body is read back from the journal when a consumer is about to need it. The budget is
 * soft by design: bodies read ahead for consumers and messages that cannot be paged (non-persistent, temporary
 * queues) are always charged, so a consumer never waits for memory that only consumption frees.
 */
public final class MemoryBudget {
    private final long max;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("memory budget must be positive: " + max);
        }
        this.max = max;
    }

    /** Charges {@code bytes} if they fit; false (and nothing charged) otherwise. */
    boolean tryCharge(long bytes) {
        long u;
        do {
            u = used.get();
            if (u + bytes > max) {
                return false;
            }
        } while (!used.compareAndSet(u, u + bytes));
        return true;
    }

    /** Charges {@code bytes} whether or not they fit. */
    void charge(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long max() {
        return max;
    }
}
