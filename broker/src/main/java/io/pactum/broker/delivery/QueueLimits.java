package io.pactum.broker.delivery;

import io.pactum.broker.config.Sizes;

/**
 * How much one queue (or subscription) may hold, and what a send does once it is full. Counted are the messages the
 * queue is responsible for until they are acknowledged: waiting, scheduled, in flight, and those admitted by a
 * send or an open transaction but not yet enqueued, so a large transaction cannot slip past the limit.
 *
 * @param maxSizeBytes       {@code max-size-bytes}: encoded bytes the queue may hold, or {@link #UNLIMITED}
 * @param maxMessages        {@code max-messages}: messages the queue may hold, or {@link #UNLIMITED}
 * @param fullPolicy         {@code full-policy}: what a send to a full queue does
 * @param blockTimeoutMillis {@code block-timeout}: how long a blocked send waits for room before it fails
 */
public record QueueLimits(long maxSizeBytes, long maxMessages, FullPolicy fullPolicy, long blockTimeoutMillis) {
    public static final long UNLIMITED = -1;
    public static final QueueLimits DEFAULT = new QueueLimits(UNLIMITED, UNLIMITED, FullPolicy.BLOCK, 30_000);

    public QueueLimits {
        if ((maxSizeBytes != UNLIMITED && maxSizeBytes < 1) || (maxMessages != UNLIMITED && maxMessages < 1)
                || blockTimeoutMillis < 0 || fullPolicy == null) {
            throw new IllegalArgumentException("queue limits need sizes of 1 or more (or -1 for none), a policy and a "
                    + "block timeout of 0 or more: " + this);
        }
    }

    public boolean limited() {
        return maxSizeBytes != UNLIMITED || maxMessages != UNLIMITED;
    }

    /**
     * Why a queue that holds {@code messages} messages of {@code bytes} bytes has no room for one more of
     * {@code size} bytes, or null if it has. An empty queue always takes a message, however large, so a message
     * bigger than the byte limit is not refused forever.
     */
    public String refusal(long messages, long bytes, long size) {
        if (messages <= 0) {
            return null;
        }
        if (maxMessages != UNLIMITED && messages >= maxMessages) {
            return "max-messages " + maxMessages + " reached";
        }
        if (maxSizeBytes != UNLIMITED && bytes + size > maxSizeBytes) {
            return "max-size-bytes " + Sizes.format(maxSizeBytes) + " reached";
        }
        return null;
    }

    public QueueLimits withMaxSizeBytes(long bytes) {
        return new QueueLimits(bytes, maxMessages, fullPolicy, blockTimeoutMillis);
    }

    public QueueLimits withMaxMessages(long n) {
        return new QueueLimits(maxSizeBytes, n, fullPolicy, blockTimeoutMillis);
    }

    public QueueLimits withFullPolicy(FullPolicy policy) {
        return new QueueLimits(maxSizeBytes, maxMessages, policy, blockTimeoutMillis);
    }

    public QueueLimits withBlockTimeout(long millis) {
        return new QueueLimits(maxSizeBytes, maxMessages, fullPolicy, millis);
    }

    /** For listings: {@code block 30s}, {@code fail, max 1000 msgs}, {@code drop, max 10MB}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(fullPolicy.toString());
        if (fullPolicy == FullPolicy.BLOCK) {
            sb.append(' ').append(blockTimeoutMillis % 1000 == 0 ? blockTimeoutMillis / 1000 + "s" : blockTimeoutMillis + "ms");
        }
        if (maxMessages != UNLIMITED) {
            sb.append(", max ").append(maxMessages).append(" msgs");
        }
        if (maxSizeBytes != UNLIMITED) {
            sb.append(", max ").append(Sizes.format(maxSizeBytes));
        }
        return sb.toString();
    }
}
