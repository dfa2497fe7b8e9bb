package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A destination as the wire knows it: a kind and a name. The JMS-facing classes ({@code PactumQueue},
 * {@code PactumTopic}, temporary variants) convert to and from this.
 */
public record Destination(Kind kind, String name) {
    public enum Kind {
        QUEUE, TOPIC, TEMP_QUEUE, TEMP_TOPIC;

        public boolean isQueue() {
            return this == QUEUE || this == TEMP_QUEUE;
        }

        public boolean isTemporary() {
            return this == TEMP_QUEUE || this == TEMP_TOPIC;
        }
    }

    public Destination {
        if (kind == null || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("destination needs a kind and a non-empty name");
        }
    }

    public static Destination queue(String name) {
        return new Destination(Kind.QUEUE, name);
    }

    public static Destination topic(String name) {
        return new Destination(Kind.TOPIC, name);
    }

    public static void write(ByteBuf out, Destination d) {
        if (d == null) {
            out.writeByte(-1);
            return;
        }
        out.writeByte(d.kind.ordinal());
        Codec.writeString(out, d.name);
    }

    public static Destination read(ByteBuf in) {
        int k = in.readByte();
        if (k == -1) {
            return null;
        }
        if (k < 0 || k >= Kind.values().length) {
            throw new MalformedFrameException("unknown destination kind " + k);
        }
        String name = Codec.readString(in);
        if (name == null || name.isEmpty()) {
            throw new MalformedFrameException("destination without a name");
        }
        return new Destination(Kind.values()[k], name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "://" + name;
    }
}
