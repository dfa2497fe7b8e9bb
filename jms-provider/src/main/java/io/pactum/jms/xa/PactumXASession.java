package io.pactum.jms.xa;

import io.pactum.jms.PactumSession;
import io.pactum.jms.SessionDomain;
import io.pactum.protocol.Command;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TopicSession;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.XAQueueSession;
import jakarta.jms.XASession;
import jakarta.jms.XATopicSession;

import javax.transaction.xa.XAResource;
import java.util.concurrent.CompletableFuture;

/**
 * A session whose work a transaction manager directs through its {@link XAResource}. It is the ordinary session with
 * three differences. While its resource associates it with a branch, sends and acknowledgements (written after each
 * receive or onMessage, as in AUTO_ACKNOWLEDGE) become work of the branch; sends do not wait for the broker's answer
 * one by one: the end of the branch checks them (a failed one ends the branch with TMFAIL and XA_RBROLLBACK), and the
 * broker dooms the branch of a send that failed after that (prepare then answers XA_RBROLLBACK). Outside a branch it
 * behaves as a non-transacted
 * AUTO_ACKNOWLEDGE session, as Artemis's does. Local transaction demarcation is refused: {@code commit} and
 * {@code rollback} throw {@link TransactionInProgressException}, and {@code getTransacted} is true.
 * <p>
 * {@code createXASession} makes a unified XA session, which is an XASession only: its {@link #getSession()} may use
 * both domains. {@code createXAQueueSession} and {@code createXATopicSession} make the subclasses {@link Queues}
 * and {@link Topics}, XA sessions of one domain whose {@code getQueueSession()} or {@code getTopicSession()} is the
 * session itself, with its XAResource, refusing the other domain's methods as a QueueSession or TopicSession must.
 */
public class PactumXASession extends PactumSession implements XASession {
    private static final System.Logger LOG = System.getLogger(PactumXASession.class.getName());

    private final PactumXAResource resource;

    PactumXASession(PactumXAConnection connection, int id, SessionDomain domain) {
        super(connection, id, AUTO_ACKNOWLEDGE, domain);
        this.resource = new PactumXAResource(new Link(connection.brokerId()));
    }

    @Override
    public Session getSession() throws JMSException {
        checkOpen();
        return this;
    }

    /** Available after close too: the transaction manager may still have to end and complete the branch. */
    @Override
    public XAResource getXAResource() {
        return resource;
    }

    @Override
    public boolean getTransacted() throws JMSException {
        checkOpen();
        return true;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        checkOpen();
        return SESSION_TRANSACTED;
    }

    @Override
    public void commit() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("commit() on an XASession: its transaction manager completes "
                + "the global transaction through the XAResource");
    }

    @Override
    public void rollback() throws JMSException {
        checkOpen();
        throw new TransactionInProgressException("rollback() on an XASession: its transaction manager completes "
                + "the global transaction through the XAResource");
    }

    /** Outside a branch as in AUTO_ACKNOWLEDGE mode; in a branch IllegalStateException (roll the branch back). */
    @Override
    public void recover() throws JMSException {
        checkOpen();
        if (resource.isAssociated()) {
            throw new IllegalStateException("recover() while the session takes part in a global transaction; "
                    + "roll the transaction back instead");
        }
        super.recover();
    }

    @Override
    protected boolean inGlobalTransaction() {
        return resource.isAssociated();
    }

    /**
     * Closing the session in a branch (an application may close it before the transaction manager ends the branch)
     * closes it on the broker only once the branch is ended, so the broker never sees an associated session go.
     */
    @Override
    protected void closeSessionOnBroker() throws JMSException {
        if (!resource.runAfterEnd(this::closeDeferred)) {
            super.closeSessionOnBroker();
        }
    }

    private void closeDeferred() {
        try {
            super.closeSessionOnBroker();
        } catch (JMSException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing XA session {0} after its branch ended failed: {1}", id(),
                    e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PactumXASession[" + id() + (domain() == SessionDomain.UNIFIED ? "" : ", " + domain())
                + (resource.isAssociated() ? ", in a branch" : "") + "]";
    }

    /** An XAQueueSession: its queue session is itself, a QueueSession that refuses the topic methods. */
    static final class Queues extends PactumXASession implements XAQueueSession {
        Queues(PactumXAConnection connection, int id) {
            super(connection, id, SessionDomain.QUEUE);
        }

        @Override
        public QueueSession getQueueSession() throws JMSException {
            checkOpen();
            return this;
        }
    }

    /** An XATopicSession: its topic session is itself, a TopicSession that refuses the queue methods. */
    static final class Topics extends PactumXASession implements XATopicSession {
        Topics(PactumXAConnection connection, int id) {
            super(connection, id, SessionDomain.TOPIC);
        }

        @Override
        public TopicSession getTopicSession() throws JMSException {
            checkOpen();
            return this;
        }
    }

    private final class Link implements XaSessionLink {
        private final String brokerId;

        Link(String brokerId) {
            this.brokerId = brokerId;
        }

        @Override
        public int sessionId() {
            return id();
        }

        @Override
        public String brokerId() {
            return brokerId;
        }

        @Override
        public boolean isOpen() {
            return transport().isOpen();
        }

        @Override
        public CompletableFuture<Command> request(Command command) {
            return transport().request(command);
        }

        @Override
        public CompletableFuture<Command> requestAfterAcks(Command command) {
            return requestAfterAcknowledgingConsumed(command);
        }

        @Override
        public JMSException failedSend(boolean wait) {
            return transactionSendFailure(wait);
        }
    }
}
