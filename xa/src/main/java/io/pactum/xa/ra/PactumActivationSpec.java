package io.pactum.xa.ra;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

import java.io.Serializable;

/**
 * How a message-driven bean consumes: the standard activation properties of Jakarta Messaging and Jakarta
 * Enterprise Beans (destinationLookup, destinationType, messageSelector, subscriptionDurability, subscriptionName,
 * clientId, acknowledgeMode), plus {@code destination} (a plain name instead of a JNDI lookup),
 * {@code shareSubscriptions} (a shared topic subscription, so several sessions can split one), {@code maxSession}
 * (concurrent deliveries), the connection (connectionURL, userName, password; default the adapter's), the
 * reconnect back-off, and an optional pause after consecutive failed deliveries
 * ({@code pauseAfterConsecutiveFailures}, {@code pauseMillis}). {@link #validate()} rejects combinations that cannot work before anything connects.
 */
public class PactumActivationSpec implements ActivationSpec, ResourceAdapterAssociation, Serializable {
    private static final long serialVersionUID = 1L;
    static final String QUEUE = "jakarta.jms.Queue";
    static final String TOPIC = "jakarta.jms.Topic";

    private String destination;
    private String destinationLookup;
    private String destinationType = QUEUE;
    private String messageSelector;
    private String subscriptionDurability = "NonDurable";
    private String subscriptionName;
    private String clientId;
    private String acknowledgeMode = "Auto-acknowledge";
    private boolean shareSubscriptions;
    private int maxSession = 10;
    private String connectionURL;
    private String userName;
    private String password;
    private long reconnectIntervalMillis = 1000;
    private long maxReconnectIntervalMillis = 30_000;
    private int pauseAfterConsecutiveFailures;
    private long pauseMillis = 30_000;
    private transient PactumResourceAdapter resourceAdapter;

    /** Checks the properties together; the message names the offending property. */
    @Override
    public void validate() throws InvalidPropertyException {
        boolean hasName = destination != null && !destination.isBlank();
        boolean hasLookup = destinationLookup != null && !destinationLookup.isBlank();
        if (!hasName && !hasLookup) {
            throw new InvalidPropertyException("destination or destinationLookup must be set");
        }
        if (!isQueue() && !isTopic()) {
            throw new InvalidPropertyException("destinationType must be jakarta.jms.Queue or jakarta.jms.Topic, not "
                    + destinationType);
        }
        if (!"Durable".equalsIgnoreCase(subscriptionDurability) && !"NonDurable".equalsIgnoreCase(subscriptionDurability)) {
            throw new InvalidPropertyException("subscriptionDurability must be Durable or NonDurable, not "
                    + subscriptionDurability);
        }
        if (isDurable()) {
            if (!isTopic()) {
                throw new InvalidPropertyException("subscriptionDurability=Durable needs destinationType jakarta.jms.Topic");
            }
            if (subscriptionName == null || subscriptionName.isBlank()) {
                throw new InvalidPropertyException("a durable subscription needs subscriptionName");
            }
            if (!shareSubscriptions && (clientId == null || clientId.isBlank())) {
                throw new InvalidPropertyException("a durable subscription that is not shared needs clientId");
            }
        }
        if (shareSubscriptions && isTopic() && (subscriptionName == null || subscriptionName.isBlank())) {
            throw new InvalidPropertyException("shareSubscriptions needs subscriptionName");
        }
        if (!"Auto-acknowledge".equalsIgnoreCase(acknowledgeMode) && !"Dups-ok-acknowledge".equalsIgnoreCase(acknowledgeMode)) {
            throw new InvalidPropertyException("acknowledgeMode must be Auto-acknowledge or Dups-ok-acknowledge, not "
                    + acknowledgeMode);
        }
        if (maxSession < 1) {
            throw new InvalidPropertyException("maxSession must be at least 1");
        }
        if (reconnectIntervalMillis < 1 || maxReconnectIntervalMillis < reconnectIntervalMillis) {
            throw new InvalidPropertyException("reconnect intervals must be positive, the maximum not below the first");
        }
        if (pauseAfterConsecutiveFailures < 0) {
            throw new InvalidPropertyException("pauseAfterConsecutiveFailures must not be negative (0 never pauses)");
        }
        if (pauseMillis < 0) {
            throw new InvalidPropertyException("pauseMillis must not be negative");
        }
    }

