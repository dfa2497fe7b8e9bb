package io.pactum.broker.flow;

import io.pactum.broker.config.DiskLimit;
import io.pactum.broker.config.Sizes;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches what the whole broker can run out of, besides each queue's own limits: the disk under the journal
 * ({@code max-disk-usage}, {@code min-disk-free}) and the heap that the bookkeeping of queued messages takes (a paged
 * message's body is on disk, but the journal's index entry, about {@link #JOURNAL_HEAP_PER_MESSAGE} bytes, and, near
 * the front of its queue, its reference stay in the heap, so the number of messages a broker can hold is bounded by
 * its heap). A daemon thread samples both every {@link #INTERVAL_MILLIS} ms, so that the check on every send is two
 * volatile reads; the broker logs each change of state.
 */
public final class ResourceMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ResourceMonitor.class.getName());
    /**
     * Heap the journal's index entry of a queued message costs at most: 20 bytes of table slots at a load between
     * 3/8 and 3/4, so 27 to 53 bytes (measured with {@code jmap -histo:live}: 21 MB of table for 400,000 paged
     * messages, just after the table grew); the queue's own bookkeeping is counted by the queue.
     */
    public static final long JOURNAL_HEAP_PER_MESSAGE = 56;
    static final long INTERVAL_MILLIS = 250;

    private final Path dataDir;
    private final DiskLimit maxDiskUsage;
    private final long minDiskFree;
    private final LongSupplier journalBytes;
    private final LongSupplier queuedMessages;
    private final LongSupplier bookkeepingBytes;
    private final long maxBookkeepingBytes;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String diskFull;
    private volatile String memoryFull;

    /**
     * @param queuedMessages      messages queued, scheduled or in flight, all queues together (for the log)
     * @param bookkeepingBytes    the heap the queues' bookkeeping of them takes, bodies aside (the journal's index
     *                            entries, {@link #JOURNAL_HEAP_PER_MESSAGE} each, are added here: counted once per
     *                            queue, an overestimate for topics, on the safe side)
     * @param maxBookkeepingBytes what it may take; see {@link #maxBookkeepingBytes(long, long)}
     */
    public ResourceMonitor(Path dataDir, DiskLimit maxDiskUsage, long minDiskFree, LongSupplier journalBytes,
                           LongSupplier queuedMessages, LongSupplier bookkeepingBytes, long maxBookkeepingBytes) {
        this.dataDir = dataDir;
        this.maxDiskUsage = maxDiskUsage;
        this.minDiskFree = minDiskFree;
        this.journalBytes = journalBytes;
        this.queuedMessages = queuedMessages;
        this.bookkeepingBytes = bookkeepingBytes;
        this.maxBookkeepingBytes = maxBookkeepingBytes;
        sample();
        thread = new Thread(this::run, "pactum-resource-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Heap kept for everything but queued messages: the journal's page cache and the changes it holds between
     * checkpoints (8 MiB each at most), connections and frames in flight.
     */
    static final long FIXED_RESERVE = 24L << 20;

    /**
     * How much of a heap of {@code maxHeap} bytes the bookkeeping of queued messages may take while their bodies take
     * up to {@code budget}: what is left of 85 % of the heap after the budget and {@link #FIXED_RESERVE}; never less
     * than 1 MiB.
     */
    public static long maxBookkeepingBytes(long maxHeap, long budget) {
        return Math.max(1L << 20, maxHeap / 100 * 85 - budget - FIXED_RESERVE);
    }

    public long maxBookkeepingBytes() {
        return maxBookkeepingBytes;
    }

    /** Roughly how many messages deep in paged queues the heap can keep track of (for the log at start). */
    public long maxPagedMessages() {
        return maxBookkeepingBytes / (JOURNAL_HEAP_PER_MESSAGE + 8);
    }

    /** Why the journal must take no more messages (a disk limit is reached), or null. */
    public String diskFull() {
        return diskFull;
    }

    /** Why the broker must take no more messages (its heap tracks as many as it can), or null. */
    public String memoryFull() {
        return memoryFull;
    }

    private void run() {
        while (!closed) {
            try {
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot check the broker's disk and memory use", e);
            }
        }
    }

    /** Takes one sample (the thread does this on its own; tests call it to skip the wait). */
    public void sample() {
        String disk = diskState();
        if (disk != null && diskFull == null) {
            LOG.log(System.Logger.Level.WARNING, "disk limit reached: {0}; sends that write to the journal are "
                    + "blocked or refused, per each queue''s full-policy, until space is freed", disk);
        } else if (disk == null && diskFull != null) {
            LOG.log(System.Logger.Level.INFO, "disk use is back under its limits; the journal takes messages again");
        }
        diskFull = disk;

        long queued = queuedMessages.getAsLong();
        long used = bookkeepingBytes.getAsLong() + queued * JOURNAL_HEAP_PER_MESSAGE;
        boolean wasFull = memoryFull != null;
        // hysteresis: once full, a sixteenth must be free again before sends are taken
        boolean full = used >= (wasFull ? maxBookkeepingBytes - maxBookkeepingBytes / 16 : maxBookkeepingBytes);
        if (full && !wasFull) {
            memoryFull = "the broker holds " + queued + " messages, as many as its heap can keep "
                    + "track of (their bookkeeping takes " + Sizes.format(used) + " of the " + Sizes.format(maxBookkeepingBytes)
                    + " it may take with -Xmx" + Sizes.format(Runtime.getRuntime().maxMemory()) + ")";
            LOG.log(System.Logger.Level.WARNING, "{0}; sends are blocked or refused, per each queue''s full-policy, "
                    + "until consumers take some (or the broker gets a larger heap)", memoryFull);
        } else if (!full && wasFull) {
            memoryFull = null;
            LOG.log(System.Logger.Level.INFO, "the broker holds {0} messages; it takes new ones again", Long.toString(queued));
        }
    }

    private String diskState() {
        long total;
        long usable;
        try {
            FileStore fs = Files.getFileStore(dataDir);
            total = fs.getTotalSpace();
            usable = fs.getUsableSpace();
        } catch (IOException e) {
            return null; // the journal reports real I/O trouble itself
        }
        long reserve = Math.min(minDiskFree, total / 4);
        if (usable < reserve) {
            return "the data file system has " + Sizes.format(usable) + " free, less than min-disk-free "
                    + Sizes.format(reserve) + (reserve < minDiskFree ? " (a quarter of it)" : "");
        }
        if (maxDiskUsage.bytes() > 0 || maxDiskUsage.percent() > 0) {
            return maxDiskUsage.exceeded(maxDiskUsage.bytes() > 0 ? journalBytes.getAsLong() : 0, total, usable);
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
