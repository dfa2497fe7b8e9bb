package io.pactum.jms;

import io.pactum.protocol.Destination;
import jakarta.jms.Topic;

public class PactumTopic extends PactumDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public PactumTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public Destination.Kind kind() {
        return Destination.Kind.TOPIC;
    }
}
