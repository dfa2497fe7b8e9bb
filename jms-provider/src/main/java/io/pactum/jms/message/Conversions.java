package io.pactum.jms.message;

import jakarta.jms.MessageFormatException;

/**
 * The value conversions of the Jakarta Messaging conversion tables, shared by message properties, {@code MapMessage}
 * and {@code StreamMessage}. Properties never hold {@code char} or {@code byte[]}, so the property table is the
 * stream/map table restricted to the property types.
 *
 * <p>String-to-primitive conversions use the primitive's {@code valueOf(String)}, so a malformed string throws
 * {@link NumberFormatException}; a null value is converted exactly as {@code valueOf(null)} would (false for boolean,
 * {@code NumberFormatException} for the integral types, {@code NullPointerException} for float and double).
 * Every other unsupported conversion throws {@link MessageFormatException}.
 */
final class Conversions {
    private Conversions() {
    }

    static boolean toBoolean(Object v) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.valueOf((String) v);
        }
        throw notConvertible(v, "boolean");
    }

    static byte toByte(Object v) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.valueOf((String) v);
        }
        throw notConvertible(v, "byte");
    }

    static short toShort(Object v) throws MessageFormatException {
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Short.valueOf((String) v);
        }
        throw notConvertible(v, "short");
    }

    /** A char converts only from a char; null throws {@link NullPointerException} as the specification requires. */
    static char toChar(Object v) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("a null value cannot be read as a char");
        }
        throw notConvertible(v, "char");
    }

    static int toInt(Object v) throws MessageFormatException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Integer.valueOf((String) v);
        }
        throw notConvertible(v, "int");
    }

    static long toLong(Object v) throws MessageFormatException {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Long.valueOf((String) v);
        }
        throw notConvertible(v, "long");
    }

    static float toFloat(Object v) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.valueOf((String) v);
        }
        throw notConvertible(v, "float");
    }

    static double toDouble(Object v) throws MessageFormatException {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Double.valueOf((String) v);
        }
        throw notConvertible(v, "double");
    }

    static String toString(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[]) {
            throw notConvertible(v, "String");
        }
        return String.valueOf(v);
    }

    static byte[] toBytes(Object v) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw notConvertible(v, "byte[]");
    }

    /** Whether {@code v} may be a property value: the boxed primitives except Character, String, or null. */
    static boolean isPropertyType(Object v) {
        return v == null || v instanceof String || v instanceof Integer || v instanceof Long || v instanceof Boolean
                || v instanceof Double || v instanceof Float || v instanceof Short || v instanceof Byte;
    }

    /** Whether {@code v} may be a MapMessage or StreamMessage value: property types plus Character and byte[]. */
    static boolean isBodyValueType(Object v) {
        return isPropertyType(v) || v instanceof Character || v instanceof byte[];
    }

    /** A defensive copy of a value about to be stored or returned (only byte[] is mutable). */
    static Object copy(Object v) {
        return v instanceof byte[] b ? b.clone() : v;
    }

    static MessageFormatException notConvertible(Object v, String target) {
        return new MessageFormatException("a value of type " + v.getClass().getSimpleName()
                + " cannot be read as " + target);
    }
}
