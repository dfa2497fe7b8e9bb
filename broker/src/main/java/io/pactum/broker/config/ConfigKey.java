package io.pactum.broker.config;

import io.pactum.broker.BrokerConfig;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every broker setting that a config file or a command-line flag can set: the key in {@code pactum.properties}, the
 * flag ({@code --} plus the key with dots turned into dashes), how a value is read and checked, and the
 * {@link BrokerConfig} field it sets. {@code docs/configuration.md} documents each one; keep the two in step.
 */
public enum ConfigKey {
    BIND("bind", "ADDRESS") {
        @Override
        public Object parse(String raw) {
            String v = raw.trim();
            if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("expected a host name or IP address such as 127.0.0.1 or 0.0.0.0");
            }
            return v;
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.bindAddress = (String) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.bindAddress;
        }
    },
    PORT("port", "PORT") {
        @Override
        public Object parse(String raw) {
            try {
                int port = Integer.parseInt(raw.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("expected a port number from 0 to 65535 (0 picks a free port)");
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.port = (Integer) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.port;
        }
    },
    DATA("data", "DIR") {
        @Override
        public Object parse(String raw) {
            String v = raw.trim();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("expected a directory");
            }
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a usable path: " + e.getMessage(), e);
            }
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.dataDir = (Path) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.dataDir;
        }
    },
    JOURNAL_SYNC("journal.sync", "true|false") {
        @Override
        public Object parse(String raw) {
            return bool(raw);
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.journalSync = (Boolean) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.journalSync;
        }
    },
    JOURNAL_SEGMENT_SIZE("journal.segment-size", "SIZE") {
        @Override
        public Object parse(String raw) {
            return size(raw, MIN_SEGMENT_SIZE, Long.MAX_VALUE);
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.journalSegmentSize = (Long) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.journalSegmentSize;
        }

        @Override
        public String format(Object value) {
            return Sizes.format((Long) value);
        }
    },
    MAX_FRAME_SIZE("max-frame-size", "SIZE") {
        @Override
        public Object parse(String raw) {
            return (int) size(raw, MIN_FRAME_SIZE, Integer.MAX_VALUE);
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.maxFrameSize = (Integer) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.maxFrameSize;
        }

        @Override
        public String format(Object value) {
            return Sizes.format((Integer) value);
        }
    },
    AUTO_CREATE_QUEUES("auto-create-queues", "true|false") {
        @Override
        public Object parse(String raw) {
            return bool(raw);
        }

        @Override
        public void set(BrokerConfig config, Object value) {
            config.autoCreateQueues = (Boolean) value;
        }

        @Override
        public Object get(BrokerConfig config) {
            return config.autoCreateQueues;
        }
    };

    /** Smallest {@code journal.segment-size} accepted. */
    public static final long MIN_SEGMENT_SIZE = 1L << 20;
    /** Smallest {@code max-frame-size} accepted. */
    public static final long MIN_FRAME_SIZE = 1L << 10;

    private final String key;
    private final String valueLabel;

    ConfigKey(String key, String valueLabel) {
        this.key = key;
        this.valueLabel = valueLabel;
    }

    /** The key in the config file, e.g. {@code journal.segment-size}. */
    public String key() {
        return key;
    }

    /** The command-line flag, e.g. {@code --journal-segment-size}. */
    public String flag() {
        return "--" + key.replace('.', '-');
    }

    /** What a value looks like, for usage messages. */
    public String valueLabel() {
        return valueLabel;
    }

    /**
     * Reads and checks one value.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public abstract Object parse(String raw);

    /** Sets a value returned by {@link #parse} on {@code config}. */
    public abstract void set(BrokerConfig config, Object value);

    /** The current value in {@code config}. */
    public abstract Object get(BrokerConfig config);

    /** A value as it would be written in the file. */
    public String format(Object value) {
        return String.valueOf(value);
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }

    private static Boolean bool(String raw) {
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return Boolean.TRUE;
        }
        if (v.equals("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static long size(String raw, long min, long max) {
        long n = Sizes.parse(raw);
        if (n < min || n > max) {
            throw new IllegalArgumentException("expected a size from " + Sizes.format(min) + " to "
                    + (max == Long.MAX_VALUE ? "any larger size" : Sizes.format(max) + " (" + max + " bytes)"));
        }
        return n;
    }
}
