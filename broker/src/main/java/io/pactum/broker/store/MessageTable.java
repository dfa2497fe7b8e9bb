package io.pactum.broker.store;

import io.pactum.broker.store.JournalIndex.Msg;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import static io.pactum.broker.store.SegmentStore.ENTRY_OVERHEAD;

/**
 * The journal's index of live messages: one entry per queued message, so its cost per entry bounds the backlog a
 * heap can hold. Most messages are in one queue, unpinned, with a small delivery count; such a message is three
 * array slots (its id, where its body and refs are with the body's size, and its queue and delivery count packed),
 * about 20 bytes at the table's load, and no object at all. Others (several queues, pinned by a prepared branch, a
 * huge queue id or delivery count) keep a {@link Msg} in an overflow map, the slot still saying where the body is.
 *
 * <p>Open addressing with linear probing and backward-shift deletion. One writer (whoever holds the journal's write
 * lock) changes it; {@link #get} hands the writer a decoded copy, which it must {@link #store} after changing it. Any
 * thread may ask {@link #bodySegment} without waiting for the writer's work, only for the few array stores of one
 * change: reads are optimistic ({@link StampedLock}) and retried under the read lock if a change overlapped them.
 */
final class MessageTable {
    private static final int MIN_CAPACITY = 16;
    /** {@link #refs} of a message without a ref (inside a batch that moves it, or recovering). */
    private static final int NO_REF = 0;
    /** {@link #refs} of a message whose state is in {@link #overflow}. */
    private static final int OVERFLOW = -1;
    private static final int DC_BITS = 11;
    private static final int MAX_PACKED_QID = 1 << (31 - DC_BITS);
    private static final int MAX_PACKED_DC = 1 << DC_BITS;

    /** The open segments by {@link Segment#ordinal}. */
    private final IntFunction<Segment> segments;
    private final StampedLock lock = new StampedLock();
    /** Id + 1 per slot; 0 is a free slot. */
    private long[] keys = new long[MIN_CAPACITY];
    /** Body bytes (high 32 bits), the body's segment ordinal (16), the refs' segment ordinal (16); ordinal 0 = none. */
    private long[] locs = new long[MIN_CAPACITY];
    /** Queue id and delivery count packed, {@link #NO_REF} or {@link #OVERFLOW}. */
    private int[] refs = new int[MIN_CAPACITY];
    private int size;
    /** Messages that do not pack; read by the writer only, concurrent so a racing {@link #bodySegment} may look. */
    private final ConcurrentHashMap<Long, Msg> overflow = new ConcurrentHashMap<>();

    MessageTable(IntFunction<Segment> segments) {
        this.segments = segments;
    }

    int size() {
        return size;
    }

    /** Messages kept as objects (for tests and the log). */
    int overflowed() {
        return overflow.size();
    }

    // ---------------------------------------------------------------- any thread

    /** Where the body of a live message is, or null: from any thread. */
    Segment bodySegment(long id) {
        long stamp = lock.tryOptimisticRead();
        long loc = -1;
        try {
            loc = locOf(keys, locs, id);
        } catch (ArrayIndexOutOfBoundsException e) {
            // arrays swapped by a resize under our feet: validate fails below
        }
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                loc = locOf(keys, locs, id);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return loc == -1 ? null : segments.apply((int) (loc >>> 16) & 0xFFFF);
    }

    private static long locOf(long[] ks, long[] ls, long id) {
        int i = find(ks, id);
        return i < 0 ? -1 : ls[i];
    }

