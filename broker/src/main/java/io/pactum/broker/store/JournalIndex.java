package io.pactum.broker.store;

import io.pactum.broker.store.JournalRecord.AddMessage;
import io.pactum.broker.store.JournalRecord.AddQueue;
import io.pactum.broker.store.JournalRecord.AddRef;
import io.pactum.broker.store.JournalRecord.CommitPrepared;
import io.pactum.broker.store.JournalRecord.Prepare;
import io.pactum.broker.store.JournalRecord.PutMeta;
import io.pactum.broker.store.JournalRecord.RemoveMeta;
import io.pactum.broker.store.JournalRecord.RemoveQueue;
import io.pactum.broker.store.JournalRecord.RemoveRef;
import io.pactum.broker.store.JournalRecord.RollbackPrepared;
import io.pactum.broker.store.JournalRecord.UpdateDeliveryCount;

import org.h2.mvstore.MVMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import static io.pactum.broker.store.SegmentCodec.TOMB;
import static io.pactum.broker.store.SegmentStore.ENTRY_OVERHEAD;
import static io.pactum.broker.store.SegmentStore.release;

/**
 * The journal's state in memory, and the one place records change it: which messages are live and in which segment
 * their body and refs are, each queue's id and meta, meta entries, prepared branches and the messages they pin. A
 * batch is {@linkplain #validate validated} before anything of it is {@linkplain #applyBatch applied}; applying
 * changes the index and writes the new values into the active segment ({@link SegmentStore#put}). Owned by whoever
 * holds the journal's write lock, except {@link #messages}, which {@link #readBody} reads from any thread.
 */
final class JournalIndex {
    private static final System.Logger LOG = System.getLogger(JournalIndex.class.getName());

    private final Path dir;
    private final SegmentStore store;
    /** Written by whoever holds the write lock; read by {@link #readBody} from any thread. */
    final MessageTable messages;
    final LinkedHashMap<String, QueueEntry> queues = new LinkedHashMap<>();
    final HashMap<String, MetaEntry> meta = new HashMap<>();
    final LinkedHashMap<String, PreparedEntry> prepared = new LinkedHashMap<>();
    int nextQid = 1;
    long maxMessageId;

    JournalIndex(Path dir, SegmentStore store) {
        this.dir = dir;
        this.store = store;
        this.messages = new MessageTable(store::byOrdinal);
    }

    // ---------------------------------------------------------------- reading bodies

