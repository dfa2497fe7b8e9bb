package io.pactum.jms;

import io.pactum.jms.message.PactumBytesMessage;
import io.pactum.jms.message.PactumMapMessage;
import io.pactum.jms.message.PactumMessage;
import io.pactum.jms.message.PactumObjectMessage;
import io.pactum.jms.message.PactumStreamMessage;
import io.pactum.jms.message.PactumTextMessage;
import io.pactum.jms.transport.Transport;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.WireMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSubscriber;
import jakarta.jms.TransactionRolledBackException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session: the unit of ordering, acknowledgement and transaction. It remembers which deliveries the application
 * has consumed but not yet acknowledged ({@link #consumed}); acknowledge, commit, rollback, recover and close all
 * settle exactly that set with the broker. Message listeners run on one thread per session, one message at a time,
 * holding {@link #deliveryLock}, so stopping or closing can wait for a listener in progress. While close waits, that
 * listener and the session's CompletionListeners keep full use of the session (Connection.close and Session.close
 * require it); every other thread is refused from the moment close begins.
 */
public class PactumSession implements Session, jakarta.jms.QueueSession, jakarta.jms.TopicSession {
    private static final System.Logger LOG = System.getLogger(PactumSession.class.getName());

    private final PactumConnection connection;
    private final int id;
    private final int ackMode;
    private final SessionDomain domain;
    private final List<PactumMessageConsumer> consumers = new CopyOnWriteArrayList<>();
    private final List<PactumMessageProducer> producers = new CopyOnWriteArrayList<>();
    private final List<PactumQueueBrowser> browsers = new CopyOnWriteArrayList<>();
    /** Consumed, unacknowledged deliveries: delivery id to consumer id, in consumption order. Guarded by this. */
    private final Map<Long, Long> consumed = new LinkedHashMap<>();
    /** DUPS_OK acknowledgements not sent yet. Guarded by this. */
    private final List<Long> lazyAcks = new ArrayList<>();
    /** Responses to sends of the open transaction, checked before commit. Guarded by this. */
    private final List<CompletableFuture<Command>> transactionSends = new ArrayList<>();
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AsyncSends asyncSends = new AsyncSends(this);
    private ExecutorService listenerThread;
    private volatile Thread listenerThreadRef;
    /** While true the I/O thread drops deliveries for this session: they were returned by a recover or rollback. */
    private volatile boolean recovering;
    /** Set when close begins: no more deliveries to listeners; only {@link #keepsUseWhileClosing} threads go on. */
    private volatile boolean closing;
    private volatile boolean closed;

    /**
     * @param ackMode the mode the session follows on the wire and for its acknowledgements; an XA session
     *                (a subclass) follows AUTO_ACKNOWLEDGE and reports itself as transacted
     * @param domain  UNIFIED for {@code createSession}; QUEUE or TOPIC for a QueueSession or TopicSession, which
     *                refuses the other domain's methods
     */
    protected PactumSession(PactumConnection connection, int id, int ackMode, SessionDomain domain) {
        this.connection = connection;
        this.id = id;
        this.ackMode = ackMode;
        this.domain = domain;
    }

    protected final int id() {
        return id;
    }

    /** The domain the session was created for: the methods of the other one it refuses. */
    protected final SessionDomain domain() {
        return domain;
    }

    /** The acknowledgement behaviour the session follows (what {@link #getAcknowledgeMode()} reports may differ). */
    int ackMode() {
        return ackMode;
    }

    PactumConnection connection() {
        return connection;
    }

    protected final Transport transport() {
        return connection.transport();
    }

    /**
     * True while the session's work belongs to a global (XA) transaction branch: sends are then checked when the
     * branch ends, as a local transaction checks them at commit, so a failed send dooms the branch rather than
     * leaving it silently smaller.
     */
    protected boolean inGlobalTransaction() {
        return false;
    }

    boolean isRecovering() {
        return recovering;
    }

    protected final void checkOpen() throws IllegalStateException {
        if (isClosedToCaller()) {
            throw new IllegalStateException("session is closed");
        }
        connection.checkOpen();
    }

    private boolean isClosedToCaller() {
        return closed || closing && !keepsUseWhileClosing();
    }

    /**
     * True on the threads a close in progress waits for: this session's running listener and CompletionListeners
     * and, while the connection closes, those of all its sessions. They may use the session until they return.
     */
    private boolean keepsUseWhileClosing() {
        return isCallbackThread() || connection.isClosing() && connection.isCallbackThread();
    }

    /** True once close has begun (a blocked receive then returns null). */
    boolean isClosing() {
        return closing;
    }

    /**
     * {@link #checkOpen()}, then refuses {@code method}, a method of {@code methodDomain}, if this session serves the
     * other domain only. It comes before any check of the arguments: the domain rule wins.
     */
    private void checkDomain(SessionDomain methodDomain, String method) throws IllegalStateException {
        checkOpen();
        domain.check(methodDomain, method);
    }

    boolean isClosed() {
        return closed;
    }

    /** True on this session's CompletionListener thread. */
    boolean isCompletionCallbackThread() {
        return asyncSends.inCallback();
    }

    /** Waits until every CompletionListener of this session's asynchronous sends has returned. */
    void awaitAsyncSends() {
        asyncSends.awaitAll();
    }

    boolean isListenerThread() {
        return Thread.currentThread() == listenerThreadRef;
    }

    /** True on this session's listener thread or CompletionListener thread. */
    boolean isCallbackThread() {
        return isListenerThread() || asyncSends.inCallback();
    }

    // ---------------------------------------------------------------- delivery to the application

    /** Turns a delivery into the message the application sees, and records it as consumed. */
    PactumMessage consume(PactumMessageConsumer consumer, Commands.Deliver d) throws JMSException {
        return accept(consumer, d, decode(d));
    }

    /** Decodes a delivery without recording it as consumed (JMSConsumer.receiveBody may hand it back). */
    PactumMessage decode(Commands.Deliver d) throws jakarta.jms.MessageFormatException {
        try {
            return PactumMessage.fromWire(WireMessage.decode(d.message()), d.deliveryCount(), d.deliveryCount() > 1);
        } catch (MalformedFrameException e) {
            jakarta.jms.MessageFormatException f = new jakarta.jms.MessageFormatException(
                    "message " + d.deliveryId() + " cannot be decoded: " + e.getMessage());
            f.initCause(e);
            throw f;
        }
    }

    /** Records a decoded delivery as consumed by {@code consumer}; {@code m} may be null if it could not be decoded. */
    PactumMessage accept(PactumMessageConsumer consumer, Commands.Deliver d, PactumMessage m) {
        if (m != null && ackMode == CLIENT_ACKNOWLEDGE) {
            m.setAcknowledger(this::acknowledgeFromMessage);
        }
        synchronized (this) {
            consumed.put(d.deliveryId(), consumer.id());
        }
        consumer.consumedOne();
        return m;
    }

    /** After receive() returned or onMessage() completed: AUTO and DUPS_OK acknowledge here. */
    void delivered(Commands.Deliver d, boolean moreBuffered) {
        if (ackMode != AUTO_ACKNOWLEDGE && ackMode != DUPS_OK_ACKNOWLEDGE) {
            return;
        }
        long[] ids;
        synchronized (this) {
            if (consumed.remove(d.deliveryId()) == null) {
                return; // recovered meanwhile: it will come again
            }
            if (ackMode == DUPS_OK_ACKNOWLEDGE) {
                lazyAcks.add(d.deliveryId());
                if (moreBuffered && lazyAcks.size() < 64) {
                    return;
                }
                ids = drainLazyAcks();
            } else {
                ids = new long[]{d.deliveryId()};
            }
            // written while holding the lock, so that no command written under it later (an XA end) can overtake it
            acknowledge(ids);
        }
    }

    /** Writes an ACK without waiting for the answer (the caller holds this session's lock). */
    private void acknowledge(long[] ids) {
        transport().request(new Commands.Ack(id, ids)).whenComplete((r, e) -> {
            if (e != null || r instanceof Commands.Error) {
                LOG.log(System.Logger.Level.DEBUG, "acknowledgement failed: {0}", e != null ? e : r);
            }
        });
    }

    /**
     * Writes {@code command} after an ACK of every delivery the application has consumed but whose acknowledgement
     * is not written yet (a message listener still running). Both are written in this order on the wire: an XA end
     * thereby takes the branch's acknowledgements with it, even those of a listener that ends the branch itself.
     * Commands reach the wire in the order their {@code request} calls happen (Netty queues writes from other
     * threads in order), and every ACK is written while holding this session's lock, as {@code command} is here.
     */
    protected final CompletableFuture<Command> requestAfterAcknowledgingConsumed(Command command) {
        synchronized (this) {
            long[] ids = takeConsumed();
            if (ids.length > 0) {
                acknowledge(ids);
            }
            return transport().request(command);
        }
    }

    private long[] drainLazyAcks() {
        long[] ids = lazyAcks.stream().mapToLong(Long::longValue).toArray();
        lazyAcks.clear();
        return ids;
    }

    private void flushLazyAcks() {
        long[] ids;
        synchronized (this) {
            ids = drainLazyAcks();
        }
        if (ids.length > 0 && transport().isOpen()) {
            transport().request(new Commands.Ack(id, ids));
        }
    }

    /** A buffered delivery expired before the application saw it: the broker settles it as expired. */
    void expired(Commands.Deliver d) {
        transport().request(new Commands.Expired(id, new long[]{d.deliveryId()}));
    }

    /** Consumed, unacknowledged deliveries of one consumer: they stay with the session when the consumer closes. */
    synchronized long[] consumedBy(long consumerId) {
        return consumed.entrySet().stream().filter(e -> e.getValue() == consumerId).mapToLong(Map.Entry::getKey).toArray();
    }

    private synchronized long[] takeConsumed() {
        long[] ids = consumed.keySet().stream().mapToLong(Long::longValue).toArray();
        consumed.clear();
        return ids;
    }

    void scheduleDrain() {
        if (closing || !connection.isStarted()) {
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            listenerExecutor().execute(this::drainToListeners);
        }
    }

    private synchronized ExecutorService listenerExecutor() {
        if (listenerThread == null) {
            listenerThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "pactum-session-" + id + "-listener");
                t.setDaemon(true);
                listenerThreadRef = t;
                return t;
            });
        }
        return listenerThread;
    }

    /** Runs listeners while the connection is started and they have messages, one message at a time. */
    private void drainToListeners() {
        drainScheduled.set(false);
        while (true) {
            deliveryLock.lock();
            try {
                boolean any = false;
                for (PactumMessageConsumer c : consumers) {
                    // before every message: stop and close wait for the listener call in progress, not for more
                    if (closing || !connection.isStarted()) {
                        return;
                    }
                    if (c.deliverToListener()) {
                        any = true;
                    }
                }
                if (!any) {
                    return;
                }
            } finally {
                deliveryLock.unlock();
            }
        }
    }

    void connectionStarted() {
        consumers.forEach(PactumMessageConsumer::wakeUp);
        scheduleDrain();
    }

    /**
     * Connection.stop, once the broker has stopped pushing: every buffered delivery goes back to the broker unchanged,
     * and DUPS_OK acknowledgements still owed are written, so a stopped session holds only what the application
     * consumed and has not acknowledged.
     */
    void releaseBuffered() throws JMSException {
        flushLazyAcks();
        List<Long> ids = new ArrayList<>();
        for (PactumMessageConsumer c : consumers) {
            c.takeBuffered(ids);
        }
        if (!ids.isEmpty()) {
            transport().call(new Commands.Release(id, ids.stream().mapToLong(Long::longValue).toArray()));
        }
    }

    /** Waits until no listener of this session is running (for Connection.stop and close). */
    void awaitListenerIdle() {
        if (isListenerThread()) {
            return;
        }
        deliveryLock.lock();
        deliveryLock.unlock();
    }

    void lockDelivery() {
        deliveryLock.lock();
    }

    void unlockDelivery() {
        deliveryLock.unlock();
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends an encoded message: persistent sends wait for the broker; in a transaction the commit (in an XA branch,
     * the end) checks them, so they cost no round trip each. A local transaction's commit checks its asynchronous
     * sends too: one that failed must fail the commit, not leave the transaction silently smaller.
     */
    void send(byte[] message, boolean persistent, CompletionListener listener, Message original) throws JMSException {
        checkOpen();
        if (message.length > connection.maxFrameSize() - 64) {
            throw new jakarta.jms.ResourceAllocationException("message of " + message.length
                    + " bytes exceeds the broker's maximum frame size of " + connection.maxFrameSize() + " bytes");
        }
        CompletableFuture<Command> response = transport().request(new Commands.Send(id, message));
        if (listener != null) {
            if (ackMode == SESSION_TRANSACTED) {
                synchronized (this) {
                    transactionSends.add(response);
                }
            }
            asyncSends.track(response, listener, original);
        } else if (ackMode == SESSION_TRANSACTED || inGlobalTransaction()) {
            // checked before the commit, or before the XA end, so a failed send fails the transaction
            synchronized (this) {
                transactionSends.add(response);
            }
        } else if (persistent) {
            Transport.await(response);
        } else {
            response.whenComplete((r, e) -> {
                if (e != null || r instanceof Commands.Error) {
                    LOG.log(System.Logger.Level.WARNING, "non-persistent send failed: {0}", e != null ? e : r);
                }
            });
        }
    }

    // ---------------------------------------------------------------- acknowledgement and transactions

    private void acknowledgeFromMessage() throws JMSException {
        if (isClosedToCaller()) {
            throw new IllegalStateException("cannot acknowledge: the session is closed");
        }
        acknowledge();
    }

    /** CLIENT_ACKNOWLEDGE: acknowledges every message the session has consumed; durable when this returns. */
    public void acknowledge() throws JMSException {
        checkOpen();
        if (ackMode != CLIENT_ACKNOWLEDGE) {
            return;
        }
        long[] ids = takeConsumed();
        if (ids.length > 0) {
            transport().call(new Commands.Ack(id, ids));
        }
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        if (ackMode != SESSION_TRANSACTED) {
            throw new IllegalStateException("commit() on a session that is not transacted");
        }
        asyncSends.checkNotInCallback("commit");
        // MessageProducer.send with a CompletionListener: commit waits for incomplete sends and their callbacks
        asyncSends.awaitAll();
        JMSException sendFailure = awaitTransactionSends();
        if (sendFailure != null) {
            rollback();
            TransactionRolledBackException e = new TransactionRolledBackException(
                    "transaction rolled back because a send failed: " + sendFailure.getMessage());
            e.setLinkedException(sendFailure);
            throw e;
        }
        transport().call(new Commands.Commit(id, takeConsumed()));
    }

    /**
     * Waits for the broker's answers to the sends of the open transaction (or XA branch) and forgets them; returns
     * the first failure, or null if every send was accepted.
     */
    protected final JMSException awaitTransactionSends() {
        return transactionSendFailure(true);
    }

    /**
     * Like {@link #awaitTransactionSends()} with {@code wait} true; with false, only the answers already received
     * are looked at, and the others forgotten: for an XA branch, whose broker dooms the branch of a failed send itself.
     */
    protected final JMSException transactionSendFailure(boolean wait) {
        List<CompletableFuture<Command>> sends;
        synchronized (this) {
            sends = new ArrayList<>(transactionSends);
            transactionSends.clear();
        }
        JMSException first = null;
        for (CompletableFuture<Command> f : sends) {
            if (!wait && !f.isDone()) {
                continue;
            }
            try {
                Transport.await(f);
            } catch (JMSException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        return first;
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        if (ackMode != SESSION_TRANSACTED) {
            throw new IllegalStateException("rollback() on a session that is not transacted");
        }
        asyncSends.checkNotInCallback("rollback");
        asyncSends.awaitAll(); // as commit does
        awaitTransactionSends();
        returnDeliveries(true);
    }

    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (ackMode == SESSION_TRANSACTED) {
            throw new IllegalStateException("recover() on a transacted session; use rollback()");
        }
        returnDeliveries(false);
    }

    /** A listener threw in AUTO_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE mode: its message comes again at once. */
    void redeliverAfterListenerFailure() throws JMSException {
        checkOpen();
        returnDeliveries(false);
    }

    /**
     * Gives every delivery the session holds back to the broker: consumed ones come again marked redelivered,
     * buffered ones in their original order. Deliveries that arrive until the broker's answer are dropped (the
     * broker took them back too); the flag is cleared on the I/O thread before the next frame is read.
     */
    private void returnDeliveries(boolean rollback) throws JMSException {
        flushLazyAcks();
        recovering = true;
        try {
            consumers.forEach(PactumMessageConsumer::clearBuffer);
            long[] ids = takeConsumed();
            Command request = rollback ? new Commands.Rollback(id, ids) : new Commands.Recover(id, ids);
            Transport.await(transport().request(request, response -> recovering = false));
        } finally {
            recovering = false;
        }
        scheduleDrain();
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (isListenerThread()) {
            throw new IllegalStateException("a message listener must not close its own session");
        }
        asyncSends.checkNotInCallback("close");
        beginClose();
        awaitCallbacks();
        deliveryLock.lock();
        try {
            if (closed) {
                return; // closed by another thread meanwhile
            }
            closed = true;
            JMSException failure = null;
            if (connection.transport().isOpen()) {
                flushLazyAcks();
                for (PactumMessageConsumer c : consumers) {
                    try {
                        c.closeOnBroker();
                    } catch (JMSException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                for (PactumQueueBrowser b : browsers) {
                    b.close();
                }
                try {
                    closeSessionOnBroker();
                } catch (JMSException e) {
                    failure = failure == null ? e : failure;
                }
            }
            consumers.forEach(c -> connection.unregister(c));
            consumers.clear();
            producers.forEach(PactumMessageProducer::markClosed);
            producers.clear();
            if (failure != null) {
                throw failure;
            }
        } finally {
            deliveryLock.unlock();
            synchronized (this) {
                if (listenerThread != null) {
                    listenerThread.shutdown();
                }
            }
            asyncSends.shutdown();
            connection.removed(this);
        }
    }

    /**
     * The first step of closing: stops deliveries to listeners and wakes blocked receives. From now on only the
     * threads close waits for may use the session ({@link #keepsUseWhileClosing}).
     */
    void beginClose() {
        closing = true;
        consumers.forEach(PactumMessageConsumer::wakeUp);
    }

    /**
     * Waits until the listener in progress and every CompletionListener of this session have returned; a listener
     * may have sent asynchronously while close waited for it, so the sends are awaited after it.
     */
    void awaitCallbacks() {
        awaitListenerIdle();
        asyncSends.awaitAll();
    }

    /** The last step of {@link #close()} on an open connection; an XA session defers it while in a branch. */
    protected void closeSessionOnBroker() throws JMSException {
        transport().call(new Commands.CloseSession(id));
    }

    void removed(PactumMessageConsumer c) {
        consumers.remove(c);
    }

    void removed(PactumMessageProducer p) {
        producers.remove(p);
    }

    void removed(PactumQueueBrowser b) {
        browsers.remove(b);
    }

    // ---------------------------------------------------------------- factories

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        checkOpen();
        return new PactumBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        checkOpen();
        return new PactumMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        checkOpen();
        return new PactumMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        checkOpen();
        return new PactumObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        checkOpen();
        return PactumMessage.createObject(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        checkOpen();
        return new PactumStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        checkOpen();
        return new PactumTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        checkOpen();
        return PactumMessage.createText(text);
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return ackMode == SESSION_TRANSACTED;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return ackMode;
    }

    /** Session-level listeners belong to the optional application server facilities. */
    @Override
    public MessageListener getMessageListener() throws JMSException {
        checkOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        checkOpen();
        throw new JMSException("session-level message listeners (optional application server facilities) are not "
                + "provided; set a listener on a MessageConsumer");
    }

    @Override
    public void run() {
        throw new java.lang.IllegalStateException(
                "Session.run() belongs to the optional application server facilities, which Pactum does not provide");
    }

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        checkOpen();
        PactumMessageProducer p = new PactumMessageProducer(this, destination == null ? null : destination(destination));
        producers.add(p);
        return p;
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) throws JMSException {
        return openConsumer(destination, messageSelector, noLocal, null, (byte) 0);
    }

    private PactumMessageConsumer openConsumer(Destination destination, String selector, boolean noLocal,
                                               String subscriptionName, byte subscriptionKind) throws JMSException {
        checkOpen();
        if (destination == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        PactumDestination d = destination(destination);
        PactumMessageConsumer c = new PactumMessageConsumer(this, connection.nextConsumerId(), d, selector, noLocal,
                connection.prefetch());
        connection.register(c);
        try {
            transport().call(new Commands.CreateConsumer(id, c.id(), d.toWire(), selector, noLocal, subscriptionName,
                    subscriptionKind, c.prefetch()));
        } catch (JMSException e) {
            connection.unregister(c);
            throw e;
        }
        consumers.add(c);
        return c;
    }

    /**
     * Pactum's own destination, or the queue or topic of the same name for another implementation of Queue or Topic
     * (as for JMSReplyTo): a resource adapter's administered objects and other providers' destinations work too.
     */
    static PactumDestination destination(Destination d) throws JMSException {
        if (d == null) {
            throw new InvalidDestinationException("destination must not be null");
        }
        return PactumMessage.toPactumDestination(d);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSharedConsumer");
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSharedConsumer");
        return openConsumer(topic, messageSelector, false, sharedSubscriptionName, (byte) 2);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createDurableSubscriber");
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createDurableSubscriber");
        return openConsumer(topic, messageSelector, noLocal, name, (byte) 1);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createDurableConsumer");
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createDurableConsumer");
        return createDurableSubscriber(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSharedDurableConsumer");
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSharedDurableConsumer");
        return openConsumer(topic, messageSelector, false, name, (byte) 3);
    }

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createQueue");
        return new PactumQueue(checkedName(queueName, "queue"));
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createTopic");
        return new PactumTopic(checkedName(topicName, "topic"));
    }

    /** A JMSException (InvalidDestinationException) for a missing name, not the IllegalArgumentException below. */
    private static String checkedName(String name, String kind) throws InvalidDestinationException {
        if (name == null || name.isBlank()) {
            throw new InvalidDestinationException(kind + " name must not be null or blank");
        }
        return name;
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createBrowser");
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createBrowser");
        if (queue == null) {
            throw new InvalidDestinationException("queue must not be null");
        }
        PactumQueueBrowser b = new PactumQueueBrowser(this, destination(queue), messageSelector);
        b.validate();
        browsers.add(b);
        return b;
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createTemporaryQueue");
        PactumTemporaryQueue q = new PactumTemporaryQueue("temp-queue-" + UUID.randomUUID(), connection);
        transport().call(new Commands.CreateDestination(q.toWire()));
        connection.created(q);
        return q;
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createTemporaryTopic");
        PactumTemporaryTopic t = new PactumTemporaryTopic("temp-topic-" + UUID.randomUUID(), connection);
        transport().call(new Commands.CreateDestination(t.toWire()));
        connection.created(t);
        return t;
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "unsubscribe");
        if (name == null || name.isEmpty()) {
            throw new InvalidDestinationException("subscription name must not be empty");
        }
        connection.used();
        transport().call(new Commands.Unsubscribe(name));
    }

    // legacy domain-specific interfaces

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createReceiver");
        return (QueueReceiver) createConsumer(queue);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createReceiver");
        return (QueueReceiver) createConsumer(queue, messageSelector);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        checkDomain(SessionDomain.QUEUE, "createSender");
        return (QueueSender) createProducer(queue);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSubscriber");
        return (TopicSubscriber) createConsumer(topic);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createSubscriber");
        return (TopicSubscriber) createConsumer(topic, messageSelector, noLocal);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        checkDomain(SessionDomain.TOPIC, "createPublisher");
        return (TopicPublisher) createProducer(topic);
    }

    @Override
    public String toString() {
        return "PactumSession[" + id + ", mode " + ackMode
                + (domain == SessionDomain.UNIFIED ? "" : ", " + domain) + "]";
    }

    /** Completion listeners of asynchronous sends: run in send order on one thread per session. */
    static final class AsyncSends {
        private final PactumSession session;
        private final List<CompletableFuture<Void>> outstanding = new CopyOnWriteArrayList<>();
        private ExecutorService callbacks;
        private volatile Thread callbackThread;

        AsyncSends(PactumSession session) {
            this.session = session;
        }

        /** Completes when the callback of the previous asynchronous send has returned: callbacks run in send order. */
        private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

        void track(CompletableFuture<Command> response, CompletionListener listener, Message message) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            outstanding.add(done);
            ExecutorService executor = executor();
            CompletableFuture<Void> before;
            synchronized (this) {
                before = previous;
                previous = done;
            }
            // a response may arrive before the response to an earlier send (a non-persistent send is confirmed
            // without waiting for the journal): the callback still waits for the earlier callback
            response.handle((r, e) -> e).thenCombine(before, (e, ignored) -> e)
                    .thenAccept(e -> executor.execute(() -> {
                Command r = e == null ? response.join() : null;
                try {
                    resetBytes(message);
                    if (e == null && !(r instanceof Commands.Error)) {
                        listener.onCompletion(message);
                    } else {
                        JMSException failure = e != null ? JmsErrors.wrap("send failed", e)
                                : JmsErrors.fromBroker((Commands.Error) r);
                        listener.onException(message, failure);
                    }
                } catch (RuntimeException ex) {
                    LOG.log(System.Logger.Level.WARNING, "CompletionListener threw", ex);
                } finally {
                    outstanding.remove(done);
                    done.complete(null);
                }
            }));
        }

        /**
         * The BytesMessage Javadoc: the provider resets a BytesMessage sent asynchronously before handing it to the
         * CompletionListener, so the listener reads the body from its start without calling reset itself.
         */
        private static void resetBytes(Message message) {
            if (message instanceof BytesMessage bytes) {
                try {
                    bytes.reset();
                } catch (JMSException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not reset a BytesMessage for its CompletionListener", e);
                }
            }
        }

        private synchronized ExecutorService executor() {
            if (callbacks == null) {
                callbacks = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "pactum-session-" + session.id + "-completion");
                    t.setDaemon(true);
                    callbackThread = t;
                    return t;
                });
            }
            return callbacks;
        }

        boolean inCallback() {
            return Thread.currentThread() == callbackThread;
        }

        void checkNotInCallback(String what) throws IllegalStateException {
            if (Thread.currentThread() == callbackThread) {
                throw new IllegalStateException("a CompletionListener must not call " + what + " on its own session");
            }
        }

        void awaitAll() {
            for (CompletableFuture<Void> f : outstanding) {
                f.join();
            }
        }

        synchronized void shutdown() {
            if (callbacks != null) {
                callbacks.shutdown();
                try {
                    callbacks.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
