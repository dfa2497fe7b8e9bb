package io.pactum.broker.store;

import org.h2.mvstore.Cursor;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the bodies of recovered messages, which the broker asks for in id order, queue by queue. Older segments
 * are opened without a page cache (so that recovering many of them does not fill the heap), so looking each body up
 * on its own decodes its B-tree leaf again for every message in it; this reader instead keeps one cursor per
 * segment and, while the ids asked for follow each other there, walks it, decoding each leaf once. Any surprise (a
 * jump, a segment compaction closed meanwhile, a value that is not the current body) falls back to
 * {@link JournalIndex#readBody}. Single-threaded: the broker's start-up.
 */
final class SequentialBodyReader {
    /** How far ahead in a segment a cursor walks to the next id asked for before it starts again from there. */
    private static final int MAX_SKIP = 64;

    private final JournalIndex index;
    private final Map<Segment, Position> positions = new HashMap<>();

    private static final class Position {
        Cursor<Long, byte[]> cursor;
        long key = Long.MIN_VALUE;
        byte[] value;
    }

    SequentialBodyReader(JournalIndex index) {
        this.index = index;
    }

    byte[] read(long id) {
        Segment seg = index.messages.bodySegment(id);
        if (seg == null) {
            return null;
        }
        try {
            Position p = positions.computeIfAbsent(seg, s -> new Position());
            if (p.cursor == null || id < p.key || id - p.key > MAX_SKIP) {
                p.cursor = seg.bodies.cursor(id);
                p.key = Long.MIN_VALUE;
            }
            while (p.key < id && p.cursor.hasNext()) {
                p.key = p.cursor.next();
                p.value = p.cursor.getValue();
            }
            if (p.key == id && p.value != null && p.value.length > 0) {
                return SegmentCodec.unflagged(p.value);
            }
        } catch (RuntimeException e) {
            positions.remove(seg); // closed by compaction meanwhile: the index knows where the body went
        }
        return index.readBody(id);
    }
}
