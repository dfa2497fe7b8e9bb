package io.pactum.xa.ra;

import jakarta.jms.Queue;

/** The administered queue a deployer configures with ra.xml's adminobject; see {@link PactumAdminDestination}. */
public class PactumQueueAdminObject extends PactumAdminDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public PactumQueueAdminObject() {
        super("queue");
    }

    @Override
    public String getQueueName() {
        return getName();
    }
}
