package io.pactum.broker.store;

import io.pactum.broker.store.JournalIndex.MetaEntry;
import io.pactum.broker.store.JournalIndex.Msg;
import io.pactum.broker.store.JournalIndex.PreparedEntry;
import io.pactum.broker.store.JournalIndex.QueueEntry;
import io.pactum.broker.store.RecoveredState.PreparedBranch;
import io.pactum.broker.store.RecoveredState.RecoveredMessage;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static io.pactum.broker.store.SegmentStore.ENTRY_OVERHEAD;
import static io.pactum.broker.store.SegmentStore.release;

/**
 * Start-up: opens the segments, folds them key by key (the newest segment wins), builds the index, replays the redo
 * log on top (through the same code as a live write), drops bodies nobody refers to, and checkpoints with the clean
 * flag cleared before anything new can be confirmed. Bodies are not loaded: the recovered state reads each one from
 * its segment when the broker asks for it, so a backlog larger than the heap can be recovered.
 */
final class JournalRecovery {
    private static final System.Logger LOG = System.getLogger(JournalRecovery.class.getName());

    /** {@code redoSeq}: the redo log's next sequence number; {@code replayed}: redo entries applied. */
    record Result(RecoveredState state, long redoSeq, long replayed) {
    }

    /** A value as found while folding, and the segment it is in. */
    private record Found(Segment seg, byte[] value) {
    }

    private JournalRecovery() {
    }

    static Result recover(Path dir, SegmentStore store, JournalIndex index) throws IOException {
        store.openExisting();

        // Newest segment wins, key by key. Messages go straight into the index (no second map of boxed entries:
        // recovery must fit in the heap the broker ran with); the other maps are small.
        HashMap<String, Found> queues = new HashMap<>();
        HashMap<String, Found> meta = new HashMap<>();
        HashMap<String, Found> prepared = new HashMap<>();
        boolean clean = false;
        long redoSeq = 1;
        for (Segment s : store.all()) {
            foldMessages(s, index);
            fold(s, s.queues, queues);
            fold(s, s.meta, meta);
            fold(s, s.prepared, prepared);
            byte[] hwm = s.sys.get("hwm");
            if (hwm != null) {
                index.maxMessageId = Math.max(index.maxMessageId, SegmentCodec.longOf(hwm));
            }
            byte[] c = s.sys.get("clean");
            clean = c != null && c.length == 1 && c[0] == 1;
            byte[] seq = s.sys.get("redo");
            if (seq != null) {
                redoSeq = SegmentCodec.longOf(seq);
            }
        }

        buildIndex(index, queues, meta, prepared);

        // The segments' state is the last checkpoint's; the redo log holds what was confirmed after it.
        store.startIfEmpty(index.maxMessageId, redoSeq);
        long fromSeq = redoSeq;
        try {
            redoSeq = RedoLog.replay(dir, fromSeq, index::applyBatch);
        } catch (RuntimeException e) {
            throw new JournalException("cannot replay the redo log in " + dir + ": " + e, e);
        }

        List<Msg> orphaned = new ArrayList<>();
        index.messages.forEach(m -> {
            if (m.refCount == 0 && m.pins == 0) {
                orphaned.add(m); // a body whose refs never committed (e.g. AddMessage and AddRef in separate batches)
            }
        });
        int orphans = orphaned.size();
        for (Msg m : orphaned) {
            index.messages.remove(m.id);
            release(m.bodySeg, m.bodyBytes);
            release(m.refSeg, m.refBytes);
        }
        RecoveredState state = recoveredState(index, clean, new SequentialBodyReader(index)::read);

        // Checkpoint what was replayed and durably clear the clean flag before anything new can be confirmed;
        // only then may the redo log be written over.
        store.markClean(false);
        store.checkpoint(redoSeq);
        LOG.log(System.Logger.Level.INFO,
                "journal {0} opened: {1} segments, {2} queues, {3} messages, {4} prepared branches, "
                        + "max message id {5}, clean shutdown {6}, {7} redo entries replayed{8}",
                dir, store.count(), index.queues.size(), index.messages.size(), index.prepared.size(),
                index.maxMessageId, clean, redoSeq - fromSeq,
                orphans == 0 ? "" : ", " + orphans + " unreferenced bodies dropped");
        return new Result(state, redoSeq, redoSeq - fromSeq);
    }

