package io.pactum.jms;

import io.pactum.jms.message.PactumMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

/**
 * A producer. Persistent sends return once the broker has made the message durable; non-persistent sends do not
 * wait. A message from another provider is copied into a Pactum message, and the headers the send sets are set on
 * the application's object as well, as the specification requires.
 */
public class PactumMessageProducer implements jakarta.jms.MessageProducer, QueueSender, TopicPublisher {
    private final PactumSession session;
    private final PactumDestination destination;
    private volatile boolean closed;
    private boolean disableMessageId;
    private boolean disableTimestamp;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;

    PactumMessageProducer(PactumSession session, PactumDestination destination) {
        this.session = session;
        this.destination = destination;
    }

    void markClosed() {
        closed = true;
    }

    private void checkOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("producer is closed");
        }
        session.checkOpen();
    }

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        checkOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        checkOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        checkOpen();
        disableTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        checkOpen();
        return disableTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        checkOpen();
        checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        checkOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int priority) throws JMSException {
        checkOpen();
        checkPriority(priority);
        this.priority = priority;
    }

    @Override
    public int getPriority() throws JMSException {
        checkOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        checkOpen();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        checkOpen();
        return timeToLive;
    }

    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        checkOpen();
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        checkOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        checkOpen();
        return destination;
    }

    @Override
    public Queue getQueue() throws JMSException {
        return (Queue) getDestination();
    }

    @Override
    public Topic getTopic() throws JMSException {
        return (Topic) getDestination();
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        // Jakarta Messaging 3.1, 7.3.5 / MessageProducer.close: a CompletionListener must not close its own
        // producer (IllegalStateException), and close blocks until outstanding asynchronous sends have completed
        if (session.isCompletionCallbackThread()) {
            throw new IllegalStateException("a CompletionListener must not close its own MessageProducer");
        }
        session.awaitAsyncSends();
        closed = true;
        session.removed(this);
    }

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination: use send(Destination, Message)");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        doSend(explicitDestination(destination), message, deliveryMode, priority, timeToLive, null);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("this producer has no destination: use send(Destination, Message, ...)");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive, requireListener(completionListener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        doSend(explicitDestination(destination), message, deliveryMode, priority, timeToLive,
                requireListener(completionListener));
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    private PactumDestination explicitDestination(Destination d) throws JMSException {
        checkOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("this producer was created for " + this.destination
                    + "; use send(Message) or an anonymous producer");
        }
        if (d == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        return PactumSession.destination(d);
    }

    private static CompletionListener requireListener(CompletionListener l) {
        if (l == null) {
            throw new IllegalArgumentException("completionListener must not be null");
        }
        return l;
    }

    /** {@code now + millis}, capped at Long.MAX_VALUE: a huge time-to-live or delay means never, not the past. */
    static long later(long now, long millis) {
        long t = now + millis;
        return t < now ? Long.MAX_VALUE : t;
    }

    private static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("invalid delivery mode " + mode);
        }
    }

    private static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority must be 0-9, was " + priority);
        }
    }

    private void doSend(PactumDestination to, Message message, int mode, int prio, long ttl, CompletionListener listener)
            throws JMSException {
        if (message == null) {
            throw new MessageFormatException("message must not be null");
        }
        checkDeliveryMode(mode);
        checkPriority(prio);
        session.connection().used();
        PactumMessage m = message instanceof PactumMessage p ? p : PactumMessage.copyOf(message);
        long now = System.currentTimeMillis();
        String messageId = disableMessageId ? null : session.connection().nextMessageId();
        long timestamp = disableTimestamp ? 0 : now;
        long expiration = ttl > 0 ? later(now, ttl) : 0;
        long deliveryTime = later(now, Math.max(0, deliveryDelay));
        stamp(m, to, mode, prio, messageId, timestamp, expiration, deliveryTime);
        if (m != message) {
            stamp(message, to, mode, prio, messageId, timestamp, expiration, deliveryTime);
        }
        session.send(m.toWire().encode(), mode == DeliveryMode.PERSISTENT, listener, message);
    }

    private static void stamp(Message m, Destination to, int mode, int prio, String messageId, long timestamp,
                              long expiration, long deliveryTime) throws JMSException {
        m.setJMSDestination(to);
        m.setJMSDeliveryMode(mode);
        m.setJMSPriority(prio);
        m.setJMSMessageID(messageId);
        m.setJMSTimestamp(timestamp);
        m.setJMSExpiration(expiration);
        m.setJMSDeliveryTime(deliveryTime);
    }
}
