package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import io.pactum.jms.transport.Transport;
import io.pactum.protocol.Commands;
import io.pactum.protocol.WireMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Browses a queue without consuming. Each {@link #getEnumeration()} walks a snapshot the broker takes at that
 * moment, fetched in pages as the enumeration advances.
 */
public class PactumQueueBrowser implements QueueBrowser {
    private static final int PAGE = 100;

    private final PactumSession session;
    private final PactumDestination queue;
    private final String selector;
    private final List<Long> open = new ArrayList<>();
    private volatile boolean closed;

    PactumQueueBrowser(PactumSession session, PactumDestination queue, String selector) {
        this.session = session;
        this.queue = queue;
        this.selector = selector == null || selector.isBlank() ? null : selector;
    }

    /** Fails at creation for a bad destination or selector, as the specification requires. */
    void validate() throws JMSException {
        long id = open();
        close(id);
    }

    private long open() throws JMSException {
        long id = session.connection().nextConsumerId();
        session.transport().call(new Commands.CreateBrowser(session.id(), id, queue.toWire(), selector));
        synchronized (open) {
            open.add(id);
        }
        return id;
    }

    private void close(long id) throws JMSException {
        synchronized (open) {
            if (!open.remove(id)) {
                return;
            }
        }
        if (session.transport().isOpen()) {
            session.transport().call(new Commands.CloseBrowser(id));
        }
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return (Queue) queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("browser is closed");
        }
        session.checkOpen();
    }

    @Override
    public Enumeration<?> getEnumeration() throws JMSException {
        checkOpen();
        long id = open();
        return new Enumeration<PactumMessage>() {
            private final ArrayDeque<byte[]> page = new ArrayDeque<>();
            private boolean done;

            @Override
            public boolean hasMoreElements() {
                fill();
                return !page.isEmpty();
            }

            @Override
            public PactumMessage nextElement() {
                fill();
                byte[] next = page.poll();
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return PactumMessage.fromWire(WireMessage.decode(next), 1, false);
            }

            private void fill() {
                while (page.isEmpty() && !done && !closed) {
                    try {
                        Commands.BrowseBatch batch = (Commands.BrowseBatch) Transport.await(
                                session.transport().request(new Commands.BrowseNext(id, PAGE)));
                        page.addAll(batch.messages());
                        if (batch.done()) {
                            done = true;
                            close(id);
                        }
                    } catch (JMSException e) {
                        done = true;
                        throw JmsErrors.toRuntime(e);
                    }
                }
            }
        };
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        List<Long> ids;
        synchronized (open) {
            ids = new ArrayList<>(open);
        }
        for (long id : ids) {
            close(id);
        }
        session.removed(this);
    }
}
