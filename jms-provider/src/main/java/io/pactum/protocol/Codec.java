package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Primitive field encoding shared by every frame and by the message format, so there is exactly one way a string or
 * byte array appears on the wire. Every read checks bounds and throws {@link MalformedFrameException} instead of
 * reading garbage, because the broker must survive any bytes a client sends.
 */
public final class Codec {
    private Codec() {
    }

    public static void writeString(ByteBuf out, String s) {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int written = out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.setInt(lengthIndex, written);
    }

    public static String readString(ByteBuf in) {
        int len = readLength(in);
        if (len < 0) {
            return null;
        }
        String s = in.toString(in.readerIndex(), len, StandardCharsets.UTF_8);
        in.skipBytes(len);
        return s;
    }

    public static void writeBytes(ByteBuf out, byte[] b) {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.writeBytes(b);
    }

    public static byte[] readBytes(ByteBuf in) {
        int len = readLength(in);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        in.readBytes(b);
        return b;
    }

    public static void writeLongs(ByteBuf out, long[] values) {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static long[] readLongs(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || (long) n * Long.BYTES > in.readableBytes()) {
            throw new MalformedFrameException("long array length " + n + " exceeds frame");
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    /** Reads a length prefix: -1 means null, anything else must fit in what remains of the frame. */
    static int readLength(ByteBuf in) {
        if (in.readableBytes() < 4) {
            throw new MalformedFrameException("truncated length field");
        }
        int len = in.readInt();
        if (len < -1 || len > in.readableBytes()) {
            throw new MalformedFrameException("length " + len + " exceeds the " + in.readableBytes() + " bytes left in the frame");
        }
        return len;
    }
}
