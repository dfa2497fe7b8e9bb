package io.pactum.broker.delivery;

import io.pactum.broker.selector.SelectorContext;
import io.pactum.protocol.WireMessage;

import java.util.function.LongFunction;

/**
 * One message held by one queue. The encoded bytes are shared by every queue the message was routed to; the
 * delivery count is per queue. {@code deliveryCount} counts deliveries the application may have seen (consumed and
 * then returned, or in flight at a crash), so the next delivery carries {@code JMSXDeliveryCount = deliveryCount + 1}.
 *
 * <p>A message whose body is in the journal may be <em>paged</em>: the reference keeps the few header fields that
 * order, schedule and expire it (as primitives: a paged message costs only this object and its place in a queue) and
 * drops the body, which {@link #data()} then reads back from the journal. Its queue decides when ({@link Queue});
 * residence and the budget charge are guarded by the owning queue's lock.
 */
public final class MessageRef {
    /** Heap a resident message costs beyond its bytes: this object and its place in a queue. */
    private static final int OVERHEAD = 128;

    private final long id;
    private final int size;
    private final byte priority;
    private final boolean persistent;
    private final long expiration;
    private final long deliveryTime;
    /** Null while paged. Volatile: deliveries and browsers read it outside the queue's lock. */
    private volatile byte[] data;
    /** Where a paged body is read back from. */
    private volatile LongFunction<byte[]> journal;
    private int deliveryCount;
    /** Whether the queue charged this message's body to the memory budget. */
    boolean charged;
    /**
     * Whether the journal holds this message under its queue (so the queue may page it, and its acknowledgement
     * must be journaled). Set before the message joins its queue; read under the queue's lock.
     */
    private volatile boolean stored;
    /** Decoded on first selector evaluation only; most messages never need it. */
    private volatile WireMessage decoded;

    public MessageRef(long id, byte[] data, WireMessage.Header header, int deliveryCount) {
        this.id = id;
        this.data = data;
        this.size = data.length;
        this.priority = (byte) header.priority();
        this.persistent = header.persistent();
        this.expiration = header.expiration();
        this.deliveryTime = header.deliveryTime();
        this.deliveryCount = deliveryCount;
    }

    /** {@code data} null: shares {@code of}'s body and journal; otherwise resident with {@code data}. */
    private MessageRef(MessageRef of, byte[] data, int deliveryCount) {
        this.id = of.id;
        this.size = of.size;
        this.priority = of.priority;
        this.persistent = of.persistent;
        this.expiration = of.expiration;
        this.deliveryTime = of.deliveryTime;
        this.data = data != null ? data : of.data;
        this.journal = data != null ? null : of.journal;
        this.deliveryCount = deliveryCount;
    }

    public long id() {
        return id;
    }

    /** The encoded message: the resident bytes, or read from the journal if paged (not kept). */
    public byte[] data() {
        byte[] d = dataIfStored();
        if (d == null) {
            throw new IllegalStateException("message " + id + " is paged out but no longer in the journal");
        }
        return d;
    }

    /**
     * Like {@link #data()}, but null instead of an exception when a paged message has left the journal meanwhile
     * (a browser looking at a message another consumer just acknowledged).
     */
    public byte[] dataIfStored() {
        byte[] d = data;
        return d != null ? d : journal.apply(id);
    }

    /** See {@link #stored}. */
    public boolean stored() {
        return stored;
    }

    /** The journal holds this message under its queue: set by whoever wrote it there, before it joins the queue. */
    public void markStored() {
        this.stored = true;
    }

    /** Whether the body is in memory. */
    public boolean resident() {
        return data != null;
    }

    /** Bytes of the encoded message. */
    public int size() {
        return size;
    }

    /** What holding this message in memory costs, as charged to the {@link MemoryBudget}. */
    long memorySize() {
        return (long) size + OVERHEAD;
    }

    /** Drops the body; {@link #data()} reads it from {@code journal} from now on. */
    void page(LongFunction<byte[]> journal) {
        this.journal = journal;
        this.data = null;
        this.decoded = null;
    }

    /** Keeps a body read back from the journal. */
    void load(byte[] body) {
        this.data = body;
    }

    public boolean persistent() {
        return persistent;
    }

    public int priority() {
        return priority;
    }

    /** JMSDeliveryTime: not to be delivered before (0 or a past time: at once). */
    public long deliveryTime() {
        return deliveryTime;
    }

    public boolean expired(long now) {
        return expiration != 0 && expiration <= now;
    }

    /** Guarded by the owning queue's lock. */
    public int deliveryCount() {
        return deliveryCount;
    }

    void incrementDeliveryCount() {
        deliveryCount++;
    }

    /**
     * What a selector sees of this message; its JMSXDeliveryCount is that of the next delivery. The decoded form is
     * kept only while the body is resident, so evaluating selectors over a paged backlog does not fill the heap.
     */
    public SelectorContext selectorContext() {
        WireMessage w = decoded;
        if (w == null) {
            byte[] d = data;
            w = WireMessage.decode(d != null ? d : data());
            if (d != null) {
                decoded = w;
            }
        }
        return SelectorContext.of(w, deliveryCount + 1);
    }

    /** A copy for another queue (fan-out), sharing the bytes (or, if paged, the journal's copy). */
    public MessageRef copy() {
        return new MessageRef(this, null, 0);
    }

    /**
     * The same message (id, header) as a new, resident reference holding {@code data} with this one's delivery count:
     * for a move to another queue.
     */
    public MessageRef movedWith(byte[] data) {
        if (data.length != size) {
            throw new IllegalArgumentException("message " + id + " moved with a different body");
        }
        return new MessageRef(this, data, deliveryCount);
    }

    @Override
    public String toString() {
        return "message " + id;
    }
}
