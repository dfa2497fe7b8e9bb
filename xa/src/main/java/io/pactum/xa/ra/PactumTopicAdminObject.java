package io.pactum.xa.ra;

import jakarta.jms.Topic;

/** The administered topic a deployer configures with ra.xml's adminobject; see {@link PactumAdminDestination}. */
public class PactumTopicAdminObject extends PactumAdminDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public PactumTopicAdminObject() {
        super("topic");
    }

    @Override
    public String getTopicName() {
        return getName();
    }
}
