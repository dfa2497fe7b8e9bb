package io.pactum.jms;

import io.pactum.jms.transport.Transport;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.WireXid;
import io.pactum.protocol.XaCommands;
import io.pactum.protocol.Frame;
import io.pactum.protocol.Protocol;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A connection to the broker: one TCP connection, greeted and authenticated when created. Deliveries pushed by
 * the broker are routed here to their consumer. Starts stopped, as the specification requires.
 */
public class PactumConnection implements jakarta.jms.Connection, QueueConnection, TopicConnection, TemporaryDestinationOwner,
        Transport.Listener {
    private static final System.Logger LOG = System.getLogger(PactumConnection.class.getName());

    private final Transport transport;
    private final BrokerUrl url;
    private final String brokerId;
    private final int maxFrameSize;
    private final String messageIdPrefix = "ID:" + UUID.randomUUID() + "-";
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicLong consumerIds = new AtomicLong();
    private final List<PactumSession> sessions = new CopyOnWriteArrayList<>();
    /** Temporary destinations this connection created and has not deleted: deleted on close, before it returns. */
    private final Set<PactumDestination> temporaries = ConcurrentHashMap.newKeySet();
    private final Map<Long, PactumMessageConsumer> consumers = new ConcurrentHashMap<>();
    private final Object stateLock = new Object();
    /** Serialises start and stop; never held while waiting for a listener (a listener may call start). */
    private final Object startStopLock = new Object();
    private volatile String clientId;
    private volatile boolean clientIdFixed;
    private int protocolVersion;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean closing;
    private volatile ExceptionListener exceptionListener;

    protected PactumConnection(BrokerUrl url, String user, String password) throws JMSException {
        this.url = url;
        this.transport = Transport.connect(url, Frame.DEFAULT_MAX_FRAME_SIZE);
        transport.listener(this);
        try {
            Commands.HelloOk ok = (Commands.HelloOk) transport.call(
                    new Commands.Hello(Protocol.VERSION, url.clientId(), user, password));
            this.brokerId = ok.brokerId();
            this.protocolVersion = ok.version();
            this.maxFrameSize = ok.maxFrameSize();
            transport.startHeartbeats(ok.heartbeatMillis());
        } catch (JMSException | RuntimeException e) {
            transport.close();
            throw e;
        }
        if (url.clientId() != null) {
            clientId = url.clientId();
            clientIdFixed = true;
        }
    }

    Transport transport() {
        return transport;
    }

    /** The broker's persistent identity (used to tell whether two XA resources are the same resource manager). */
    public String brokerId() {
        return brokerId;
    }

    int prefetch() {
        return url.prefetch();
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    String nextMessageId() {
        return messageIdPrefix + messageIds.incrementAndGet();
    }

    long nextConsumerId() {
        return consumerIds.incrementAndGet();
    }

    boolean isStarted() {
        return started;
    }

    /** The first use of a connection fixes its client ID: {@link #setClientID} is then too late. */
    void used() {
        clientIdFixed = true;
    }

    /**
     * Refuses every thread once close has begun, except the listeners and CompletionListeners close waits for: they
     * keep all the facilities of the connection until they return, as Connection.close requires.
     */
    void checkOpen() throws IllegalStateException {
        if (closed || closing && !isCallbackThread()) {
            throw new IllegalStateException("connection is closed");
        }
    }

    boolean isClosing() {
        return closing;
    }

    /** True on the listener or CompletionListener thread of one of this connection's sessions. */
    boolean isCallbackThread() {
        for (PactumSession s : sessions) {
            if (s.isCallbackThread()) {
                return true;
            }
        }
        return false;
    }

    void register(PactumMessageConsumer c) {
        consumers.put(c.id(), c);
    }

    void unregister(PactumMessageConsumer c) {
        consumers.remove(c.id());
    }

    void removed(PactumSession s) {
        sessions.remove(s);
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.UNIFIED);
    }

    /**
     * A session of {@code domain}. Transacted ignores {@code acknowledgeMode}; otherwise it must be AUTO_ACKNOWLEDGE,
     * CLIENT_ACKNOWLEDGE or DUPS_OK_ACKNOWLEDGE (SESSION_TRANSACTED too is refused: it asks for a transaction the
     * caller said it does not want).
     */
    private PactumSession createSession(boolean transacted, int acknowledgeMode, SessionDomain domain) throws JMSException {
        checkOpen();
        used();
        if (!transacted && acknowledgeMode != Session.AUTO_ACKNOWLEDGE && acknowledgeMode != Session.CLIENT_ACKNOWLEDGE
                && acknowledgeMode != Session.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSException("invalid acknowledge mode " + acknowledgeMode + " for a non-transacted session");
        }
        int mode = transacted ? Session.SESSION_TRANSACTED : acknowledgeMode;
        return openSession(id -> new PactumSession(this, id, mode, domain), mode);
    }

    /**
     * Creates a session with a fresh id through {@code create} (an ordinary or an XA session), opens it on the
     * broker in {@code wireMode} and registers it with this connection.
     */
    protected final <S extends PactumSession> S openSession(IntFunction<S> create, int wireMode) throws JMSException {
        checkOpen();
        used();
        S s = create.apply(sessionIds.incrementAndGet());
        transport.call(new Commands.CreateSession(s.id(), wireMode));
        sessions.add(s);
        return s;
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.QUEUE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return createSession(transacted, acknowledgeMode, SessionDomain.TOPIC);
    }

    @Override
    public String getClientID() throws JMSException {
        checkOpen();
        return clientId;
    }

    @Override
    public void setClientID(String id) throws JMSException {
        checkOpen();
        synchronized (stateLock) {
            if (clientIdFixed) {
                throw new IllegalStateException(clientId != null
                        ? "client ID is already set to '" + clientId + "'"
                        : "client ID must be set before the connection is used");
            }
            if (id == null || id.isEmpty()) {
                throw new jakarta.jms.InvalidClientIDException("client ID must not be empty");
            }
            transport.call(new Commands.SetClientId(id));
            clientId = id;
            clientIdFixed = true;
        }
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        checkOpen();
        return PactumConnectionMetaData.INSTANCE;
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        checkOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        checkOpen();
        used();
        this.exceptionListener = listener;
    }

    /**
     * Opens delivery: the broker pushes nothing to a connection's consumers before its first start (so a consumer
     * of a connection that is never started takes no message from the ones that could read it). A no-op while
     * started; one round trip otherwise.
     */
    @Override
    public void start() throws JMSException {
        checkOpen();
        used();
        if (started) {
            return;
        }
        synchronized (startStopLock) {
            if (started) {
                return;
            }
            transport.call(new Commands.StartDelivery());
            started = true;
        }
        sessions.forEach(PactumSession::connectionStarted);
    }

    /**
     * Stops delivery, waits until no listener of this connection is running, then gives back what its consumers
     * hold unseen. The specification lets a stopped connection keep messages ("inhibited" delivery), but then
     * nobody could read them until a start that may never come; so they return to the broker, unchanged (not
     * redelivered, delivery count as it was), where competing consumers take them. Messages the application has
     * received and not yet acknowledged stay with their session, as before the stop.
     */
    @Override
    public void stop() throws JMSException {
        checkOpen();
        used();
        checkNotInListener("stop");
        synchronized (startStopLock) {
            if (!started) {
                return;
            }
            started = false;
        }
        for (PactumSession s : sessions) {
            s.awaitListenerIdle();
        }
        synchronized (startStopLock) {
            if (started || !transport.isOpen()) {
                return; // started again meanwhile, or the broker took everything back with the connection
            }
            // answered once every delivery pushed before it has arrived: after it, the buffers hold all there is
            transport.call(new Commands.StopDelivery());
            JMSException first = null;
            for (PactumSession s : sessions) {
                try {
                    s.releaseBuffered();
                } catch (JMSException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        checkNotInListener("close");
        for (PactumSession s : sessions) {
            if (s.isCompletionCallbackThread()) {
                throw new IllegalStateException("a CompletionListener must not close its own connection");
            }
        }
        closing = true;
        started = false;
        // A listener in progress may use every session of the connection until it returns: all sessions stop
        // delivering first, and none is closed before every listener and CompletionListener has returned.
        sessions.forEach(PactumSession::beginClose);
        sessions.forEach(PactumSession::awaitCallbacks);
        JMSException first = null;
        for (PactumSession s : sessions) {
            try {
                s.close();
            } catch (JMSException e) {
                if (first == null && transport.isOpen()) {
                    first = e;
                }
            }
        }
        // The broker would delete them when it notices the closed socket; deleting them here means they are gone
        // when close() returns, as the specification has it, not a moment later.
        for (PactumDestination temporary : temporaries) {
            try {
                if (transport.isOpen()) {
                    transport.call(new Commands.DeleteDestination(temporary.toWire()));
                }
            } catch (JMSException e) {
                // the broker deletes it anyway once the connection is gone
            }
        }
        temporaries.clear();
        if (protocolVersion >= Protocol.VERSION_CLOSE_CONNECTION && transport.isOpen()) {
            try {
                transport.call(new Commands.CloseConnection()); // the client ID is free once close() returns
            } catch (JMSException e) {
                // the broker releases it anyway once it notices the closed socket
            }
        }
        closed = true;
        transport.close();
        if (first != null) {
            throw first;
        }
    }

    /** A temporary destination the broker created for this connection. */
    void created(PactumDestination temporary) {
        temporaries.add(temporary);
    }

    private void checkNotInListener(String what) throws IllegalStateException {
        for (PactumSession s : sessions) {
            if (s.isListenerThread()) {
                throw new IllegalStateException("a message listener must not " + what + " its own connection");
            }
        }
    }

    boolean isClosed() {
        return closed || closing;
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
                                                       ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                             ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                              ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName, String messageSelector,
                                                                    ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector, ServerSessionPool sessionPool,
                                                       int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector, ServerSessionPool sessionPool,
                                                       int maxMessages) throws JMSException {
        throw serverSessionPoolsUnsupported();
    }

    /** Connection consumers belong to the optional application-server facilities; Pactum's resource adapter replaces them. */
    private static JMSException serverSessionPoolsUnsupported() {
        return new JMSException("ServerSessionPool connection consumers (optional application server facilities) are not "
                + "provided; use a MessageListener, or the Pactum resource adapter for message-driven beans");
    }

    /**
     * The broker's queues with their depth (waiting messages), in-flight count (delivered, not settled), consumer
     * count, and (from brokers of protocol version 3 on) paged messages and bytes. Not part of Jakarta Messaging; used by {@code pactum queues} and management tools.
     */
    public List<Commands.QueueInfo> listQueues() throws JMSException {
        checkOpen();
        Command answer = transport.call(new Commands.ListQueues());
        return answer instanceof Commands.QueueStats stats ? stats.queues() : ((Commands.QueueList) answer).queues();
    }

    /**
     * Every XA branch the broker knows (active, prepared, heuristically completed) with its state, age and what it
     * holds. Administration, not Jakarta Messaging; used by {@code pactum tx list}.
     */
    public List<XaCommands.BranchInfo> listTransactions() throws JMSException {
        checkOpen();
        return ((XaCommands.XaBranchList) transport.call(new XaCommands.XaList())).branches();
    }

    /**
     * An administrator's heuristic decision on a prepared branch: commit or roll back now, without the transaction
     * manager. The broker records it and reports it to the manager (XA_HEURCOM / XA_HEURRB) until forgotten.
     */
    public void decideTransaction(WireXid xid, boolean commit) throws JMSException {
        checkOpen();
        transport.call(new XaCommands.XaHeuristic(xid, commit));
    }

    /** Drops the broker's record of a heuristically completed branch, as {@code XAResource.forget} does. */
    public void forgetTransaction(WireXid xid) throws JMSException {
        checkOpen();
        transport.call(new XaCommands.XaForget(xid));
    }

    @Override
    public void deleteTemporary(PactumDestination destination) throws JMSException {
        checkOpen();
        transport.call(new Commands.DeleteDestination(destination.toWire()));
        temporaries.remove(destination);
    }

    // Transport.Listener, on the I/O thread

    @Override
    public void onDeliver(Commands.Deliver delivery) {
        PactumMessageConsumer c = consumers.get(delivery.consumerId());
        if (c != null) {
            c.onDeliver(delivery);
        }
    }

    @Override
    public void onClosed(JMSException reason) {
        consumers.values().forEach(c -> c.connectionLost(reason));
        if (closing || closed) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "connection to {0} lost: {1}", url.display(), reason.getMessage());
        ExceptionListener l = exceptionListener;
        if (l != null) {
            Thread t = new Thread(() -> l.onException(reason), "pactum-exception-listener");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + url.display() + (clientId != null ? ", clientID=" + clientId : "") + "]";
    }
}
