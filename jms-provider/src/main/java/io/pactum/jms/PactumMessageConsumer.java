package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import io.pactum.protocol.Commands;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.WireMessage;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;

import java.util.List;

/**
 * A consumer: a buffer of deliveries the broker pushed against this consumer's credit (the prefetch), drained by
 * {@code receive} or by the session's listener thread, highest priority first ({@link PriorityBuffer}). Credit is
 * returned to the broker in batches of half the prefetch as the application consumes.
 */
public class PactumMessageConsumer implements jakarta.jms.MessageConsumer, QueueReceiver, TopicSubscriber {
    private static final System.Logger LOG = System.getLogger(PactumMessageConsumer.class.getName());

    private final PactumSession session;
    private final long id;
    private final PactumDestination destination;
    private final String selector;
    private final boolean noLocal;
    private final int prefetch;
    private final int creditBatch;
    private final PriorityBuffer buffer = new PriorityBuffer();
    private int consumedSinceCredit;
    private volatile MessageListener listener;
    private volatile boolean closed;
    private volatile JMSException failure;

    PactumMessageConsumer(PactumSession session, long id, PactumDestination destination, String selector,
                          boolean noLocal, int prefetch) {
        this.session = session;
        this.id = id;
        this.destination = destination;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.noLocal = noLocal;
        this.prefetch = prefetch;
        this.creditBatch = Math.max(1, prefetch / 2);
    }

    long id() {
        return id;
    }

    int prefetch() {
        return prefetch;
    }

    /** I/O thread: a delivery arrived. */
    void onDeliver(Commands.Deliver d) {
        if (closed || session.isRecovering()) {
            return;
        }
        synchronized (this) {
            buffer.add(d);
            notifyAll();
        }
        if (listener != null) {
            session.scheduleDrain();
        }
    }

    synchronized void wakeUp() {
        notifyAll();
    }

    void connectionLost(JMSException reason) {
        failure = reason;
        wakeUp();
    }

    /**
     * Empties the buffer for a recover or rollback; the broker restores full credit. The order does not matter: the
     * broker takes back the buffered deliveries itself and requeues them at their priority and original place.
     */
    synchronized void clearBuffer() {
        buffer.clear();
        consumedSinceCredit = 0;
    }

    /**
     * Empties the buffer into {@code deliveryIds}, for a stopped connection to give them back. The broker restores
     * their credit, so this consumer's own count of consumed messages stays as it is.
     */
    synchronized void takeBuffered(List<Long> deliveryIds) {
        Commands.Deliver d;
        while ((d = buffer.poll()) != null) {
            deliveryIds.add(d.deliveryId());
        }
    }

    /**
     * The next buffered delivery that has not expired. Expired ones never reach the application: they are reported
     * to the broker, which moves them to the expiry queue, and their credit is returned. Guarded by this.
     */
    private Commands.Deliver pollUnexpired() {
        long now = System.currentTimeMillis();
        Commands.Deliver d;
        while ((d = buffer.poll()) != null) {
            long expiration;
            try {
                expiration = WireMessage.Header.expiration(d.message());
            } catch (MalformedFrameException e) {
                return d; // let the consumer report it as undecodable
            }
            if (expiration == 0 || expiration > now) {
                return d;
            }
            session.expired(d);
            consumedOne();
        }
        return null;
    }

