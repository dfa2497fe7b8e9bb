package io.pactum.jms;

import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

/** The connection that created a temporary destination and is the only one allowed to delete it. */
public interface TemporaryDestinationOwner {
    void deleteTemporary(PactumDestination destination) throws JMSException;

    static void delete(TemporaryDestinationOwner owner, PactumDestination destination) throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("only the connection that created " + destination + " can delete it");
        }
        owner.deleteTemporary(destination);
    }
}
