package io.pactum.jms.message;

import jakarta.jms.JMSException;

/**
 * What {@link jakarta.jms.Message#acknowledge()} does for a received message. The session sets one on each message
 * it delivers (see {@link PactumMessage#setAcknowledger}); a message without one ignores {@code acknowledge()}, as
 * the specification requires for messages of transacted or auto-acknowledging sessions and for messages the
 * application created itself.
 */
@FunctionalInterface
public interface Acknowledger {
    void acknowledge() throws JMSException;
}
