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
import io.pactum.broker.store.RecoveredState.PreparedBranch;
import io.pactum.broker.store.RecoveredState.RecoveredMessage;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The journal on H2's MVStore, written as a chain of append-only segment files. See {@code docs/journal.md}.
 *
 * <p>Each segment is one MVStore file opened with {@code autoCommitDisabled()} (no background writer) and
 * {@code setReuseSpace(false)} (freed space is never reused, which is what keeps H2 lossless under SIGKILL). A
 * segment holds, per key, the newest value or a tombstone; the state is "newest segment wins". Whoever holds the
 * write lock (the writer thread, or a lone caller of {@link #writeInCaller}) applies all pending batches to the
 * newest (active) segment in memory, appends them as one entry to the {@link RedoLog} and forces it once (group
 * commit). At checkpoints the writer thread carries a bounded number of live entries (and still-needed tombstones)
 * of the segment with the most garbage forward and does one H2 {@code commit()} and {@code sync()}, after which the
 * redo log starts over. When the active segment is larger than the segment size a new one is started; once nothing
 * in the segment being compacted is needed any more, its file is deleted.
 *
 * <p>Maps in every segment: {@code m} message id → body, {@code r} message id → its queue refs, {@code q} queue
 * name → queue id + meta, {@code k} meta key → value, {@code p} xid hex → prepared records, {@code s} segment facts
 * ({@code hwm}: highest message id when the segment was started or a branch was rolled back; {@code clean};
 * {@code redo}: the redo log's next sequence number at the checkpoint).
 * Values carry a leading flag byte; an empty array is a tombstone.
 */
public final class H2Journal implements Journal {
    private static final System.Logger LOG = System.getLogger(H2Journal.class.getName());

    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;
    static final String SEGMENT_PREFIX = "journal-";
    static final String SEGMENT_SUFFIX = ".mv";
    static final String TMP_SUFFIX = ".tmp";

    private static final byte[] TOMB = new byte[0];
    private static final byte VALUE = 1;
    private static final byte QUEUE_EXPLICIT = 1;
    private static final byte QUEUE_EXPLICIT_NULL_META = 2;
    private static final byte QUEUE_IMPLICIT = 3;
    /** Rough per-entry bytes of a B-tree entry, for the live-bytes estimate. */
    private static final int ENTRY_OVERHEAD = 24;
    /** MVStore leaf page split size: small pages keep the bytes rewritten per commit low. */
    static final int PAGE_SPLIT_SIZE = Integer.getInteger("pactum.journal.pageSplitSize", 4 * 1024);
    private static final int CACHE_MB = 8;
    /** Page cache of segments that are only read (by compaction): small, so a long backlog does not cost memory. */
    private static final int OLD_CACHE_MB = 1;
    private static final long MIN_CARRY_BYTES = Long.getLong("pactum.journal.minCarry", 8 * 1024);

    /** Redo-log bytes after which the writer checkpoints (commits the segments and starts the log over). */
    public static final long DEFAULT_CHECKPOINT_SIZE =
            Long.getLong("pactum.journal.checkpointSize", 8L * 1024 * 1024);
    /** How long the writer waits with nothing to do before it checkpoints what the redo log holds. */
    private static final long IDLE_CHECKPOINT_MILLIS = 500;

    /**
     * The journal's settings. {@code checkpointSize}: redo-log bytes between checkpoints; larger means fewer, bigger
     * H2 commits and a longer replay after a crash.
     */
    public record JournalConfig(Path dir, boolean sync, long segmentSize, long checkpointSize) {
        public JournalConfig {
            if (segmentSize < 64 * 1024) {
                throw new IllegalArgumentException("segmentSize must be at least 64 KiB: " + segmentSize);
            }
            if (checkpointSize < 1) {
                throw new IllegalArgumentException("checkpointSize must be positive: " + checkpointSize);
            }
        }

        /** With the default checkpoint size, or a quarter segment if that is less. */
        public JournalConfig(Path dir, boolean sync, long segmentSize) {
            this(dir, sync, segmentSize, Math.min(DEFAULT_CHECKPOINT_SIZE, segmentSize / 4));
        }
    }

    private final Path dir;
    private final boolean sync;
    private final long segmentSize;
    private final long checkpointSize;

    // ---- state owned by the writer thread (and by open() before the thread starts) ----
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private Segment active;
    /** Written by whoever holds the write lock; read by {@link #readBody} from any thread. */
    private final ConcurrentHashMap<Long, Msg> messages = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Queue> queues = new LinkedHashMap<>();
    private int nextQid = 1;
    private final HashMap<String, Entry> meta = new HashMap<>();
    private final LinkedHashMap<String, Prep> prepared = new LinkedHashMap<>();
    private long maxMessageId;
    private Segment compacting;
    private ArrayDeque<Object> compactWork;
    /** Tombstone scan of the segment being compacted: maps still to scan, and the cursor in the current one. */
    private ArrayDeque<MVMap<?, byte[]>> tombMaps;
    private Cursor<?, byte[]> tombCursor;
    private MVMap<?, byte[]> tombMap;
    /** Segments older than the one being compacted (what its tombstones may still mask). */
    private List<Segment> olderThanCompacting;
    /** Bytes put into the active segment since the last checkpoint (sets the compaction step). */
    private long uncheckpointedBytes;
    private RedoLog redo;
    /** The redo-log sequence number the newest checkpoint recorded (during recovery: where replay starts). */
    private long redoSeq = 1;
    /** Redo-log entries the last open replayed (for tests and the open log line). */
    private long replayed;

    private volatile RecoveredState recovered;
    private volatile JournalException failure;
    private final java.util.concurrent.CopyOnWriteArrayList<Consumer<JournalException>> failureActions =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    /** {@code lazy}: from {@link #writeLazily}, nobody waits for it. */
    private record Pending(List<JournalRecord> records, CompletableFuture<Void> future, boolean lazy) {
        Pending(List<JournalRecord> records, CompletableFuture<Void> future) {
            this(records, future, false);
        }
    }

    /** How long lazy writes may wait for a write somebody waits for, to share its commit and sync. */
    private static final long LAZY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Lazy records held back at most: beyond this they are committed on their own. */
    private static final int LAZY_MAX_RECORDS = 8192;

    /** How long the writer may wait to gather as many waiting writers as recent batches had. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How many recent batches decide how many concurrent writers to expect. */
    private static final int GATHER_WINDOW = 16;

    private static final Pending CLOSE = new Pending(List.of(), new CompletableFuture<>());
    private static final Pending CRASH = new Pending(List.of(), new CompletableFuture<>());
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /**
     * Held by whoever applies and syncs writes: the writer thread, or a caller of {@link #writeInCaller} doing it
     * itself. All writer state (segments, index, redo log) is guarded by it; entries leave {@link #queue} only under
     * it, so they are applied in the order they were queued.
     */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Wakes the writer thread: queued writes nobody is applying, a checkpoint that is due, close. */
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean checkpointDue;
    private volatile long lastWriteNanos = System.nanoTime();
    private final Object enqueueLock = new Object();
    private boolean closed; // guarded by enqueueLock
    private Thread writer;

    private H2Journal(JournalConfig config) {
        this.dir = config.dir();
        this.sync = config.sync();
        this.segmentSize = config.segmentSize();
        this.checkpointSize = config.checkpointSize();
    }

    public static H2Journal open(Path dir, boolean sync, long segmentSize) {
        return open(new JournalConfig(dir, sync, segmentSize));
    }

    public static H2Journal open(JournalConfig config) {
        H2Journal journal = new H2Journal(config);
        try {
            journal.recover();
        } catch (RuntimeException e) {
            journal.closeAllImmediately();
            throw e instanceof JournalException je ? je : new JournalException("cannot open journal in " + config.dir() + ": " + e, e);
        }
        journal.writer = new Thread(journal::runWriter, "pactum-journal-writer");
        journal.writer.setDaemon(true);
        journal.writer.start();
        return journal;
    }

    // =====================================================================================================
    // Public API
    // =====================================================================================================

    /** The state at open. Handed out once (the journal drops its reference so bodies are not held twice). */
    @Override
    public RecoveredState recovered() {
        RecoveredState r = recovered;
        if (r == null) {
            throw new IllegalStateException("recovered state was already taken");
        }
        recovered = null;
        return r;
    }

    @Override
    public CompletableFuture<Void> write(List<JournalRecord> records) {
        CompletableFuture<Void> future = enqueue(records, false);
        wake.release();
        return future;
    }

    @Override
    public CompletableFuture<Void> writeInCaller(List<JournalRecord> records) {
        CompletableFuture<Void> future = enqueue(records, false);
        if (expectedWriters > 1 || writeLock.isHeldByCurrentThread() || !writeLock.tryLock()) {
            // concurrent writers (the writer thread gathers them into one sync), or a write is under way (perhaps
            // this thread's own, completing): the writer thread takes it
            wake.release();
            return future;
        }
        try {
            writeQueuedInCaller();
        } finally {
            writeLock.unlock();
        }
        if (!queue.isEmpty() || checkpointDue) {
            wake.release();
        }
        return future;
    }

    /**
     * What a caller of {@link #writeInCaller} does holding the write lock: everything queued up to a close, in a
     * few rounds at most (it is someone's I/O thread), no checkpoint (the writer thread does those).
     */
    private void writeQueuedInCaller() {
        for (int round = 0; round < 4; round++) {
            if (round > 0 && !somebodyWaits()) {
                return; // lazy writes alone wait for company on the writer thread rather than cost a sync now
            }
            List<Pending> work = new ArrayList<>();
            for (Pending p = queue.peek(); p != null && p != CLOSE && p != CRASH; p = queue.peek()) {
                work.add(queue.poll());
            }
            if (work.isEmpty()) {
                return;
            }
            noteWriters(waitedFor(work));
            process(work);
            if (redo != null && redo.size() >= checkpointSize) {
                checkpointDue = true;
                return;
            }
        }
    }

    /** Queued in order like any write, but the writer may wait up to 5 ms for a write somebody waits for. */
    @Override
    public void writeLazily(List<JournalRecord> records) {
        enqueue(records, true);
        wake.release();
    }

    private CompletableFuture<Void> enqueue(List<JournalRecord> records, boolean lazy) {
        List<JournalRecord> copy = List.copyOf(records);
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (enqueueLock) {
            if (closed) {
                future.completeExceptionally(new JournalException("journal is closed"));
                return future;
            }
            queue.add(new Pending(copy, future, lazy));
        }
        return future;
    }

    /**
     * Lock-free: the index is a concurrent map and MVStore maps may be read while the writer changes them. A body
     * compaction moves out of a segment it then closes is found again, through the index, in its new segment.
     */
    @Override
    public byte[] readBody(long messageId) {
        RuntimeException lastError = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Msg m = messages.get(messageId);
            Segment seg = m == null ? null : m.bodySeg;
            if (seg == null) {
                return null;
            }
            try {
                byte[] v = seg.bodies.get(messageId);
                if (v != null && v.length > 0) {
                    return unflagged(v);
                }
                if (m.bodySeg == seg) {
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

    @Override
    public JournalStats stats() {
        return new JournalStats(syncs.get(), batches.get(), records.get(), bytesOnDisk(dir));
    }

    /** Sum of the sizes of the journal's files in {@code dir}. */
    static long bytesOnDisk(Path dir) {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                try {
                    total += Files.size(f);
                } catch (IOException ignored) {
                    // deleted meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** For tests: whether some thread is applying writes right now. */
    boolean writing() {
        return writeLock.isLocked();
    }

    /** How many redo-log entries (drains confirmed after the last checkpoint) {@link #open} replayed. */
    long replayedAtOpen() {
        return replayed;
    }

    /** Whether an I/O error has made the journal refuse all writes. */
    public boolean isFailed() {
        return failure != null;
    }

    @Override
    public void close() {
        stop(CLOSE);
    }

    /** For tests: stops like a killed process would, without draining pending writes or recording a clean close. */
    /** Test hook: the writer fails as after an I/O error, with {@code cause}. */
    void failForTest(Throwable cause) {
        writeLock.lock();
        try {
            fail(cause);
        } finally {
            writeLock.unlock();
        }
    }

    void crashForTest() {
        stop(CRASH);
    }

    private void stop(Pending how) {
        synchronized (enqueueLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(how);
        }
        wake.release();
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // =====================================================================================================
    // Writer thread
    // =====================================================================================================

    /**
     * When everything drained is lazy, waits briefly for a write somebody waits for (or close), so that
     * acknowledgements ride along with the next send's commit and sync instead of forcing their own.
     */
    private void awaitCompanyForLazyWrites(List<Pending> drained) {
        long deadline = System.nanoTime() + LAZY_WAIT_NANOS;
        while (drained.stream().allMatch(Pending::lazy)
                && drained.stream().mapToInt(p -> p.records().size()).sum() < LAZY_MAX_RECORDS) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            try {
                Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                drained.add(next);
                queue.drainTo(drained);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waited-for writes in each of the last {@link #GATHER_WINDOW} batches (guarded by the write lock). */
    private final int[] recentWriters = new int[GATHER_WINDOW];
    private int recentIndex;
    /** The most waited-for writes of a recent batch: more than one, and callers leave writing to the writer thread. */
    private volatile int expectedWriters;

    private void noteWriters(int waited) {
        recentWriters[recentIndex] = waited;
        recentIndex = (recentIndex + 1) % GATHER_WINDOW;
        int max = 0;
        for (int n : recentWriters) {
            max = Math.max(max, n);
        }
        expectedWriters = max;
    }

    /** Whether a write somebody waits for is queued (the write lock is held, so nothing leaves the queue meanwhile). */
    private boolean somebodyWaits() {
        for (Pending p : queue) {
            if (!p.lazy()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Group commit only pays when the batch holds the concurrent writers: right after a sync, most of them are still
     * receiving their answers, so the writer would commit one write alone and sync again. When recent batches held
     * more waited-for writes than this one, wait up to {@link #GATHER_NANOS} for that many. A lone writer never waits.
     */
    private void gatherConcurrentWriters(List<Pending> drained) {
        int expected = expectedWriters;
        int waited = waitedFor(drained);
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (waited > 0 && waited < expected && !drained.contains(CLOSE) && !drained.contains(CRASH)) {
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                break;
            }
            try {
                Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                drained.add(next);
                queue.drainTo(drained);
            } catch (InterruptedException e) {
                break;
            }
            waited = waitedFor(drained);
        }
        noteWriters(waited);
    }

    private static int waitedFor(List<Pending> drained) {
        int n = 0;
        for (Pending p : drained) {
            if (!p.lazy() && p != CLOSE && p != CRASH) {
                n++;
            }
        }
        return n;
    }

    /**
     * The writer thread: woken for writes no caller is applying itself, for a due checkpoint and for close; after
     * {@link #IDLE_CHECKPOINT_MILLIS} without writes it checkpoints what the redo log holds.
     */
    private void runWriter() {
        List<Pending> drained = new ArrayList<>();
        while (true) {
            boolean woken;
            try {
                woken = wake.tryAcquire(IDLE_CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            wake.drainPermits();
            writeLock.lock();
            try {
                if (!woken) {
                    if (failure == null && redo.size() > 0
                            && System.nanoTime() - lastWriteNanos >= TimeUnit.MILLISECONDS.toNanos(IDLE_CHECKPOINT_MILLIS)) {
                        checkpointOrFail();
                    }
                    continue;
                }
                if (drainAndProcess(drained)) {
                    return;
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** One round of the writer thread, holding the write lock. Returns true once the journal is closed. */
    private boolean drainAndProcess(List<Pending> drained) {
        queue.drainTo(drained);
        if (drained.isEmpty()) {
            checkpointIfDue();
            return false;
        }
        awaitCompanyForLazyWrites(drained);
        gatherConcurrentWriters(drained);
        int closeAt = drained.indexOf(CLOSE);
        int crashAt = drained.indexOf(CRASH);
        if (crashAt >= 0) {
            closeAllImmediately();
            for (Pending p : drained) {
                p.future().completeExceptionally(new JournalException("journal crashed (test)"));
            }
            drained.clear();
            return true;
        }
        List<Pending> work = closeAt < 0 ? drained : drained.subList(0, closeAt);
        try {
            process(work);
        } catch (Throwable t) {
            fail(t);
            failAll(work);
        }
        drained.clear();
        if (closeAt >= 0) {
            shutdown();
            return true;
        }
        checkpointIfDue();
        if (!queue.isEmpty()) {
            wake.release(); // more arrived while this round was being written
        }
        return false;
    }

    private void checkpointIfDue() {
        if (failure == null && (checkpointDue || redo.size() >= checkpointSize)) {
            checkpointDue = false;
            checkpointOrFail();
        }
    }

    private void process(List<Pending> work) {
        if (work.isEmpty()) {
            return;
        }
        if (failure != null) {
            failAll(work);
            return;
        }
        JournalException[] rejected = new JournalException[work.size()];
        long recordCount = 0;
        List<List<JournalRecord>> applied = new ArrayList<>(work.size());
        try {
            for (int i = 0; i < work.size(); i++) {
                List<JournalRecord> batch = work.get(i).records();
                try {
                    validate(batch, new HashSet<>(), false);
                } catch (RuntimeException e) {
                    rejected[i] = new JournalException("invalid batch: " + e.getMessage(), e);
                    continue;
                }
                applyBatch(batch);
                recordCount += batch.size();
                applied.add(batch);
            }
            if (!applied.isEmpty()) {
                redo.append(applied);
                if (sync) {
                    redo.force();
                    syncs.incrementAndGet();
                }
            }
        } catch (Throwable t) {
            fail(t);
            failAll(work);
            return;
        }
        batches.addAndGet(applied.size());
        lastWriteNanos = System.nanoTime();
        records.addAndGet(recordCount);
        for (int i = 0; i < work.size(); i++) {
            if (rejected[i] == null) {
                work.get(i).future().complete(null);
            } else {
                work.get(i).future().completeExceptionally(rejected[i]);
            }
        }
    }

    private void checkpointOrFail() {
        try {
            checkpoint();
        } catch (Throwable t) {
            fail(t);
        }
    }

    /**
     * Makes the segments hold everything the redo log does, so the log can start over: a bounded step of compaction,
     * then one H2 commit and sync that also records the redo log's next sequence number. Afterwards a compacted
     * segment that is no longer needed is deleted, and a full active segment is rotated.
     */
    private void checkpoint() {
        compactStep(MIN_CARRY_BYTES + 2 * uncheckpointedBytes);
        commitCheckpoint();
        finishCompaction();
        if (active.size() >= segmentSize) {
            rotate();
        }
    }

    private void commitCheckpoint() {
        redoSeq = redo.nextSeq();
        active.sys.put("redo", longBytes(redoSeq));
        active.store.commit();
        active.store.sync();
        syncs.incrementAndGet();
        redo.reset();
        uncheckpointedBytes = 0;
    }

    private void failAll(List<Pending> work) {
        JournalException f = failure;
        for (Pending p : work) {
            p.future().completeExceptionally(f);
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            LOG.log(System.Logger.Level.ERROR, "journal in " + dir + " failed; refusing all further writes", t);
            failure = t instanceof JournalException je ? je
                    : new JournalException("journal in " + dir + " failed: " + t, t);
            for (Consumer<JournalException> action : failureActions) {
                notifyFailure(action);
            }
        }
    }

    @Override
    public void whenFailed(Consumer<JournalException> action) {
        failureActions.add(action);
        if (failure != null && failureActions.remove(action)) {
            notifyFailure(action);
        }
    }

    private void notifyFailure(Consumer<JournalException> action) {
        try {
            action.accept(failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "journal failure action failed", e);
        }
    }

    private void shutdown() {
        if (failure == null) {
            try {
                active.sys.put("clean", new byte[] {1});
                commitCheckpoint();
                for (Segment s : segments.values()) {
                    s.store.close();
                }
                redo.close();
                return;
            } catch (Throwable t) {
                fail(t);
            }
        }
        closeAllImmediately();
    }

    private void closeAllImmediately() {
        if (redo != null) {
            redo.close();
        }
        for (Segment s : segments.values()) {
            try {
                s.store.closeImmediately();
            } catch (Throwable ignored) {
                // already broken
            }
        }
    }

    // =====================================================================================================
    // Validation and application of records
    // =====================================================================================================

    /** Checks a batch before anything of it is applied, so an invalid batch fails alone. */
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
                if (!messages.containsKey(x.messageId()) && !added.contains(x.messageId())) {
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

    private void applyBatch(List<JournalRecord> batch) {
        List<Msg> touched = new ArrayList<>();
        for (JournalRecord r : batch) {
            apply(r, touched, false);
        }
        // Bodies are dropped at the end of the batch, so [RemoveRef(a, m), AddRef(b, m)] moves m intact.
        for (Msg m : touched) {
            if (m.refCount == 0 && m.pins == 0 && messages.get(m.id) == m) {
                messages.remove(m.id);
                release(m.bodySeg, m.bodyBytes);
                m.bodySeg = null;
                put(active.bodies, m.id, TOMB);
            }
        }
    }

    private void apply(JournalRecord rec, List<Msg> touched, boolean lenient) {
        if (rec instanceof AddMessage r) {
            Msg m = messages.computeIfAbsent(r.messageId(), Msg::new);
            byte[] v = flagged(r.data());
            put(active.bodies, m.id, v); // before bodySeg points there: readBody follows bodySeg
            release(m.bodySeg, m.bodyBytes);
            m.bodySeg = active;
            m.bodyBytes = v.length + ENTRY_OVERHEAD;
            active.live += m.bodyBytes;
            maxMessageId = Math.max(maxMessageId, m.id);
            if (lenient) {
                touched.add(m); // a body of a committed branch whose refs were all skipped must not stay orphaned
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
            Queue q = queues.get(r.queue());
            if (q == null) {
                q = new Queue(r.queue(), nextQid++);
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
            Queue q = queues.get(r.queue());
            Msg m = messages.get(r.messageId());
            if (q != null && m != null && m.removeRef(q.qid)) {
                q.count--;
                writeRefs(m);
                touched.add(m);
            }
        } else if (rec instanceof UpdateDeliveryCount r) {
            Queue q = queues.get(r.queue());
            Msg m = messages.get(r.messageId());
            if (q != null && m != null && m.hasRef(q.qid)) {
                m.setRef(q.qid, r.deliveryCount());
                writeRefs(m);
            }
        } else if (rec instanceof AddQueue r) {
            Queue q = queues.get(r.name());
            if (q == null) {
                q = new Queue(r.name(), nextQid++);
                queues.put(q.name, q);
            }
            q.explicit = true;
            q.meta = r.meta() == null ? null : r.meta().clone();
            writeQueue(q);
        } else if (rec instanceof RemoveQueue r) {
            Queue q = queues.remove(r.name());
            if (q == null) {
                return;
            }
            if (q.count > 0) {
                for (Msg m : messages.values()) { // a rare operation; the index keeps no per-queue set
                    if (m.removeRef(q.qid)) {
                        writeRefs(m);
                        touched.add(m);
                    }
                }
                q.count = 0;
            }
            release(q.seg, q.bytes);
            q.seg = null;
            put(active.queues, q.name, TOMB);
        } else if (rec instanceof PutMeta r) {
            Entry e = meta.computeIfAbsent(r.key(), k -> new Entry());
            e.value = r.value().clone();
            writeMeta(r.key(), e);
        } else if (rec instanceof RemoveMeta r) {
            Entry e = meta.remove(r.key());
            if (e != null) {
                release(e.seg, e.bytes);
                put(active.meta, r.key(), TOMB);
            }
        } else if (rec instanceof Prepare r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            Prep old = prepared.remove(hex);
            if (old != null) {
                release(old.seg, old.bytes);
                unpin(old, touched);
            }
            Prep p = new Prep(r.xid().clone(), List.copyOf(r.records()), RecordCodec.encode(r.records()));
            pin(p);
            maxMessageId = Math.max(maxMessageId, p.maxMessageId());
            prepared.put(hex, p);
            writePrepared(hex, p);
        } else if (rec instanceof CommitPrepared r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            Prep p = prepared.remove(hex);
            if (p == null) {
                LOG.log(System.Logger.Level.WARNING, "CommitPrepared of unknown branch {0}; ignored", hex);
                return;
            }
            release(p.seg, p.bytes);
            put(active.prepared, hex, TOMB);
            unpin(p, touched);
            for (JournalRecord inner : p.records) {
                apply(inner, touched, true);
            }
        } else if (rec instanceof RollbackPrepared r) {
            String hex = RecoveredState.Xid.hex(r.xid());
            Prep p = prepared.remove(hex);
            if (p == null) {
                return;
            }
            release(p.seg, p.bytes);
            put(active.prepared, hex, TOMB);
            unpin(p, touched);
            if (p.maxMessageId() > 0) {
                // the branch's message ids vanish with it; keep the high-water mark
                put(active.sys, "hwm", longBytes(maxMessageId));
            }
        } else {
            throw new IllegalArgumentException("unknown record " + rec);
        }
    }

    /** Messages a prepared branch refers to stay until its outcome, even if their last committed ref goes. */
    private void pin(Prep p) {
        for (JournalRecord r : p.records) {
            if (r instanceof AddRef a) {
                Msg m = messages.get(a.messageId());
                if (m != null) {
                    m.pins++;
                    p.pinned.add(m);
                }
            }
        }
    }

    private void unpin(Prep p, List<Msg> touched) {
        for (Msg m : p.pinned) {
            m.pins--;
            touched.add(m);
        }
        p.pinned.clear();
    }

    // ---- writing entries into the active segment, with live-bytes accounting ----

    private <K> void put(MVMap<K, byte[]> map, K key, byte[] value) {
        map.put(key, value);
        uncheckpointedBytes += value.length + ENTRY_OVERHEAD;
    }

    private void release(Segment seg, int bytes) {
        if (seg != null) {
            seg.live -= bytes;
        }
    }

    private void writeRefs(Msg m) {
        release(m.refSeg, m.refBytes);
        if (m.refCount == 0) {
            m.refSeg = null;
            m.refBytes = 0;
            put(active.refs, m.id, TOMB);
        } else {
            byte[] v = m.encodeRefs();
            m.refSeg = active;
            m.refBytes = v.length + ENTRY_OVERHEAD;
            active.live += m.refBytes;
            put(active.refs, m.id, v);
        }
    }

    private void writeQueue(Queue q) {
        byte[] metaBytes = q.meta == null ? TOMB : q.meta;
        ByteBuffer b = ByteBuffer.allocate(5 + metaBytes.length);
        b.put(!q.explicit ? QUEUE_IMPLICIT : q.meta == null ? QUEUE_EXPLICIT_NULL_META : QUEUE_EXPLICIT);
        b.putInt(q.qid).put(metaBytes);
        byte[] v = b.array();
        release(q.seg, q.bytes);
        q.seg = active;
        q.bytes = v.length + q.name.length() + ENTRY_OVERHEAD;
        active.live += q.bytes;
        put(active.queues, q.name, v);
    }

    private void writeMeta(String key, Entry e) {
        byte[] v = flagged(e.value);
        release(e.seg, e.bytes);
        e.seg = active;
        e.bytes = v.length + key.length() + ENTRY_OVERHEAD;
        active.live += e.bytes;
        put(active.meta, key, v);
    }

    private void writePrepared(String hex, Prep p) {
        byte[] v = flagged(p.encoded);
        release(p.seg, p.bytes);
        p.seg = active;
        p.bytes = v.length + hex.length() + ENTRY_OVERHEAD;
        active.live += p.bytes;
        put(active.prepared, hex, v);
    }

    private static byte[] flagged(byte[] data) {
        byte[] v = new byte[data.length + 1];
        v[0] = VALUE;
        System.arraycopy(data, 0, v, 1, data.length);
        return v;
    }

    private static byte[] unflagged(byte[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    // =====================================================================================================
    // Rotation and compaction
    // =====================================================================================================

    /**
     * Starts a new active segment. Crash-safe order: the file is created under a temporary name, its first commit
     * (high-water mark, clean=false) is synced, then it is renamed to its segment name and the directory synced.
     * Recovery deletes temporary files, so only fully initialised segments are ever relied on.
     */
    private void rotate() {
        long no = active.no + 1;
        Path fin = dir.resolve(segmentName(no));
        Path tmp = dir.resolve(segmentName(no) + TMP_SUFFIX);
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MVStore store = openStore(tmp);
        Segment s;
        try {
            s = new Segment(no, fin, store);
            s.sys.put("hwm", longBytes(maxMessageId));
            s.sys.put("clean", new byte[] {0});
            s.sys.put("redo", longBytes(redoSeq));
            store.commit();
            store.sync();
            Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
            syncDir();
        } catch (IOException | RuntimeException e) {
            store.closeImmediately();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        segments.put(no, s);
        LOG.log(System.Logger.Level.DEBUG, "journal segment {0} started ({1} segments)", no, segments.size());
        if (active.store != null) {
            active.store.setCacheSize(OLD_CACHE_MB); // only read now, by compaction
        }
        active = s;
    }

    /**
     * Compaction, a bounded step per drained batch, inside the same commit: once the non-active segments hold at
     * least half a segment of garbage, the one with the most garbage is chosen; its live entries (found through the
     * in-memory index) are rewritten into the active segment, and so are its tombstones whose key an older segment
     * still holds (a tombstone must outlive what it masks). When both are done, the file is deleted after the
     * commit.
     */
    private void compactStep(long budget) {
        if (compacting == null) {
            if (segments.size() < 2) {
                return;
            }
            long garbage = 0;
            Segment victim = null;
            long victimGarbage = -1;
            for (Segment s : segments.values()) {
                if (s != active) {
                    long g = Math.max(0, s.size() - s.live);
                    garbage += g;
                    if (g > victimGarbage) {
                        victim = s;
                        victimGarbage = g;
                    }
                }
            }
            if (garbage < segmentSize / 2) {
                return;
            }
            compacting = victim;
            compactWork = liveEntriesOf(victim);
            olderThanCompacting = new ArrayList<>(segments.headMap(victim.no, false).values());
            tombMaps = new ArrayDeque<>();
            if (!olderThanCompacting.isEmpty()) {
                tombMaps.addAll(List.of(victim.bodies, victim.refs, victim.queues, victim.meta, victim.prepared));
            }
            tombMap = null;
            tombCursor = null;
            LOG.log(System.Logger.Level.DEBUG, "compacting journal segment {0}: {1} live entries, {2} older segments",
                    victim.no, compactWork.size(), olderThanCompacting.size());
        }
        long carried = 0;
        while (carried < budget && !compactWork.isEmpty()) {
            carried += carry(compactWork.poll());
        }
        int scanned = 0;
        while (carried < budget && scanned < 4096) {
            if (tombCursor == null || !tombCursor.hasNext()) {
                tombMap = tombMaps.poll();
                if (tombMap == null) {
                    tombCursor = null;
                    return;
                }
                tombCursor = tombMap.cursor(null);
                continue;
            }
            Object key = tombCursor.next();
            scanned++;
            if (tombCursor.getValue().length == 0 && !isLive(tombMap, key) && olderHolds(tombMap, key)) {
                carryTombstone(tombMap, key);
                carried += ENTRY_OVERHEAD;
            }
        }
    }

    private boolean compactionDone() {
        return compactWork.isEmpty() && tombMaps.isEmpty() && (tombCursor == null || !tombCursor.hasNext());
    }

    /** Whether the key has a current value (necessarily in a segment newer than the one being compacted). */
    private boolean isLive(MVMap<?, byte[]> map, Object key) {
        Segment seg = compacting;
        if (map == seg.bodies) {
            Msg m = messages.get((Long) key);
            return m != null && m.bodySeg != null;
        } else if (map == seg.refs) {
            Msg m = messages.get((Long) key);
            return m != null && m.refSeg != null; // a pinned message can be live with no refs entry
        } else if (map == seg.queues) {
            return queues.containsKey((String) key);
        } else if (map == seg.meta) {
            return meta.containsKey((String) key);
        } else {
            return prepared.containsKey((String) key);
        }
    }

    private boolean olderHolds(MVMap<?, byte[]> map, Object key) {
        Segment seg = compacting;
        for (Segment older : olderThanCompacting) {
            MVMap<?, byte[]> same = map == seg.bodies ? older.bodies : map == seg.refs ? older.refs
                    : map == seg.queues ? older.queues : map == seg.meta ? older.meta : older.prepared;
            if (same.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    private void carryTombstone(MVMap<?, byte[]> map, Object key) {
        Segment seg = compacting;
        if (map == seg.bodies) {
            put(active.bodies, (Long) key, TOMB);
        } else if (map == seg.refs) {
            put(active.refs, (Long) key, TOMB);
        } else if (map == seg.queues) {
            put(active.queues, (String) key, TOMB);
        } else if (map == seg.meta) {
            put(active.meta, (String) key, TOMB);
        } else {
            put(active.prepared, (String) key, TOMB);
        }
    }

    private ArrayDeque<Object> liveEntriesOf(Segment seg) {
        ArrayDeque<Object> work = new ArrayDeque<>();
        for (Queue q : queues.values()) {
            if (q.seg == seg) {
                work.add(q);
            }
        }
        for (Map.Entry<String, Entry> e : meta.entrySet()) {
            if (e.getValue().seg == seg) {
                work.add(e);
            }
        }
        for (Map.Entry<String, Prep> e : prepared.entrySet()) {
            if (e.getValue().seg == seg) {
                work.add(e);
            }
        }
        List<Msg> msgs = new ArrayList<>();
        for (Msg m : messages.values()) {
            if (m.bodySeg == seg || m.refSeg == seg) {
                msgs.add(m);
            }
        }
        msgs.sort((a, b) -> Long.compare(a.id, b.id));
        work.addAll(msgs);
        return work;
    }

    @SuppressWarnings("unchecked")
    private long carry(Object o) {
        Segment seg = compacting;
        if (o instanceof Msg m) {
            if (messages.get(m.id) != m) {
                return 0;
            }
            long n = 0;
            if (m.bodySeg == seg) {
                byte[] v = seg.bodies.get(m.id);
                if (v == null || v.length == 0) {
                    throw new JournalException("journal segment " + seg.no + " lost the body of message " + m.id);
                }
                put(active.bodies, m.id, v); // before bodySeg points there: readBody follows bodySeg
                release(m.bodySeg, m.bodyBytes);
                m.bodySeg = active;
                active.live += m.bodyBytes;
                n += v.length;
            }
            if (m.refSeg == seg) {
                writeRefs(m);
                n += m.refBytes;
            }
            return n;
        } else if (o instanceof Queue q) {
            if (queues.get(q.name) == q && q.seg == seg) {
                writeQueue(q);
                return q.bytes;
            }
        } else if (o instanceof Map.Entry<?, ?> e) {
            if (e.getValue() instanceof Entry me) {
                String key = (String) e.getKey();
                if (meta.get(key) == me && me.seg == seg) {
                    writeMeta(key, me);
                    return me.bytes;
                }
            } else if (e.getValue() instanceof Prep p) {
                String hex = (String) e.getKey();
                if (prepared.get(hex) == p && p.seg == seg) {
                    writePrepared(hex, p);
                    return p.bytes;
                }
            }
        }
        return 0;
    }

    /**
     * Runs after the commit (and sync) that carried the last live entry and needed tombstone of the segment being
     * compacted: nothing in it is needed any more, so the file is deleted and the directory synced before anything
     * else is deleted (a deletion that a power loss could undo must never be followed by one that it could not).
     */
    private void finishCompaction() {
        if (compacting == null || !compactionDone()) {
            return;
        }
        Segment seg = compacting;
        compacting = null;
        compactWork = null;
        tombMaps = null;
        tombMap = null;
        tombCursor = null;
        olderThanCompacting = null;
        seg.store.close(); // the carried copies were synced by the checkpoint that carried the last of them
        segments.remove(seg.no);
        try {
            Files.deleteIfExists(seg.path);
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.log(System.Logger.Level.DEBUG, "journal segment {0} deleted ({1} segments)", seg.no, segments.size());
    }

    private void syncDir() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    // =====================================================================================================
    // Recovery
    // =====================================================================================================

    static String segmentName(long no) {
        return String.format("%s%020d%s", SEGMENT_PREFIX, no, SEGMENT_SUFFIX);
    }

    static MVStore openStore(Path file) {
        return openStore(file, CACHE_MB);
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

    private record RawRefs(Segment seg, byte[] value) {
    }

    private record RawBody(Segment seg, byte[] value) {
    }

    /** Where recovery found a message body, and its stored length; the body itself is not kept. */
    private record BodyAt(Segment seg, int length) {
    }

    private void recover() {
        try {
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
                // Only the newest is written; a cache per older one would make the heap grow with the backlog.
                boolean newest = no == numbers.get(numbers.size() - 1);
                segments.put(no, new Segment(no, p, openStore(p, newest ? CACHE_MB : 0)));
            }
        } catch (IOException e) {
            throw new JournalException("cannot open journal in " + dir + ": " + e, e);
        }

        // Newest segment wins, key by key.
        HashMap<Long, BodyAt> bodies = new HashMap<>();
        HashMap<Long, RawRefs> refs = new HashMap<>();
        HashMap<String, RawBody> rawQueues = new HashMap<>();
        HashMap<String, RawBody> rawMeta = new HashMap<>();
        HashMap<String, RawBody> rawPrepared = new HashMap<>();
        boolean clean = false;
        for (Segment s : segments.values()) {
            for (Cursor<Long, byte[]> c = s.bodies.cursor(null); c.hasNext(); ) {
                long id = c.next();
                byte[] v = c.getValue();
                maxMessageId = Math.max(maxMessageId, id);
                if (v.length == 0) {
                    bodies.remove(id);
                } else {
                    bodies.put(id, new BodyAt(s, v.length));
                }
            }
            for (Cursor<Long, byte[]> c = s.refs.cursor(null); c.hasNext(); ) {
                long id = c.next();
                byte[] v = c.getValue();
                if (v.length == 0) {
                    refs.remove(id);
                } else {
                    refs.put(id, new RawRefs(s, v));
                }
            }
            loadStrings(s, s.queues, rawQueues);
            loadStrings(s, s.meta, rawMeta);
            loadStrings(s, s.prepared, rawPrepared);
            byte[] hwm = s.sys.get("hwm");
            if (hwm != null) {
                maxMessageId = Math.max(maxMessageId, ByteBuffer.wrap(hwm).getLong());
            }
            byte[] c = s.sys.get("clean");
            clean = c != null && c.length == 1 && c[0] == 1;
            byte[] seq = s.sys.get("redo");
            if (seq != null) {
                redoSeq = ByteBuffer.wrap(seq).getLong();
            }
        }

        // Build the index.
        List<Map.Entry<String, RawBody>> qs = new ArrayList<>(rawQueues.entrySet());
        Map<Integer, Queue> byQid = new HashMap<>();
        List<Queue> ordered = new ArrayList<>();
        for (Map.Entry<String, RawBody> e : qs) {
            ByteBuffer b = ByteBuffer.wrap(e.getValue().value());
            byte flag = b.get();
            Queue q = new Queue(e.getKey(), b.getInt());
            q.explicit = flag != QUEUE_IMPLICIT;
            if (flag == QUEUE_EXPLICIT) {
                q.meta = new byte[b.remaining()];
                b.get(q.meta);
            }
            q.seg = e.getValue().seg();
            q.bytes = e.getValue().value().length + q.name.length() + ENTRY_OVERHEAD;
            q.seg.live += q.bytes;
            byQid.put(q.qid, q);
            ordered.add(q);
            nextQid = Math.max(nextQid, q.qid + 1);
        }
        ordered.sort((a, b) -> Integer.compare(a.qid, b.qid));
        for (Queue q : ordered) {
            queues.put(q.name, q);
        }
        for (Map.Entry<String, RawBody> e : rawMeta.entrySet()) {
            Entry me = new Entry();
            me.value = unflagged(e.getValue().value());
            me.seg = e.getValue().seg();
            me.bytes = e.getValue().value().length + e.getKey().length() + ENTRY_OVERHEAD;
            me.seg.live += me.bytes;
            meta.put(e.getKey(), me);
        }
        List<Long> ids = new ArrayList<>(bodies.keySet());
        Collections.sort(ids);
        int orphans = 0;
        for (long id : ids) {
            BodyAt body = bodies.get(id);
            Msg m = new Msg(id);
            m.bodySeg = body.seg();
            m.bodyBytes = body.length() + ENTRY_OVERHEAD;
            RawRefs rr = refs.get(id);
            if (rr != null) {
                ByteBuffer b = ByteBuffer.wrap(rr.value());
                b.get();
                while (b.hasRemaining()) {
                    int qid = getVarInt(b);
                    int dc = getVarInt(b);
                    Queue q = byQid.get(qid);
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
            messages.put(id, m);
        }
        for (Map.Entry<String, RawBody> e : rawPrepared.entrySet()) {
            byte[] v = e.getValue().value();
            byte[] encoded = unflagged(v);
            List<JournalRecord> recs = RecordCodec.decode(encoded, 0);
            byte[] xid = hexToBytes(e.getKey());
            Prep p = new Prep(xid, recs, encoded);
            p.seg = e.getValue().seg();
            p.bytes = v.length + e.getKey().length() + ENTRY_OVERHEAD;
            p.seg.live += p.bytes;
            pin(p);
            maxMessageId = Math.max(maxMessageId, p.maxMessageId());
            prepared.put(e.getKey(), p);
        }

        // The segments' state is the last checkpoint's; the redo log holds what was confirmed after it.
        if (segments.isEmpty()) {
            active = new Segment(0, null, null); // placeholder so rotate() numbers the first segment 1
            rotate();
            segments.remove(0L);
        } else {
            active = segments.lastEntry().getValue();
        }
        long fromSeq = redoSeq;
        try {
            redoSeq = RedoLog.replay(dir, fromSeq, this::applyBatch);
            replayed = redoSeq - fromSeq;
        } catch (RuntimeException e) {
            throw new JournalException("cannot replay the redo log in " + dir + ": " + e, e);
        }

        for (Msg m : new ArrayList<>(messages.values())) {
            if (m.refCount == 0 && m.pins == 0) {
                // a body whose refs never committed (e.g. AddMessage and AddRef in separate batches); dead
                messages.remove(m.id);
                release(m.bodySeg, m.bodyBytes);
                release(m.refSeg, m.refBytes);
                orphans++;
            }
        }

        // The recovered state; bodies are read from the segments when asked for, never all held at once.
        Map<String, byte[]> qMeta = new LinkedHashMap<>();
        Map<Integer, List<RecoveredMessage>> byQueue = new HashMap<>();
        for (Queue q : queues.values()) {
            byQueue.put(q.qid, new ArrayList<>(q.count));
        }
        java.util.function.LongFunction<byte[]> reader = this::readBody;
        long[] live = messages.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (long id : live) {
            Msg m = messages.get(id);
            for (int i = 0; i < m.refCount; i++) {
                List<RecoveredMessage> list = byQueue.get(m.qidAt(i));
                if (list != null) {
                    list.add(new RecoveredMessage(id, m.dcAt(i), reader));
                }
            }
        }
        Map<String, List<RecoveredMessage>> qMsgs = new LinkedHashMap<>();
        for (Queue q : queues.values()) {
            if (q.explicit) {
                qMeta.put(q.name, q.meta);
            }
            List<RecoveredMessage> list = byQueue.get(q.qid);
            if (q.explicit || !list.isEmpty()) {
                qMsgs.put(q.name, Collections.unmodifiableList(list));
            }
        }
        Map<String, PreparedBranch> prep = new LinkedHashMap<>();
        for (Map.Entry<String, Prep> e : prepared.entrySet()) {
            prep.put(e.getKey(), new PreparedBranch(e.getValue().xid.clone(), e.getValue().records));
        }
        Map<String, byte[]> metaCopy = new HashMap<>();
        for (Map.Entry<String, Entry> e : meta.entrySet()) {
            metaCopy.put(e.getKey(), e.getValue().value.clone());
        }
        recovered = new RecoveredState(Collections.unmodifiableMap(qMeta), Collections.unmodifiableMap(qMsgs),
                Collections.unmodifiableMap(prep), Collections.unmodifiableMap(metaCopy), maxMessageId, clean);

        // Checkpoint what was replayed and durably clear the clean flag before anything new can be confirmed;
        // only then may the redo log be written over.
        active.sys.put("clean", new byte[] {0});
        active.sys.put("redo", longBytes(redoSeq));
        active.store.commit();
        active.store.sync();
        uncheckpointedBytes = 0;
        redo = RedoLog.open(dir, redoSeq, Math.min(RedoLog.MAX_EXTEND_STEP, checkpointSize));
        LOG.log(System.Logger.Level.INFO,
                "journal {0} opened: {1} segments, {2} queues, {3} messages, {4} prepared branches, "
                        + "max message id {5}, clean shutdown {6}, {7} redo entries replayed{8}",
                dir, segments.size(), queues.size(), messages.size(), prepared.size(), maxMessageId, clean,
                replayed, orphans == 0 ? "" : ", " + orphans + " unreferenced bodies dropped");
    }

    private static void loadStrings(Segment s, MVMap<String, byte[]> map, HashMap<String, RawBody> into) {
        for (Cursor<String, byte[]> c = map.cursor(null); c.hasNext(); ) {
            String k = c.next();
            byte[] v = c.getValue();
            if (v.length == 0) {
                into.remove(k);
            } else {
                into.put(k, new RawBody(s, v));
            }
        }
    }

    private static byte[] hexToBytes(String hex) {
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

    /** For diagnostics: where each segment file in {@code dir} holds message {@code id} (body, refs). */
    static String describe(Path dir, long id) {
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SEGMENT_PREFIX + "*" + SEGMENT_SUFFIX)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            Collections.sort(sorted);
            for (Path f : sorted) {
                MVStore st = new MVStore.Builder().fileName(f.toString()).readOnly().open();
                try {
                    Segment s = new Segment(0, f, st);
                    byte[] b = s.bodies.get(id);
                    byte[] r = s.refs.get(id);
                    sb.append(f.getFileName()).append(": size=").append(Files.size(f))
                            .append(" body=").append(b == null ? "-" : b.length == 0 ? "TOMB" : b.length + "B")
                            .append(" refs=").append(r == null ? "-" : r.length == 0 ? "TOMB" : Arrays.toString(r))
                            .append(" maxBodyKey=").append(s.bodies.isEmpty() ? null : s.bodies.lastKey())
                            .append(" minBodyKey=").append(s.bodies.isEmpty() ? null : s.bodies.firstKey())
                            .append('\n');
                } finally {
                    st.closeImmediately();
                }
            }
        } catch (IOException | RuntimeException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    // =====================================================================================================
    // In-memory index
    // =====================================================================================================

    static final class Segment {
        final long no;
        final Path path;
        final MVStore store;
        final MVMap<Long, byte[]> bodies;
        final MVMap<Long, byte[]> refs;
        final MVMap<String, byte[]> queues;
        final MVMap<String, byte[]> meta;
        final MVMap<String, byte[]> prepared;
        final MVMap<String, byte[]> sys;
        /** Estimated bytes of entries in this segment that are still the current value of their key. */
        long live;

        Segment(long no, Path path, MVStore store) {
            this.no = no;
            this.path = path;
            this.store = store;
            if (store == null) {
                bodies = refs = null;
                queues = meta = prepared = sys = null;
                return;
            }
            bodies = store.openMap("m", new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            refs = store.openMap("r", new MVMap.Builder<Long, byte[]>()
                    .keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
            queues = stringMap(store, "q");
            meta = stringMap(store, "k");
            prepared = stringMap(store, "p");
            sys = stringMap(store, "s");
        }

        private static MVMap<String, byte[]> stringMap(MVStore store, String name) {
            return store.openMap(name, new MVMap.Builder<String, byte[]>()
                    .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        }

        long size() {
            return store.getFileStore().size();
        }
    }

    private static final class Msg {
        final long id;
        /** Volatile: {@link #readBody} follows it from other threads while compaction moves the body. */
        volatile Segment bodySeg;
        int bodyBytes;
        Segment refSeg;
        int refBytes;
        /**
         * Its refs as (queue id, delivery count) pairs: the first inline (most messages are in one queue, and this
         * entry stays in memory for as long as the message is queued), any others in {@code more}.
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

        int deliveryCount(int qid) {
            int i = indexOf(qid);
            return i < 0 ? 0 : dcAt(i);
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
            ByteBuffer b = ByteBuffer.allocate(1 + refCount * 10);
            b.put(VALUE);
            for (int i = 0; i < refCount; i++) {
                putVarInt(b, qidAt(i));
                putVarInt(b, dcAt(i));
            }
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    private static final class Queue {
        final String name;
        final int qid;
        boolean explicit = true;
        byte[] meta;
        Segment seg;
        int bytes;
        /** How many messages refer to this queue (no per-message set: the index stays small). */
        int count;

        Queue(String name, int qid) {
            this.name = name;
            this.qid = qid;
        }
    }

    private static final class Entry {
        byte[] value;
        Segment seg;
        int bytes;
    }

    private static final class Prep {
        final byte[] xid;
        final List<JournalRecord> records;
        final byte[] encoded;
        final List<Msg> pinned = new ArrayList<>();
        Segment seg;
        int bytes;

        Prep(byte[] xid, List<JournalRecord> records, byte[] encoded) {
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
