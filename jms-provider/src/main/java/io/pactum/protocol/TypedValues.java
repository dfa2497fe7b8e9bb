package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the value types Jakarta Messaging allows in properties, {@code MapMessage} and {@code StreamMessage}
 * (boolean, byte, short, char, int, long, float, double, String, byte[] and null) with a one-byte tag each.
 */
public final class TypedValues {
    private static final byte NULL = 0, BOOLEAN = 1, BYTE = 2, SHORT = 3, CHAR = 4, INT = 5, LONG = 6, FLOAT = 7,
            DOUBLE = 8, STRING = 9, BYTES = 10;

    private TypedValues() {
    }

    public static void write(ByteBuf out, Object v) {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            Codec.writeString(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte(INT).writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG).writeLong(l);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN).writeBoolean(b);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE).writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT).writeFloat(f);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE).writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT).writeShort(s);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR).writeChar(c);
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            Codec.writeBytes(out, b);
        } else {
            throw new IllegalArgumentException("type not allowed in a message: " + v.getClass().getName());
        }
    }

    public static Object read(ByteBuf in) {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case BOOLEAN -> in.readBoolean();
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case CHAR -> in.readChar();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case STRING -> Codec.readString(in);
            case BYTES -> Codec.readBytes(in);
            default -> throw new MalformedFrameException("unknown value tag " + tag);
        };
    }
}
