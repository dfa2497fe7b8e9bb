package io.pactum.broker.delivery;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * The broker's one thread that reads paged message bodies back from the journal ahead of the consumers
 * ({@link Queue#readBack}), so that draining a paged queue rarely makes a delivery wait for the disk, and never makes
 * a network thread read a batch. Queues ask at most once at a time each; requests are served in arrival order.
 */
final class Pager implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Pager.class.getName());

    private final LinkedBlockingQueue<Queue> requests = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    Pager() {
        thread = new Thread(this::run, "pactum-pager");
        thread.setDaemon(true);
        thread.start();
    }

    void request(Queue q) {
        requests.add(q);
    }

    private void run() {
        while (!closed) {
            Queue q;
            try {
                q = requests.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                q.readBack();
            } catch (RuntimeException e) {
                // The next delivery reads the body itself and reports what is wrong; keep serving other queues.
                LOG.log(System.Logger.Level.WARNING, "could not read paged messages of " + q + " back: " + e, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
