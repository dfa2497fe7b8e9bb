package io.pactum.jms;

import io.pactum.protocol.Destination;
import jakarta.jms.Queue;

public class PactumQueue extends PactumDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public PactumQueue(String name) {
        super(name);
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public Destination.Kind kind() {
        return Destination.Kind.QUEUE;
    }
}
