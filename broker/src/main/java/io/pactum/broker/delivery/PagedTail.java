package io.pactum.broker.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The far end of a paged queue at one priority: messages known only by id, size, delivery count and whether they
 * are persistent, a few bytes each (delta-encoded varints in 4 KiB chunks), so that a backlog of millions costs the
 * queue almost nothing beyond the journal's copy. Ids only grow along the tail; messages leave it from the front
 * when the queue lifts them into its references (reading each body back from the journal), and from the middle only
 * in rare cases ({@link #remove}). Not thread-safe: guarded by the owning queue's monitor.
 */
final class PagedTail {
    private static final int CHUNK_BYTES = 4096;
    /** Longest entry: a 10-byte id delta and two 5-byte varints. */
    private static final int MAX_ENTRY = 20;
    /** Heap one chunk costs beyond its bytes: the chunk object and its array's header. */
    private static final int CHUNK_OVERHEAD = 64;

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int count;
    private long bytes;

    /** One message of the tail. */
    record Entry(long id, int size, int deliveryCount, boolean persistent) {
    }

    boolean isEmpty() {
        return count == 0;
    }

    int count() {
        return count;
    }

    /** Bytes of the messages (their encoded size), not of the tail. */
    long messageBytes() {
        return bytes;
    }

    /** What the tail itself takes of the heap. */
    long heapBytes() {
        return (long) chunks.size() * (CHUNK_BYTES + CHUNK_OVERHEAD);
    }

    long firstId() {
        return chunks.getFirst().headId();
    }

    long lastId() {
        return chunks.getLast().writePrev;
    }

    /** Appends a message; false (and nothing changes) unless its id is above every id in the tail. */
    boolean append(long id, int size, int deliveryCount, boolean persistent) {
        Chunk last = chunks.peekLast();
        if (last != null && id <= last.writePrev) {
            return false;
        }
        if (last == null || !last.hasRoom()) {
            last = new Chunk(id);
            chunks.addLast(last);
        }
        last.write(id, size, deliveryCount, persistent);
        count++;
        bytes += size;
        return true;
    }

    /** The first message, which stays. */
    Entry peekFirst() {
        return chunks.getFirst().peek();
    }

    /** Up to {@code max} messages from the front, which stay. */
    List<Entry> peek(int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, count));
        Iterator<Entry> it = iterator();
        while (out.size() < max && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    Entry pollFirst() {
        Chunk c = chunks.getFirst();
        Entry e = c.poll();
        if (c.remaining == 0) {
            chunks.removeFirst();
        }
        count--;
        bytes -= e.size();
        return e;
    }

    /** Takes the message {@code id} out of the tail wherever it is (rare: a chunk is rewritten); null if absent. */
    Entry remove(long id) {
        for (Iterator<Chunk> it = chunks.iterator(); it.hasNext(); ) {
            Chunk c = it.next();
            if (id < c.headId() || id > c.writePrev) {
                continue;
            }
            List<Entry> entries = c.entries();
            Entry found = null;
            for (Entry e : entries) {
                if (e.id() == id) {
                    found = e;
                }
            }
            if (found == null) {
                return null;
            }
            count--;
            bytes -= found.size();
            entries.remove(found);
            if (entries.isEmpty()) {
                it.remove();
            } else {
                c.rewrite(entries);
            }
            return found;
        }
        return null;
    }

    void clear() {
        chunks.clear();
        count = 0;
        bytes = 0;
    }

    /** A copy that does not change with this tail (for a browser). */
    PagedTail copy() {
        PagedTail t = new PagedTail();
        for (Chunk c : chunks) {
            t.chunks.addLast(c.copy());
        }
        t.count = count;
        t.bytes = bytes;
        return t;
    }

    /** The messages from front to back; the tail must not change while iterating. */
    Iterator<Entry> iterator() {
        Iterator<Chunk> cs = chunks.iterator();
        return new Iterator<>() {
            Chunk c;
            int pos;
            long prev;
            int left;

            @Override
            public boolean hasNext() {
                while (left == 0 && cs.hasNext()) {
                    c = cs.next();
                    pos = c.readPos;
                    prev = c.readPrev;
                    left = c.remaining;
                }
                return left > 0;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                long[] out = new long[4];
                pos = c.decode(pos, prev, out);
                prev = out[0];
                left--;
                return Chunk.entry(out);
            }
        };
    }

    /** Entries of one chunk: id deltas (the first from the chunk's base), size, delivery count and flag. */
    private static final class Chunk {
        private byte[] buf;
        private int writePos;
        private int readPos;
        /** The id of the last entry written (the chunk's highest). */
        private long writePrev;
        /** The id of the last entry read (the first entry's delta is from the chunk's base). */
        private long readPrev;
        private int remaining;

        Chunk(long base) {
            buf = new byte[CHUNK_BYTES];
            writePrev = base;
            readPrev = base;
        }

        private Chunk(Chunk of) {
            buf = of.buf.clone();
            writePos = of.writePos;
            readPos = of.readPos;
            writePrev = of.writePrev;
            readPrev = of.readPrev;
            remaining = of.remaining;
        }

        Chunk copy() {
            return new Chunk(this);
        }

        boolean hasRoom() {
            return writePos + MAX_ENTRY <= buf.length;
        }

        void write(long id, int size, int deliveryCount, boolean persistent) {
            writePos = putVarLong(buf, writePos, id - writePrev);
            writePos = putVarLong(buf, writePos, size);
            writePos = putVarLong(buf, writePos, ((long) deliveryCount << 1) | (persistent ? 0 : 1));
            writePrev = id;
            remaining++;
        }

        /** The id of the next entry to be read. */
        long headId() {
            long[] delta = new long[1];
            getVarLong(buf, readPos, delta);
            return readPrev + delta[0];
        }

        Entry peek() {
            long[] out = new long[4];
            decode(readPos, readPrev, out);
            return entry(out);
        }

        Entry poll() {
            long[] out = new long[4];
            readPos = decode(readPos, readPrev, out);
            readPrev = out[0];
            remaining--;
            return entry(out);
        }

        List<Entry> entries() {
            List<Entry> out = new ArrayList<>(remaining);
            int pos = readPos;
            long prev = readPrev;
            long[] e = new long[4];
            for (int i = 0; i < remaining; i++) {
                pos = decode(pos, prev, e);
                prev = e[0];
                out.add(entry(e));
            }
            return out;
        }

        void rewrite(List<Entry> entries) {
            buf = new byte[CHUNK_BYTES];
            writePos = 0;
            readPos = 0;
            remaining = 0;
            writePrev = entries.get(0).id();
            readPrev = writePrev;
            for (Entry e : entries) {
                write(e.id(), e.size(), e.deliveryCount(), e.persistent());
            }
        }

        /** Decodes the entry at {@code pos} into {@code out} (id, size, delivery count, flag); returns the next pos. */
        int decode(int pos, long prev, long[] out) {
            long[] v = new long[1];
            pos = getVarLong(buf, pos, v);
            out[0] = prev + v[0];
            pos = getVarLong(buf, pos, v);
            out[1] = v[0];
            pos = getVarLong(buf, pos, v);
            out[2] = v[0] >>> 1;
            out[3] = v[0] & 1;
            return pos;
        }

        static Entry entry(long[] e) {
            return new Entry(e[0], (int) e[1], (int) e[2], e[3] == 0);
        }

        private static int putVarLong(byte[] b, int pos, long v) {
            while ((v & ~0x7FL) != 0) {
                b[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[pos++] = (byte) v;
            return pos;
        }

        private static int getVarLong(byte[] b, int pos, long[] out) {
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = b[pos++];
                v |= (long) (x & 0x7F) << shift;
                shift += 7;
            } while (x < 0);
            out[0] = v;
            return pos;
        }
    }
}