    /**
     * Lock-free: the index is a concurrent map and MVStore maps may be read while the writer changes them. A body
     * compaction moves out of a segment it then closes is found again, through the index, in its new segment.
     */
    byte[] readBody(long messageId) {
        RuntimeException lastError = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Segment seg = messages.bodySegment(messageId);
            if (seg == null) {
                return null;
            }
            try {
                byte[] v = seg.bodies.get(messageId);
                if (v != null && v.length > 0) {
                    return SegmentCodec.unflagged(v);
                }
                if (messages.bodySegment(messageId) == seg) {
                    return null;
                }
            } catch (RuntimeException e) {
                // the segment was closed by compaction (or close) between the lookup and the read
                lastError = e;
            }
        }
        throw new JournalException("cannot read message " + messageId + " from the journal in " + dir + ": "
                + lastError, lastError);
    }

    // ---------------------------------------------------------------- validation

    /** Checks a batch before anything of it is applied, so an invalid batch fails alone. */
    void validate(List<JournalRecord> batch) {
        validate(batch, new HashSet<>(), false);
    }

    private void validate(List<JournalRecord> batch, Set<Long> added, boolean inPrepare) {
        for (JournalRecord r : batch) {
            if (r instanceof AddQueue x) {
                req(x.name(), "queue name");
            } else if (r instanceof RemoveQueue x) {
                req(x.name(), "queue name");
            } else if (r instanceof AddMessage x) {
                req(x.data(), "message data");
                added.add(x.messageId());
            } else if (r instanceof AddRef x) {
                req(x.queue(), "queue name");
                if (x.deliveryCount() < 0) {
                    throw new IllegalArgumentException("negative delivery count in " + x);
                }
                if (!messages.contains(x.messageId()) && !added.contains(x.messageId())) {
                    throw new IllegalArgumentException("AddRef to unknown message " + x.messageId());
                }
            } else if (r instanceof RemoveRef x) {
                req(x.queue(), "queue name");
            } else if (r instanceof UpdateDeliveryCount x) {
                req(x.queue(), "queue name");
                if (x.deliveryCount() < 0) {
                    throw new IllegalArgumentException("negative delivery count in " + x);
                }
            } else if (r instanceof PutMeta x) {
                req(x.key(), "meta key");
                req(x.value(), "meta value");
            } else if (r instanceof RemoveMeta x) {
                req(x.key(), "meta key");
            } else if (r instanceof Prepare x) {
                if (inPrepare) {
                    throw new IllegalArgumentException("Prepare must not be nested");
                }
                req(x.xid(), "xid");
                req(x.records(), "prepared records");
                validate(x.records(), new HashSet<>(added), true);
            } else if (r instanceof CommitPrepared x) {
                req(x.xid(), "xid");
            } else if (r instanceof RollbackPrepared x) {
                req(x.xid(), "xid");
            } else {
                throw new IllegalArgumentException("unknown record " + r);
            }
        }
    }

    private static void req(Object o, String what) {
        if (o == null) {
            throw new IllegalArgumentException(what + " is null");
        }
    }

    // ---------------------------------------------------------------- application

    void applyBatch(List<JournalRecord> batch) {
        List<Long> touched = new ArrayList<>();
        for (JournalRecord r : batch) {
            apply(r, touched, false);
        }
        // Bodies are dropped at the end of the batch, so [RemoveRef(a, m), AddRef(b, m)] moves m intact.
        for (long id : touched) {
            Msg m = messages.get(id);
            if (m != null && m.refCount == 0 && m.pins == 0) {
                messages.remove(id);
                release(m.bodySeg, m.bodyBytes);
                store.put(store.active().bodies, id, TOMB);
            }
        }
    }

    /**
     * Applies one record. Messages are read from {@link #messages} as copies, so every change ends in
     * {@link MessageTable#store} ({@link #writeRefs} does it); {@code touched} collects the ids of messages that may
     * have lost their last ref.
     */
    private void apply(JournalRecord rec, List<Long> touched, boolean lenient) {
        Segment active = store.active();
        if (rec instanceof AddMessage r) {
            Msg m = messages.get(r.messageId());
            if (m == null) {
                m = new Msg(r.messageId());
            }
            byte[] v = SegmentCodec.flagged(r.data());
            store.put(active.bodies, m.id, v); // before the index points there: readBody follows the index
            release(m.bodySeg, m.bodyBytes);
            m.bodySeg = active;
            m.bodyBytes = v.length + ENTRY_OVERHEAD;
            active.live += m.bodyBytes;
            messages.store(m);
            maxMessageId = Math.max(maxMessageId, m.id);
            if (lenient) {
                touched.add(m.id); // a body of a committed branch whose refs were all skipped must not stay orphaned
            }
        } else if (rec instanceof AddRef r) {
            Msg m = messages.get(r.messageId());
            if (m == null) {
                if (!lenient) {
                    throw new IllegalStateException("AddRef to unknown message " + r.messageId());
                }
                LOG.log(System.Logger.Level.WARNING, "committed branch refers to missing message {0}; skipped",
                        r.messageId());
                return;
            }
            QueueEntry q = queues.get(r.queue());
            if (q == null) {
                q = new QueueEntry(r.queue(), nextQid++);
                q.explicit = false;
                queues.put(q.name, q);
                writeQueue(q);
            }
            if (!m.hasRef(q.qid)) {
                q.count++;
            }
            m.setRef(q.qid, r.deliveryCount());
            writeRefs(m);
        } else if (rec instanceof RemoveRef r) {
            QueueEntry q = queues.get(r.queue());
            Msg m = messages.get(r.messageId());
            if (q != null && m != null && m.removeRef(q.qid)) {
                q.count--;
                writeRefs(m);
                touched.add(m.id);
            }
        } else if (rec instanceof UpdateDeliveryCount r) {
            QueueEntry q = queues.get(r.queue());
            Msg m = messages.get(r.messageId());
            if (q != null && m != null && m.hasRef(q.qid)) {
                m.setRef(q.qid, r.deliveryCount());
                writeRefs(m);
            }
        } else if (rec instanceof AddQueue r) {
            QueueEntry q = queues.get(r.name());
            if (q == null) {
                q = new QueueEntry(r.name(), nextQid++);
                queues.put(q.name, q);
            }
            q.explicit = true;
            q.meta = r.meta() == null ? null : r.meta().clone();
            writeQueue(q);
        } else if (rec instanceof RemoveQueue r) {
            QueueEntry q = queues.remove(r.name());
            if (q == null) {
                return;
            }
            if (q.count > 0) {
                messages.forEach(m -> { // a rare operation; the index keeps no per-queue set
                    if (m.removeRef(q.qid)) {
                        writeRefs(m);
                        touched.add(m.id);
                    }
                });
                q.count = 0;
            }
            release(q.seg, q.bytes);
            q.seg = null;
            store.put(active.queues, q.name, TOMB);
        } else if (rec instanceof PutMeta r) {
            MetaEntry e = meta.computeIfAbsent(r.key(), k -> new MetaEntry());
            e.value = r.value().clone();
            writeMeta(r.key(), e);
        } else if (rec instanceof RemoveMeta r) {
            MetaEntry e = meta.remove(r.key());
            if (e != null) {
                release(e.seg, e.bytes);
                store.put(active.meta, r.key(), TOMB);
            }
        } else if (rec instanceof Prepare r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            PreparedEntry old = prepared.remove(hex);
            if (old != null) {
                release(old.seg, old.bytes);
                unpin(old, touched);
            }
            PreparedEntry p = new PreparedEntry(r.xid().clone(), List.copyOf(r.records()), RecordCodec.encode(r.records()));
            pin(p);
            maxMessageId = Math.max(maxMessageId, p.maxMessageId());
            prepared.put(hex, p);
            writePrepared(hex, p);
        } else if (rec instanceof CommitPrepared r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            PreparedEntry p = prepared.remove(hex);
            if (p == null) {
                LOG.log(System.Logger.Level.WARNING, "CommitPrepared of unknown branch {0}; ignored", hex);
                return;
            }
            release(p.seg, p.bytes);
            store.put(active.prepared, hex, TOMB);
            unpin(p, touched);
            for (JournalRecord inner : p.records) {
                apply(inner, touched, true);
            }
        } else if (rec instanceof RollbackPrepared r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            PreparedEntry p = prepared.remove(hex);
            if (p == null) {
                return;
            }
            release(p.seg, p.bytes);
            store.put(active.prepared, hex, TOMB);
            unpin(p, touched);
            if (p.maxMessageId() > 0) {
                // the branch's message ids vanish with it; keep the high-water mark
                store.put(active.sys, "hwm", SegmentCodec.longBytes(maxMessageId));
            }
        } else {
            throw new IllegalArgumentException("unknown record " + rec);
        }
    }

    /** Messages a prepared branch refers to stay until its outcome, even if their last committed ref goes. */
    void pin(PreparedEntry p) {
        for (JournalRecord r : p.records) {
            if (r instanceof AddRef a) {
                Msg m = messages.get(a.messageId());
                if (m != null) {
                    m.pins++;
                    messages.store(m);
                    p.pinned.add(m.id);
                }
            }
        }
    }

    private void unpin(PreparedEntry p, List<Long> touched) {
        for (long id : p.pinned) {
            Msg m = messages.get(id);
            if (m != null) {
                m.pins--;
                messages.store(m);
            }
            touched.add(id);
        }
        p.pinned.clear();
    }

    // ---------------------------------------------------------------- writing entries, with live-bytes accounting

    /** Writes the message's refs into the active segment and {@linkplain MessageTable#store stores} its state. */
    void writeRefs(Msg m) {
        Segment active = store.active();
        release(m.refSeg, m.refBytes);
        if (m.refCount == 0) {
            m.refSeg = null;
            m.refBytes = 0;
            store.put(active.refs, m.id, TOMB);
        } else {
            byte[] v = m.encodeRefs();
            m.refSeg = active;
            m.refBytes = v.length + ENTRY_OVERHEAD;
            active.live += m.refBytes;
            store.put(active.refs, m.id, v);
        }
        messages.store(m);
    }

    void writeQueue(QueueEntry q) {
        place(q, store.active().queues, q.name, SegmentCodec.queueValue(q.explicit, q.qid, q.meta));
    }

    void writeMeta(String key, MetaEntry e) {
        place(e, store.active().meta, key, SegmentCodec.flagged(e.value));
    }

    void writePrepared(String hex, PreparedEntry p) {
        place(p, store.active().prepared, hex, SegmentCodec.flagged(p.encoded));
    }

    /** Writes a keyed entry's new value into the active segment, which now holds its live bytes. */
    private void place(Placed e, MVMap<String, byte[]> map, String key, byte[] v) {
        Segment active = store.active();
        release(e.seg, e.bytes);
        e.seg = active;
        e.bytes = v.length + key.length() + ENTRY_OVERHEAD;
        active.live += e.bytes;
        store.put(map, key, v);
    }

    /** Moves a live body into the active segment (compaction); the body is put there before the index points there. */
    void carryBody(Msg m, byte[] flaggedBody) {
        Segment active = store.active();
        store.put(active.bodies, m.id, flaggedBody);
        release(m.bodySeg, m.bodyBytes);
        m.bodySeg = active;
        active.live += m.bodyBytes;
        messages.store(m);
    }

    // ---------------------------------------------------------------- entries

    /**
     * A live message: where its body and refs are, its refs, and how many prepared branches pin it. Most live in
     * {@link MessageTable} as packed slots; this is then a copy, written back with {@link MessageTable#store}.
     */
    static final class Msg {
        final long id;
        Segment bodySeg;
        int bodyBytes;
        Segment refSeg;
        int refBytes;
        /**
         * Its refs as (queue id, delivery count) pairs: the first inline (most messages are in one queue), any others
         * in {@code more}.
         */
        int qid0;
        int dc0;
        int[] more;
        int refCount;
        int pins;

        Msg(long id) {
            this.id = id;
        }

        int qidAt(int i) {
            return i == 0 ? qid0 : more[2 * i - 2];
        }

        int dcAt(int i) {
            return i == 0 ? dc0 : more[2 * i - 1];
        }

        private void put(int i, int qid, int dc) {
            if (i == 0) {
                qid0 = qid;
                dc0 = dc;
                return;
            }
            if (more == null || more.length < 2 * i) {
                more = Arrays.copyOf(more == null ? new int[0] : more, Math.max(2, 2 * i + 2));
            }
            more[2 * i - 2] = qid;
            more[2 * i - 1] = dc;
        }

        int indexOf(int qid) {
            for (int i = 0; i < refCount; i++) {
                if (qidAt(i) == qid) {
                    return i;
                }
            }
            return -1;
        }

        boolean hasRef(int qid) {
            return indexOf(qid) >= 0;
        }

        void setRef(int qid, int dc) {
            int i = indexOf(qid);
            put(i < 0 ? refCount++ : i, qid, dc);
        }

        boolean removeRef(int qid) {
            int i = indexOf(qid);
            if (i < 0) {
                return false;
            }
            refCount--;
            put(i, qidAt(refCount), dcAt(refCount));
            if (refCount <= 1) {
                more = null;
            }
            return true;
        }

        byte[] encodeRefs() {
            int[] qids = new int[refCount];
            int[] dcs = new int[refCount];
            for (int i = 0; i < refCount; i++) {
                qids[i] = qidAt(i);
                dcs[i] = dcAt(i);
            }
            return SegmentCodec.refsValue(qids, dcs, refCount);
        }
    }

    /** An entry under a string key, and where its current value is (segment, bytes counted live there). */
    abstract static class Placed {
        Segment seg;
        int bytes;
    }

    static final class QueueEntry extends Placed {
        final String name;
        final int qid;
        boolean explicit = true;
        byte[] meta;
        /** How many messages refer to this queue (no per-message set: the index stays small). */
        int count;

        QueueEntry(String name, int qid) {
            this.name = name;
            this.qid = qid;
        }
    }

    static final class MetaEntry extends Placed {
        byte[] value;
    }

    static final class PreparedEntry extends Placed {
        final byte[] xid;
        final List<JournalRecord> records;
        final byte[] encoded;
        /** Ids of the messages this branch pins. */
        final List<Long> pinned = new ArrayList<>();

        PreparedEntry(byte[] xid, List<JournalRecord> records, byte[] encoded) {
            this.xid = xid;
            this.records = records;
            this.encoded = encoded;
        }

        long maxMessageId() {
            long max = 0;
            for (JournalRecord r : records) {
                if (r instanceof AddMessage a) {
                    max = Math.max(max, a.messageId());
                }
            }
            return max;
        }
    }
}
