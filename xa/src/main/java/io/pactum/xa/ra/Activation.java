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
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;

/**
 * One active message endpoint: a physical XA connection with a session and consumer per allowed concurrent delivery
 * ({@link PactumActivationSpec#sessions()}), each delivering through an {@link EndpointDelivery}. When the connection
 * is lost (broker restart, network) everything is closed and connected again after a back-off that doubles up to the
 * spec's maximum; messages in flight are redelivered by the broker.
 * <p>With {@code pauseAfterConsecutiveFailures}, that many failed deliveries in a row {@link #pause pause} the
 * endpoint: its consumers close, so they take no more messages and their prefetched ones go back to the broker, and
 * it connects again after {@code pauseMillis}.
 */
final class Activation {
    private static final System.Logger LOG = System.getLogger(Activation.class.getName());

    private final MessageEndpointFactory factory;
    private final PactumActivationSpec spec;
    private final Timer timer;
    private final TransactionSynchronizationRegistry registry;
    private final ConsecutiveFailures failures;
    private PactumXAConnection connection;
    private List<MessageConsumer> consumers = List.of();
    private TimerTask pending;
    private long backoff;
    private boolean stopped;
    private boolean paused;

    Activation(MessageEndpointFactory factory, PactumActivationSpec spec, Timer timer,
               TransactionSynchronizationRegistry registry) {
        this.factory = factory;
        this.spec = spec;
        this.timer = timer;
        this.registry = registry;
        this.backoff = spec.getReconnectIntervalMillis();
        this.failures = spec.getPauseAfterConsecutiveFailures() > 0
                ? new ConsecutiveFailures(spec.getPauseAfterConsecutiveFailures(), this::pause)
                : ConsecutiveFailures.never();
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
        if (stopped || paused) {
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
        List<MessageConsumer> created = new ArrayList<>();
        for (int i = 0; i < spec.sessions(); i++) {
            PactumXASession session = (PactumXASession) conn.createXASession();
            MessageConsumer consumer = consumer(session, destination);
            consumer.setMessageListener(new EndpointDelivery(factory, session, transacted, registry, failures));
            created.add(consumer);
        }
        consumers = created;
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
        if (stopped || paused || pending != null) {
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

    /**
     * On the delivery thread whose failure was the {@code failures}th in a row. Closing the consumers here, before
     * that thread takes its next message (a listener may close its own consumer, and closing the others waits for
     * their deliveries in progress), stops delivery at once and hands their prefetched messages back to the broker
     * for other consumers; the connection is then closed from the timer (a listener must not close its own) and
     * opened again after pauseMillis.
     */
    void pause(int failures) {
        List<MessageConsumer> current;
        synchronized (this) {
            if (stopped || paused) {
                return;
            }
            paused = true;
            if (pending != null) {
                pending.cancel(); // a reconnect: resume() connects
                pending = null;
            }
            current = consumers;
            consumers = List.of();
        }
        LOG.log(System.Logger.Level.WARNING, "{0} pauses for {1} ms after {2} consecutive failed deliveries from {3}",
                factory.getActivationName(), Long.toString(spec.getPauseMillis()), failures, spec);
        for (MessageConsumer c : current) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a consumer of {0} failed: {1}", factory.getActivationName(),
                        e.getMessage());
            }
        }
        synchronized (this) {
            if (!stopped) {
                timer.schedule(task(this::closeForPause), 0);
            }
        }
    }

    private void closeForPause() {
        closeConnection();
        synchronized (this) {
            if (!stopped) {
                timer.schedule(task(this::resume), spec.getPauseMillis());
            }
        }
    }

    private synchronized void resume() {
        if (stopped) {
            return;
        }
        paused = false;
        failures.reset();
        LOG.log(System.Logger.Level.INFO, "{0} resumes consuming from {1} after its pause", factory.getActivationName(),
                spec);
        connectOrRetry();
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
            consumers = List.of();
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
