package io.pactum.broker.store;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The chain of segment files in the data directory: opening them, the one that is written (the active segment),
 * rotation to a new one and deletion of a compacted one, each in a crash-safe order (see {@code docs/journal.md}).
 * Every write into the active segment goes through {@link #put}, which counts the bytes written since the last
 * checkpoint (they set the compaction step). Owned by whoever holds the journal's write lock.
 */
final class SegmentStore {
    private static final System.Logger LOG = System.getLogger(SegmentStore.class.getName());
    static final String SEGMENT_PREFIX = "journal-";
    static final String SEGMENT_SUFFIX = ".mv";
    static final String TMP_SUFFIX = ".tmp";
    /** Rough per-entry bytes of a B-tree entry, for the live-bytes estimate. */
    static final int ENTRY_OVERHEAD = 24;
    /** MVStore leaf page split size: small pages keep the bytes rewritten per commit low. */
    static final int PAGE_SPLIT_SIZE = Integer.getInteger("pactum.journal.pageSplitSize", 4 * 1024);
    private static final int CACHE_MB = 8;
    /** Page cache of segments that are only read (by compaction): small, so a long backlog does not cost memory. */
    private static final int OLD_CACHE_MB = 1;

    private final Path dir;
    private final long segmentSize;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    /** Open segments by {@link Segment#ordinal} (index 0 unused); replaced, never changed, so any thread may read. */
    private volatile Segment[] byOrdinal = new Segment[16];
    private int nextOrdinal = 1;
    private Segment active;
    /** Bytes put into the active segment since the last checkpoint. */
    private long uncheckpointedBytes;

    SegmentStore(Path dir, long segmentSize) {
        this.dir = dir;
        this.segmentSize = segmentSize;
    }

    static String segmentName(long no) {
        return String.format("%s%020d%s", SEGMENT_PREFIX, no, SEGMENT_SUFFIX);
    }

    /** {@code cacheMb} 0: no page cache (a recovered segment that is only read, rarely, by the pager or compaction). */
    static MVStore openStore(Path file, int cacheMb) {
        MVStore store = new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .autoCommitBufferSize(0) // nor on memory pressure: a segment holds exactly its last checkpoint
                .pageSplitSize(PAGE_SPLIT_SIZE)
                .cacheSize(cacheMb)
                .open();
        store.setReuseSpace(false);
        return store;
    }

    /**
     * Deletes {@code *.tmp} leftovers of a rotation (and nothing else: a segment with its final name was synced
     * before it got that name, so one H2 cannot open is real damage) and opens every segment in number order. Only
     * the newest gets a page cache: a cache per older one would make the heap grow with the backlog.
     */
    void openExisting() throws IOException {
        Files.createDirectories(dir);
        boolean deleted = false;
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SEGMENT_PREFIX + "*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    LOG.log(System.Logger.Level.INFO, "deleting unfinished journal segment {0}", f);
                    Files.delete(f);
                    deleted = true;
                } else if (name.endsWith(SEGMENT_SUFFIX)) {
                    numbers.add(Long.parseLong(name.substring(SEGMENT_PREFIX.length(),
                            name.length() - SEGMENT_SUFFIX.length())));
                }
            }
        }
        if (deleted) {
            syncDir();
        }
        Collections.sort(numbers);
        for (long no : numbers) {
            Path p = dir.resolve(segmentName(no));
            boolean newest = no == numbers.get(numbers.size() - 1);
            Segment seg = new Segment(no, p, openStore(p, newest ? CACHE_MB : 0));
            register(seg);
            segments.put(no, seg);
        }
        active = segments.isEmpty() ? null : segments.lastEntry().getValue();
    }

    /** With no segment on disk, starts the first one (numbered 1). */
    void startIfEmpty(long maxMessageId, long redoSeq) {
        if (segments.isEmpty()) {
            active = new Segment(0, null, null); // placeholder so rotate() numbers the first segment 1
            rotate(maxMessageId, redoSeq);
        }
    }

    /** The open segment with this ordinal, or null (ordinal 0, or one no longer open): from any thread. */
    Segment byOrdinal(int ordinal) {
        Segment[] a = byOrdinal;
        return ordinal > 0 && ordinal < a.length ? a[ordinal] : null;
    }

    /**
     * Gives a segment the next free ordinal after the last one given (so a deleted segment's ordinal is reused as
     * late as possible: a reader that looked it up just before the deletion finds nothing, not another segment).
     */
    private void register(Segment s) {
        Segment[] a = byOrdinal;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            int ord = 1 + (nextOrdinal - 1 + k) % (n - 1);
            if (a[ord] == null) {
                place(s, ord, a.clone());
                return;
            }
        }
        if (n > 0xFFFF) {
            throw new JournalException("more than 65,535 journal segments open in " + dir);
        }
        place(s, n, Arrays.copyOf(a, Math.min(0x10000, n * 2)));
    }

    private void place(Segment s, int ord, Segment[] a) {
        a[ord] = s;
        s.ordinal = ord;
        nextOrdinal = ord + 1;
        byOrdinal = a;
    }

    private void unregister(Segment s) {
        Segment[] a = byOrdinal.clone();
        if (s.ordinal > 0 && a[s.ordinal] == s) {
            a[s.ordinal] = null;
        }
        byOrdinal = a;
    }

    Collection<Segment> all() {
        return segments.values();
    }

    int count() {
        return segments.size();
    }

    Segment active() {
        return active;
    }

    /** Segments older than {@code seg}, oldest first. */
    List<Segment> olderThan(Segment seg) {
        return new ArrayList<>(segments.headMap(seg.no, false).values());
    }

    /** Writes into the active segment, counting the bytes towards the next checkpoint. */
    <K> void put(MVMap<K, byte[]> map, K key, byte[] value) {
        map.put(key, value);
        uncheckpointedBytes += value.length + ENTRY_OVERHEAD;
    }

    /** An entry of {@code seg} stopped being current. */
    static void release(Segment seg, int bytes) {
        if (seg != null) {
            seg.live -= bytes;
        }
    }

    long uncheckpointedBytes() {
        return uncheckpointedBytes;
    }

    /**
     * Makes the active segment hold everything applied so far: one H2 commit and sync that also records the redo
     * log's next sequence number.
     */
    void checkpoint(long redoSeq) {
        active.sys.put("redo", SegmentCodec.longBytes(redoSeq));
        active.store.commit();
        active.store.sync();
        uncheckpointedBytes = 0;
    }

    void markClean(boolean clean) {
        active.sys.put("clean", new byte[] {(byte) (clean ? 1 : 0)});
    }

    boolean rotationDue() {
        return active.size() >= segmentSize;
    }

    /**
     * Starts a new active segment. Crash-safe order: the file is created under a temporary name, its first commit
     * (high-water mark, clean=false) is synced, then it is renamed to its segment name and the directory synced.
     * Recovery deletes temporary files, so only fully initialised segments are ever relied on.
     */
    void rotate(long maxMessageId, long redoSeq) {
        long no = active.no + 1;
        Path fin = dir.resolve(segmentName(no));
        Path tmp = dir.resolve(segmentName(no) + TMP_SUFFIX);
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MVStore store = openStore(tmp, CACHE_MB);
        Segment s;
        try {
            s = new Segment(no, fin, store);
            s.sys.put("hwm", SegmentCodec.longBytes(maxMessageId));
            s.sys.put("clean", new byte[] {0});
            s.sys.put("redo", SegmentCodec.longBytes(redoSeq));
            store.commit();
            store.sync();
            Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
            syncDir();
        } catch (IOException | RuntimeException e) {
            store.closeImmediately();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        segments.remove(0L); // the placeholder of an empty directory, if any
        register(s);
        segments.put(no, s);
        LOG.log(System.Logger.Level.DEBUG, "journal segment {0} started ({1} segments)", no, segments.size());
        if (active.store != null) {
            active.store.setCacheSize(OLD_CACHE_MB); // only read now, by compaction
        }
        active = s;
    }

    /**
     * Deletes a segment nothing refers to any more, and syncs the directory before anything else is deleted (a
     * deletion a power loss could undo must never be followed by one it could not).
     */
    void delete(Segment seg) {
        seg.store.close();
        segments.remove(seg.no);
        unregister(seg);
        try {
            Files.deleteIfExists(seg.path);
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.log(System.Logger.Level.DEBUG, "journal segment {0} deleted ({1} segments)", seg.no, segments.size());
    }

    void syncDir() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    void closeAll() {
        for (Segment s : segments.values()) {
            s.store.close();
        }
    }

    void closeAllImmediately() {
        for (Segment s : segments.values()) {
            try {
                s.store.closeImmediately();
            } catch (Throwable ignored) {
                // already broken
            }
        }
    }
}
