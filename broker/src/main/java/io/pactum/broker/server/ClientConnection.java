package io.pactum.broker.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.pactum.broker.BrokerException;
import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.delivery.FullPolicy;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.delivery.Subscription;
import io.pactum.broker.flow.Admission;
import io.pactum.broker.selector.Selector;
import io.pactum.broker.selector.SelectorException;
import io.pactum.broker.store.Journal;
import io.pactum.broker.store.JournalRecord;
import io.pactum.broker.tx.TransactionWork;
import io.pactum.broker.tx.XaBranch;
import io.pactum.broker.tx.XaException;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Destination;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.Frame;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.Protocol;
import io.pactum.protocol.WireMessage;
import io.pactum.protocol.XaCommands;

import javax.transaction.xa.XAException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongPredicate;

/**
 * One client connection: the first frame must be HELLO; after that each request is handled in order on the
 * connection's event loop and answered exactly once. Work that needs the journal completes on the journal thread,
 * which then makes the work visible and writes the response. A frame that breaks the protocol closes this
 * connection only, with a DISCONNECT naming the cause.
 */
final class ClientConnection extends SimpleChannelInboundHandler<Frame> {
    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final BrokerContext broker;
    private final AtomicLong deliveryIds = new AtomicLong();
    /** Open between the client's Connection.start() and stop(): its consumers are pushed messages only then. */
    private final DeliveryGate gate = new DeliveryGate();
    private final Map<Integer, ServerSession> sessions = new HashMap<>();
    private final Map<Long, ServerConsumer> consumers = new HashMap<>();
    private final Map<Long, Iterator<MessageRef>> browsers = new HashMap<>();
    private final Set<String> temporaryQueues = new HashSet<>();
    private final Set<String> temporaryTopics = new HashSet<>();
    private Channel channel;
    private JournalBackpressure backpressure;
    /** Frames waiting behind a send that a full queue blocks. */
    private HeldFrames held;
    private boolean retryScheduled;
    /** While a held frame is tried again: it (when it arrived, whether abandoned), else null. Event loop only. */
    private HeldFrames.Held retrying;
    /** Identifies this connection as the origin of messages, for noLocal subscriptions. */
    private String connectionId;
    private boolean greeted;
    /** Between HELLO and its answer, while the login threads check the credentials. */
    private boolean loggingIn;
    /** The protocol version agreed in HELLO. */
    private int version;
    private String clientId;
    /** The authenticated user (or the anonymous one); authorization will check it. */
    private String user;

    ClientConnection(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ReadPause reads = new ReadPause(channel);
        backpressure = new JournalBackpressure(reads);
        held = new HeldFrames(reads);
        connectionId = channel.id().asLongText();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        Command command = frame.command();
        if (loggingIn) {
            held.hold(frame); // tried once the greeting is done
            return;
        }
        if (!greeted && !(command instanceof Commands.Hello)) {
            disconnect(ErrorCode.PROTOCOL, "first frame must be HELLO, got " + command.type());
            return;
        }
        if (held.mustWait(frame)) {
            if (command instanceof Commands.CloseSession c) {
                held.abandon(c.sessionId());
            }
            held.hold(frame);
            scheduleRetry();
            return;
        }
        process(frame, null);
    }

