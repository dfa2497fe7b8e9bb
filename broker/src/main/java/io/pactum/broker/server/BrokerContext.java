package io.pactum.broker.server;

import io.pactum.broker.BrokerConfig;
import io.pactum.broker.delivery.Destinations;
import io.pactum.broker.flow.Admission;
import io.pactum.broker.security.Authenticator;
import io.pactum.broker.store.Journal;
import io.pactum.broker.tx.ResourceManager;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/** What every connection handler shares: configuration, journal, destinations, admission of sends, the XA resource
 * manager, id sources and the client-id registry. */
public final class BrokerContext {
    final BrokerConfig config;
    final Journal journal;
    final Destinations destinations;
    final String brokerId;
    final Authenticator authenticator;
    final ResourceManager xa;
    final Admission admission;
    /** Where credentials are checked (a password hash is slow by design): never on an event loop. */
    final ExecutorService logins = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "pactum-login");
        t.setDaemon(true);
        return t;
    });
    private final LongSupplier messageIds;
    private final Set<String> clientIds = ConcurrentHashMap.newKeySet();

    public BrokerContext(BrokerConfig config, Journal journal, Destinations destinations, String brokerId,
                         LongSupplier messageIds, Authenticator authenticator, ResourceManager xa,
                         Admission admission) {
        this.xa = xa;
        this.admission = admission;
        this.config = config;
        this.authenticator = authenticator;
        this.journal = journal;
        this.destinations = destinations;
        this.brokerId = brokerId;
        this.messageIds = messageIds;
    }

    /** Stops the login threads (the server is closing). */
    void close() {
        logins.shutdownNow();
    }

    long nextMessageId() {
        return messageIds.getAsLong();
    }

    /** Claims a client id; false if another connection holds it (JMS requires client ids to be unique). */
    boolean claimClientId(String id) {
        return clientIds.add(id);
    }

    void releaseClientId(String id) {
        if (id != null) {
            clientIds.remove(id);
        }
    }
}
