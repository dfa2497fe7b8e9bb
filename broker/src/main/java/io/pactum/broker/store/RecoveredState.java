package io.pactum.broker.store;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The journal's content at open.
 *
 * @param queues        every queue with its opaque meta, in creation order
 * @param messages      per queue, the referenced messages in ascending message id order
 * @param prepared      prepared XA branches (key: xid bytes as {@link Xid#hex}) and their unapplied records
 * @param meta          the {@link JournalRecord.PutMeta} entries
 * @param maxMessageId  the highest message id ever written (including in prepared branches), 0 if none
 * @param cleanShutdown whether the previous run closed the journal; false after a crash (or on first start)
 */
public record RecoveredState(Map<String, byte[]> queues,
                             Map<String, List<RecoveredMessage>> messages,
                             Map<String, PreparedBranch> prepared,
                             Map<String, byte[]> meta,
                             long maxMessageId,
                             boolean cleanShutdown) {

    /**
     * A message a queue held. The body stays in the journal until {@link #data()} reads it, so a backlog larger than
     * the heap can be recovered: the caller decides which bodies to keep in memory.
     */
    public static final class RecoveredMessage {
        private final long messageId;
        private final int deliveryCount;
        private final LongFunction<byte[]> bodies;

        public RecoveredMessage(long messageId, int deliveryCount, LongFunction<byte[]> bodies) {
            this.messageId = messageId;
            this.deliveryCount = deliveryCount;
            this.bodies = bodies;
        }

        public long messageId() {
            return messageId;
        }

        public int deliveryCount() {
            return deliveryCount;
        }

        /** Reads the body from the journal (each call reads again); the journal must still be open. */
        public byte[] data() {
            byte[] data = bodies.apply(messageId);
            if (data == null) {
                throw new JournalException("message " + messageId + " is no longer in the journal");
            }
            return data;
        }

        @Override
        public String toString() {
            return "recovered message " + messageId + " (delivery count " + deliveryCount + ")";
        }
    }

    /**
     * A queue's recovered messages as a list that costs 12 bytes a message (an id and a delivery count in two arrays):
     * the broker walks it once at start-up, and a backlog may hold millions.
     */
    static final class CompactMessageList extends java.util.AbstractList<RecoveredMessage>
            implements java.util.RandomAccess {
        private long[] ids = new long[16];
        private int[] counts = new int[16];
        private int size;
        private final LongFunction<byte[]> bodies;

        CompactMessageList(LongFunction<byte[]> bodies) {
            this.bodies = bodies;
        }

        void append(long id, int deliveryCount) {
            if (size == ids.length) {
                ids = java.util.Arrays.copyOf(ids, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            ids[size] = id;
            counts[size++] = deliveryCount;
        }

        @Override
        public RecoveredMessage get(int index) {
            java.util.Objects.checkIndex(index, size);
            return new RecoveredMessage(ids[index], counts[index], bodies);
        }

        @Override
        public int size() {
            return size;
        }
    }

    public record PreparedBranch(byte[] xid, List<JournalRecord> records) {
    }

    /** Hex form of an xid's bytes, used as its key. */
    public static final class Xid {
        private Xid() {
        }

        public static String hex(byte[] xid) {
            StringBuilder sb = new StringBuilder(xid.length * 2);
            for (byte b : xid) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        }
    }
}