    /** Handles a frame; {@code retried}: the held frame it is, when a held frame is tried again. */
    private void process(Frame frame, HeldFrames.Held retried) {
        Command command = frame.command();
        retrying = retried;
        try {
            handle(frame);
        } catch (BrokerException e) {
            respond(frame, new Commands.Error(e.code(), e.detail(), e.getMessage()));
        } catch (MalformedFrameException e) {
            respond(frame, new Commands.Error(ErrorCode.MESSAGE_FORMAT, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "failed to handle " + command.type() + " from " + channel.remoteAddress(), e);
            respond(frame, new Commands.Error(ErrorCode.GENERIC, command.type() + " failed: " + e));
        } finally {
            retrying = null;
        }
    }

    private void scheduleRetry() {
        if (!retryScheduled) {
            retryScheduled = true;
            channel.eventLoop().schedule(this::retryHeld, HeldFrames.RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Tries the held frames again, in order; those that must still wait are held again. */
    private void retryHeld() {
        retryScheduled = false;
        if (!channel.isActive()) {
            return;
        }
        for (HeldFrames.Held h : held.takeAll()) {
            if (held.mustWait(h.frame())) {
                held.hold(h);
            } else {
                process(h.frame(), h);
            }
        }
        held.settle();
        if (!held.isEmpty()) {
            scheduleRetry();
        }
    }

    private void handle(Frame frame) {
        Command command = frame.command();
        switch (command.type()) {
            case HELLO -> {
                Commands.Hello c = (Commands.Hello) command;
                hello(frame, c);
            }
            case SET_CLIENT_ID -> {
                Commands.SetClientId c = (Commands.SetClientId) command;
                setClientId(c.clientId());
                ok(frame);
            }
            case CREATE_SESSION -> {
                Commands.CreateSession c = (Commands.CreateSession) command;
                if (sessions.containsKey(c.sessionId())) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + c.sessionId() + " exists");
                }
                if (c.ackMode() < Commands.SESSION_TRANSACTED || c.ackMode() > Commands.DUPS_OK_ACKNOWLEDGE) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE, "unknown acknowledge mode " + c.ackMode());
                }
                sessions.put(c.sessionId(), new ServerSession(c.sessionId(), c.ackMode()));
                ok(frame);
            }
            case CLOSE_SESSION -> {
                Commands.CloseSession c = (Commands.CloseSession) command;
                ServerSession s = sessions.remove(c.sessionId());
                if (s != null) {
                    closeSession(s);
                }
                ok(frame);
            }
            case CREATE_CONSUMER -> {
                Commands.CreateConsumer c = (Commands.CreateConsumer) command;
                createConsumer(frame, c);
            }
            case CLOSE_CONSUMER -> {
                Commands.CloseConsumer c = (Commands.CloseConsumer) command;
                closeConsumer(c.consumerId(), c.retained());
                ok(frame);
            }
            case SEND -> {
                Commands.Send c = (Commands.Send) command;
                send(frame, c);
            }
            case ACK -> {
                Commands.Ack c = (Commands.Ack) command;
                acknowledge(frame, c);
            }
            case COMMIT -> {
                Commands.Commit c = (Commands.Commit) command;
                commit(frame, c);
            }
            case ROLLBACK -> {
                Commands.Rollback c = (Commands.Rollback) command;
                ServerSession s = session(c.sessionId());
                if (!s.transacted()) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session is not transacted");
                }
                s.transaction.discard();
                s.transaction = new TransactionWork();
                recover(frame, s, c.consumed());
            }
            case RECOVER -> {
                Commands.Recover c = (Commands.Recover) command;
                recover(frame, session(c.sessionId()), c.consumed());
            }
            case START_DELIVERY -> {
                gate.open();
                ok(frame);
                consumers.values().forEach(consumer -> consumer.queue.dispatch());
            }
            case STOP_DELIVERY -> stopDelivery(frame);
            case RELEASE -> {
                Commands.Release c = (Commands.Release) command;
                release(session(c.sessionId()).take(c.deliveryIds()));
                ok(frame);
            }
            case CREDIT -> {
                Commands.Credit c = (Commands.Credit) command;
                ServerConsumer consumer = consumers.get(c.consumerId());
                if (consumer != null && c.credits() > 0) {
                    consumer.addCredit(c.credits());
                }
            }
            case CREATE_BROWSER -> {
                Commands.CreateBrowser c = (Commands.CreateBrowser) command;
                Queue q = queueForBrowsing(c.queue());
                Selector selector = parseSelector(c.selector());
                browsers.put(c.browserId(), q.browse(selector.matchesAll() ? ref -> true
                        : ref -> selector.matches(ref.selectorContext())));
                ok(frame);
            }
            case BROWSE_NEXT -> {
                Commands.BrowseNext c = (Commands.BrowseNext) command;
                browseNext(frame, c);
            }
            case CLOSE_BROWSER -> {
                Commands.CloseBrowser c = (Commands.CloseBrowser) command;
                browsers.remove(c.browserId());
                ok(frame);
            }
            case CREATE_DESTINATION -> {
                Commands.CreateDestination c = (Commands.CreateDestination) command;
                createDestination(c.destination());
                ok(frame);
            }
            case DELETE_DESTINATION -> {
                Commands.DeleteDestination c = (Commands.DeleteDestination) command;
                deleteDestination(c.destination());
                ok(frame);
            }
            case EXPIRED -> {
                Commands.Expired c = (Commands.Expired) command;
                ServerSession s = session(c.sessionId());
                for (Delivery d : s.take(c.deliveryIds())) {
                    d.queue().expiredInFlight(d.ref());
                }
                ok(frame);
            }
            case UNSUBSCRIBE -> {
                broker.destinations.unsubscribe(((Commands.Unsubscribe) command).name(), clientId);
                ok(frame);
            }
            case XA_START -> {
                XaCommands.XaStart c = (XaCommands.XaStart) command;
                ServerSession s = session(c.sessionId());
                if (s.transacted()) {
                    throw new XaException(XAException.XAER_PROTO, "a locally transacted session cannot join an XA branch");
                }
                if (s.branch != null) {
                    throw new XaException(XAException.XAER_PROTO, "the session is already associated with " + s.branch);
                }
                s.branch = broker.xa.start(s, this, c.xid(), c.flags(), c.timeoutSeconds());
                ok(frame);
            }
            case XA_END -> {
                XaCommands.XaEnd c = (XaCommands.XaEnd) command;
                ServerSession s = session(c.sessionId());
                try {
                    broker.xa.end(s, c.xid(), c.flags());
                    if (s.branch != null && s.branch.xid().equals(c.xid())) {
                        s.branch = null;
                    }
                } catch (XaException e) {
                    if (e.rolledBack()) {
                        s.branch = null;
                    }
                    throw e;
                }
                ok(frame);
            }
            case XA_PREPARE -> reply(frame, broker.xa.prepare(this, ((XaCommands.XaPrepare) command).xid()), XaCommands.XaVote::new);
            case XA_COMMIT -> {
                XaCommands.XaCommit c = (XaCommands.XaCommit) command;
                reply(frame, broker.xa.commit(this, c.xid(), c.onePhase()), v -> new Commands.Ok());
            }
            case XA_ROLLBACK -> reply(frame, broker.xa.rollback(((XaCommands.XaRollback) command).xid()), v -> new Commands.Ok());
            case XA_FORGET -> reply(frame, broker.xa.forget(((XaCommands.XaForget) command).xid()), v -> new Commands.Ok());
            case XA_RECOVER -> respond(frame, new XaCommands.XaXids(broker.xa.recover()));
            case XA_LIST -> respond(frame, new XaCommands.XaBranchList(broker.xa.list()));
            case XA_HEURISTIC -> {
                XaCommands.XaHeuristic c = (XaCommands.XaHeuristic) command;
                reply(frame, broker.xa.decide(c.xid(), c.commit()), v -> new Commands.Ok());
            }
            case PING -> ok(frame);
            case CLOSE_CONNECTION -> {
                broker.releaseClientId(clientId);
                clientId = null; // free for the next connection: this one's end must not release it again
                ok(frame);
            }
            case LIST_QUEUES -> {
                Commands.ListQueues c = (Commands.ListQueues) command;
                List<Commands.QueueInfo> infos = new ArrayList<>();
                for (Queue q : broker.destinations.everyQueue()) {
                    infos.add(new Commands.QueueInfo(q.name(), q.depth(), q.inFlight(), q.subscriberCount(), q.paged(),
                            q.bytes(), q.limits().describe(), q.droppedCount()));
                }
                infos.sort((a, b) -> a.name().compareTo(b.name()));
                respond(frame, version >= Protocol.VERSION_QUEUE_STATS
                        ? new Commands.QueueStats(infos) : new Commands.QueueList(infos));
            }
            default -> disconnect(ErrorCode.PROTOCOL, "a client may not send " + frame.command().type());
        }
    }

    /** Answers when {@code result} completes: its value as {@code toResponse} says, or the error it failed with. */
    private <T> void reply(Frame frame, CompletableFuture<T> result, Function<T, Command> toResponse) {
        result.whenComplete((value, error) -> {
            if (error == null) {
                respond(frame, toResponse.apply(value));
                return;
            }
            Throwable cause = Journal.causeOf(error);
            if (cause instanceof BrokerException b) {
                respond(frame, new Commands.Error(b.code(), b.detail(), b.getMessage()));
            } else {
                LOG.log(System.Logger.Level.ERROR, frame.command().type() + " failed", cause);
                respond(frame, new Commands.Error(ErrorCode.GENERIC, frame.command().type() + " failed: " + cause));
            }
        });
    }

    /**
     * Checks the credentials on the broker's login threads: a password hash takes a good part of a second by design,
     * which on the event loop would stall every connection it serves. Frames a client sends before the answer wait
     * in {@link #held} until the greeting is done.
     */
    private void hello(Frame frame, Commands.Hello c) {
        if (greeted || loggingIn) {
            disconnect(ErrorCode.PROTOCOL, "HELLO sent twice");
            return;
        }
        if (c.version() < Protocol.MIN_VERSION) {
            respondAndClose(frame, new Commands.Error(ErrorCode.UNSUPPORTED_VERSION, "protocol version " + c.version()
                    + " is not supported; this broker speaks " + Protocol.MIN_VERSION + ".." + Protocol.VERSION));
            return;
        }
        loggingIn = true;
        Object remote = channel.remoteAddress();
        CompletableFuture.supplyAsync(() -> broker.authenticator.authenticate(c.user(), c.password(), remote),
                broker.logins).whenComplete((u, error) -> channel.eventLoop().execute(() -> greet(frame, c, u, error)));
    }

    /** On the event loop, once the credentials are checked: greets the client (or refuses it), then held frames. */
    private void greet(Frame frame, Commands.Hello c, String authenticated, Throwable error) {
        loggingIn = false;
        if (!channel.isActive()) {
            return;
        }
        Throwable cause = Journal.causeOf(error);
        if (cause != null) {
            BrokerException refused = cause instanceof BrokerException b ? b
                    : new BrokerException(ErrorCode.SECURITY, "authentication failed: " + cause);
            respondAndClose(frame, new Commands.Error(refused.code(), refused.getMessage()));
            return;
        }
        try {
            if (c.clientId() != null) {
                setClientId(c.clientId());
            }
        } catch (BrokerException e) {
            respond(frame, new Commands.Error(e.code(), e.detail(), e.getMessage()));
            return;
        }
        user = authenticated;
        greeted = true;
        version = Math.min(c.version(), Protocol.VERSION);
        if (version < Protocol.VERSION_DELIVERY_GATE) {
            gate.open(); // such a client never sends START_DELIVERY
        }
        respond(frame, new Commands.HelloOk(version, broker.brokerId, Protocol.PRODUCT_VERSION,
                broker.config.maxFrameSize, broker.config.heartbeatMillis));
        if (!held.isEmpty()) {
            retryHeld();
        }
    }

    private void setClientId(String id) {
        if (id == null || id.isEmpty()) {
            throw new BrokerException(ErrorCode.INVALID_CLIENT_ID, "client ID must not be empty");
        }
        if (clientId != null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "client ID is already set to '" + clientId + "'");
        }
        if (!broker.claimClientId(id)) {
            throw new BrokerException(ErrorCode.INVALID_CLIENT_ID, "client ID '" + id + "' is in use by another connection");
        }
        clientId = id;
    }

    private void createConsumer(Frame frame, Commands.CreateConsumer c) {
        ServerSession s = session(c.sessionId());
        if (consumers.containsKey(c.consumerId())) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "consumer " + c.consumerId() + " exists");
        }
        if (c.credit() <= 0) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "consumer credit must be positive");
        }
        Selector selector = parseSelector(c.selector());
        Destination d = c.destination();
        Queue queue;
        Runnable onClose = () -> { };
        switch (d.kind()) {
            case QUEUE -> queue = broker.destinations.queue(d.name());
            case TEMP_QUEUE -> {
                if (!temporaryQueues.contains(d.name())) {
                    throw new BrokerException(ErrorCode.INVALID_DESTINATION,
                            "only the connection that created temporary queue " + d.name() + " may consume from it");
                }
                queue = broker.destinations.temporaryQueue(d.name());
            }
            default -> {
                if (d.kind() == Destination.Kind.TEMP_TOPIC && !temporaryTopics.contains(d.name())) {
                    throw new BrokerException(ErrorCode.INVALID_DESTINATION,
                            "only the connection that created temporary topic " + d.name() + " may consume from it");
                }
                Subscription.Kind kind = Subscription.Kind.of(c.subscriptionKind());
                if (kind.durable() && d.kind() == Destination.Kind.TEMP_TOPIC) {
                    // a durable subscription outlives its connection; a temporary topic does not (createDurableConsumer)
                    throw new BrokerException(ErrorCode.INVALID_DESTINATION,
                            "a durable subscription needs a non-temporary topic, not " + d.name());
                }
                if (kind != Subscription.Kind.NON_DURABLE && (c.subscriptionName() == null || c.subscriptionName().isEmpty())) {
                    throw new BrokerException(ErrorCode.ILLEGAL_STATE, kind + " subscription needs a name");
                }
                Subscription sub = broker.destinations.openSubscription(kind, c.subscriptionName(), clientId, d.name(),
                        blankToNull(c.selector()), c.noLocal(), connectionId);
                queue = sub.queue();
                selector = Selector.ALL; // the subscription selects when messages are routed to it
                onClose = () -> broker.destinations.closeSubscriber(sub);
            }
        }
        ServerConsumer consumer = new ServerConsumer(c.consumerId(), s, queue, selector, c.credit(), channel, gate,
                deliveryIds, onClose);
        consumers.put(c.consumerId(), consumer);
        s.consumers.put(c.consumerId(), consumer);
        ok(frame);
        queue.addSubscriber(consumer);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A selector is checked when the consumer or browser is created, so a bad one fails there. */
    private static Selector parseSelector(String selector) {
        try {
            return Selector.parse(selector);
        } catch (SelectorException e) {
            throw new BrokerException(ErrorCode.INVALID_SELECTOR, e.getMessage(), e);
        }
    }

    /** Deliveries of the consumer go back unchanged, except those the application consumed ({@code retained}). */
    private void closeConsumer(long consumerId, long[] retained) {
        ServerConsumer consumer = consumers.remove(consumerId);
        if (consumer == null) {
            return;
        }
        consumer.session.consumers.remove(consumerId);
        consumer.close();
        Set<Long> keep = idSet(retained);
        List<Delivery> unseen = new ArrayList<>();
        for (Delivery d : consumer.session.outstanding.values()) {
            if (d.consumer() == consumer && !keep.contains(d.deliveryId())) {
                unseen.add(d);
            }
        }
        unseen.forEach(d -> consumer.session.outstanding.remove(d.deliveryId()));
        returnDeliveries(unseen, id -> false);
    }

    private void closeSession(ServerSession s) {
        for (ServerConsumer consumer : new ArrayList<>(s.consumers.values())) {
            consumers.remove(consumer.id);
            consumer.close();
        }
        s.transaction.discard();
        broker.xa.detach(s);
        s.branch = null;
        // What is still held was consumed by the application (the client closes its consumers first, keeping
        // only consumed deliveries) or, on connection loss, may have been: either way it may have been seen.
        returnDeliveries(s.takeAll(), id -> true);
    }

    private void send(Frame frame, Commands.Send c) {
        ServerSession s = session(c.sessionId());
        XaBranch branch = s.branch;
        try {
            send(frame, c, s);
        } catch (RuntimeException e) {
            if (branch != null) {
                // the client does not wait for a branch's send answers: the branch must not commit without this one
                broker.xa.rollbackOnly(branch, "a send of the branch failed: " + e.getMessage());
            }
            throw e;
        }
    }

    private void send(Frame frame, Commands.Send c, ServerSession s) {
        WireMessage.Header header = WireMessage.Header.peek(c.message());
        if (header.destination() == null) {
            throw new BrokerException(ErrorCode.INVALID_DESTINATION, "message has no destination");
        }
        MessageRef ref = new MessageRef(broker.nextMessageId(), c.message(), header, 0);
        List<Queue> routed = broker.destinations.route(header.destination(), connectionId, clientId, ref);
        Admission.Verdict verdict = broker.admission.admit(routed, ref);
        if (verdict instanceof Admission.Refused refused) {
            refused(frame, refused);
            return;
        }
        List<Queue> queues = ((Admission.Admitted) verdict).queues();
        if (s.branch != null) {
            try {
                broker.xa.enqueue(s.branch, queues, ref);
            } catch (RuntimeException e) {
                queues.forEach(q -> q.unreserve(ref.size()));
                throw e;
            }
            ok(frame);
            return;
        }
        if (s.transacted()) {
            s.transaction.enqueue(queues, ref);
            ok(frame);
            return;
        }
        TransactionWork work = new TransactionWork();
        work.enqueue(queues, ref);
        complete(frame, work);
    }

    /**
     * A send that does not fit: under the block policy it is held (no answer yet) until it fits or its block timeout
     * passes; otherwise, or then, it fails with RESOURCE_ALLOCATION, which the client throws as
     * {@code ResourceAllocationException} (or hands to the {@code CompletionListener}).
     */
    private void refused(Frame frame, Admission.Refused refused) {
        long timeout = refused.limits().blockTimeoutMillis();
        if (refused.limits().fullPolicy() == FullPolicy.BLOCK) {
            HeldFrames.Held h = retrying != null ? retrying : new HeldFrames.Held(frame, System.nanoTime(), false);
            if (!h.abandoned() && System.nanoTime() - h.arrivedNanos() < TimeUnit.MILLISECONDS.toNanos(timeout)) {
                held.hold(h);
                scheduleRetry();
                return;
            }
            LOG.log(System.Logger.Level.INFO, "a send from {0} gave up waiting for room: {1}", channel.remoteAddress(),
                    refused.reason());
            throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, refused.reason() + (h.abandoned()
                    ? "; its session was closed while the send waited for room"
                    : "; the send waited " + timeout + " ms for room (block-timeout)"));
        }
        throw new BrokerException(ErrorCode.RESOURCE_ALLOCATION, refused.reason() + ", and its full-policy is "
                + refused.limits().fullPolicy());
    }

    private void acknowledge(Frame frame, Commands.Ack c) {
        ServerSession s = session(c.sessionId());
        if (s.transacted()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "a transacted session acknowledges by commit");
        }
        if (s.branch != null) {
            broker.xa.acknowledge(s.branch, s.take(c.deliveryIds()));
            ok(frame);
            return;
        }
        TransactionWork work = new TransactionWork();
        s.take(c.deliveryIds()).forEach(work::acknowledge);
        if (s.ackMode == Commands.AUTO_ACKNOWLEDGE || s.ackMode == Commands.DUPS_OK_ACKNOWLEDGE) {
            // The client does not wait for these: the specification lets a message whose acknowledgement was not yet
            // on disk at a crash come again, marked redelivered. So they share the next sync instead of forcing one.
            List<JournalRecord> records = work.records();
            work.apply();
            ok(frame);
            if (!records.isEmpty()) {
                broker.journal.writeLazily(records);
            }
            return;
        }
        complete(frame, work);
    }

    private void commit(Frame frame, Commands.Commit c) {
        ServerSession s = session(c.sessionId());
        if (!s.transacted()) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session is not transacted");
        }
        TransactionWork work = s.transaction;
        s.transaction = new TransactionWork();
        s.take(c.consumed()).forEach(work::acknowledge);
        complete(frame, work);
    }

    /**
     * Makes {@code work} durable, then visible, then answers. Non-persistent work needs no journal write and is
     * applied at once. If the journal fails, the work is undone and the client told why.
     */
    private void complete(Frame frame, TransactionWork work) {
        List<JournalRecord> records = work.records();
        if (records.isEmpty()) {
            work.apply();
            ok(frame);
            return;
        }
        backpressure.started();
        broker.journal.writeInCaller(records).whenComplete((v, error) -> {
            backpressure.finished();
            if (error == null) {
                work.apply();
                ok(frame);
            } else {
                Throwable cause = Journal.causeOf(error);
                LOG.log(System.Logger.Level.ERROR, "journal write failed; " + frame.command().type() + " rejected", cause);
                work.discard();
                ErrorCode code = frame.command() instanceof Commands.Commit
                        ? ErrorCode.TRANSACTION_ROLLED_BACK : ErrorCode.RESOURCE_ALLOCATION;
                respond(frame, new Commands.Error(code, "the broker could not store the change: " + cause.getMessage()));
            }
        });
    }

    /**
     * Rollback or recover: every delivery the session holds returns to its queue, marked redelivered if the
     * application consumed it. The client drops deliveries that arrive before this response, so dispatch to the
     * session is paused until the response has been written: it is written from a task queued behind any delivery
     * another thread already queued for this channel.
     */
    private void recover(Frame frame, ServerSession s, long[] consumed) {
        s.consumers.values().forEach(ServerConsumer::pause);
        returnDeliveries(s.takeAll(), idSet(consumed)::contains);
        channel.eventLoop().execute(() -> {
            ok(frame);
            s.consumers.values().forEach(ServerConsumer::resumeWithFullCredit);
        });
    }

    /**
     * Connection.stop(): no more pushes to this connection. The answer is written from a task queued behind every
     * delivery a dispatching thread already queued for this channel (each queue is fenced first, so none is still
     * being made), so the client has every delivery of its consumers when the answer arrives, and can give back
     * with RELEASE the ones its application never saw.
     */
    private void stopDelivery(Frame frame) {
        gate.close();
        Set<Queue> fenced = new HashSet<>();
        for (ServerConsumer consumer : consumers.values()) {
            if (fenced.add(consumer.queue)) {
                consumer.queue.fence();
            }
        }
        channel.eventLoop().execute(() -> ok(frame));
    }

    /** Prefetched deliveries the application never saw go back unchanged; their consumers get their credit back. */
    private void release(List<Delivery> deliveries) {
        Map<ServerConsumer, Integer> credits = new HashMap<>();
        for (Delivery d : deliveries) {
            if (d.consumer() instanceof ServerConsumer consumer) {
                credits.merge(consumer, 1, Integer::sum);
            }
        }
        returnDeliveries(deliveries, id -> false);
        credits.forEach(ServerConsumer::addCredit);
    }

    private static Set<Long> idSet(long[] ids) {
        Set<Long> set = new HashSet<>(ids.length * 2);
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }

    /** Returns deliveries to their queues; those whose id is {@code consumed} count as a delivery attempt. */
    private void returnDeliveries(List<Delivery> deliveries, LongPredicate consumed) {
        List<JournalRecord> counts = new ArrayList<>();
        Map<Queue, List<MessageRef>> seen = new HashMap<>();
        Map<Queue, List<MessageRef>> unseen = new HashMap<>();
        for (Delivery d : deliveries) {
            boolean wasConsumed = consumed.test(d.deliveryId());
            if (wasConsumed && d.ref().stored()) {
                counts.add(new JournalRecord.UpdateDeliveryCount(d.queue().name(), d.ref().id(), d.ref().deliveryCount() + 1));
            }
            (wasConsumed ? seen : unseen).computeIfAbsent(d.queue(), q -> new ArrayList<>()).add(d.ref());
        }
        if (!counts.isEmpty()) {
            // Not awaited: the count is a hint for after a restart; it is written before any later removal.
            broker.journal.writeLazily(counts);
        }
        seen.forEach((q, refs) -> q.returnedAll(refs, true));
        unseen.forEach((q, refs) -> q.returnedAll(refs, false));
    }

    private Queue queueForBrowsing(Destination d) {
        return switch (d.kind()) {
            case QUEUE -> broker.destinations.queue(d.name());
            case TEMP_QUEUE -> broker.destinations.temporaryQueue(d.name());
            default -> throw new BrokerException(ErrorCode.INVALID_DESTINATION, "only queues can be browsed");
        };
    }

    private void browseNext(Frame frame, Commands.BrowseNext c) {
        Iterator<MessageRef> it = browsers.get(c.browserId());
        if (it == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "browser " + c.browserId() + " is closed");
        }
        List<byte[]> batch = new ArrayList<>();
        long now = System.currentTimeMillis();
        while (it.hasNext() && batch.size() < Math.max(1, c.max())) {
            MessageRef ref = it.next();
            byte[] data = ref.expired(now) ? null : ref.dataIfStored();
            if (data != null) {
                batch.add(data);
            }
        }
        respond(frame, new Commands.BrowseBatch(batch, !it.hasNext()));
    }

    private void createDestination(Destination d) {
        switch (d.kind()) {
            case QUEUE -> broker.destinations.createQueue(d.name());
            case TEMP_QUEUE -> {
                broker.destinations.createTemporaryQueue(d.name());
                temporaryQueues.add(d.name());
            }
            case TEMP_TOPIC -> {
                broker.destinations.createTemporaryTopic(d.name());
                temporaryTopics.add(d.name());
            }
            default -> {
                // topics exist implicitly
            }
        }
    }

    private void deleteDestination(Destination d) {
        if (d.kind() == Destination.Kind.TEMP_QUEUE) {
            if (!temporaryQueues.contains(d.name())) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary queue " + d.name() + " belongs to another connection");
            }
            broker.destinations.deleteTemporaryQueue(d.name());
            temporaryQueues.remove(d.name());
        } else if (d.kind() == Destination.Kind.TEMP_TOPIC) {
            if (!temporaryTopics.contains(d.name())) {
                throw new BrokerException(ErrorCode.ILLEGAL_STATE, "temporary topic " + d.name() + " belongs to another connection");
            }
            broker.destinations.deleteTemporaryTopic(d.name());
            temporaryTopics.remove(d.name());
        }
    }

    private ServerSession session(int id) {
        ServerSession s = sessions.get(id);
        if (s == null) {
            throw new BrokerException(ErrorCode.ILLEGAL_STATE, "session " + id + " is not open");
        }
        return s;
    }

    private void ok(Frame request) {
        respond(request, new Commands.Ok());
    }

    private void respond(Frame request, Command response) {
        if (request.correlationId() != 0) {
            channel.writeAndFlush(new Frame(request.correlationId(), response), channel.voidPromise());
        }
    }

    /** Answers, then closes the connection once the answer is on its way. */
    private void respondAndClose(Frame request, Command response) {
        channel.writeAndFlush(new Frame(request.correlationId(), response)).addListener(ChannelFutureListener.CLOSE);
    }

    private void disconnect(ErrorCode code, String reason) {
        LOG.log(System.Logger.Level.WARNING, "closing connection from {0}: {1}", channel.remoteAddress(), reason);
        channel.writeAndFlush(Frame.oneWay(new Commands.Disconnect(code, reason))).addListener(ChannelFutureListener.CLOSE);
    }

    /** Three heartbeat intervals without a frame: the client is gone (half-open connection); settle what it held. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            LOG.log(System.Logger.Level.WARNING, "closing connection from {0}: nothing received for {1} ms",
                    ctx.channel().remoteAddress(), 3L * broker.config.heartbeatMillis);
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (channel == null) {
            channel = ctx.channel();
        }
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            disconnect(ErrorCode.MESSAGE_TOO_LARGE, "frame exceeds the maximum size of " + broker.config.maxFrameSize
                    + " bytes (" + root.getMessage() + ")");
        } else if (root instanceof MalformedFrameException || cause instanceof DecoderException) {
            disconnect(ErrorCode.PROTOCOL, "malformed frame: " + root.getMessage());
        } else if (root instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, "connection from {0} failed: {1}", channel.remoteAddress(), root.toString());
            ctx.close();
        } else {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure on connection from " + channel.remoteAddress(), cause);
            disconnect(ErrorCode.GENERIC, "internal error: " + root);
        }
    }

    /** Connection gone (closed by either side or lost): settle everything it held. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // first: the branches this connection started roll back before their sessions' associations end, so a
        // completion held for those ends (over another connection) cannot prepare what may lack frames that never came
        broker.xa.connectionLost(this);
        for (ServerSession s : sessions.values()) {
            closeSession(s);
        }
        sessions.clear();
        consumers.clear();
        browsers.clear();
        for (String name : temporaryQueues) {
            try {
                broker.destinations.deleteTemporaryQueue(name);
            } catch (BrokerException e) {
                LOG.log(System.Logger.Level.DEBUG, "temporary queue {0}: {1}", name, e.getMessage());
            }
        }
        temporaryQueues.clear();
        for (String name : temporaryTopics) {
            try {
                broker.destinations.deleteTemporaryTopic(name);
            } catch (BrokerException e) {
                LOG.log(System.Logger.Level.DEBUG, "temporary topic {0}: {1}", name, e.getMessage());
            }
        }
        temporaryTopics.clear();
        broker.releaseClientId(clientId);
        ctx.fireChannelInactive();
    }

}
