package io.pactum.broker;

import io.pactum.protocol.Frame;
import io.pactum.protocol.Protocol;

import io.pactum.broker.config.DiskLimit;
import io.pactum.broker.config.MemoryLimit;
import io.pactum.broker.delivery.DeliveryPolicy;
import io.pactum.broker.delivery.QueueLimits;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Every setting of a broker, with its secure and durable default. The config file keys and command-line flags
 * (see {@code docs/configuration.md}) map one to one onto these fields.
 */
public final class BrokerConfig {
    /** {@code bind}: address to listen on; loopback unless told otherwise. */
    public String bindAddress = "127.0.0.1";
    /** {@code port}: 0 picks an ephemeral port (tests). */
    public int port = Protocol.DEFAULT_PORT;
    /** {@code data}: the journal's directory. */
    public Path dataDir = Path.of("pactum-data");
    /** {@code journal.sync}: force the journal to disk before confirming; off trades power-loss safety for speed. */
    public boolean journalSync = true;
    /** {@code journal.segment-size}: journal file size at which a new file is started (bytes). */
    public long journalSegmentSize = 64L * 1024 * 1024;
    /** {@code max-frame-size}: largest frame (and so message) accepted, in bytes. */
    public int maxFrameSize = Frame.DEFAULT_MAX_FRAME_SIZE;
    /**
     * {@code heartbeat}: milliseconds between heartbeats; a connection silent for three intervals is closed, by either
     * side. 0 disables them.
     */
    public int heartbeatMillis = 10_000;
    /**
     * {@code transaction-timeout}: seconds after which an XA branch that is not yet prepared is rolled back, unless the
     * transaction manager set its own timeout ({@code XAResource.setTransactionTimeout}).
     */
    public int transactionTimeoutSeconds = 300;
    /**
     * {@code max-memory}: how many bytes of message bodies queues hold in memory, all queues together; beyond it
     * persistent messages of durable queues live only in the journal and are read back as consumers need them.
     */
    public MemoryLimit maxMemory = MemoryLimit.DEFAULT;
    /** {@code max-disk-usage}: how full the data file system (or how large the journal) may get before sends stop. */
    public DiskLimit maxDiskUsage = DiskLimit.NONE;
    /** {@code min-disk-free}: free bytes the data file system keeps (at most a quarter of it); below them sends that write stop. */
    public long minDiskFree = 32L << 20;
    /** {@code auto-create-queues}: create a queue the first time it is used. */
    public boolean autoCreateQueues = true;

    /**
     * {@code max-delivery-attempts}, {@code redelivery-delay}, {@code redelivery-backoff}, {@code max-redelivery-delay},
     * {@code dead-letter-queue}, {@code expiry-queue}: what happens to messages that keep failing or expire.
     */
    public DeliveryPolicy deliveryPolicy = DeliveryPolicy.DEFAULT;
    /** {@code queue.NAME.max-delivery-attempts} and friends: per-queue overrides of {@link #deliveryPolicy}. */
    public Map<String, DeliveryPolicy> queuePolicies = new HashMap<>();
    /**
     * {@code max-size-bytes}, {@code max-messages}, {@code full-policy}, {@code block-timeout}: how much each queue and
     * subscription may hold, and what a send to a full one does.
     */
    public QueueLimits queueLimits = QueueLimits.DEFAULT;
    /** {@code queue.NAME.max-messages} and friends: per-queue overrides of {@link #queueLimits}. */
    public Map<String, QueueLimits> queueLimitsByName = new HashMap<>();
    /** {@code topic.NAME.max-messages} and friends: limits of every subscription of topic NAME. */
    public Map<String, QueueLimits> topicLimits = new HashMap<>();

    /** {@code users-file}: properties file of {@code user=pbkdf2-sha256:...} entries; none means no named users. */
    public Path usersFile;
    /** {@code allow-anonymous}: accept connections without credentials, as the anonymous user. */
    public boolean allowAnonymous = true;

    public BrokerConfig port(int port) {
        this.port = port;
        return this;
    }

    public BrokerConfig dataDir(Path dataDir) {
        this.dataDir = dataDir;
        return this;
    }

    public BrokerConfig maxMemory(MemoryLimit limit) {
        this.maxMemory = limit;
        return this;
    }

    public BrokerConfig journalSync(boolean sync) {
        this.journalSync = sync;
        return this;
    }

    @Override
    public String toString() {
        return "bind=" + bindAddress + " port=" + port + " data=" + dataDir + " journal.sync=" + journalSync
                + " journal.segment-size=" + journalSegmentSize + " max-frame-size=" + maxFrameSize
                + " heartbeat=" + heartbeatMillis
                + " transaction-timeout=" + transactionTimeoutSeconds + " max-memory=" + maxMemory
                + " max-disk-usage=" + maxDiskUsage + " min-disk-free=" + minDiskFree + " queue-limits=" + queueLimits
                + (queueLimitsByName.isEmpty() ? "" : " per-queue-limits=" + queueLimitsByName)
                + (topicLimits.isEmpty() ? "" : " per-topic-limits=" + topicLimits)
                + " auto-create-queues=" + autoCreateQueues + " delivery-policy=" + deliveryPolicy
                + (queuePolicies.isEmpty() ? "" : " queue-policies=" + queuePolicies)
                + (usersFile == null ? "" : " users-file=" + usersFile) + (allowAnonymous ? "" : " allow-anonymous=false");
    }
}
