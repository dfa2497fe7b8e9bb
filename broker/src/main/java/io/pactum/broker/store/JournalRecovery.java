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

    /** Where recovery found a message body, and its stored length; the body itself is not kept. */
    private record BodyAt(Segment seg, int length) {
    }

    private JournalRecovery() {
    }

    static Result recover(Path dir, SegmentStore store, JournalIndex index) throws IOException {
        store.openExisting();

        // Newest segment wins, key by key.
        HashMap<Long, BodyAt> bodies = new HashMap<>();
        HashMap<Long, Found> refs = new HashMap<>();
        HashMap<String, Found> queues = new HashMap<>();
        HashMap<String, Found> meta = new HashMap<>();
        HashMap<String, Found> prepared = new HashMap<>();
        boolean clean = false;
        long redoSeq = 1;
        for (Segment s : store.all()) {
            for (Cursor<Long, byte[]> c = s.bodies.cursor(null); c.hasNext(); ) {
                long id = c.next();
                byte[] v = c.getValue();
                index.maxMessageId = Math.max(index.maxMessageId, id);
                if (SegmentCodec.isTomb(v)) {
                    bodies.remove(id);
                } else {
                    bodies.put(id, new BodyAt(s, v.length));
                }
            }
            fold(s, s.refs, refs);
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

        buildIndex(index, bodies, refs, queues, meta, prepared);

        // The segments' state is the last checkpoint's; the redo log holds what was confirmed after it.
        store.startIfEmpty(index.maxMessageId, redoSeq);
        long fromSeq = redoSeq;
        try {
            redoSeq = RedoLog.replay(dir, fromSeq, index::applyBatch);
        } catch (RuntimeException e) {
            throw new JournalException("cannot replay the redo log in " + dir + ": " + e, e);
        }

        int orphans = 0;
        for (Msg m : new ArrayList<>(index.messages.values())) {
            if (m.refCount == 0 && m.pins == 0) {
                // a body whose refs never committed (e.g. AddMessage and AddRef in separate batches); dead
                index.messages.remove(m.id);
                release(m.bodySeg, m.bodyBytes);
                release(m.refSeg, m.refBytes);
                orphans++;
            }
        }
        RecoveredState state = recoveredState(index, clean, index::readBody);

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

    private static void buildIndex(JournalIndex index, Map<Long, BodyAt> bodies, Map<Long, Found> refs,
                                   Map<String, Found> queues, Map<String, Found> meta, Map<String, Found> prepared) {
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
        for (Map.Entry<Long, BodyAt> e : bodies.entrySet()) {
            long id = e.getKey();
            Msg m = new Msg(id);
            m.bodySeg = e.getValue().seg();
            m.bodyBytes = e.getValue().length() + ENTRY_OVERHEAD;
            Found rr = refs.get(id);
            if (rr != null) {
                ByteBuffer b = ByteBuffer.wrap(rr.value());
                b.get();
                while (b.hasRemaining()) {
                    int qid = SegmentCodec.getVarInt(b);
                    int dc = SegmentCodec.getVarInt(b);
                    QueueEntry q = byQid.get(qid);
                    if (q != null && !m.hasRef(qid)) {
                        m.setRef(qid, dc);
                        q.count++;
                    }
                }
                m.refSeg = rr.seg();
                m.refBytes = rr.value().length + ENTRY_OVERHEAD;
                m.refSeg.live += m.refBytes;
            }
            m.bodySeg.live += m.bodyBytes;
            index.messages.put(id, m);
        }
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
        Map<Integer, List<RecoveredMessage>> byQueue = new HashMap<>();
        for (QueueEntry q : index.queues.values()) {
            byQueue.put(q.qid, new ArrayList<>(q.count));
        }
        long[] live = index.messages.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (long id : live) {
            Msg m = index.messages.get(id);
            for (int i = 0; i < m.refCount; i++) {
                List<RecoveredMessage> list = byQueue.get(m.qidAt(i));
                if (list != null) {
                    list.add(new RecoveredMessage(id, m.dcAt(i), reader));
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
