package io.pactum.broker.delivery;

/**
 * Something a {@link Queue} dispatches to: a consumer on a connection. Called with the queue's lock held, so
 * implementations only record the delivery and write to the network without waiting.
 */
public interface Subscriber {
    /** Whether the subscriber can take another message now (it has credit and is started). */
    boolean ready();

    /** Whether this subscriber wants the message (its selector matches). Only asked when {@link #selective()}. */
    default boolean accepts(MessageRef ref) {
        return true;
    }

    /** Whether the subscriber has a selector, so dispatch must look for a message it accepts. */
    default boolean selective() {
        return false;
    }

    /** Hands the message over; consumes one credit. */
    void deliver(Queue queue, MessageRef ref);

    /** Flushes what {@link #deliver} wrote; called once per dispatch round. */
    void flush();
}
