package io.pactum.jms;

import io.pactum.protocol.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/** A temporary queue; {@code owner} is the connection that created it (null for one received in a message). */
public class PactumTemporaryQueue extends PactumDestination implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;

    public PactumTemporaryQueue(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public Destination.Kind kind() {
        return Destination.Kind.TEMP_QUEUE;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDestinationOwner.delete(owner, this);
    }
}
