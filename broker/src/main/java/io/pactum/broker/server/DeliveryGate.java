package io.pactum.broker.server;

/**
 * Whether a connection's consumers may be pushed messages: open between the client's {@code Connection.start()} and
 * {@code stop()}, closed before the first start. A consumer of a stopped connection is never ready, so its queue
 * keeps the messages for the consumers that can take them; nothing waits in a buffer no application can read.
 *
 * <p>Written by the connection's event loop, read by whichever thread dispatches (under a queue's monitor).
 */
final class DeliveryGate {
    private volatile boolean open;

    boolean isOpen() {
        return open;
    }

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }
}
