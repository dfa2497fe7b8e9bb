package io.pactum.broker.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops reading a connection while too many of its writes wait for the journal. A client that does not wait for
 * its sends (non-persistent messages, asynchronous sends with a {@code CompletionListener}) could otherwise queue
 * bodies in the broker's heap faster than the disk takes them; with reading paused, TCP pushes back on the client
 * and other connections are served as usual. Thread-safe: writes complete on the journal's thread.
 */
final class JournalBackpressure {
    /** Writes in flight at which the connection stops being read, and at which it is read again. */
    static final int HIGH = 256;
    static final int LOW = 64;

    private final ReadPause reads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private boolean paused; // guarded by this

    JournalBackpressure(ReadPause reads) {
        this.reads = reads;
    }

    /** A write of this connection was handed to the journal. */
    void started() {
        if (inFlight.incrementAndGet() >= HIGH) {
            synchronized (this) {
                if (!paused && inFlight.get() >= HIGH) {
                    paused = true;
                    reads.pause();
                }
            }
        }
    }

    /** A write of this connection completed (or failed). */
    void finished() {
        if (inFlight.decrementAndGet() <= LOW) {
            synchronized (this) {
                if (paused && inFlight.get() <= LOW) {
                    paused = false;
                    reads.resume();
                }
            }
        }
    }
}
