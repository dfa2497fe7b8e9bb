package io.pactum.broker.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The broker's durable state. Every change goes through {@link #write}: the records of one call are applied
 * atomically (all or none survive a crash), and the returned future completes only once they are committed and,
 * with {@code journal.sync=true}, forced to disk. Concurrent calls are batched by a single writer thread into one
 * commit and one sync (group commit), so durability does not cost one sync per message.
 *
 * <p>Futures complete in the order the calls were made, on the writer thread (or on the thread of a caller that
 * wrote {@linkplain #writeInCaller in its own thread}); callers must not block in them.
 * After an I/O failure (disk full, file deleted) the journal fails that batch and every later write with
 * {@link JournalException}, rather than risk applying later records on top of a lost one.
 */
public interface Journal extends AutoCloseable {

    /** What was in the journal when it was opened. Available once, right after open. */
    RecoveredState recovered();

    CompletableFuture<Void> write(List<JournalRecord> records);

    default CompletableFuture<Void> write(JournalRecord record) {
        return write(List.of(record));
    }

    /**
     * Like {@link #write}, but when no other write is under way the calling thread does the write itself (apply,
     * append, sync) instead of handing it to the writer thread and waiting to be woken: one thread hand-off less on
     * each side of a lone synchronous write. The future may then be complete when this returns, so callbacks attached
     * to it run at once on the caller's thread; and the caller may complete other callers' futures too. So only for
     * callers that hold no locks (a broker I/O thread answering a request), never under a monitor.
     */
    default CompletableFuture<Void> writeInCaller(List<JournalRecord> records) {
        return write(records);
    }

    /**
     * Like {@link #write}, for changes nobody waits to see durable: AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE
     * acknowledgements and delivery-count hints. They keep their place in the order of writes, but the journal may
     * hold them back briefly so they share the next commit and sync instead of costing one of their own.
     */
    default void writeLazily(List<JournalRecord> records) {
        write(records);
    }

    /** Why a write's future failed: the {@link JournalException} (or other cause) inside a CompletionException. */
    static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * The body of a message the journal holds (written and not yet dropped), or null if it holds none. Safe from any
     * thread and never waits for the writer: this is how messages paged out of memory are read back, so it may read
     * from disk.
     */
    byte[] readBody(long messageId);

    /**
     * Runs {@code action} once the journal has failed for good (it then refuses every write), or at once if it has:
     * the broker must not go on accepting work it cannot store, nor confirm acknowledgements it cannot record.
     * {@code action} runs on the failing thread, so it must only hand the failure over.
     */
    default void whenFailed(Consumer<JournalException> action) {
    }

    /** Statistics for benchmarks and management: number of commits+syncs done, records written, bytes on disk. */
    JournalStats stats();

    /** Drains pending writes, records a clean shutdown, and closes the files. */
    @Override
    void close();
}
