package io.pactum.broker.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.pactum.broker.delivery.Delivery;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.delivery.Queue;
import io.pactum.broker.delivery.Subscriber;
import io.pactum.broker.selector.Selector;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Frame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer on the broker side: takes messages from its queue while it has credit, records each as outstanding in
 * its session, and pushes it to the client. It takes nothing while its connection is stopped ({@link DeliveryGate}).
 * {@code paused} holds dispatch while the session is being rolled back or recovered, so no delivery can slip in
 * between the return of old deliveries and the client's reset.
 */
final class ServerConsumer implements Subscriber {
    final long id;
    final ServerSession session;
    final Queue queue;
    final int prefetch;
    private final Selector selector;
    /** Runs when the consumer closes: unbinds a topic subscription's queue. */
    final Runnable onClose;
    private final Channel channel;
    private final DeliveryGate gate;
    private final AtomicLong deliveryIds;
    private final AtomicInteger credit;
    private volatile boolean paused;
    private volatile boolean closed;

    ServerConsumer(long id, ServerSession session, Queue queue, Selector selector, int prefetch, Channel channel,
                   DeliveryGate gate, AtomicLong deliveryIds, Runnable onClose) {
        this.id = id;
        this.session = session;
        this.queue = queue;
        this.selector = selector;
        this.prefetch = prefetch;
        this.channel = channel;
        this.gate = gate;
        this.deliveryIds = deliveryIds;
        this.credit = new AtomicInteger(prefetch);
        this.onClose = onClose;
    }

    @Override
    public boolean ready() {
        return gate.isOpen() && !paused && !closed && credit.get() > 0;
    }

    @Override
    public boolean selective() {
        return !selector.matchesAll();
    }

    @Override
    public boolean accepts(MessageRef ref) {
        return selector.matches(ref.selectorContext());
    }

    @Override
    public void deliver(Queue q, MessageRef ref) {
        credit.decrementAndGet();
        long deliveryId = deliveryIds.incrementAndGet();
        session.outstanding.put(deliveryId, new Delivery(deliveryId, q, ref, this));
        Frame frame = Frame.oneWay(new Commands.Deliver(id, deliveryId, ref.deliveryCount() + 1, ref.data()));
        if (mustQueue()) {
            channel.eventLoop().execute(() -> channel.write(frame, channel.voidPromise()));
        } else {
            channel.write(frame, channel.voidPromise());
        }
    }

    @Override
    public void flush() {
        if (mustQueue()) {
            channel.eventLoop().execute(channel::flush);
        } else {
            channel.flush();
        }
    }

    /**
     * Deliveries must reach the wire in the order the queue handed them out, but the queue dispatches on several
     * threads (the connection's event loop on credit, the journal writer for a confirmed send, the pager). From any
     * other thread Netty queues the write as a task on the event loop; on the event loop it writes at once, and so
     * would overtake a delivery another thread queued a moment before (seen: a credit's worth of messages delivered
     * after the next ones). So on the event loop, while tasks wait there, a delivery joins them, in order (every
     * earlier delivery of this queue was handed out under its monitor, which the caller holds, so it is either
     * written or among those tasks).
     */
    private boolean mustQueue() {
        EventLoop loop = channel.eventLoop();
        return loop.inEventLoop() && loop instanceof SingleThreadEventExecutor e && e.pendingTasks() > 0;
    }

    void addCredit(int n) {
        credit.addAndGet(n);
        queue.dispatch();
    }

    /** Holds dispatch; returns once no dispatch that could still deliver to this consumer is in progress. */
    void pause() {
        paused = true;
        queue.fence();
    }

    /** Resumes after a rollback or recover: the client emptied its buffer, so the credit is a full prefetch again. */
    void resumeWithFullCredit() {
        credit.set(prefetch);
        paused = false;
        queue.dispatch();
    }

    void close() {
        closed = true;
        queue.removeSubscriber(this);
        onClose.run();
    }
}
