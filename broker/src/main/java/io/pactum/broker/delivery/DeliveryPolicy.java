package io.pactum.broker.delivery;

/**
 * How a queue treats messages that keep failing or expire. A message whose delivery count reaches
 * {@code maxDeliveryAttempts} (0 = no limit) moves to {@code deadLetterQueue} instead of coming back, so a poison
 * message cannot loop forever; before that, each redelivery waits {@code redeliveryDelayMillis}, multiplied by
 * {@code redeliveryBackoff} per earlier attempt and capped at {@code maxRedeliveryDelayMillis}. Expired messages move to
 * {@code expiryQueue}. An empty queue name means drop (with a log line).
 */
public record DeliveryPolicy(int maxDeliveryAttempts, long redeliveryDelayMillis, double redeliveryBackoff,
                             long maxRedeliveryDelayMillis, String deadLetterQueue, String expiryQueue) {

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(10, 0, 2.0, 60_000, "DLQ", "ExpiryQueue");

    public DeliveryPolicy {
        if (maxDeliveryAttempts < 0 || redeliveryDelayMillis < 0 || maxRedeliveryDelayMillis < 0 || redeliveryBackoff < 1.0) {
            throw new IllegalArgumentException("delivery policy needs attempts >= 0, delays >= 0 and backoff >= 1: " + this);
        }
        deadLetterQueue = deadLetterQueue == null ? "" : deadLetterQueue.trim();
        expiryQueue = expiryQueue == null ? "" : expiryQueue.trim();
    }

    /** Whether a message that has been delivered {@code deliveryCount} times must go to the dead-letter queue. */
    public boolean exhausted(int deliveryCount) {
        return maxDeliveryAttempts > 0 && deliveryCount >= maxDeliveryAttempts;
    }

    /** The wait before the next delivery of a message delivered {@code deliveryCount} (>= 1) times. */
    public long redeliveryDelay(int deliveryCount) {
        if (redeliveryDelayMillis == 0) {
            return 0;
        }
        double delay = redeliveryDelayMillis * Math.pow(redeliveryBackoff, Math.max(0, deliveryCount - 1));
        return (long) Math.min(delay, maxRedeliveryDelayMillis);
    }

    public DeliveryPolicy withMaxDeliveryAttempts(int n) {
        return new DeliveryPolicy(n, redeliveryDelayMillis, redeliveryBackoff, maxRedeliveryDelayMillis, deadLetterQueue, expiryQueue);
    }

    public DeliveryPolicy withRedeliveryDelay(long millis, double backoff, long maxMillis) {
        return new DeliveryPolicy(maxDeliveryAttempts, millis, backoff, maxMillis, deadLetterQueue, expiryQueue);
    }

    public DeliveryPolicy withRedeliveryDelay(long millis) {
        return withRedeliveryDelay(millis, redeliveryBackoff, maxRedeliveryDelayMillis);
    }

    public DeliveryPolicy withRedeliveryBackoff(double backoff) {
        return withRedeliveryDelay(redeliveryDelayMillis, backoff, maxRedeliveryDelayMillis);
    }

    public DeliveryPolicy withMaxRedeliveryDelay(long millis) {
        return withRedeliveryDelay(redeliveryDelayMillis, redeliveryBackoff, millis);
    }

    public DeliveryPolicy withDeadLetterQueue(String name) {
        return new DeliveryPolicy(maxDeliveryAttempts, redeliveryDelayMillis, redeliveryBackoff, maxRedeliveryDelayMillis,
                name, expiryQueue);
    }

    public DeliveryPolicy withExpiryQueue(String name) {
        return new DeliveryPolicy(maxDeliveryAttempts, redeliveryDelayMillis, redeliveryBackoff, maxRedeliveryDelayMillis,
                deadLetterQueue, name);
    }
}
