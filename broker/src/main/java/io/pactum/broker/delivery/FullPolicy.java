package io.pactum.broker.delivery;

import java.util.Locale;

/**
 * What a send does when a queue it goes to is full ({@code full-policy}). Blocking is the default because it loses
 * nothing and needs no code in the application: the producer simply goes slower, as fast as consumers make room.
 */
public enum FullPolicy {
    /** The send waits for room, up to the block timeout, then fails with {@code ResourceAllocationException}. */
    BLOCK,
    /** The send fails at once with {@code ResourceAllocationException}. */
    FAIL,
    /**
     * A non-persistent message is dropped for the full queue only (counted and logged; other queues still get it). A
     * persistent message is never dropped: its send fails as with {@link #FAIL}.
     */
    DROP,
    /**
     * For a slow consumer: a non-persistent message makes room for itself by dropping the oldest waiting
     * non-persistent messages of the full queue (or subscription) only, counted and logged; the newest messages are
     * what a consumer that falls behind wants. A persistent message is never dropped: its send fails as with
     * {@link #FAIL}.
     */
    DROP_OLDEST;

    /** @throws IllegalArgumentException with a message fit for a user */
    public static FullPolicy parse(String raw) {
        String v = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (FullPolicy p : values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected block, fail, drop or drop-oldest");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