    void consumedOne() {
        int grant = 0;
        synchronized (this) {
            if (++consumedSinceCredit >= creditBatch) {
                grant = consumedSinceCredit;
                consumedSinceCredit = 0;
            }
        }
        if (grant > 0) {
            session.transport().notify(new Commands.Credit(id, grant));
        }
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("consumer is closed");
        }
        session.checkOpen();
    }

    @Override
    public Message receive() throws JMSException {
        return receive(0);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return doReceive(timeout <= 0 ? Long.MAX_VALUE : timeout);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return doReceive(-1);
    }

    private Message doReceive(long timeoutMillis) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("cannot receive while a MessageListener is set");
        }
        Commands.Deliver d = take(timeoutMillis);
        if (d == null) {
            return null;
        }
        PactumMessage m = session.consume(this, d);
        session.delivered(d, hasBuffered());
        return m;
    }

    /** Reads something from a received message; for JMSConsumer.receiveBody. */
    interface Extractor<T> {
        T extract(PactumMessage message) throws JMSException;
    }

    /**
     * receive() followed by {@code extractor}, for JMSConsumer.receiveBody: if the extractor throws
     * MessageFormatException (or the message cannot be decoded), then in AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE
     * mode the delivery goes back to the head of its priority in the buffer as if it had not been received (not a
     * redelivery); in CLIENT_ACKNOWLEDGE and transacted mode it counts as consumed, as the specification requires.
     *
     * @param timeoutMillis 0 waits indefinitely, negative does not wait
     */
    <T> T receiveExtracting(long timeoutMillis, Extractor<T> extractor) throws JMSException {
        checkOpen();
        if (listener != null) {
            throw new IllegalStateException("cannot receive while a MessageListener is set");
        }
        Commands.Deliver d = take(timeoutMillis == 0 ? Long.MAX_VALUE : timeoutMillis);
        if (d == null) {
            return null;
        }
        PactumMessage m = null;
        T result;
        try {
            m = session.decode(d);
            result = extractor.extract(m);
        } catch (JMSException | RuntimeException e) {
            int mode = session.ackMode();
            if (mode == jakarta.jms.Session.AUTO_ACKNOWLEDGE || mode == jakarta.jms.Session.DUPS_OK_ACKNOWLEDGE) {
                synchronized (this) {
                    buffer.addFirst(d);
                }
            } else {
                session.accept(this, d, m);
            }
            throw e;
        }
        session.accept(this, d, m);
        session.delivered(d, hasBuffered());
        return result;
    }

    private synchronized boolean hasBuffered() {
        return !buffer.isEmpty();
    }

    /** Waits for a delivery while the connection is started; null on timeout or close. */
    private Commands.Deliver take(long timeoutMillis) throws JMSException {
        long deadline = timeoutMillis < 0 ? 0 : System.nanoTime() + Math.min(timeoutMillis, Long.MAX_VALUE / 2_000_000) * 1_000_000;
        synchronized (this) {
            while (true) {
                if (closed || session.isClosing()) {
                    return null;
                }
                if (session.connection().isStarted() && !buffer.isEmpty()) {
                    Commands.Deliver d = pollUnexpired();
                    if (d != null) {
                        return d;
                    }
                    continue;
                }
                if (failure != null) {
                    throw failure;
                }
                if (timeoutMillis < 0) {
                    return null;
                }
                long waitNanos = deadline - System.nanoTime();
                if (waitNanos <= 0) {
                    return null;
                }
                try {
                    wait(Math.max(1, waitNanos / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    /** Listener thread, with the session's delivery lock held: hands one buffered message to the listener. */
    boolean deliverToListener() {
        MessageListener l = listener;
        if (l == null || closed) {
            return false;
        }
        Commands.Deliver d;
        synchronized (this) {
            d = pollUnexpired();
        }
        if (d == null) {
            return false;
        }
        PactumMessage m;
        try {
            m = session.consume(this, d);
        } catch (JMSException e) {
            LOG.log(System.Logger.Level.ERROR, "undecodable message dropped from " + destination, e);
            return true;
        }
        try {
            l.onMessage(m);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "MessageListener on " + destination + " threw; message will be redelivered", e);
            listenerFailed();
            return true;
        }
        session.delivered(d, hasBuffered());
        return true;
    }

    /** A listener threw: in AUTO and DUPS_OK modes the message is redelivered at once, as the specification requires. */
    private void listenerFailed() {
        try {
            int mode = session.ackMode();
            if (mode == jakarta.jms.Session.AUTO_ACKNOWLEDGE || mode == jakarta.jms.Session.DUPS_OK_ACKNOWLEDGE) {
                session.redeliverAfterListenerFailure();
            }
        } catch (JMSException e) {
            LOG.log(System.Logger.Level.WARNING, "could not recover after a listener failure: {0}", e.getMessage());
        }
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        session.connection().used();
        this.listener = listener;
        if (listener != null) {
            session.scheduleDrain();
        }
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        checkOpen();
        return noLocal;
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return (Queue) destination;
    }

    @Override
    public Topic getTopic() throws JMSException {
        checkOpen();
        return (Topic) destination;
    }

    /**
     * Closes the consumer. From its own listener this is allowed and takes effect once onMessage returns; from any
     * other thread it waits for a listener call in progress.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        wakeUp();
        if (!session.isListenerThread()) {
            session.lockDelivery();
        }
        try {
            if (!session.isClosed() && session.transport().isOpen()) {
                closeOnBroker();
            }
        } finally {
            if (!session.isListenerThread()) {
                session.unlockDelivery();
            }
            session.connection().unregister(this);
            session.removed(this);
        }
    }

    /** Tells the broker: consumed, unacknowledged deliveries stay with the session; buffered ones go back. */
    void closeOnBroker() throws JMSException {
        closed = true;
        synchronized (this) {
            buffer.clear();
        }
        session.transport().call(new Commands.CloseConsumer(id, session.consumedBy(id)));
    }

    @Override
    public String toString() {
        return "PactumMessageConsumer[" + id + " on " + destination + "]";
    }
}
