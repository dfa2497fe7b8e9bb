package io.pactum.broker.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The journal's one writer: {@link #enqueue} only queues; whoever holds the write lock (the writer thread, or a lone
 * caller of {@link #writeInCaller}) takes everything queued, validates and applies each batch to the index and the
 * active segment, appends the whole drain to the redo log as one entry and forces it once (group commit), then
 * completes the futures in call order, still holding the write lock (which is what orders them): a caller that
 * writes in its own thread then answers its own client at once. Completing after the lock is released (so that
 * callbacks never run inside the journal's critical section) was measured to cost a lone synchronous producer about
 * 15 %: the answer of an in-caller write was then often run, and written, by the writer thread. Between drains the
 * writer thread checkpoints: a bounded step of compaction, one H2 commit and sync, deletion of a compacted segment,
 * rotation of a full one. Any I/O error fails the journal for good: every later write is refused, and the failure
 * actions run once.
 */
final class JournalWriter {
    private static final System.Logger LOG = System.getLogger(JournalWriter.class.getName());
    private static final long MIN_CARRY_BYTES = Long.getLong("pactum.journal.minCarry", 8 * 1024);
    /** How long the writer waits with nothing to do before it checkpoints what the redo log holds. */
    private static final long IDLE_CHECKPOINT_MILLIS = 500;
    /** How long lazy writes may wait for a write somebody waits for, to share its commit and sync. */
    private static final long LAZY_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Lazy records held back at most: beyond this they are committed on their own. */
    private static final int LAZY_MAX_RECORDS = 8192;
    /** How long the writer may wait to gather as many waiting writers as recent batches had. */
    private static final long GATHER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How many recent batches decide how many concurrent writers to expect. */
    private static final int GATHER_WINDOW = 16;

    /** {@code lazy}: from {@code writeLazily}, nobody waits for it. */
    private record Pending(List<JournalRecord> records, CompletableFuture<Void> future, boolean lazy) {
    }

    private static final Pending CLOSE = new Pending(List.of(), new CompletableFuture<>(), false);
    private static final Pending CRASH = new Pending(List.of(), new CompletableFuture<>(), false);

    private final Path dir;
    private final boolean sync;
    private final long checkpointSize;
    private final SegmentStore store;
    private final JournalIndex index;
    private final Compactor compactor;
    private final RedoLog redo;
    /** The redo-log sequence number the newest checkpoint recorded. */
    private long redoSeq;

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
    private final Thread thread;

    private volatile JournalException failure;
    private final CopyOnWriteArrayList<Consumer<JournalException>> failureActions = new CopyOnWriteArrayList<>();

    final AtomicLong syncs = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong records = new AtomicLong();

    /** Waited-for writes in each of the last {@link #GATHER_WINDOW} batches (guarded by the write lock). */
    private final int[] recentWriters = new int[GATHER_WINDOW];
    private int recentIndex;
    /** The most waited-for writes of a recent batch: more than one, and callers leave writing to the writer thread. */
    private volatile int expectedWriters;

    JournalWriter(Path dir, boolean sync, long checkpointSize, long segmentSize, SegmentStore store, JournalIndex index,
                  RedoLog redo, long redoSeq) {
        this.dir = dir;
        this.sync = sync;
        this.checkpointSize = checkpointSize;
        this.store = store;
        this.index = index;
        this.redo = redo;
        this.redoSeq = redoSeq;
        this.compactor = new Compactor(store, index, segmentSize);
        thread = new Thread(this::run, "pactum-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    // ---------------------------------------------------------------- callers

    CompletableFuture<Void> enqueue(List<JournalRecord> records, boolean lazy) {
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

    void wake() {
        wake.release();
    }

    /**
     * A lone caller does the drain itself: when no other write is under way and recent drains held at most one
     * waited-for write. It takes the write lock only with {@code tryLock}, so it never waits for another writer.
     */
    CompletableFuture<Void> writeInCaller(List<JournalRecord> records) {
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
            if (redo.size() >= checkpointSize) {
                checkpointDue = true;
                return;
            }
        }
    }

    /** Drains and stops; {@code crash}: without draining or recording a clean close, like a killed process. */
    void stop(boolean crash) {
        synchronized (enqueueLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(crash ? CRASH : CLOSE);
        }
        wake.release();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean writing() {
        return writeLock.isLocked();
    }

    boolean isFailed() {
        return failure != null;
    }

    /** Test hook: the writer fails as after an I/O error, with {@code cause}. */
    void failForTest(Throwable cause) {
        writeLock.lock();
        try {
            fail(cause);
        } finally {
            writeLock.unlock();
        }
    }

    void whenFailed(Consumer<JournalException> action) {
        failureActions.add(action);
        if (failure != null && failureActions.remove(action)) {
            notifyFailure(action);
        }
    }

    // ---------------------------------------------------------------- the writer thread

    /**
     * Woken for writes no caller is applying itself, for a due checkpoint and for close; after
     * {@link #IDLE_CHECKPOINT_MILLIS} without writes it checkpoints what the redo log holds.
     */
    private void run() {
        List<Pending> drained = new ArrayList<>();
        while (true) {
            boolean woken;
            try {
                woken = wake.tryAcquire(IDLE_CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            wake.drainPermits();
            boolean stopped = false;
            writeLock.lock();
            try {
                if (!woken) {
                    if (failure == null && redo.size() > 0
                            && System.nanoTime() - lastWriteNanos >= TimeUnit.MILLISECONDS.toNanos(IDLE_CHECKPOINT_MILLIS)) {
                        checkpointOrFail();
                    }
                } else {
                    stopped = drainAndProcess(drained);
                }
            } finally {
                writeLock.unlock();
            }
            if (stopped) {
                return;
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
        if (drained.contains(CRASH)) {
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

    /**
     * When everything drained is lazy, waits briefly for a write somebody waits for (or close), so that
     * acknowledgements ride along with the next send's commit and sync instead of forcing their own.
     */
    private void awaitCompanyForLazyWrites(List<Pending> drained) {
        long deadline = System.nanoTime() + LAZY_WAIT_NANOS;
        while (drained.stream().allMatch(Pending::lazy)
                && drained.stream().mapToInt(p -> p.records().size()).sum() < LAZY_MAX_RECORDS) {
            if (!pollInto(drained, deadline)) {
                return;
            }
        }
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
        while (waited > 0 && waited < expected && !drained.contains(CLOSE) && !drained.contains(CRASH)
                && pollInto(drained, deadline)) {
            waited = waitedFor(drained);
        }
        noteWriters(waited);
    }

    /**
     * Waits until {@code deadline} for the next queued write and adds it with everything queued behind it; false
     * when none came in time (or the wait was interrupted: the writer goes on with what it has).
     */
    private boolean pollInto(List<Pending> drained, long deadline) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
            return false;
        }
        try {
            Pending next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) {
                return false;
            }
            drained.add(next);
            queue.drainTo(drained);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

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

    private static int waitedFor(List<Pending> drained) {
        int n = 0;
        for (Pending p : drained) {
            if (!p.lazy() && p != CLOSE && p != CRASH) {
                n++;
            }
        }
        return n;
    }

    /** Validates and applies each batch, appends the applied ones as one redo entry, forces it, completes in order. */
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
                    index.validate(batch);
                } catch (RuntimeException e) {
                    rejected[i] = new JournalException("invalid batch: " + e.getMessage(), e);
                    continue;
                }
                index.applyBatch(batch);
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
            CompletableFuture<Void> future = work.get(i).future();
            JournalException why = rejected[i];
            if (why == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(why);
            }
        }
    }

    // ---------------------------------------------------------------- checkpoints

    private void checkpointIfDue() {
        if (failure == null && (checkpointDue || redo.size() >= checkpointSize)) {
            checkpointDue = false;
            checkpointOrFail();
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
        compactor.step(MIN_CARRY_BYTES + 2 * store.uncheckpointedBytes());
        commitCheckpoint();
        compactor.finish();
        if (store.rotationDue()) {
            store.rotate(index.maxMessageId, redoSeq);
        }
    }

    private void commitCheckpoint() {
        redoSeq = redo.nextSeq();
        store.checkpoint(redoSeq);
        syncs.incrementAndGet();
        redo.reset();
    }

    // ---------------------------------------------------------------- failure and shutdown

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
                store.markClean(true);
                commitCheckpoint();
                store.closeAll();
                redo.close();
                return;
            } catch (Throwable t) {
                fail(t);
            }
        }
        closeAllImmediately();
    }

    private void closeAllImmediately() {
        redo.close();
        store.closeAllImmediately();
    }
}
