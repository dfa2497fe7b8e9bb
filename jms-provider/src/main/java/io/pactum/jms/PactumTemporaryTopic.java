package io.pactum.jms;

import io.pactum.protocol.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic; {@code owner} is the connection that created it (null for one received in a message). */
public class PactumTemporaryTopic extends PactumDestination implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    private final transient TemporaryDestinationOwner owner;

    public PactumTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Destination.Kind kind() {
        return Destination.Kind.TEMP_TOPIC;
    }

    @Override
    public void delete() throws JMSException {
        TemporaryDestinationOwner.delete(owner, this);
    }
}
