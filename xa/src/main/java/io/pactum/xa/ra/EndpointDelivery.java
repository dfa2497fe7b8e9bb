package io.pactum.xa.ra;

import io.pactum.jms.xa.PactumXASession;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.lang.reflect.Method;

/**
 * The listener of one inbound session: hands each message to a message endpoint from the container. Runs on the
 * session's own delivery thread, so an activation's sessions deliver concurrently and each delivery's transaction is
 * bound to that thread.
 * <p>Transacted delivery ({@code isDeliveryTransacted}): the endpoint is created with the session's XA resource;
 * {@code beforeDelivery} lets the container begin its transaction and start the session's branch, {@code onMessage}
 * runs in it, and {@code afterDelivery} lets the container end the branch (the client then writes the message's
 * acknowledgement into it) and commit or roll back. A RuntimeException from onMessage marks the transaction
 * rollback-only (containers do so themselves for system exceptions; this covers those that do not), so the rollback
 * returns the message to the broker, which redelivers it with JMSXDeliveryCount raised after its redelivery delay, or
 * dead-letters it when its attempts are spent.
 * <p>Non-transacted delivery: the session is AUTO_ACKNOWLEDGE; a RuntimeException from onMessage propagates to the
 * client, which redelivers the message at once, as Jakarta Messaging specifies for listeners.
 * <p>Each outcome is counted in the activation's {@link ConsecutiveFailures}, which may pause it.
 */
final class EndpointDelivery implements MessageListener {
    private static final System.Logger LOG = System.getLogger(EndpointDelivery.class.getName());
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MessageEndpointFactory factory;
    private final PactumXASession session;
    private final boolean transacted;
    private final TransactionSynchronizationRegistry registry;
    private final ConsecutiveFailures failures;

    EndpointDelivery(MessageEndpointFactory factory, PactumXASession session, boolean transacted,
                     TransactionSynchronizationRegistry registry, ConsecutiveFailures failures) {
        this.factory = factory;
        this.session = session;
        this.transacted = transacted;
        this.registry = registry;
        this.failures = failures;
    }

    @Override
    public void onMessage(Message message) {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(transacted ? session.getXAResource() : null);
        } catch (UnavailableException e) {
            failures.failed();
            throw new IllegalStateException("message endpoint unavailable; the message comes again: " + e.getMessage(), e);
        }
        boolean delivered = false;
        try {
            if (transacted) {
                delivered = deliverTransacted(endpoint, message);
            } else {
                ((MessageListener) endpoint).onMessage(message);
                delivered = true;
            }
        } finally {
            endpoint.release();
            if (delivered) {
                failures.succeeded();
            } else {
                failures.failed();
            }
        }
    }

    /** Whether onMessage returned and the container completed the delivery. */
    private boolean deliverTransacted(MessageEndpoint endpoint, Message message) {
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (NoSuchMethodException | ResourceException e) {
            throw new IllegalStateException("the container could not begin the delivery's transaction; the message "
                    + "comes again: " + e.getMessage(), e);
        }
        boolean ok = true;
        try {
            ((MessageListener) endpoint).onMessage(message);
        } catch (RuntimeException e) {
            ok = false;
            markRollbackOnly();
            LOG.log(System.Logger.Level.WARNING, "onMessage of {0} failed; its transaction rolls back and the message "
                    + "comes again: {1}", EndpointName.of(factory), e.toString());
        } finally {
            try {
                endpoint.afterDelivery();
            } catch (ResourceException | RuntimeException e) {
                ok = false;
                // the branch rolled back (or its outcome is the transaction manager's to recover): the broker has it
                LOG.log(System.Logger.Level.WARNING, "completing the delivery to {0} failed: {1}",
                        EndpointName.of(factory), e.toString());
            }
        }
        return ok;
    }

    private void markRollbackOnly() {
        if (registry == null) {
            return;
        }
        try {
            registry.setRollbackOnly();
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "no transaction to mark rollback-only: {0}", e.getMessage());
        }
    }
}
