package io.pactum.broker.store;

import io.pactum.broker.store.JournalIndex.MetaEntry;
import io.pactum.broker.store.JournalIndex.Msg;
import io.pactum.broker.store.JournalIndex.PreparedEntry;
import io.pactum.broker.store.JournalIndex.QueueEntry;
import io.pactum.broker.store.Segment.MapKind;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pactum.broker.store.SegmentCodec.TOMB;
import static io.pactum.broker.store.SegmentStore.ENTRY_OVERHEAD;

/**
 * Compaction, a bounded step per checkpoint, inside the checkpoint's commit: once the non-active segments hold at
 * least half a segment of garbage, the one with the most garbage is chosen; its live entries (found through the
 * index, no scan) are rewritten into the active segment, and so are its tombstones whose key an older segment still
 * holds (a tombstone must outlive what it masks). When both are done, the file is deleted after the commit that
 * carried the last of them. One segment at a time; owned by the journal's writer.
 */
final class Compactor {
    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

    /** What is still to carry out of the segment being compacted. */
    private sealed interface Item permits QueueItem, MetaItem, PreparedItem {
    }

    private record QueueItem(QueueEntry queue) implements Item {
    }

    private record MetaItem(String key, MetaEntry entry) implements Item {
    }

    private record PreparedItem(String hex, PreparedEntry entry) implements Item {
    }

    private final SegmentStore store;
    private final JournalIndex index;
    private final long segmentSize;
    private Segment compacting;
    private ArrayDeque<Item> work;
    /** Then the messages whose body or refs are in it, ascending (8 bytes each: a backlog may hold millions). */
    private long[] messageIds;
    private int nextMessage;
    /** Tombstone scan of the segment being compacted: maps still to scan, and the cursor in the current one. */
    private ArrayDeque<MapKind> tombKinds;
    private MapKind tombKind;
    private Cursor<?, byte[]> tombCursor;
    /** Segments older than the one being compacted (what its tombstones may still mask). */
    private List<Segment> older;

    Compactor(SegmentStore store, JournalIndex index, long segmentSize) {
        this.store = store;
        this.index = index;
        this.segmentSize = segmentSize;
    }

    /** Carries up to about {@code budget} bytes of the segment being compacted (choosing one first if none is). */
    void step(long budget) {
        if (compacting == null && !choose()) {
            return;
        }
        long carried = 0;
        while (carried < budget && !work.isEmpty()) {
            carried += carry(work.poll());
        }
        while (carried < budget && nextMessage < messageIds.length) {
            carried += carryMessage(messageIds[nextMessage++]);
        }
        int scanned = 0;
        while (carried < budget && scanned < 4096) {
            if (tombCursor == null || !tombCursor.hasNext()) {
                tombKind = tombKinds.poll();
                if (tombKind == null) {
                    tombCursor = null;
                    return;
                }
                tombCursor = tombKind.of(compacting).cursor(null);
                continue;
            }
            Object key = tombCursor.next();
            scanned++;
            if (tombCursor.getValue().length == 0 && !isLive(tombKind, key) && olderHolds(tombKind, key)) {
                store.put(tombKind.of(store.active()), key, TOMB);
                carried += ENTRY_OVERHEAD;
            }
        }
    }

    /** Picks the segment with the most garbage, once the non-active ones hold half a segment of it. */
    private boolean choose() {
        if (store.count() < 2) {
            return false;
        }
        long garbage = 0;
        Segment victim = null;
        long victimGarbage = -1;
        for (Segment s : store.all()) {
            if (s != store.active()) {
                long g = Math.max(0, s.size() - s.live);
                garbage += g;
                if (g > victimGarbage) {
                    victim = s;
                    victimGarbage = g;
                }
            }
        }
        if (garbage < segmentSize / 2) {
            return false;
        }
        compacting = victim;
        work = liveEntriesOf(victim);
        messageIds = index.messages.idsIn(victim);
        nextMessage = 0;
        older = store.olderThan(victim);
        tombKinds = new ArrayDeque<>();
        if (!older.isEmpty()) {
            tombKinds.addAll(List.of(MapKind.values()));
        }
        tombKind = null;
        tombCursor = null;
        LOG.log(System.Logger.Level.DEBUG, "compacting journal segment {0}: {1} live entries, {2} older segments",
                victim.no, work.size() + messageIds.length, older.size());
        return true;
    }

