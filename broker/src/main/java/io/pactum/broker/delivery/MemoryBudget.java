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
    /**
     * Set when a charge did not fit; cleared once an eighth of the budget is free again, so the queues do not flip
     * between keeping and paging with every message at the edge.
     */
    private volatile boolean spent;

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
                spent = true;
                return false;
            }
        } while (!used.compareAndSet(u, u + bytes));
        return true;
    }

    /** Charges {@code bytes} whether or not they fit. */
    void charge(long bytes) {
        if (used.addAndGet(bytes) > max) {
            spent = true;
        }
    }

    void release(long bytes) {
        if (used.addAndGet(-bytes) < max - max / 8 && spent) {
            spent = false;
        }
    }

    /**
     * Whether the budget is used up (a message did not fit and an eighth of it has not been freed since): meanwhile,
     * messages that could only live in memory are written to the journal too, so they can be paged.
     */
    public boolean spent() {
        return spent;
    }

    public long used() {
        return used.get();
    }

    public long max() {
        return max;
    }
}
