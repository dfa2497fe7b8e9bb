package io.pactum.xa.ra;

import io.pactum.jms.PactumQueue;
import io.pactum.jms.PactumTopic;
import io.pactum.jms.xa.PactumXAConnection;
import io.pactum.jms.xa.PactumXAConnectionFactory;
import io.pactum.jms.xa.PactumXASession;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Topic;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Timer;
import java.util.TimerTask;

/**
 * One active message endpoint: a physical XA connection with a session and consumer per allowed concurrent delivery
 * ({@link PactumActivationSpec#sessions()}), each delivering through an {@link EndpointDelivery}. When the connection
 * is lost (broker restart, network) everything is closed and connected again after a back-off that doubles up to the
 * spec's maximum; messages in flight are redelivered by the broker.
 */
final class Activation {
    private static final System.Logger LOG = System.getLogger(Activation.class.getName());

    private final MessageEndpointFactory factory;
    private final PactumActivationSpec spec;
    private final Timer timer;
    private final TransactionSynchronizationRegistry registry;
    private PactumXAConnection connection;
    private TimerTask pending;
    private long backoff;
    private boolean stopped;

    Activation(MessageEndpointFactory factory, PactumActivationSpec spec, Timer timer,
               TransactionSynchronizationRegistry registry) {
        this.factory = factory;
        this.spec = spec;
        this.timer = timer;
        this.registry = registry;
        this.backoff = spec.getReconnectIntervalMillis();
    }

    /** Connects now, or keeps trying in the background: a broker that is not up yet must not fail deployment. */
    synchronized void start() {
        connectOrRetry();
    }

    synchronized boolean isConnected() {
        return connection != null;
    }

    private synchronized void connectOrRetry() {
        pending = null;
        if (stopped) {
            return;
        }
        try {
            connect();
            backoff = spec.getReconnectIntervalMillis();
            LOG.log(System.Logger.Level.INFO, "{0} consumes from {1} with {2} session(s)", EndpointName.of(factory),
                    spec, spec.sessions());
        } catch (JMSException | NamingException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} cannot consume from {1} yet; retrying in {2} ms: {3}",
                    EndpointName.of(factory), spec, backoff, e.toString());
            closeConnection();
            retryLater();
        }
    }

    private void connect() throws JMSException, NamingException {
        Destination destination = destination();
        Credentials c = spec.credentials();
        PactumXAConnection conn = (PactumXAConnection) new PactumXAConnectionFactory(spec.url())
                .createXAConnection(c.user(), c.password());
        connection = conn;
        if (spec.getClientId() != null && !spec.getClientId().isBlank()) {
            conn.setClientID(spec.getClientId());
        }
        conn.setExceptionListener(this::connectionLost);
        boolean transacted;
        try {
            transacted = factory.isDeliveryTransacted(EndpointDelivery.ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < spec.sessions(); i++) {
            PactumXASession session = (PactumXASession) conn.createXASession();
            consumer(session, destination).setMessageListener(
                    new EndpointDelivery(factory, session, transacted, registry));
        }
        conn.start();
    }

    private Destination destination() throws NamingException {
        String lookup = spec.getDestinationLookup();
        if (lookup != null && !lookup.isBlank()) {
            InitialContext ctx = new InitialContext();
            try {
                return (Destination) ctx.lookup(lookup);
            } finally {
                ctx.close();
            }
        }
        return spec.isTopic() ? new PactumTopic(spec.getDestination()) : new PactumQueue(spec.getDestination());
    }

    private MessageConsumer consumer(PactumXASession session, Destination destination) throws JMSException {
        String selector = spec.getMessageSelector();
        if (!spec.isTopic()) {
            return session.createConsumer(destination, selector);
        }
        Topic topic = (Topic) destination;
        boolean shared = spec.getShareSubscriptions();
        if (spec.isDurable()) {
            return shared ? session.createSharedDurableConsumer(topic, spec.getSubscriptionName(), selector)
                    : session.createDurableConsumer(topic, spec.getSubscriptionName(), selector, false);
        }
        return shared ? session.createSharedConsumer(topic, spec.getSubscriptionName(), selector)
                : session.createConsumer(topic, selector);
    }

    /** From the client when the connection fails: reconnect from a timer thread, never the client's own. */
    private synchronized void connectionLost(JMSException e) {
        if (stopped || pending != null) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "{0} lost its connection; reconnecting: {1}", EndpointName.of(factory),
                e.getMessage());
        pending = task(() -> {
            closeConnection();
            connectOrRetry();
        });
        timer.schedule(pending, 0);
    }

    private void retryLater() {
        pending = task(this::connectOrRetry);
        timer.schedule(pending, backoff);
        backoff = Math.min(backoff * 2, spec.getMaxReconnectIntervalMillis());
    }

    private static TimerTask task(Runnable r) {
        return new TimerTask() {
            @Override
            public void run() {
                r.run();
            }
        };
    }

    /** Stops delivery: waits for deliveries in progress (closing a connection does) and closes the connection. */
    void stop() {
        synchronized (this) {
            stopped = true;
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
        }
        closeConnection();
    }

    private void closeConnection() {
        PactumXAConnection c;
        synchronized (this) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the connection of {0} failed: {1}",
                        EndpointName.of(factory), e.getMessage());
            }
        }
    }
}
