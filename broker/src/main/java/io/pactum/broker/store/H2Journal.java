package io.pactum.broker.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The journal on H2's MVStore, written as a chain of append-only segment files (see {@code docs/journal.md}). A
 * façade over its parts, each with one job:
 * <ul>
 *   <li>{@link JournalWriter}: the one writer, group commit, in-caller writes, checkpoints, failure;</li>
 *   <li>{@link JournalIndex}: the state in memory, and the one place records change it;</li>
 *   <li>{@link SegmentStore} and {@link Segment}: the files, rotation and deletion; {@link SegmentCodec}: values;</li>
 *   <li>{@link Compactor}: carrying what is live out of old segments; {@link JournalRecovery}: start-up;</li>
 *   <li>{@link RedoLog}: what was confirmed since the last checkpoint.</li>
 * </ul>
 */
public final class H2Journal implements Journal {
    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;
    /** Redo-log bytes after which the writer checkpoints (commits the segments and starts the log over). */
    public static final long DEFAULT_CHECKPOINT_SIZE =
            Long.getLong("pactum.journal.checkpointSize", 8L * 1024 * 1024);

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
    private final JournalIndex index;
    private final JournalWriter writer;
    private final long replayed;
    private volatile RecoveredState recovered;

    private H2Journal(Path dir, JournalIndex index, JournalWriter writer, RecoveredState recovered, long replayed) {
        this.dir = dir;
        this.index = index;
        this.writer = writer;
        this.recovered = recovered;
        this.replayed = replayed;
    }

    public static H2Journal open(Path dir, boolean sync, long segmentSize) {
        return open(new JournalConfig(dir, sync, segmentSize));
    }

    public static H2Journal open(JournalConfig config) {
        Path dir = config.dir();
        SegmentStore store = new SegmentStore(dir, config.segmentSize());
        JournalIndex index = new JournalIndex(dir, store);
        RedoLog redo = null;
        try {
            JournalRecovery.Result r = JournalRecovery.recover(dir, store, index);
            redo = RedoLog.open(dir, r.redoSeq(), Math.min(RedoLog.MAX_EXTEND_STEP, config.checkpointSize()));
            JournalWriter writer = new JournalWriter(dir, config.sync(), config.checkpointSize(), config.segmentSize(),
                    store, index, redo, r.redoSeq());
            return new H2Journal(dir, index, writer, r.state(), r.replayed());
        } catch (IOException | RuntimeException e) {
            if (redo != null) {
                redo.close();
            }
            store.closeAllImmediately();
            throw e instanceof JournalException je ? je : new JournalException("cannot open journal in " + dir + ": " + e, e);
        }
    }

    /** The state at open. Handed out once (the journal drops its reference so it is not held twice). */
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
        CompletableFuture<Void> future = writer.enqueue(records, false);
        writer.wake();
        return future;
    }

    @Override
    public CompletableFuture<Void> writeInCaller(List<JournalRecord> records) {
        return writer.writeInCaller(records);
    }

    /** Queued in order like any write, but the writer may wait up to 5 ms for a write somebody waits for. */
    @Override
    public void writeLazily(List<JournalRecord> records) {
        writer.enqueue(records, true);
        writer.wake();
    }

    @Override
    public byte[] readBody(long messageId) {
        return index.readBody(messageId);
    }

    @Override
    public JournalStats stats() {
        return new JournalStats(writer.syncs.get(), writer.batches.get(), writer.records.get(), bytesOnDisk(dir));
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

    /** Whether an I/O error has made the journal refuse all writes. */
    public boolean isFailed() {
        return writer.isFailed();
    }

    @Override
    public void whenFailed(Consumer<JournalException> action) {
        writer.whenFailed(action);
    }

    @Override
    public void close() {
        writer.stop(false);
    }

    /** For tests: whether some thread is applying writes right now. */
    boolean writing() {
        return writer.writing();
    }

    /** How many redo-log entries (drains confirmed after the last checkpoint) {@link #open} replayed. */
    long replayedAtOpen() {
        return replayed;
    }

    /** For tests: the writer fails as after an I/O error, with {@code cause}. */
    void failForTest(Throwable cause) {
        writer.failForTest(cause);
    }

    /** For tests: stops like a killed process would, without draining pending writes or recording a clean close. */
    void crashForTest() {
        writer.stop(true);
    }
}
