package io.pactum.xa.ra;

/**
 * The connection definition for {@code jakarta.jms.QueueConnectionFactory}: the same factory, a distinct class so each
 * of the three connection definitions in ra.xml has its own, as containers expect.
 */
public class PactumManagedQueueConnectionFactory extends PactumManagedConnectionFactory {
    private static final long serialVersionUID = 1L;
}