    private static int find(long[] ks, long id) {
        int mask = ks.length - 1;
        long k = id + 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long at = ks[i];
            if (at == 0) {
                return -1;
            }
            if (at == k) {
                return i;
            }
        }
    }

    // ---------------------------------------------------------------- the writer

    boolean contains(long id) {
        return find(keys, id) >= 0;
    }

    /** The message's state, or null: a copy to {@link #store} once changed (or the overflow object itself). */
    Msg get(long id) {
        int i = find(keys, id);
        return i < 0 ? null : decode(i);
    }

    private Msg decode(int i) {
        long id = keys[i] - 1;
        int r = refs[i];
        if (r == OVERFLOW) {
            return overflow.get(id);
        }
        Msg m = new Msg(id);
        long loc = locs[i];
        m.bodyBytes = (int) (loc >>> 32);
        m.bodySeg = segments.apply((int) (loc >>> 16) & 0xFFFF);
        m.refSeg = segments.apply((int) loc & 0xFFFF);
        if (r != NO_REF) {
            m.refCount = 1;
            m.qid0 = r >>> DC_BITS;
            m.dc0 = r & (MAX_PACKED_DC - 1);
            if (m.refSeg != null) {
                m.refBytes = 1 + varIntLength(m.qid0) + varIntLength(m.dc0) + ENTRY_OVERHEAD; // as refsValue wrote it
            }
        }
        return m;
    }

    /** Records the message's state (inserting it if new). */
    void store(Msg m) {
        long loc = ((long) m.bodyBytes << 32) | ((long) ordinal(m.bodySeg) << 16) | ordinal(m.refSeg);
        int r;
        if (packs(m)) {
            r = m.refCount == 0 ? NO_REF : (m.qid0 << DC_BITS) | m.dc0;
            overflow.remove(m.id);
        } else {
            r = OVERFLOW;
            overflow.put(m.id, m);
        }
        long stamp = lock.writeLock();
        try {
            int i = find(keys, m.id);
            if (i < 0) {
                if ((size + 1) * 4L > keys.length * 3L) {
                    resize(keys.length * 2);
                }
                int mask = keys.length - 1;
                long k = m.id + 1;
                i = slot(k, mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                size++;
            }
            locs[i] = loc;
            refs[i] = r;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private static boolean packs(Msg m) {
        if (m.pins != 0 || m.refCount > 1 || m.bodyBytes < 0) {
            return false;
        }
        return m.refCount == 0 || (m.qid0 > 0 && m.qid0 < MAX_PACKED_QID && m.dc0 >= 0 && m.dc0 < MAX_PACKED_DC);
    }

    private static int ordinal(Segment s) {
        return s == null ? 0 : s.ordinal;
    }

    /** Removes the message (backward-shift deletion, so no tombstones accumulate). */
    void remove(long id) {
        int i = find(keys, id);
        if (i < 0) {
            return;
        }
        if (refs[i] == OVERFLOW) {
            overflow.remove(id);
        }
        long stamp = lock.writeLock();
        try {
            int mask = keys.length - 1;
            int gap = i;
            for (int j = (gap + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                if (((j - home) & mask) >= ((j - gap) & mask)) {
                    keys[gap] = keys[j];
                    locs[gap] = locs[j];
                    refs[gap] = refs[j];
                    gap = j;
                }
            }
            keys[gap] = 0;
            locs[gap] = 0;
            refs[gap] = 0;
            size--;
            if (keys.length > MIN_CAPACITY && size * 8L < keys.length) {
                resize(keys.length / 2);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Under the write lock. */
    private void resize(int capacity) {
        long[] ks = new long[capacity];
        long[] ls = new long[capacity];
        int[] rs = new int[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int j = slot(keys[i], mask);
                while (ks[j] != 0) {
                    j = (j + 1) & mask;
                }
                ks[j] = keys[i];
                ls[j] = locs[i];
                rs[j] = refs[i];
            }
        }
        keys = ks;
        locs = ls;
        refs = rs;
    }

    /**
     * Each message's state, in no particular order. {@code action} may {@link #store} the message it is given, but
     * must not add or remove any.
     */
    void forEach(Consumer<Msg> action) {
        long[] ks = keys;
        for (int i = 0; i < ks.length; i++) {
            if (ks[i] != 0) {
                action.accept(decode(i));
            }
            if (keys != ks) {
                throw new IllegalStateException("the table changed shape while being walked");
            }
        }
    }

    /** The ids in ascending order. */
    long[] sortedIds() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != 0) {
                out[n++] = k - 1;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** The ids of the messages whose body or refs are in {@code seg}, ascending (for compaction). */
    long[] idsIn(Segment seg) {
        int ord = ordinal(seg);
        long[] out = new long[16];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && (((int) (locs[i] >>> 16) & 0xFFFF) == ord || ((int) locs[i] & 0xFFFF) == ord)) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = keys[i] - 1;
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private static int varIntLength(int v) {
        int n = 1;
        while ((v & ~0x7F) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
