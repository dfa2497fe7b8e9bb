package io.pactum.broker.config;

import io.pactum.broker.BrokerConfig;
import io.pactum.broker.delivery.DeliveryPolicy;
import io.pactum.broker.delivery.FullPolicy;
import io.pactum.broker.delivery.QueueLimits;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every broker setting a config file or a command-line flag can set, as one table: the key in
 * {@code pactum.properties}, the flag ({@code --} plus the key with dots turned into dashes), how a value is read and
 * checked, and where it goes in {@link BrokerConfig}. The {@code broker} command builds its flags from this table, so
 * a new setting is one entry here plus its line in {@code docs/configuration.md}.
 *
 * <p>The delivery-policy and queue-limit keys also exist per queue, as {@code queue.NAME.KEY}, and the queue-limit
 * keys per topic, as {@code topic.NAME.KEY} for every subscription of that topic (see {@link #perQueue}).
 */
public enum ConfigKey {
    BIND("bind", "ADDRESS", "Address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces).",
            ConfigKey::address, (c, v) -> c.bindAddress = (String) v, c -> c.bindAddress),
    PORT("port", "PORT", "Port to listen on (default 61700; 0 picks a free one).",
            raw -> (int) number(raw, 0, 65535, "a port number from 0 to 65535 (0 picks a free port)"),
            (c, v) -> c.port = (Integer) v, c -> c.port),
    DATA("data", "DIR", "Data directory for the journal (default ./pactum-data).",
            ConfigKey::path, (c, v) -> c.dataDir = (Path) v, c -> c.dataDir),
    JOURNAL_SYNC("journal.sync", "true|false", "Force the journal to disk before confirming (default true).",
            ConfigKey::bool, (c, v) -> c.journalSync = (Boolean) v, c -> c.journalSync),
    JOURNAL_SEGMENT_SIZE("journal.segment-size", "SIZE",
            "Journal file size at which a new file is started, e.g. 64MB (default 64MB).",
            raw -> size(raw, ConfigKey.MIN_SEGMENT_SIZE, Long.MAX_VALUE),
            (c, v) -> c.journalSegmentSize = (Long) v, c -> c.journalSegmentSize) {
        @Override
        public String format(Object value) {
            return Sizes.format((Long) value);
        }
    },
    MAX_FRAME_SIZE("max-frame-size", "SIZE", "Largest frame (so message) accepted, e.g. 10MB (default 10MB).",
            raw -> (int) size(raw, ConfigKey.MIN_FRAME_SIZE, Integer.MAX_VALUE),
            (c, v) -> c.maxFrameSize = (Integer) v, c -> c.maxFrameSize) {
        @Override
        public String format(Object value) {
            return Sizes.format((Integer) value);
        }
    },
    HEARTBEAT("heartbeat", "MILLIS",
            "Heartbeat interval in ms; connections silent for 3 intervals are closed; 0 disables (default 10000).",
            raw -> (int) number(raw, 0, Integer.MAX_VALUE / 3, "milliseconds, 0 to disable"),
            (c, v) -> c.heartbeatMillis = (Integer) v, c -> c.heartbeatMillis),
    TRANSACTION_TIMEOUT("transaction-timeout", "SECONDS",
            "XA branches not prepared within this many seconds roll back, unless the manager sets a timeout (default 300).",
            raw -> (int) number(raw, 1, Integer.MAX_VALUE / 1000, "seconds, 1 or more"),
            (c, v) -> c.transactionTimeoutSeconds = (Integer) v, c -> c.transactionTimeoutSeconds),
    MAX_MEMORY("max-memory", "SIZE|PERCENT",
            "Message bodies held in memory before queues page to the journal, e.g. 256MB or 40% of the heap (default 40%).",
            MemoryLimit::parse, (c, v) -> c.maxMemory = (MemoryLimit) v, c -> c.maxMemory),
    MAX_DISK_USAGE("max-disk-usage", "PERCENT|SIZE|none",
            "Stop taking messages once the data file system is this full (90%) or the journal this large (20GB); default none.",
            DiskLimit::parse, (c, v) -> c.maxDiskUsage = (DiskLimit) v, c -> c.maxDiskUsage),
    MIN_DISK_FREE("min-disk-free", "SIZE",
            "Stop taking messages when the data file system has less free space than this, or a quarter of it (default 32MB).",
            raw -> size(raw, 0, Long.MAX_VALUE), (c, v) -> c.minDiskFree = (Long) v, c -> c.minDiskFree) {
        @Override
        public String format(Object value) {
            return Sizes.format((Long) value);
        }
    },
    MAX_SIZE_BYTES("max-size-bytes", "SIZE|-1",
            "Bytes of messages a queue or subscription may hold, e.g. 100MB; -1 = no limit (default -1).",
            raw -> raw.trim().equals("-1") ? QueueLimits.UNLIMITED : size(raw, 1, Long.MAX_VALUE),
            limits((l, v) -> l.withMaxSizeBytes((Long) v)), c -> c.queueLimits.maxSizeBytes()) {
        @Override
        public String format(Object value) {
            return (Long) value == QueueLimits.UNLIMITED ? "-1" : Sizes.format((Long) value);
        }
    },
    MAX_MESSAGES("max-messages", "N|-1",
            "Messages a queue or subscription may hold; -1 = no limit (default -1).",
            raw -> raw.trim().equals("-1") ? QueueLimits.UNLIMITED
                    : number(raw, 1, Long.MAX_VALUE, "a number of messages of 1 or more, or -1 for no limit"),
            limits((l, v) -> l.withMaxMessages((Long) v)),
            c -> c.queueLimits.maxMessages()),
    FULL_POLICY("full-policy", "block|fail|drop",
            "What a send to a full queue does: wait for room, fail, or drop non-persistent messages (default block).",
            FullPolicy::parse, limits((l, v) -> l.withFullPolicy((FullPolicy) v)), c -> c.queueLimits.fullPolicy()),
    BLOCK_TIMEOUT("block-timeout", "MILLIS",
            "How long a send blocked by a full queue waits for room before it fails (default 30000).",
            raw -> number(raw, 0, Long.MAX_VALUE / 1_000_000, "milliseconds, 0 or more"),
            limits((l, v) -> l.withBlockTimeout((Long) v)), c -> c.queueLimits.blockTimeoutMillis()),
    AUTO_CREATE_QUEUES("auto-create-queues", "true|false", "Create a queue the first time it is used (default true).",
            ConfigKey::bool, (c, v) -> c.autoCreateQueues = (Boolean) v, c -> c.autoCreateQueues),
    MAX_DELIVERY_ATTEMPTS("max-delivery-attempts", "N",
            "Deliveries after which a message goes to the dead-letter queue; 0 = no limit (default 10).",
            raw -> (int) number(raw, 0, Integer.MAX_VALUE, "a whole number of attempts, 0 for no limit"),
            policy((p, v) -> p.withMaxDeliveryAttempts((Integer) v)), c -> c.deliveryPolicy.maxDeliveryAttempts()),
    REDELIVERY_DELAY("redelivery-delay", "MILLIS", "Wait before a message is redelivered, in ms (default 0).",
            raw -> number(raw, 0, Long.MAX_VALUE, "milliseconds, 0 or more"),
            policy((p, v) -> p.withRedeliveryDelay((Long) v)), c -> c.deliveryPolicy.redeliveryDelayMillis()),
    REDELIVERY_BACKOFF("redelivery-backoff", "FACTOR",
            "Multiplier of the redelivery delay per earlier attempt, 1 or more (default 2.0).",
            ConfigKey::backoff, policy((p, v) -> p.withRedeliveryBackoff((Double) v)),
            c -> c.deliveryPolicy.redeliveryBackoff()),
    MAX_REDELIVERY_DELAY("max-redelivery-delay", "MILLIS", "Upper bound of the redelivery delay, in ms (default 60000).",
            raw -> number(raw, 0, Long.MAX_VALUE, "milliseconds, 0 or more"),
            policy((p, v) -> p.withMaxRedeliveryDelay((Long) v)), c -> c.deliveryPolicy.maxRedeliveryDelayMillis()),
    DEAD_LETTER_QUEUE("dead-letter-queue", "QUEUE",
            "Where messages go after their last attempt; empty drops them (default DLQ).",
            ConfigKey::queueName, policy((p, v) -> p.withDeadLetterQueue((String) v)),
            c -> c.deliveryPolicy.deadLetterQueue()),
    EXPIRY_QUEUE("expiry-queue", "QUEUE", "Where expired messages go; empty drops them (default ExpiryQueue).",
            ConfigKey::queueName, policy((p, v) -> p.withExpiryQueue((String) v)),
            c -> c.deliveryPolicy.expiryQueue()),
    USERS_FILE("users-file", "FILE",
            "Users and password hashes (user=pbkdf2-sha256:...); see 'pactum hash-password'. Empty: none.",
            raw -> raw.isBlank() ? Optional.empty() : Optional.of(path(raw)),
            (c, v) -> c.usersFile = ((Optional<?>) v).map(Path.class::cast).orElse(null),
            c -> Optional.ofNullable(c.usersFile)) {
        @Override
        public String format(Object value) {
            return ((Optional<?>) value).map(String::valueOf).orElse("");
        }
    },
    ALLOW_ANONYMOUS("allow-anonymous", "true|false", "Accept connections without credentials (default true).",
            ConfigKey::bool, (c, v) -> c.allowAnonymous = (Boolean) v, c -> c.allowAnonymous);

    /** Smallest {@code journal.segment-size} accepted. */
    public static final long MIN_SEGMENT_SIZE = 1L << 20;
    /** Smallest {@code max-frame-size} accepted. */
    public static final long MIN_FRAME_SIZE = 1L << 10;
    /** Prefix of per-queue delivery-policy keys: {@code queue.NAME.max-delivery-attempts}. */
    public static final String QUEUE_PREFIX = "queue.";
    /** Prefix of per-topic queue-limit keys: {@code topic.prices.max-messages}, for each subscription of the topic. */
    public static final String TOPIC_PREFIX = "topic.";

    private final String key;
    private final String valueLabel;
    private final String description;
    private final Function<String, Object> parser;
    private final BiConsumer<BrokerConfig, Object> setter;
    private final Function<BrokerConfig, Object> getter;
    /** For delivery-policy keys: how a value changes a policy (also used per queue); null otherwise. */
    private final BiFunction<DeliveryPolicy, Object, DeliveryPolicy> policyChange;
    /** For queue-limit keys: how a value changes the limits (also used per queue); null otherwise. */
    private final BiFunction<QueueLimits, Object, QueueLimits> limitsChange;

    ConfigKey(String key, String valueLabel, String description, Function<String, Object> parser,
              BiConsumer<BrokerConfig, Object> setter, Function<BrokerConfig, Object> getter) {
        this.key = key;
        this.valueLabel = valueLabel;
        this.description = description;
        this.parser = parser;
        this.setter = setter;
        this.getter = getter;
        this.policyChange = setter instanceof PolicySetter ps ? ps.change : null;
        this.limitsChange = setter instanceof LimitsSetter ls ? ls.change : null;
    }

    /** Marks a setter as a change to the default delivery policy, so the same change can apply per queue. */
    private record PolicySetter(BiFunction<DeliveryPolicy, Object, DeliveryPolicy> change)
            implements BiConsumer<BrokerConfig, Object> {
        @Override
        public void accept(BrokerConfig c, Object v) {
            c.deliveryPolicy = change.apply(c.deliveryPolicy, v);
        }
    }

    private static BiConsumer<BrokerConfig, Object> policy(BiFunction<DeliveryPolicy, Object, DeliveryPolicy> change) {
        return new PolicySetter(change);
    }

    /** Marks a setter as a change to the default queue limits, so the same change can apply per queue. */
    private record LimitsSetter(BiFunction<QueueLimits, Object, QueueLimits> change)
            implements BiConsumer<BrokerConfig, Object> {
        @Override
        public void accept(BrokerConfig c, Object v) {
            c.queueLimits = change.apply(c.queueLimits, v);
        }
    }

    private static BiConsumer<BrokerConfig, Object> limits(BiFunction<QueueLimits, Object, QueueLimits> change) {
        return new LimitsSetter(change);
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

    /** One line for usage messages. */
    public String description() {
        return description;
    }

    /**
     * Reads and checks one value.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    public Object parse(String raw) {
        return parser.apply(raw);
    }

    /** Sets a value returned by {@link #parse} on {@code config}. */
    public void set(BrokerConfig config, Object value) {
        setter.accept(config, value);
    }

    /** The current value in {@code config}. */
    public Object get(BrokerConfig config) {
        return getter.apply(config);
    }

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

    /**
     * Applies a per-queue key such as {@code queue.orders.max-delivery-attempts=5}: the queue's policy (or limits)
     * start from the broker's defaults as configured so far and only the named field changes. Returns false if
     * {@code name} is not such a key.
     *
     * @throws IllegalArgumentException for a bad value
     */
    public static boolean perQueue(BrokerConfig config, String name, String raw) {
        boolean topic = name.startsWith(TOPIC_PREFIX);
        if (!topic && !name.startsWith(QUEUE_PREFIX)) {
            return false;
        }
        String prefix = topic ? TOPIC_PREFIX : QUEUE_PREFIX;
        for (ConfigKey k : values()) {
            String suffix = "." + k.key;
            boolean applies = k.limitsChange != null || (!topic && k.policyChange != null);
            if (applies && name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
                String destination = name.substring(prefix.length(), name.length() - suffix.length());
                Object value = k.parse(raw);
                if (k.policyChange != null) {
                    config.queuePolicies.merge(destination, k.policyChange.apply(config.deliveryPolicy, value),
                            (old, fresh) -> k.policyChange.apply(old, value));
                } else {
                    (topic ? config.topicLimits : config.queueLimitsByName).merge(destination,
                            k.limitsChange.apply(config.queueLimits, value), (old, fresh) -> k.limitsChange.apply(old, value));
                }
                return true;
            }
        }
        return false;
    }

    /** Whether {@code name} is a per-queue or per-topic key (applied after the broker-wide ones). */
    public static boolean isPerDestination(String name) {
        return name.startsWith(QUEUE_PREFIX) || name.startsWith(TOPIC_PREFIX);
    }

    /** The queue-limit keys, which {@link #perQueue} accepts after {@code topic.NAME.}. */
    public static List<String> perTopicKeys() {
        return Arrays.stream(values()).filter(k -> k.limitsChange != null).map(ConfigKey::key).toList();
    }

    /** The delivery-policy and queue-limit keys, which {@link #perQueue} accepts after {@code queue.NAME.}. */
    public static List<String> perQueueKeys() {
        return Arrays.stream(values()).filter(k -> k.policyChange != null || k.limitsChange != null)
                .map(ConfigKey::key).toList();
    }

    private static String address(String raw) {
        String v = raw.trim();
        if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("expected a host name or IP address such as 127.0.0.1 or 0.0.0.0");
        }
        return v;
    }

    private static Path path(String raw) {
        String v = raw.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("expected a path");
        }
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a usable path: " + e.getMessage(), e);
        }
    }

    private static String queueName(String raw) {
        String v = raw.trim();
        if (v.startsWith("$")) {
            throw new IllegalArgumentException("queue names starting with '$' are reserved");
        }
        return v;
    }

    private static Object backoff(String raw) {
        try {
            double d = Double.parseDouble(raw.trim());
            if (d >= 1.0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected a number of 1 or more, such as 2.0");
    }

    private static long number(String raw, long min, long max, String expected) {
        try {
            long n = Long.parseLong(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("expected " + expected);
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