    boolean isQueue() {
        return QUEUE.equals(destinationType) || "Queue".equalsIgnoreCase(destinationType)
                || "javax.jms.Queue".equals(destinationType);
    }

    boolean isTopic() {
        return TOPIC.equals(destinationType) || "Topic".equalsIgnoreCase(destinationType)
                || "javax.jms.Topic".equals(destinationType);
    }

    boolean isDurable() {
        return "Durable".equalsIgnoreCase(subscriptionDurability);
    }

    /**
     * Sessions that may consume at once: maxSession for a queue or a shared subscription; one for a topic
     * subscription that is not shared, since each consumer of its own would get every message again.
     */
    int sessions() {
        return isTopic() && !shareSubscriptions ? 1 : maxSession;
    }

    String url() {
        if (connectionURL != null && !connectionURL.isBlank()) {
            return connectionURL;
        }
        if (resourceAdapter != null && resourceAdapter.getConnectionURL() != null) {
            return resourceAdapter.getConnectionURL();
        }
        return PactumResourceAdapter.DEFAULT_URL;
    }

    Credentials credentials() {
        if (userName != null) {
            return new Credentials(userName, password);
        }
        if (resourceAdapter != null) {
            return new Credentials(resourceAdapter.getUserName(), resourceAdapter.getPassword());
        }
        return new Credentials(null, null);
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public String getDestinationLookup() {
        return destinationLookup;
    }

    public void setDestinationLookup(String destinationLookup) {
        this.destinationLookup = destinationLookup;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType;
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = messageSelector;
    }

    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        this.subscriptionDurability = subscriptionDurability;
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = subscriptionName;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    public void setAcknowledgeMode(String acknowledgeMode) {
        this.acknowledgeMode = acknowledgeMode;
    }

    public Boolean getShareSubscriptions() {
        return shareSubscriptions;
    }

    public void setShareSubscriptions(Boolean shareSubscriptions) {
        this.shareSubscriptions = Boolean.TRUE.equals(shareSubscriptions);
    }

    public Integer getMaxSession() {
        return maxSession;
    }

    public void setMaxSession(Integer maxSession) {
        this.maxSession = maxSession == null ? 10 : maxSession;
    }

    public String getConnectionURL() {
        return connectionURL;
    }

    public void setConnectionURL(String connectionURL) {
        this.connectionURL = connectionURL;
    }

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public Long getReconnectIntervalMillis() {
        return reconnectIntervalMillis;
    }

    public void setReconnectIntervalMillis(Long millis) {
        this.reconnectIntervalMillis = millis == null ? 1000 : millis;
    }

    public Long getMaxReconnectIntervalMillis() {
        return maxReconnectIntervalMillis;
    }

    public void setMaxReconnectIntervalMillis(Long millis) {
        this.maxReconnectIntervalMillis = millis == null ? 30_000 : millis;
    }

    public Integer getPauseAfterConsecutiveFailures() {
        return pauseAfterConsecutiveFailures;
    }

    /** Failed deliveries in a row after which the endpoint stops consuming for pauseMillis; 0 (the default) never. */
    public void setPauseAfterConsecutiveFailures(Integer failures) {
        this.pauseAfterConsecutiveFailures = failures == null ? 0 : failures;
    }

    public Long getPauseMillis() {
        return pauseMillis;
    }

    public void setPauseMillis(Long millis) {
        this.pauseMillis = millis == null ? 30_000 : millis;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.resourceAdapter = (PactumResourceAdapter) ra;
    }

    @Override
    public String toString() {
        return "PactumActivationSpec[" + (destinationLookup != null ? destinationLookup : destination) + ", "
                + destinationType + (messageSelector != null ? ", selector " + messageSelector : "")
                + ", maxSession " + maxSession + "]";
    }
}
