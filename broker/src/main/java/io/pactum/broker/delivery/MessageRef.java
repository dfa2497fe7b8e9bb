package io.pactum.broker.delivery;

import io.pactum.broker.selector.SelectorContext;
import io.pactum.protocol.WireMessage;

/**
 * One message held by one queue. The encoded bytes are shared by every queue the message was routed to; the
 * delivery count is per queue. {@code deliveryCount} counts deliveries the application may have seen (consumed and
 * then returned, or in flight at a crash), so the next delivery carries {@code JMSXDeliveryCount = deliveryCount + 1}.
 */
public final class MessageRef {
    private final long id;
    private final byte[] data;
    private final WireMessage.Header header;
    private int deliveryCount;
    /** Decoded on first selector evaluation only; most messages never need it. */
    private volatile WireMessage decoded;

    public MessageRef(long id, byte[] data, WireMessage.Header header, int deliveryCount) {
        this.id = id;
        this.data = data;
        this.header = header;
        this.deliveryCount = deliveryCount;
    }

    public long id() {
        return id;
    }

    public byte[] data() {
        return data;
    }

    public WireMessage.Header header() {
        return header;
    }

    public boolean persistent() {
        return header.persistent();
    }

    public int priority() {
        return header.priority();
    }

    public boolean expired(long now) {
        return header.expiration() != 0 && header.expiration() <= now;
    }

    /** Guarded by the owning queue's lock. */
    public int deliveryCount() {
        return deliveryCount;
    }

    void incrementDeliveryCount() {
        deliveryCount++;
    }

    /** What a selector sees of this message; its JMSXDeliveryCount is that of the next delivery. */
    public SelectorContext selectorContext() {
        WireMessage w = decoded;
        if (w == null) {
            w = WireMessage.decode(data);
            decoded = w;
        }
        return SelectorContext.of(w, deliveryCount + 1);
    }

    /** A copy for another queue (fan-out), sharing the bytes. */
    public MessageRef copy() {
        return new MessageRef(id, data, header, 0);
    }

    @Override
    public String toString() {
        return "message " + id;
    }
}
