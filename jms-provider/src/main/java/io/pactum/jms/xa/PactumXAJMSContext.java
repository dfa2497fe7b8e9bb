package io.pactum.jms.xa;

import io.pactum.jms.PactumJMSContext;
import io.pactum.jms.PactumSession;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.XAJMSContext;

import javax.transaction.xa.XAResource;

/**
 * The simplified API's XA context: its session is an {@link PactumXASession}, so {@code commit} and {@code rollback}
 * throw TransactionInProgressRuntimeException and {@code getTransacted} is true (its session mode reads
 * SESSION_TRANSACTED). Contexts made from it with {@code createContext(int)} are ordinary ones sharing its connection.
 */
public class PactumXAJMSContext extends PactumJMSContext implements XAJMSContext {
    PactumXAJMSContext(PactumXAConnection connection) {
        super(connection, SESSION_TRANSACTED);
    }

    @Override
    protected PactumSession newSession() throws JMSException {
        return (PactumSession) ((PactumXAConnection) connection()).createXASession();
    }

    @Override
    public JMSContext getContext() {
        checkOpen();
        return this;
    }

    /** The resource of this context's session (created now if the context has not used it yet). */
    @Override
    public XAResource getXAResource() {
        return ((PactumXASession) session()).getXAResource();
    }
}
