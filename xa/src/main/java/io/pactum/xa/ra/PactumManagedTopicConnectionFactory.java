package io.pactum.xa.ra;

/** The connection definition for {@code jakarta.jms.TopicConnectionFactory}; see {@link PactumManagedQueueConnectionFactory}. */
public class PactumManagedTopicConnectionFactory extends PactumManagedConnectionFactory {
    private static final long serialVersionUID = 1L;
}
