package io.pactum.broker.store;

import java.util.List;

/**
 * One change to the durable state. A message body is stored once ({@link AddMessage}) and referenced by each queue
 * that holds it ({@link AddRef}); when its last reference is removed the journal drops the body itself.
 * Queue here means any store of messages: a queue, or later a durable topic subscription.
 */
public sealed interface JournalRecord {

    /** A queue that must exist after restart; {@code meta} is opaque to the journal (kind, subscription, ...). */
    record AddQueue(String name, byte[] meta) implements JournalRecord {
    }

    /** Removes the queue and every reference it holds. */
    record RemoveQueue(String name) implements JournalRecord {
    }

    /** A message body under its broker-assigned id (ids only grow, across restarts too). */
    record AddMessage(long messageId, byte[] data) implements JournalRecord {
    }

    record AddRef(String queue, long messageId, int deliveryCount) implements JournalRecord {
    }

    record RemoveRef(String queue, long messageId) implements JournalRecord {
    }

    record UpdateDeliveryCount(String queue, long messageId, int deliveryCount) implements JournalRecord {
    }

    /** Small broker-level facts: the broker's identity, heuristic decisions, sequence high-water marks. */
    record PutMeta(String key, byte[] value) implements JournalRecord {
    }

    record RemoveMeta(String key) implements JournalRecord {
    }

    /**
     * Stores an XA branch's records without applying them: they come back from recovery under the xid until
     * {@link CommitPrepared} applies them atomically or {@link RollbackPrepared} drops them. Must not be nested.
     */
    record Prepare(byte[] xid, List<JournalRecord> records) implements JournalRecord {
    }

    record CommitPrepared(byte[] xid) implements JournalRecord {
    }

    record RollbackPrepared(byte[] xid) implements JournalRecord {
    }
}