    /**
     * One segment's bodies and refs, over what older segments said: a value sets where the current one is (and, for
     * refs, the refs themselves, by queue id until the queues are known), a tombstone clears it.
     */
    private static void foldMessages(Segment s, JournalIndex index) {
        for (Cursor<Long, byte[]> c = s.bodies.cursor(null); c.hasNext(); ) {
            long id = c.next();
            byte[] v = c.getValue();
            index.maxMessageId = Math.max(index.maxMessageId, id);
            Msg m = index.messages.get(id);
            if (SegmentCodec.isTomb(v)) {
                if (m != null) {
                    m.bodySeg = null;
                    index.messages.store(m);
                }
                continue;
            }
            if (m == null) {
                m = new Msg(id);
            }
            m.bodySeg = s;
            m.bodyBytes = v.length + ENTRY_OVERHEAD;
            index.messages.store(m);
        }
        for (Cursor<Long, byte[]> c = s.refs.cursor(null); c.hasNext(); ) {
            long id = c.next();
            byte[] v = c.getValue();
            Msg m = index.messages.get(id);
            if (m == null) {
                if (SegmentCodec.isTomb(v)) {
                    continue;
                }
                m = new Msg(id); // its body is in a newer segment (carried there by compaction), or gone
            }
            m.refCount = 0;
            m.more = null;
            if (SegmentCodec.isTomb(v)) {
                m.refSeg = null;
                m.refBytes = 0;
                index.messages.store(m);
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(v);
            b.get();
            while (b.hasRemaining()) {
                int qid = SegmentCodec.getVarInt(b);
                int dc = SegmentCodec.getVarInt(b);
                m.setRef(qid, dc);
            }
            m.refSeg = s;
            m.refBytes = v.length + ENTRY_OVERHEAD;
            index.messages.store(m);
        }
    }

    private static <K> void fold(Segment s, MVMap<K, byte[]> map, HashMap<K, Found> into) {
        for (Cursor<K, byte[]> c = map.cursor(null); c.hasNext(); ) {
            K k = c.next();
            byte[] v = c.getValue();
            if (SegmentCodec.isTomb(v)) {
                into.remove(k);
            } else {
                into.put(k, new Found(s, v));
            }
        }
    }

    private static void buildIndex(JournalIndex index, Map<String, Found> queues, Map<String, Found> meta,
                                   Map<String, Found> prepared) {
        Map<Integer, QueueEntry> byQid = new HashMap<>();
        List<QueueEntry> ordered = new ArrayList<>();
        for (Map.Entry<String, Found> e : queues.entrySet()) {
            ByteBuffer b = ByteBuffer.wrap(e.getValue().value());
            byte flag = b.get();
            QueueEntry q = new QueueEntry(e.getKey(), b.getInt());
            q.explicit = flag != SegmentCodec.QUEUE_IMPLICIT;
            if (flag == SegmentCodec.QUEUE_EXPLICIT) {
                q.meta = new byte[b.remaining()];
                b.get(q.meta);
            }
            q.seg = e.getValue().seg();
            q.bytes = e.getValue().value().length + q.name.length() + ENTRY_OVERHEAD;
            q.seg.live += q.bytes;
            byQid.put(q.qid, q);
            ordered.add(q);
            index.nextQid = Math.max(index.nextQid, q.qid + 1);
        }
        ordered.sort((a, b) -> Integer.compare(a.qid, b.qid));
        for (QueueEntry q : ordered) {
            index.queues.put(q.name, q);
        }
        for (Map.Entry<String, Found> e : meta.entrySet()) {
            MetaEntry me = new MetaEntry();
            me.value = SegmentCodec.unflagged(e.getValue().value());
            me.seg = e.getValue().seg();
            me.bytes = e.getValue().value().length + e.getKey().length() + ENTRY_OVERHEAD;
            me.seg.live += me.bytes;
            index.meta.put(e.getKey(), me);
        }
        // messages: those without a body are gone; refs to queues that no longer exist are dropped
        List<Long> bodiless = new ArrayList<>();
        index.messages.forEach(m -> {
            if (m.bodySeg == null) {
                bodiless.add(m.id);
                return;
            }
            boolean dropped = false;
            for (int i = m.refCount - 1; i >= 0; i--) {
                if (!byQid.containsKey(m.qidAt(i))) {
                    dropped |= m.removeRef(m.qidAt(i));
                }
            }
            if (dropped) {
                // the refs entry in its segment still names the gone queue: harmless, rewritten with its next change
                index.messages.store(m);
            }
            for (int i = 0; i < m.refCount; i++) {
                byQid.get(m.qidAt(i)).count++;
            }
            m.bodySeg.live += m.bodyBytes;
            if (m.refSeg != null) {
                m.refSeg.live += m.refBytes;
            }
        });
        bodiless.forEach(index.messages::remove);
        for (Map.Entry<String, Found> e : prepared.entrySet()) {
            byte[] v = e.getValue().value();
            byte[] encoded = SegmentCodec.unflagged(v);
            List<JournalRecord> recs = RecordCodec.decode(encoded, 0);
            PreparedEntry p = new PreparedEntry(SegmentCodec.hexToBytes(e.getKey()), recs, encoded);
            p.seg = e.getValue().seg();
            p.bytes = v.length + e.getKey().length() + ENTRY_OVERHEAD;
            p.seg.live += p.bytes;
            index.pin(p);
            index.maxMessageId = Math.max(index.maxMessageId, p.maxMessageId());
            index.prepared.put(e.getKey(), p);
        }
    }

    /** Each queue's messages in id order (one pass over the index), meta, prepared branches. */
    private static RecoveredState recoveredState(JournalIndex index, boolean clean, LongFunction<byte[]> reader) {
        Map<Integer, RecoveredState.CompactMessageList> byQueue = new HashMap<>();
        for (QueueEntry q : index.queues.values()) {
            byQueue.put(q.qid, new RecoveredState.CompactMessageList(reader));
        }
        long[] live = index.messages.sortedIds();
        for (long id : live) {
            Msg m = index.messages.get(id);
            for (int i = 0; i < m.refCount; i++) {
                RecoveredState.CompactMessageList list = byQueue.get(m.qidAt(i));
                if (list != null) {
                    list.append(id, m.dcAt(i));
                }
            }
        }
        Map<String, byte[]> qMeta = new LinkedHashMap<>();
        Map<String, List<RecoveredMessage>> qMsgs = new LinkedHashMap<>();
        for (QueueEntry q : index.queues.values()) {
            if (q.explicit) {
                qMeta.put(q.name, q.meta);
            }
            List<RecoveredMessage> list = byQueue.get(q.qid);
            if (q.explicit || !list.isEmpty()) {
                qMsgs.put(q.name, Collections.unmodifiableList(list));
            }
        }
        Map<String, PreparedBranch> prep = new LinkedHashMap<>();
        for (Map.Entry<String, PreparedEntry> e : index.prepared.entrySet()) {
            prep.put(e.getKey(), new PreparedBranch(e.getValue().xid.clone(), e.getValue().records));
        }
        Map<String, byte[]> metaCopy = new HashMap<>();
        for (Map.Entry<String, MetaEntry> e : index.meta.entrySet()) {
            metaCopy.put(e.getKey(), e.getValue().value.clone());
        }
        return new RecoveredState(Collections.unmodifiableMap(qMeta), Collections.unmodifiableMap(qMsgs),
                Collections.unmodifiableMap(prep), Collections.unmodifiableMap(metaCopy), index.maxMessageId, clean);
    }
}
