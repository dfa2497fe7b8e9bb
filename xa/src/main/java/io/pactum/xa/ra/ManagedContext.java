package io.pactum.xa.ra;

import io.pactum.jms.PactumJMSContext;
import io.pactum.jms.PactumSession;
import io.pactum.jms.xa.PactumXAConnection;
import io.pactum.jms.xa.PactumXASession;

/**
 * The client's JMSContext implementation over a managed connection's physical connection and session, so
 * {@link ContextHandle} gets producers, consumers and messages without re-implementing them. It is never closed:
 * the managed connection owns the connection and session it uses.
 */
final class ManagedContext extends PactumJMSContext {
    private final PactumXASession session;

    ManagedContext(PactumXAConnection connection, PactumXASession session) {
        super(connection, AUTO_ACKNOWLEDGE);
        this.session = session;
    }

    @Override
    protected PactumSession newSession() {
        return session;
    }
}
