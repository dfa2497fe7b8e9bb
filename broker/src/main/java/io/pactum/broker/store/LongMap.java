package io.pactum.broker.store;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongFunction;

/**
 * A map from non-negative {@code long} keys (message ids) to entries, for the journal's index of live messages: one
 * entry per queued message, so its cost per entry bounds the backlog a heap can hold. Open addressing with linear
 * probing in two arrays costs about 20 bytes an entry where {@code ConcurrentHashMap<Long, V>} costs about 50 (a node
 * and a boxed key). One writer (whoever holds the journal's write lock) changes it; any thread may {@link #get}
 * without waiting for the writer's work, only for the few array stores of one change: reads are optimistic
 * ({@link StampedLock}) and retried under the read lock if a change overlapped them. Iteration is for the writer.
 */
final class LongMap<V> implements Iterable<V> {
    private static final int MIN_CAPACITY = 16;

    private final StampedLock lock = new StampedLock();
    /** Key + 1 per slot; 0 is a free slot. */
    private long[] keys = new long[MIN_CAPACITY];
    private Object[] values = new Object[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** From any thread. */
    V get(long key) {
        long stamp = lock.tryOptimisticRead();
        V v = null;
        try {
            v = find(keys, values, key);
        } catch (ArrayIndexOutOfBoundsException e) {
            // arrays swapped by a resize under our feet: validate fails below
        }
        if (lock.validate(stamp)) {
            return v;
        }
        stamp = lock.readLock();
        try {
            return find(keys, values, key);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    @SuppressWarnings("unchecked")
    private static <V> V find(long[] ks, Object[] vs, long key) {
        int mask = ks.length - 1;
        long k = key + 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            long at = ks[i];
            if (at == 0) {
                return null;
            }
            if (at == k) {
                return (V) vs[i];
            }
        }
    }

    /** Writer only. */
    void put(long key, V value) {
        if (key < 0 || value == null) {
            throw new IllegalArgumentException("key " + key + ", value " + value);
        }
        long stamp = lock.writeLock();
        try {
            if ((size + 1) * 4L > keys.length * 3L) {
                resize(keys.length * 2);
            }
            int mask = keys.length - 1;
            long k = key + 1;
            for (int i = slot(k, mask); ; i = (i + 1) & mask) {
                if (keys[i] == 0) {
                    values[i] = value; // the value before the key: a racing reader never sees a key without one
                    keys[i] = k;
                    size++;
                    return;
                }
                if (keys[i] == k) {
                    values[i] = value;
                    return;
                }
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Writer only. */
    V computeIfAbsent(long key, LongFunction<V> create) {
        V v = find(keys, values, key);
        if (v == null) {
            v = create.apply(key);
            put(key, v);
        }
        return v;
    }

    /** Writer only: removes the key (backward-shift deletion, so no tombstones accumulate). */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        long stamp = lock.writeLock();
        try {
            int mask = keys.length - 1;
            long k = key + 1;
            int i = slot(k, mask);
            while (keys[i] != k) {
                if (keys[i] == 0) {
                    return null;
                }
                i = (i + 1) & mask;
            }
            V old = (V) values[i];
            // shift later entries of the probe run back into the gap
            int gap = i;
            for (int j = (gap + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                if (((j - home) & mask) >= ((j - gap) & mask)) {
                    keys[gap] = keys[j];
                    values[gap] = values[j];
                    gap = j;
                }
            }
            keys[gap] = 0;
            values[gap] = null;
            size--;
            if (keys.length > MIN_CAPACITY && size * 8L < keys.length) {
                resize(keys.length / 2);
            }
            return old;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Under the write lock. */
    private void resize(int capacity) {
        long[] ks = new long[capacity];
        Object[] vs = new Object[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int j = slot(keys[i], mask);
                while (ks[j] != 0) {
                    j = (j + 1) & mask;
                }
                ks[j] = keys[i];
                vs[j] = values[i];
            }
        }
        keys = ks;
        values = vs;
    }

    /** Writer only. */
    void clear() {
        long stamp = lock.writeLock();
        try {
            keys = new long[MIN_CAPACITY];
            values = new Object[MIN_CAPACITY];
            size = 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** The keys in ascending order (writer only). */
    long[] sortedKeys() {
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

    /** The values, in no particular order (writer only, and not while the map changes). */
    @Override
    public Iterator<V> iterator() {
        return new Iterator<>() {
            private int next = advance(0);

            private int advance(int from) {
                while (from < keys.length && keys[from] == 0) {
                    from++;
                }
                return from;
            }

            @Override
            public boolean hasNext() {
                return next < keys.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public V next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                V v = (V) values[next];
                next = advance(next + 1);
                return v;
            }
        };
    }

    private static int slot(long k, int mask) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
