package io.pactum.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A message as it crosses the wire and sits in the journal: headers, properties and an opaque body whose encoding
 * depends on {@link #bodyType}. The broker stores and forwards the encoded bytes unchanged; it decodes only the
 * fixed header prefix ({@link Header}) it needs for routing, priority and expiry, so a message costs the broker no
 * property or body parsing.
 *
 * <p>Layout (all big-endian): {@code version, bodyType, deliveryMode, priority, timestamp, expiration, deliveryTime}
 * (the fixed {@link Header}), then {@code messageId, destination, correlationId (string or bytes), replyTo, type,
 * properties, body}.
 */
public final class WireMessage {
    public static final byte FORMAT_VERSION = 1;

    public static final byte BODY_NONE = 0, BODY_TEXT = 1, BODY_BYTES = 2, BODY_MAP = 3, BODY_STREAM = 4,
            BODY_OBJECT = 5;

    public static final int PERSISTENT = 2, NON_PERSISTENT = 1;

    public byte bodyType = BODY_NONE;
    public int deliveryMode = PERSISTENT;
    public int priority = 4;
    public long timestamp;
    public long expiration;
    public long deliveryTime;
    public String messageId;
    public Destination destination;
    public String correlationId;
    public byte[] correlationIdBytes;
    public Destination replyTo;
    public String type;
    public Map<String, Object> properties = new LinkedHashMap<>();
    /** Body bytes; null means no body (e.g. a TextMessage whose text is null). */
    public byte[] body;

    /**
     * What the broker reads of a message: the fixed-size prefix plus the destination that follows the message id,
     * without decoding properties or body.
     */
    public record Header(byte bodyType, int deliveryMode, int priority, long timestamp, long expiration,
                         long deliveryTime, Destination destination) {
        public static final int SIZE = 1 + 1 + 1 + 1 + 8 + 8 + 8;
        /** version, body type, delivery mode, then the priority. */
        private static final int PRIORITY_OFFSET = 1 + 1 + 1;
        /** version, body type, delivery mode, priority, timestamp, then the expiration. */
        private static final int EXPIRATION_OFFSET = 1 + 1 + 1 + 1 + 8;

        public boolean persistent() {
            return deliveryMode == PERSISTENT;
        }

        /** Just the JMSExpiration of an encoded message, read at its fixed offset (0 = never expires). */
        public static long expiration(byte[] encoded) {
            if (encoded.length < SIZE || encoded[0] != FORMAT_VERSION) {
                throw new MalformedFrameException("not an encoded message of format " + FORMAT_VERSION);
            }
            return Unpooled.wrappedBuffer(encoded).getLong(EXPIRATION_OFFSET);
        }

        /** Just the JMSPriority of an encoded message, read at its fixed offset and not validated. */
        public static int priority(byte[] encoded) {
            if (encoded.length < SIZE || encoded[0] != FORMAT_VERSION) {
                throw new MalformedFrameException("not an encoded message of format " + FORMAT_VERSION);
            }
            return encoded[PRIORITY_OFFSET];
        }

        public static Header peek(byte[] encoded) {
            if (encoded.length < SIZE) {
                throw new MalformedFrameException("message shorter than its header");
            }
            ByteBuf in = Unpooled.wrappedBuffer(encoded);
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new MalformedFrameException("unknown message format version " + version);
            }
            byte bodyType = in.readByte();
            int mode = in.readByte();
            int priority = in.readByte();
            if (mode != PERSISTENT && mode != NON_PERSISTENT) {
                throw new MalformedFrameException("bad delivery mode " + mode);
            }
            if (priority < 0 || priority > 9) {
                throw new MalformedFrameException("bad priority " + priority);
            }
            try {
                long timestamp = in.readLong(), expiration = in.readLong(), deliveryTime = in.readLong();
                Codec.readString(in); // message id
                return new Header(bodyType, mode, priority, timestamp, expiration, deliveryTime, Destination.read(in));
            } catch (IndexOutOfBoundsException e) {
                throw new MalformedFrameException("truncated message header", e);
            }
        }
    }

    public byte[] encode() {
        ByteBuf out = Unpooled.buffer(64 + (body == null ? 0 : body.length));
        encode(out);
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    public void encode(ByteBuf out) {
        out.writeByte(FORMAT_VERSION);
        out.writeByte(bodyType);
        out.writeByte(deliveryMode);
        out.writeByte(priority);
        out.writeLong(timestamp);
        out.writeLong(expiration);
        out.writeLong(deliveryTime);
        Codec.writeString(out, messageId);
        Destination.write(out, destination);
        if (correlationIdBytes != null) {
            out.writeByte(2);
            Codec.writeBytes(out, correlationIdBytes);
        } else {
            out.writeByte(1);
            Codec.writeString(out, correlationId);
        }
        Destination.write(out, replyTo);
        Codec.writeString(out, type);
        out.writeInt(properties.size());
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            Codec.writeString(out, e.getKey());
            TypedValues.write(out, e.getValue());
        }
        Codec.writeBytes(out, body);
    }

    public static WireMessage decode(byte[] encoded) {
        return decode(Unpooled.wrappedBuffer(encoded));
    }

    public static WireMessage decode(ByteBuf in) {
        try {
            WireMessage m = new WireMessage();
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new MalformedFrameException("unknown message format version " + version);
            }
            m.bodyType = in.readByte();
            m.deliveryMode = in.readByte();
            m.priority = in.readByte();
            m.timestamp = in.readLong();
            m.expiration = in.readLong();
            m.deliveryTime = in.readLong();
            m.messageId = Codec.readString(in);
            m.destination = Destination.read(in);
            byte corrKind = in.readByte();
            if (corrKind == 2) {
                m.correlationIdBytes = Codec.readBytes(in);
            } else {
                m.correlationId = Codec.readString(in);
            }
            m.replyTo = Destination.read(in);
            m.type = Codec.readString(in);
            int n = in.readInt();
            if (n < 0 || n > in.readableBytes()) {
                throw new MalformedFrameException("bad property count " + n);
            }
            for (int i = 0; i < n; i++) {
                m.properties.put(Codec.readString(in), TypedValues.read(in));
            }
            m.body = Codec.readBytes(in);
            return m;
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedFrameException("truncated message", e);
        }
    }
}
