package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Every command of the Pactum protocol, one record each. Session ids are chosen by the client and unique within a
 * connection; consumer, browser and delivery ids are unique within a connection too (consumer and browser ids are
 * chosen by the client, delivery ids by the broker).
 */
public final class Commands {
    private Commands() {
    }

    /** The acknowledgement mode of a session as the wire knows it; values match {@code jakarta.jms.Session}. */
    public static final int SESSION_TRANSACTED = 0, AUTO_ACKNOWLEDGE = 1, CLIENT_ACKNOWLEDGE = 2, DUPS_OK_ACKNOWLEDGE = 3;

    /** First frame of a connection: negotiates the version and authenticates. Answered by {@link HelloOk}. */
    public record Hello(int version, String clientId, String user, String password) implements Command {
        public CommandType type() {
            return CommandType.HELLO;
        }

        public void encode(ByteBuf out) {
            out.writeInt(version);
            Codec.writeString(out, clientId);
            Codec.writeString(out, user);
            Codec.writeString(out, password);
        }

        static Hello decode(ByteBuf in) {
            return new Hello(in.readInt(), Codec.readString(in), Codec.readString(in), Codec.readString(in));
        }
    }

    /**
     * The negotiated version, the broker's persistent identity, the largest frame it accepts, and the heartbeat
     * interval: a client sends something (a PING if nothing else) at least this often and treats the connection as
     * lost after three intervals without a frame from the broker; the broker closes a connection silent for three
     * intervals. 0 disables heartbeats.
     */
    public record HelloOk(int version, String brokerId, String brokerVersion, int maxFrameSize, int heartbeatMillis)
            implements Command {
        public CommandType type() {
            return CommandType.HELLO_OK;
        }

        public void encode(ByteBuf out) {
            out.writeInt(version);
            Codec.writeString(out, brokerId);
            Codec.writeString(out, brokerVersion);
            out.writeInt(maxFrameSize).writeInt(heartbeatMillis);
        }

        static HelloOk decode(ByteBuf in) {
            return new HelloOk(in.readInt(), Codec.readString(in), Codec.readString(in), in.readInt(), in.readInt());
        }
    }

    public record SetClientId(String clientId) implements Command {
        public CommandType type() {
            return CommandType.SET_CLIENT_ID;
        }

        public void encode(ByteBuf out) {
            Codec.writeString(out, clientId);
        }

        static SetClientId decode(ByteBuf in) {
            return new SetClientId(Codec.readString(in));
        }
    }

    public record CreateSession(int sessionId, int ackMode) implements Command {
        public CommandType type() {
            return CommandType.CREATE_SESSION;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId).writeInt(ackMode);
        }

