package io.pactum.broker.config;

import io.pactum.broker.BrokerConfig;
import io.pactum.broker.delivery.FullPolicy;
import io.pactum.broker.delivery.QueueLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("pactum.properties");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private BrokerConfig load(String... lines) throws Exception {
        return ConfigFile.load(file(lines));
    }

    private ConfigException error(String... lines) throws IOException {
        Path f = file(lines);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void emptyFileGivesDefaults() throws Exception {
        BrokerConfig c = load("# nothing but a comment", "");
        BrokerConfig d = new BrokerConfig();
        assertEquals(d.toString(), c.toString());
        assertEquals("127.0.0.1", c.bindAddress);
        assertEquals(61700, c.port);
        assertEquals(Path.of("pactum-data"), c.dataDir);
        assertTrue(c.journalSync);
        assertEquals(64L << 20, c.journalSegmentSize);
        assertTrue(c.autoCreateQueues);
    }

    @Test
    void bind() throws Exception {
        assertEquals("0.0.0.0", load("bind=0.0.0.0").bindAddress);
        assertEquals("broker.example", load("bind = broker.example  ").bindAddress);
        assertTrue(error("bind=").getMessage().contains("bind"));
        assertTrue(error("bind=a b").getMessage().contains("bind"));
    }

    @Test
    void port() throws Exception {
        assertEquals(61701, load("port=61701").port);
        assertEquals(0, load("port: 0").port);
        ConfigException e = error("port=sixty");
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        assertTrue(e.getMessage().contains("'sixty'"), e.getMessage());
        assertTrue(error("port=65536").getMessage().contains("0 to 65535"));
        error("port=-1");
    }

    @Test
    void data() throws Exception {
        assertEquals(Path.of("/var/lib/pactum"), load("data=/var/lib/pactum").dataDir);
        assertEquals(Path.of("relative/dir"), load("data=relative/dir").dataDir);
        assertTrue(error("data=").getMessage().contains("data"));
    }

    @Test
    void journalSync() throws Exception {
        assertFalse(load("journal.sync=false").journalSync);
        assertTrue(load("journal.sync=TRUE").journalSync);
        ConfigException e = error("journal.sync=yes");
        assertTrue(e.getMessage().contains("journal.sync"), e.getMessage());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }

    @Test
    void journalSegmentSize() throws Exception {
        assertEquals(128L << 20, load("journal.segment-size=128MB").journalSegmentSize);
        assertEquals(1L << 30, load("journal.segment-size=1GB").journalSegmentSize);
        assertEquals(4L << 20, load("journal.segment-size=4194304").journalSegmentSize);
        assertTrue(error("journal.segment-size=64XB").getMessage().contains("journal.segment-size"));
        assertTrue(error("journal.segment-size=1KB").getMessage().contains("1MB"), "names the minimum");
    }

    @Test
    void maxFrameSize() throws Exception {
        assertEquals(1 << 20, load("max-frame-size=1MB").maxFrameSize);
        assertEquals(100 * 1024, load("max-frame-size=100KB").maxFrameSize);
        assertTrue(error("max-frame-size=4GB").getMessage().contains("max-frame-size"));
        error("max-frame-size=10");
        error("max-frame-size=big");
    }

    @Test
    void deliveryPolicyKeysAndTheirErrors() throws Exception {
        assertEquals(0, load("max-delivery-attempts=0").deliveryPolicy.maxDeliveryAttempts());
        assertTrue(error("max-delivery-attempts=-1").getMessage().contains("max-delivery-attempts"));
        assertTrue(error("redelivery-backoff=0.5").getMessage().contains("redelivery-backoff"));
        assertTrue(error("dead-letter-queue=$sys").getMessage().contains("reserved"));
        assertTrue(error("queue.orders.redelivery-delay=soon").getMessage().contains("queue.orders.redelivery-delay"));
        ConfigException unknown = error("queue.orders.colour=red");
        assertTrue(unknown.getMessage().contains("queue.NAME.KEY"), unknown.getMessage());
    }

    @Test
    void autoCreateQueues() throws Exception {
        assertFalse(load("auto-create-queues=false").autoCreateQueues);
        assertEquals(new MemoryLimit(0, 25), load("max-memory=25%").maxMemory);
        assertEquals(new MemoryLimit(512L << 20, 0), load("max-memory=512 MiB").maxMemory);
        assertTrue(error("max-memory=95%").getMessage().contains("max-memory"));
        assertTrue(error("max-memory=1KB").getMessage().contains("at least 1MB"));
        assertEquals(400L << 20, new MemoryLimit(0, 40).resolve(1000L << 20));
        assertTrue(error("auto-create-queues=0").getMessage().contains("auto-create-queues"));
    }

    @Test
    void queueLimitsDiskLimitsAndTheirErrors() throws Exception {
        BrokerConfig c = load("max-size-bytes=10MB", "max-messages=500", "full-policy=FAIL", "block-timeout=250",
                "queue.orders.max-messages=7", "queue.orders.full-policy=drop", "max-disk-usage=90%", "min-disk-free=1GB");
        assertEquals(new QueueLimits(10L << 20, 500, FullPolicy.FAIL, 250), c.queueLimits);
        assertEquals(new QueueLimits(10L << 20, 7, FullPolicy.DROP, 250), c.queueLimitsByName.get("orders"));
        assertEquals(new DiskLimit(0, 90), c.maxDiskUsage);
        assertEquals(1L << 30, c.minDiskFree);
        assertEquals(new DiskLimit(20L << 30, 0), load("max-disk-usage=20GB").maxDiskUsage);
        assertEquals(QueueLimits.UNLIMITED, load("max-messages=-1").queueLimits.maxMessages());
        assertTrue(error("max-messages=0").getMessage().contains("max-messages"));
        assertTrue(error("max-size-bytes=-2").getMessage().contains("max-size-bytes"));
        assertTrue(error("full-policy=wait").getMessage().contains("block, fail, drop or drop-oldest"));
        BrokerConfig t = load("max-messages=50", "topic.prices.full-policy=drop-oldest", "topic.prices.max-messages=9");
        assertEquals(new QueueLimits(-1, 9, FullPolicy.DROP_OLDEST, 30_000), t.topicLimits.get("prices"));
        assertEquals("drop-oldest", FullPolicy.DROP_OLDEST.toString());
        assertTrue(error("topic.prices.max-delivery-attempts=3").getMessage().contains("topic.NAME.KEY"),
                "delivery policies are per queue only");
        assertTrue(error("block-timeout=-1").getMessage().contains("block-timeout"));
        assertTrue(error("max-disk-usage=101%").getMessage().contains("max-disk-usage"));
        assertTrue(error("queue.orders.max-messages=many").getMessage().contains("queue.orders.max-messages"));
    }

    @Test
    void everyKeyTogether() throws Exception {
        BrokerConfig c = load("bind=0.0.0.0", "port=61800", "data=/srv/pactum", "journal.sync=false",
                "journal.segment-size=32MB", "max-frame-size=2MB", "heartbeat=2500", "transaction-timeout=45", "auto-create-queues=false",
                "max-memory=256MB", "max-delivery-attempts=5", "redelivery-delay=100", "redelivery-backoff=1.5", "max-redelivery-delay=900",
                "dead-letter-queue=dead", "expiry-queue=", "queue.orders.max-delivery-attempts=2");
        assertEquals("bind=0.0.0.0 port=61800 data=/srv/pactum journal.sync=false journal.segment-size=33554432"
                + " max-frame-size=2097152 heartbeat=2500 transaction-timeout=45 max-memory=256MB max-disk-usage=none"
                + " min-disk-free=33554432 queue-limits=QueueLimits[maxSizeBytes=-1, maxMessages=-1, fullPolicy=block,"
                + " blockTimeoutMillis=30000] auto-create-queues=false delivery-policy=DeliveryPolicy[maxDeliveryAttempts=5,"
                + " redeliveryDelayMillis=100, redeliveryBackoff=1.5, maxRedeliveryDelayMillis=900, deadLetterQueue=dead,"
                + " expiryQueue=] queue-policies={orders=DeliveryPolicy[maxDeliveryAttempts=2, redeliveryDelayMillis=100,"
                + " redeliveryBackoff=1.5, maxRedeliveryDelayMillis=900, deadLetterQueue=dead, expiryQueue=]}", c.toString());
    }

    @Test
    void loadsOntoAGivenConfig() throws Exception {
        BrokerConfig base = new BrokerConfig().port(1234);
        BrokerConfig c = ConfigFile.load(file("journal.sync=false"), base);
        assertEquals(1234, c.port);
        assertFalse(c.journalSync);
    }

    @Test
    void unknownKeyNamesTheKeyAndTheFile() throws Exception {
        ConfigException e = error("port=61700", "jurnal.sync=false");
        assertTrue(e.getMessage().contains("unknown key 'jurnal.sync'"), e.getMessage());
        assertTrue(e.getMessage().contains("journal.sync"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void keyGivenTwiceIsAnError() throws Exception {
        ConfigException e = error("port=1", "port=2");
        assertTrue(e.getMessage().contains("'port' is set twice"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void malformedEscape() throws Exception {
        assertTrue(error("bind=\\uZZZZ").getMessage().length() > 0);
    }

    @Test
    void everyKeyHasAFlagNameDerivedFromIt() {
        assertEquals("--journal-segment-size", ConfigKey.JOURNAL_SEGMENT_SIZE.flag());
        assertEquals("--max-frame-size", ConfigKey.MAX_FRAME_SIZE.flag());
        assertEquals("--bind", ConfigKey.BIND.flag());
        assertEquals("--max-delivery-attempts", ConfigKey.MAX_DELIVERY_ATTEMPTS.flag());
        assertEquals(ConfigKey.values().length, ConfigKey.keys().stream().distinct().count());
    }

    @Test
    void exampleFileInTheRepositoryLoadsAndStatesTheDefaults() throws Exception {
        // config/pactum.properties lists every key commented out with its default; uncommented it must load
        // and give exactly the defaults.
        Path example = Path.of("..", "config", "pactum.properties");
        assertTrue(Files.exists(example), "missing " + example.toAbsolutePath());
        StringBuilder uncommented = new StringBuilder();
        for (String line : Files.readAllLines(example)) {
            if (line.matches("#\\s?[a-z.-]+\\s*=.*")) {
                uncommented.append(line.substring(1).trim()).append('\n');
            }
        }
        Path f = dir.resolve("uncommented.properties");
        Files.writeString(f, uncommented);
        BrokerConfig c = ConfigFile.load(f);
        assertEquals(new BrokerConfig().toString(), c.toString());
        for (String key : ConfigKey.keys()) {
            assertTrue(uncommented.toString().contains(key + "="), "example file lacks " + key);
        }
    }

    @Test
    void documentationCoversEveryKey() throws Exception {
        Path doc = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(doc);
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(text.contains("`" + key.key() + "`"), "docs/configuration.md lacks " + key.key());
            assertTrue(text.contains("`" + key.flag()), "docs/configuration.md lacks " + key.flag());
        }
    }
}
