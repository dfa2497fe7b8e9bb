package io.pactum.jms.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pactum.protocol.Codec;
import io.pactum.protocol.MalformedFrameException;
import io.pactum.protocol.TypedValues;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place message bodies are encoded to and decoded from the opaque {@code WireMessage.body} bytes:
 * <ul>
 * <li>TEXT: the text as UTF-8; null text is a null body;</li>
 * <li>BYTES: the raw bytes;</li>
 * <li>MAP: an int count, then per entry the name ({@link Codec#writeString}) and the value ({@link TypedValues});</li>
 * <li>STREAM: an int count, then the values ({@link TypedValues});</li>
 * <li>OBJECT: the Java serialization of the object; a null object is a null body.</li>
 * </ul>
 * Decoding a body that does not follow these rules throws {@link MalformedFrameException}.
 */
public final class BodyCodec {
    private BodyCodec() {
    }

    public static byte[] encodeText(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    public static String decodeText(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    public static byte[] encodeMap(Map<String, Object> map) {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(map.size());
        for (Map.Entry<String, Object> e : map.entrySet()) {
            Codec.writeString(out, e.getKey());
            TypedValues.write(out, e.getValue());
        }
        return toArray(out);
    }

    public static Map<String, Object> decodeMap(byte[] body) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (body == null) {
            return map;
        }
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            int n = readCount(in);
            for (int i = 0; i < n; i++) {
                String name = Codec.readString(in);
                if (name == null || name.isEmpty()) {
                    throw new MalformedFrameException("map entry without a name");
                }
                map.put(name, TypedValues.read(in));
            }
            checkFullyRead(in);
            return map;
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedFrameException("truncated map body", e);
        }
    }

    public static byte[] encodeStream(List<Object> values) {
        ByteBuf out = Unpooled.buffer();
        out.writeInt(values.size());
        for (Object v : values) {
            TypedValues.write(out, v);
        }
        return toArray(out);
    }

    public static List<Object> decodeStream(byte[] body) {
        List<Object> values = new ArrayList<>();
        if (body == null) {
            return values;
        }
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            int n = readCount(in);
            for (int i = 0; i < n; i++) {
                values.add(TypedValues.read(in));
            }
            checkFullyRead(in);
            return values;
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedFrameException("truncated stream body", e);
        }
    }

    /** Serializes {@code object}; null gives a null body. */
    public static byte[] serialize(Serializable object) throws IOException {
        if (object == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /**
     * Deserializes an OBJECT body, resolving classes through the thread context class loader first (the application's
     * loader in a container) and then the usual {@link ObjectInputStream} rules.
     */
    public static Serializable deserialize(byte[] body) throws IOException, ClassNotFoundException {
        if (body == null) {
            return null;
        }
        try (ObjectInputStream in = new ContextLoaderObjectInputStream(new ByteArrayInputStream(body))) {
            Object o = in.readObject();
            if (o != null && !(o instanceof Serializable)) {
                throw new IOException("body is not a Serializable object: " + o.getClass().getName());
            }
            return (Serializable) o;
        }
    }

    private static int readCount(ByteBuf in) {
        int n = in.readInt();
        // every value takes at least one byte, so a count beyond what remains is malformed
        if (n < 0 || n > in.readableBytes()) {
            throw new MalformedFrameException("bad body entry count " + n);
        }
        return n;
    }

    private static void checkFullyRead(ByteBuf in) {
        if (in.isReadable()) {
            throw new MalformedFrameException(in.readableBytes() + " unexpected bytes after the body");
        }
    }

    private static byte[] toArray(ByteBuf out) {
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static final class ContextLoaderObjectInputStream extends ObjectInputStream {
        ContextLoaderObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution (primitives, the caller's loader)
                }
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                return super.resolveProxyClass(interfaces);
            }
            Class<?>[] classes = new Class<?>[interfaces.length];
            for (int i = 0; i < interfaces.length; i++) {
                classes[i] = Class.forName(interfaces[i], false, loader);
            }
            try {
                @SuppressWarnings("deprecation")
                Class<?> proxy = java.lang.reflect.Proxy.getProxyClass(loader, classes);
                return proxy;
            } catch (IllegalArgumentException e) {
                throw new ClassNotFoundException("cannot define proxy class", e);
            }
        }
    }
}