        static CreateSession decode(ByteBuf in) {
            return new CreateSession(in.readInt(), in.readInt());
        }
    }

    /** Closes a session: its open transaction rolls back and every message it still holds returns to its queue. */
    public record CloseSession(int sessionId) implements SessionCommand {
        public CommandType type() {
            return CommandType.CLOSE_SESSION;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
        }

        static CloseSession decode(ByteBuf in) {
            return new CloseSession(in.readInt());
        }
    }

    /**
     * Opens a consumer with an initial credit of {@code credit} messages. {@code subscriptionName} and
     * {@code subscriptionKind} are for topic subscriptions (0 non-durable, 1 durable, 2 shared, 3 shared durable).
     */
    public record CreateConsumer(int sessionId, long consumerId, Destination destination, String selector,
                                 boolean noLocal, String subscriptionName, byte subscriptionKind,
                                 int credit) implements SessionCommand {
        public CommandType type() {
            return CommandType.CREATE_CONSUMER;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId).writeLong(consumerId);
            Destination.write(out, destination);
            Codec.writeString(out, selector);
            out.writeBoolean(noLocal);
            Codec.writeString(out, subscriptionName);
            out.writeByte(subscriptionKind);
            out.writeInt(credit);
        }

        static CreateConsumer decode(ByteBuf in) {
            return new CreateConsumer(in.readInt(), in.readLong(), Destination.read(in), Codec.readString(in),
                    in.readBoolean(), Codec.readString(in), in.readByte(), in.readInt());
        }
    }

    /**
     * Closes a consumer. Deliveries it received are returned to their queue unchanged, except {@code retained}: those
     * the application consumed but has not acknowledged yet, which stay with the session until it acknowledges,
     * commits, rolls back, recovers or closes.
     */
    public record CloseConsumer(long consumerId, long[] retained) implements Command {
        public CommandType type() {
            return CommandType.CLOSE_CONSUMER;
        }

        public void encode(ByteBuf out) {
            out.writeLong(consumerId);
            Codec.writeLongs(out, retained);
        }

        static CloseConsumer decode(ByteBuf in) {
            return new CloseConsumer(in.readLong(), Codec.readLongs(in));
        }
    }

    /** Sends one encoded {@link WireMessage}. In a transacted session it joins the session's transaction. */
    public record Send(int sessionId, byte[] message) implements SessionCommand {
        public CommandType type() {
            return CommandType.SEND;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeBytes(out, message);
        }

        static Send decode(ByteBuf in) {
            int sessionId = in.readInt();
            byte[] message = Codec.readBytes(in);
            if (message == null) {
                throw new MalformedFrameException("send without a message");
            }
            return new Send(sessionId, message);
        }
    }

    /** Acknowledges deliveries of a non-transacted session. The response is sent once the acknowledgement is durable. */
    public record Ack(int sessionId, long[] deliveryIds) implements SessionCommand {
        public CommandType type() {
            return CommandType.ACK;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, deliveryIds);
        }

        static Ack decode(ByteBuf in) {
            return new Ack(in.readInt(), Codec.readLongs(in));
        }
    }

    /** Commits a transacted session: its sends and the acknowledgement of {@code consumed}, atomically. */
    public record Commit(int sessionId, long[] consumed) implements SessionCommand {
        public CommandType type() {
            return CommandType.COMMIT;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, consumed);
        }

        static Commit decode(ByteBuf in) {
            return new Commit(in.readInt(), Codec.readLongs(in));
        }
    }

    /**
     * Rolls back a transacted session: its sends are discarded, {@code consumed} deliveries return to their queues as
     * redelivered, and every other delivery the session still holds (prefetched, never seen by the application)
     * returns unchanged. Deliveries the broker pushed before it handled this command are void; the client drops them.
     */
    public record Rollback(int sessionId, long[] consumed) implements SessionCommand {
        public CommandType type() {
            return CommandType.ROLLBACK;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, consumed);
        }

        static Rollback decode(ByteBuf in) {
            return new Rollback(in.readInt(), Codec.readLongs(in));
        }
    }

    /** {@code Session.recover()} of a non-transacted session; the same return rules as {@link Rollback}. */
    public record Recover(int sessionId, long[] consumed) implements SessionCommand {
        public CommandType type() {
            return CommandType.RECOVER;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, consumed);
        }

        static Recover decode(ByteBuf in) {
            return new Recover(in.readInt(), Codec.readLongs(in));
        }
    }

    /** Grants a consumer {@code credits} more deliveries (one-way). */
    public record Credit(long consumerId, int credits) implements Command {
        public CommandType type() {
            return CommandType.CREDIT;
        }

        public void encode(ByteBuf out) {
            out.writeLong(consumerId).writeInt(credits);
        }

        static Credit decode(ByteBuf in) {
            return new Credit(in.readLong(), in.readInt());
        }
    }

    public record CreateBrowser(int sessionId, long browserId, Destination queue, String selector) implements SessionCommand {
        public CommandType type() {
            return CommandType.CREATE_BROWSER;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId).writeLong(browserId);
            Destination.write(out, queue);
            Codec.writeString(out, selector);
        }

        static CreateBrowser decode(ByteBuf in) {
            return new CreateBrowser(in.readInt(), in.readLong(), Destination.read(in), Codec.readString(in));
        }
    }

    public record BrowseNext(long browserId, int max) implements Command {
        public CommandType type() {
            return CommandType.BROWSE_NEXT;
        }

        public void encode(ByteBuf out) {
            out.writeLong(browserId).writeInt(max);
        }

        static BrowseNext decode(ByteBuf in) {
            return new BrowseNext(in.readLong(), in.readInt());
        }
    }

    /** Up to the requested number of encoded messages; {@code done} once the browser has seen the whole queue. */
    public record BrowseBatch(List<byte[]> messages, boolean done) implements Command {
        public CommandType type() {
            return CommandType.BROWSE_BATCH;
        }

        public void encode(ByteBuf out) {
            out.writeInt(messages.size());
            for (byte[] m : messages) {
                Codec.writeBytes(out, m);
            }
            out.writeBoolean(done);
        }

        static BrowseBatch decode(ByteBuf in) {
            int n = in.readInt();
            if (n < 0 || n > in.readableBytes()) {
                throw new MalformedFrameException("bad message count " + n);
            }
            List<byte[]> messages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                messages.add(Codec.readBytes(in));
            }
            return new BrowseBatch(messages, in.readBoolean());
        }
    }

    public record CloseBrowser(long browserId) implements Command {
        public CommandType type() {
            return CommandType.CLOSE_BROWSER;
        }

        public void encode(ByteBuf out) {
            out.writeLong(browserId);
        }

        static CloseBrowser decode(ByteBuf in) {
            return new CloseBrowser(in.readLong());
        }
    }

    /** Creates a destination explicitly (temporary destinations, or queues when auto-creation is off). */
    public record CreateDestination(Destination destination) implements Command {
        public CommandType type() {
            return CommandType.CREATE_DESTINATION;
        }

        public void encode(ByteBuf out) {
            Destination.write(out, destination);
        }

        static CreateDestination decode(ByteBuf in) {
            return new CreateDestination(Destination.read(in));
        }
    }

    public record DeleteDestination(Destination destination) implements Command {
        public CommandType type() {
            return CommandType.DELETE_DESTINATION;
        }

        public void encode(ByteBuf out) {
            Destination.write(out, destination);
        }

        static DeleteDestination decode(ByteBuf in) {
            return new DeleteDestination(Destination.read(in));
        }
    }

    /**
     * Deliveries the client found expired in its buffer and never gave to the application: the broker settles them
     * as expired (to the expiry queue), whatever the session's mode or transaction.
     */
    public record Expired(int sessionId, long[] deliveryIds) implements SessionCommand {
        public CommandType type() {
            return CommandType.EXPIRED;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, deliveryIds);
        }

        static Expired decode(ByteBuf in) {
            return new Expired(in.readInt(), Codec.readLongs(in));
        }
    }

    /**
     * {@code Connection.start()}: from now on the broker pushes messages to this connection's consumers against their
     * credit. A connection begins stopped: until this command nothing is delivered to it (protocol version 2).
     */
    public record StartDelivery() implements Command {
        public CommandType type() {
            return CommandType.START_DELIVERY;
        }

        public void encode(ByteBuf out) {
        }
    }

    /**
     * {@code Connection.stop()}: the broker pushes nothing more to this connection's consumers, and answers only once
     * every delivery it pushed before is on the wire ahead of the answer. The client then gives back what it holds
     * unseen with {@link Release}.
     */
    public record StopDelivery() implements Command {
        public CommandType type() {
            return CommandType.STOP_DELIVERY;
        }

        public void encode(ByteBuf out) {
        }
    }

    /**
     * Deliveries of the session the application never saw (a stopped connection's prefetched messages): they go back
     * to their queue unchanged, not counted as a delivery attempt, and their credit returns to their consumer.
     */
    public record Release(int sessionId, long[] deliveryIds) implements SessionCommand {
        public CommandType type() {
            return CommandType.RELEASE;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            Codec.writeLongs(out, deliveryIds);
        }

        static Release decode(ByteBuf in) {
            return new Release(in.readInt(), Codec.readLongs(in));
        }
    }

    /** Deletes the durable subscription {@code name} of this connection's client ID (shared or unshared). */
    public record Unsubscribe(String name) implements Command {
        public CommandType type() {
            return CommandType.UNSUBSCRIBE;
        }

        public void encode(ByteBuf out) {
            Codec.writeString(out, name);
        }

        static Unsubscribe decode(ByteBuf in) {
            String name = Codec.readString(in);
            if (name == null || name.isEmpty()) {
                throw new MalformedFrameException("unsubscribe without a name");
            }
            return new Unsubscribe(name);
        }
    }

    /** The client is closing the connection: the broker releases its client ID before it answers. */
    public record CloseConnection() implements Command {
        public CommandType type() {
            return CommandType.CLOSE_CONNECTION;
        }

        public void encode(ByteBuf out) {
        }
    }

    public record Ping() implements Command {
        public CommandType type() {
            return CommandType.PING;
        }

        public void encode(ByteBuf out) {
        }
    }

    public record ListQueues() implements Command {
        public CommandType type() {
            return CommandType.LIST_QUEUES;
        }

        public void encode(ByteBuf out) {
        }
    }

    /**
     * A queue's state for administrators. {@code paged}: waiting messages whose body is only in the journal;
     * {@code bytes}: bytes of the waiting messages; {@code policy}: its limits and full-policy in force, such as
     * {@code block 30s, max 1000 msgs}; {@code dropped}: non-persistent messages it dropped because it was full.
     * -1 and null from a broker older than protocol version 3.
     */
    public record QueueInfo(String name, long depth, long inFlight, int consumers, long paged, long bytes,
                            String policy, long dropped) {
        public QueueInfo(String name, long depth, long inFlight, int consumers) {
            this(name, depth, inFlight, consumers, -1, -1, null, -1);
        }
    }

    /** The answer to LIST_QUEUES from protocol version 3 on: {@link QueueList} plus paged messages, bytes, policy. */
    public record QueueStats(List<QueueInfo> queues) implements Command {
        public CommandType type() {
            return CommandType.QUEUE_STATS;
        }

        public void encode(ByteBuf out) {
            out.writeInt(queues.size());
            for (QueueInfo q : queues) {
                Codec.writeString(out, q.name());
                out.writeLong(q.depth()).writeLong(q.inFlight()).writeInt(q.consumers());
                out.writeLong(q.paged()).writeLong(q.bytes());
                Codec.writeString(out, q.policy());
                out.writeLong(q.dropped());
            }
        }

        static QueueStats decode(ByteBuf in) {
            int n = in.readInt();
            if (n < 0 || n > in.readableBytes()) {
                throw new MalformedFrameException("bad queue count " + n);
            }
            List<QueueInfo> queues = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queues.add(new QueueInfo(Codec.readString(in), in.readLong(), in.readLong(), in.readInt(),
                        in.readLong(), in.readLong(), Codec.readString(in), in.readLong()));
            }
            return new QueueStats(queues);
        }
    }

    public record QueueList(List<QueueInfo> queues) implements Command {
        public CommandType type() {
            return CommandType.QUEUE_LIST;
        }

        public void encode(ByteBuf out) {
            out.writeInt(queues.size());
            for (QueueInfo q : queues) {
                Codec.writeString(out, q.name());
                out.writeLong(q.depth()).writeLong(q.inFlight()).writeInt(q.consumers());
            }
        }

        static QueueList decode(ByteBuf in) {
            int n = in.readInt();
            if (n < 0 || n > in.readableBytes()) {
                throw new MalformedFrameException("bad queue count " + n);
            }
            List<QueueInfo> queues = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                queues.add(new QueueInfo(Codec.readString(in), in.readLong(), in.readLong(), in.readInt()));
            }
            return new QueueList(queues);
        }
    }

    public record Ok() implements Command {
        public CommandType type() {
            return CommandType.OK;
        }

        public void encode(ByteBuf out) {
        }
    }

    /** A failed request. {@code detail} carries extra data for some codes (the XAException error code for XA). */
    public record Error(ErrorCode code, int detail, String message) implements Command {
        public CommandType type() {
            return CommandType.ERROR;
        }

        public Error(ErrorCode code, String message) {
            this(code, 0, message);
        }

        public void encode(ByteBuf out) {
            out.writeInt(code.code()).writeInt(detail);
            Codec.writeString(out, message);
        }

        static Error decode(ByteBuf in) {
            return new Error(ErrorCode.of(in.readInt()), in.readInt(), Codec.readString(in));
        }
    }

    /** A message pushed to a consumer against its credit (one-way). */
    public record Deliver(long consumerId, long deliveryId, int deliveryCount, byte[] message) implements Command {
        public CommandType type() {
            return CommandType.DELIVER;
        }

        public void encode(ByteBuf out) {
            out.writeLong(consumerId).writeLong(deliveryId).writeInt(deliveryCount);
            Codec.writeBytes(out, message);
        }

        static Deliver decode(ByteBuf in) {
            return new Deliver(in.readLong(), in.readLong(), in.readInt(), Codec.readBytes(in));
        }
    }

    /** The broker is closing this connection, and why (one-way, sent just before the close). */
    public record Disconnect(ErrorCode code, String reason) implements Command {
        public CommandType type() {
            return CommandType.DISCONNECT;
        }

        public void encode(ByteBuf out) {
            out.writeInt(code.code());
            Codec.writeString(out, reason);
        }

        static Disconnect decode(ByteBuf in) {
            return new Disconnect(ErrorCode.of(in.readInt()), Codec.readString(in));
        }
    }
}
