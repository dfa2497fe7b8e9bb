package io.pactum.broker.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How values are laid out in a segment's maps: every real value carries a leading flag byte, so that an empty array
 * can be the tombstone; queue entries carry their kind, id and meta; refs are varint pairs. One place for the byte
 * layout, so writing (live and at compaction) and reading (recovery) cannot disagree.
 */
final class SegmentCodec {
    /** The tombstone: a key whose newest value is "removed". */
    static final byte[] TOMB = new byte[0];
    private static final byte VALUE = 1;
    static final byte QUEUE_EXPLICIT = 1;
    static final byte QUEUE_EXPLICIT_NULL_META = 2;
    static final byte QUEUE_IMPLICIT = 3;

    private SegmentCodec() {
    }

    static boolean isTomb(byte[] v) {
        return v.length == 0;
    }

    static byte[] flagged(byte[] data) {
        byte[] v = new byte[data.length + 1];
        v[0] = VALUE;
        System.arraycopy(data, 0, v, 1, data.length);
        return v;
    }

    static byte[] unflagged(byte[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long longOf(byte[] v) {
        return ByteBuffer.wrap(v).getLong();
    }

    /** A queue entry: kind (implicit, explicit with or without meta), queue id, meta. */
    static byte[] queueValue(boolean explicit, int qid, byte[] meta) {
        byte[] metaBytes = meta == null ? TOMB : meta;
        ByteBuffer b = ByteBuffer.allocate(5 + metaBytes.length);
        b.put(!explicit ? QUEUE_IMPLICIT : meta == null ? QUEUE_EXPLICIT_NULL_META : QUEUE_EXPLICIT);
        b.putInt(qid).put(metaBytes);
        return b.array();
    }

    /** A message's refs: (queue id, delivery count) pairs, {@code count} of them, as varints. */
    static byte[] refsValue(int[] qids, int[] deliveryCounts, int count) {
        ByteBuffer b = ByteBuffer.allocate(1 + count * 10);
        b.put(VALUE);
        for (int i = 0; i < count; i++) {
            putVarInt(b, qids[i]);
            putVarInt(b, deliveryCounts[i]);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static byte[] hexToBytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        return b;
    }

    static void putVarInt(ByteBuffer b, int v) {
        while ((v & ~0x7F) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    static int getVarInt(ByteBuffer b) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b.get();
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }
}
