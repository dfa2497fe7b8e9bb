package io.pactum.broker.delivery;

/**
 * Something a {@link Queue} dispatches to: a consumer on a connection. Called with the queue's lock held, so
 * implementations only record the delivery and write to the network without waiting.
 */
public interface Subscriber {
    /** Whether the subscriber can take another message now (it has credit and is started). */
    boolean ready();

    /** Hands the message over; consumes one credit. */
    void deliver(Queue queue, MessageRef ref);

    /** Flushes what {@link #deliver} wrote; called once per dispatch round. */
    void flush();
}