    private boolean done() {
        return work.isEmpty() && nextMessage == messageIds.length && tombKinds.isEmpty() && (tombCursor == null || !tombCursor.hasNext());
    }

    /** Whether the key has a current value (necessarily in a segment newer than the one being compacted). */
    private boolean isLive(MapKind kind, Object key) {
        return switch (kind) {
            case BODIES -> {
                Msg m = index.messages.get((Long) key);
                yield m != null && m.bodySeg != null;
            }
            case REFS -> {
                Msg m = index.messages.get((Long) key);
                yield m != null && m.refSeg != null; // a pinned message can be live with no refs entry
            }
            case QUEUES -> index.queues.containsKey((String) key);
            case META -> index.meta.containsKey((String) key);
            case PREPARED -> index.prepared.containsKey((String) key);
        };
    }

    private boolean olderHolds(MapKind kind, Object key) {
        for (Segment s : older) {
            if (kind.of(s).containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    private ArrayDeque<Item> liveEntriesOf(Segment seg) {
        ArrayDeque<Item> items = new ArrayDeque<>();
        for (QueueEntry q : index.queues.values()) {
            if (q.seg == seg) {
                items.add(new QueueItem(q));
            }
        }
        for (Map.Entry<String, MetaEntry> e : index.meta.entrySet()) {
            if (e.getValue().seg == seg) {
                items.add(new MetaItem(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, PreparedEntry> e : index.prepared.entrySet()) {
            if (e.getValue().seg == seg) {
                items.add(new PreparedItem(e.getKey(), e.getValue()));
            }
        }
        return items;
    }

    /** Rewrites a message's body and refs into the active segment if they are still current in the one compacted. */
    private long carryMessage(long id) {
        Segment seg = compacting;
        Msg m = index.messages.get(id);
        if (m == null) {
            return 0;
        }
        long n = 0;
        if (m.bodySeg == seg) {
            byte[] v = seg.bodies.get(m.id);
            if (v == null || v.length == 0) {
                throw new JournalException("journal segment " + seg.no + " lost the body of message " + m.id);
            }
            index.carryBody(m, v);
            n += v.length;
        }
        if (m.refSeg == seg) {
            index.writeRefs(m);
            n += m.refBytes;
        }
        return n;
    }

    /** Rewrites one entry into the active segment if it is still current in the one being compacted. */
    private long carry(Item item) {
        Segment seg = compacting;
        if (item instanceof QueueItem qi) {
            QueueEntry q = qi.queue();
            if (index.queues.get(q.name) == q && q.seg == seg) {
                index.writeQueue(q);
                return q.bytes;
            }
        } else if (item instanceof MetaItem mi) {
            if (index.meta.get(mi.key()) == mi.entry() && mi.entry().seg == seg) {
                index.writeMeta(mi.key(), mi.entry());
                return mi.entry().bytes;
            }
        } else if (item instanceof PreparedItem pi) {
            if (index.prepared.get(pi.hex()) == pi.entry() && pi.entry().seg == seg) {
                index.writePrepared(pi.hex(), pi.entry());
                return pi.entry().bytes;
            }
        }
        return 0;
    }

    /**
     * After the commit (and sync) that carried the last live entry and needed tombstone of the segment being
     * compacted: nothing in it is needed any more, so its file is deleted.
     */
    void finish() {
        if (compacting == null || !done()) {
            return;
        }
        Segment seg = compacting;
        compacting = null;
        work = null;
        messageIds = null;
        tombKinds = null;
        tombKind = null;
        tombCursor = null;
        older = null;
        store.delete(seg); // the carried copies were synced by the checkpoint that carried the last of them
    }
}
