package io.pactum.broker;

import io.pactum.protocol.SocketIo;
import io.pactum.broker.delivery.Destinations;
import io.pactum.broker.delivery.MemoryBudget;
import io.pactum.broker.flow.Admission;
import io.pactum.broker.flow.ResourceMonitor;
import io.pactum.broker.security.Authenticator;
import io.pactum.broker.server.BrokerContext;
import io.pactum.broker.server.BrokerServer;
import io.pactum.broker.store.H2Journal;
import io.pactum.broker.store.Journal;
import io.pactum.broker.store.JournalRecord;
import io.pactum.broker.store.RecoveredState;
import io.pactum.broker.tx.ResourceManager;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running Pactum broker: the journal, the destinations and the network listener. Embeddable:
 * {@code try (Broker b = Broker.start(new BrokerConfig().port(0))) { ... b.port() ... }}.
 */
public final class Broker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Broker.class.getName());
    private static final String BROKER_ID_KEY = "broker.id";

    private final BrokerConfig config;
    private final Journal journal;
    private final Destinations destinations;
    private final ResourceManager xa;
    private final BrokerServer server;
    private final ResourceMonitor monitor;
    private final String brokerId;
    private volatile boolean closed;
    private final java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();

    private Broker(BrokerConfig config, Journal journal, Destinations destinations, ResourceManager xa, BrokerServer server,
                   ResourceMonitor monitor, String brokerId) {
        this.xa = xa;
        this.monitor = monitor;
        this.config = config;
        this.journal = journal;
        this.destinations = destinations;
        this.server = server;
        this.brokerId = brokerId;
    }

    /** Recovers the journal, then listens; returns once clients can connect. */
    public static Broker start(BrokerConfig config) throws Exception {
        Authenticator authenticator = Authenticator.load(config.usersFile, config.allowAnonymous);
        if (config.allowAnonymous && !InetAddress.getByName(config.bindAddress).isLoopbackAddress()) {
            LOG.log(System.Logger.Level.WARNING, "anonymous connections are allowed on {0}, which is not a loopback "
                    + "address; set allow-anonymous=false and a users-file to require credentials", config.bindAddress);
        }
        Files.createDirectories(config.dataDir);
        Journal journal = H2Journal.open(config.dataDir, config.journalSync, config.journalSegmentSize);
        try {
            RecoveredState state = journal.recovered();
            String brokerId = brokerId(journal, state);
            // message ids only grow, across restarts too: the journal knows the highest one ever written
            AtomicLong messageIds = new AtomicLong(state.maxMessageId());
            MemoryBudget budget = new MemoryBudget(config.maxMemory.resolve(Runtime.getRuntime().maxMemory()));
            Destinations destinations = new Destinations(journal, budget, config.autoCreateQueues, config.deliveryPolicy,
                    config.queuePolicies, config.queueLimits, config.queueLimitsByName, config.topicLimits,
                    messageIds::incrementAndGet);
            destinations.recover(state);
            ResourceManager xa = new ResourceManager(journal, config.transactionTimeoutSeconds);
            xa.restore(state, destinations);
            destinations.queuesUsedByTransactions(xa::refersTo);
            ResourceMonitor monitor = new ResourceMonitor(config.dataDir, config.maxDiskUsage, config.minDiskFree,
                    () -> journal.stats().bytesOnDisk(), destinations::queuedMessages, destinations::bookkeepingBytes,
                    ResourceMonitor.maxBookkeepingBytes(Runtime.getRuntime().maxMemory(), budget.max()));
            BrokerContext context = new BrokerContext(config, journal, destinations, brokerId,
                    messageIds::incrementAndGet, authenticator, xa, new Admission(monitor));
            BrokerServer server;
            try {
                server = new BrokerServer(context);
            } catch (Exception | Error e) {
                monitor.close();
                xa.close();
                destinations.close();
                throw e;
            }
            Broker broker = new Broker(config, journal, destinations, xa, server, monitor, brokerId);
            journal.whenFailed(broker::stopAfterJournalFailure);
            LOG.log(System.Logger.Level.INFO, "Pactum broker {0} listening on {1}:{2,number,#} ({3}), data in {4}, "
                            + "memory budget {5,number,#} bytes ({6}), room to track about {7,number,#} paged messages", brokerId,
                    config.bindAddress, server.port(), SocketIo.name(), config.dataDir.toAbsolutePath(), budget.max(),
                    config.maxMemory, monitor.maxPagedMessages());
            return broker;
        } catch (Exception | Error e) {
            journal.close();
            throw e;
        }
    }

    /** The broker's persistent identity: created on first start, kept in the journal. */
    private static String brokerId(Journal journal, RecoveredState state) {
        byte[] id = state.meta().get(BROKER_ID_KEY);
        if (id != null) {
            return new String(id, StandardCharsets.UTF_8);
        }
        String fresh = UUID.randomUUID().toString();
        journal.write(new JournalRecord.PutMeta(BROKER_ID_KEY, fresh.getBytes(StandardCharsets.UTF_8))).join();
        return fresh;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    public String brokerId() {
        return brokerId;
    }

    public BrokerConfig config() {
        return config;
    }

    /** The XA resource manager, for embedding applications and tests that inspect branches. */
    public ResourceManager resourceManager() {
        return xa;
    }

    public Journal journal() {
        return journal;
    }

    /**
     * After the journal failed for good it refuses every write, and a broker that went on would accept connections
     * and sends it cannot store and drop the acknowledgements nobody waits for. So it stops, on a thread of its own
     * (not the failing writer's), naming the cause; clients see their connections close. The data on disk is what
     * the journal confirmed: a restart recovers it once the cause (a full disk, a lost volume) is dealt with.
     */
    private void stopAfterJournalFailure(Throwable cause) {
        Thread t = new Thread(() -> {
            LOG.log(System.Logger.Level.ERROR, "the journal failed ({0}); stopping broker {1} so that clients see a "
                    + "connection loss instead of a broker that cannot store their work. Restart it once the cause "
                    + "is fixed: it recovers everything the journal confirmed.", cause, brokerId);
            close();
            failed.complete(cause);
        }, "pactum-journal-failure");
        t.start();
    }

    /** Completes with the cause once the broker stopped itself because its journal failed; never otherwise. */
    public java.util.concurrent.CompletionStage<Throwable> stoppedByFailure() {
        return failed;
    }

    /** Stops accepting connections, closes client connections, drains the journal and records a clean shutdown. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        monitor.close();
        server.close();
        xa.close();
        destinations.close();
        journal.close();
        LOG.log(System.Logger.Level.INFO, "Pactum broker {0} stopped", brokerId);
    }
}
