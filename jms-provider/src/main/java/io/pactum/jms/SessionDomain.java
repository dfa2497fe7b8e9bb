package io.pactum.jms;

import jakarta.jms.IllegalStateException;

/**
 * The messaging domain a session was created for. {@code Connection.createSession} makes a unified session, which
 * may use every method; {@code QueueConnection.createQueueSession} and {@code TopicConnection.createTopicSession}
 * (and their XA counterparts) make sessions of one domain, which must refuse the other domain's methods with
 * IllegalStateException, as the QueueSession and TopicSession Javadoc requires: a QueueSession refuses
 * createDurableSubscriber, createDurableConsumer, createSharedConsumer, createSharedDurableConsumer,
 * createTemporaryTopic, createTopic and unsubscribe; a TopicSession refuses createBrowser, createQueue and
 * createTemporaryQueue. Because one Pactum session object implements both interfaces, the other domain's own
 * factory methods (createSubscriber and createPublisher, resp. createReceiver and createSender) are refused too.
 */
public enum SessionDomain {
    /** Both domains: a session from {@code createSession}. */
    UNIFIED("Session"),
    /** Point-to-point only: a QueueSession. */
    QUEUE("QueueSession"),
    /** Publish/subscribe only: a TopicSession. */
    TOPIC("TopicSession");

    private final String sessionType;

    SessionDomain(String sessionType) {
        this.sessionType = sessionType;
    }

    /**
     * Refuses {@code method}, a method of the {@code methodDomain} domain, unless a session of this domain may use it.
     */
    public void check(SessionDomain methodDomain, String method) throws IllegalStateException {
        if (this != UNIFIED && this != methodDomain) {
            throw new IllegalStateException(method + "() must not be used on a " + sessionType + ": it belongs to "
                    + "the " + (methodDomain == TOPIC ? "publish/subscribe" : "point-to-point") + " domain (a session "
                    + "from Connection.createSession serves both)");
        }
    }
}
