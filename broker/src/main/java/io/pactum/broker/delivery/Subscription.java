package io.pactum.broker.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pactum.broker.BrokerException;
import io.pactum.broker.selector.Selector;
import io.pactum.broker.selector.SelectorException;
import io.pactum.protocol.Codec;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.MalformedFrameException;

import java.util.Objects;

/**
 * A topic subscription: the queue that holds its messages plus what decides which messages it gets (topic, selector,
 * noLocal). Durable subscriptions keep their queue in the journal, with {@link #meta()} describing the
 * subscription, so they come back after a restart; non-durable ones live as long as a consumer does.
 */
public final class Subscription {
    /** Matches the wire's subscription kind byte. */
    public enum Kind {
        NON_DURABLE, DURABLE, SHARED, SHARED_DURABLE;

        public boolean durable() {
            return this == DURABLE || this == SHARED_DURABLE;
        }

        public boolean shared() {
            return this == SHARED || this == SHARED_DURABLE;
        }

        public static Kind of(byte wire) {
            if (wire < 0 || wire >= values().length) {
                throw new MalformedFrameException("unknown subscription kind " + wire);
            }
            return values()[wire];
        }
    }

    private static final byte META_VERSION = 1;
    private static final String META_MAGIC = "subscription";

    private final Kind kind;
    private final String name;
    private final String clientId;
    private final String topic;
    private final String selector;
    private final boolean noLocal;
    private final Queue queue;
    private final Selector compiled;
    /** Connection whose own messages a non-durable noLocal subscription skips: the one whose consumer is attached. */
    private volatile String ownerConnection;
    /** Guarded by the owning {@link Destinations}. */
    int consumers;

    Subscription(Kind kind, String name, String clientId, String topic, String selector, boolean noLocal, Queue queue) {
        this.kind = kind;
        this.name = name;
        this.clientId = clientId;
        this.topic = topic;
        this.selector = selector;
        this.noLocal = noLocal;
        this.queue = queue;
        this.compiled = compile(selector);
    }

    /** Parses a selector that was validated when the subscription was created. */
    private static Selector compile(String selector) {
        try {
            return Selector.parse(selector);
        } catch (SelectorException e) {
            throw new BrokerException(ErrorCode.INVALID_SELECTOR, e.getMessage(), e);
        }
    }

    /** The queue name a named subscription is stored under; unique per client ID, kind of sharing and name. */
    static String queueName(Kind kind, String clientId, String name) {
        return (kind.shared() ? "$shared:" : "$sub:") + (clientId == null ? "" : clientId) + ":" + name;
    }

    public Kind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String topic() {
        return topic;
    }

    public String selector() {
        return selector;
    }

    public boolean noLocal() {
        return noLocal;
    }

    public Queue queue() {
        return queue;
    }

    void ownerConnection(String connection) {
        ownerConnection = connection;
    }

    /**
     * Whether a message goes to this subscription: not if the subscription is noLocal and the message is local to
     * it, nor if the selector does not match it.
     */
    boolean accepts(String originConnection, String originClientId, MessageRef ref) {
        if (noLocal && isLocal(originConnection, originClientId)) {
            return false;
        }
        return compiled.matchesAll() || compiled.matches(ref.selectorContext());
    }

    /**
     * Local to a durable subscription is what any connection with its client ID publishes, whether a consumer is
     * attached or not (Session.createDurableConsumer); local to a non-durable one, what its consumer's connection
     * publishes.
     */
    private boolean isLocal(String originConnection, String originClientId) {
        if (kind.durable() && clientId != null) {
            return clientId.equals(originClientId);
        }
        return originConnection != null && originConnection.equals(ownerConnection);
    }

    boolean sameDefinition(String topic, String selector, boolean noLocal) {
        return this.topic.equals(topic) && Objects.equals(this.selector, selector) && this.noLocal == noLocal;
    }

    byte[] meta() {
        ByteBuf out = Unpooled.buffer();
        Codec.writeString(out, META_MAGIC);
        out.writeByte(META_VERSION).writeByte(kind.ordinal());
        Codec.writeString(out, name);
        Codec.writeString(out, clientId);
        Codec.writeString(out, topic);
        Codec.writeString(out, selector);
        out.writeBoolean(noLocal);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    /** The subscription a queue's journal meta describes, or null for a plain queue. */
    /** {@code queueFor}: the queue for a subscription's queue name and topic. */
    static Subscription fromMeta(byte[] meta, java.util.function.BiFunction<String, String, Queue> queueFor) {
        if (meta == null || meta.length < 5) {
            return null;
        }
        ByteBuf in = Unpooled.wrappedBuffer(meta);
        int len = in.getInt(0);
        if (len != META_MAGIC.length()) {
            return null;
        }
        if (!META_MAGIC.equals(Codec.readString(in)) || in.readByte() != META_VERSION) {
            return null;
        }
        Kind kind = Kind.of(in.readByte());
        String name = Codec.readString(in);
        String clientId = Codec.readString(in);
        String topic = Codec.readString(in);
        String selector = Codec.readString(in);
        boolean noLocal = in.readBoolean();
        return new Subscription(kind, name, clientId, topic, selector, noLocal, queueFor.apply(queueName(kind, clientId, name), topic));
    }

    @Override
    public String toString() {
        return kind + " subscription " + (name != null ? "'" + name + "' " : "") + "on topic " + topic;
    }
}
