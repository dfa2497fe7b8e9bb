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
    DROP;

    /** @throws IllegalArgumentException with a message fit for a user */
    public static FullPolicy parse(String raw) {
        String v = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        for (FullPolicy p : values()) {
            if (p.name().equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("expected block, fail or drop");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
