package io.pactum.broker.flow;

import io.pactum.broker.config.DiskLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceMonitorTest {
    @TempDir
    Path dir;

    @Test
    void theHeapIsFullWhenTheBookkeepingReachesItsShareAndTakesMessagesAgainOnceASixteenthIsFree() {
        AtomicLong queued = new AtomicLong();
        AtomicLong queueBytes = new AtomicLong();
        long perMessage = ResourceMonitor.JOURNAL_HEAP_PER_MESSAGE;
        long max = 1600 * perMessage;
        try (ResourceMonitor m = new ResourceMonitor(dir, DiskLimit.NONE, 0, () -> 0, queued::get, queueBytes::get, max)) {
            assertNull(m.memoryFull());
            queued.set(1599);
            m.sample();
            assertNull(m.memoryFull());
            queued.set(1600);
            m.sample();
            assertNotNull(m.memoryFull());
            assertTrue(m.memoryFull().contains("1600 messages"), m.memoryFull());
            queued.set(1501);
            m.sample();
            assertNotNull(m.memoryFull(), "still full: hysteresis of a sixteenth");
            queued.set(1499);
            m.sample();
            assertNull(m.memoryFull());
            queueBytes.set(max); // the queues' own references count too
            m.sample();
            assertNotNull(m.memoryFull());
        }
    }

    @Test
    void theDiskIsFullBelowMinDiskFreeCappedAtAQuarterOrPastMaxDiskUsage() throws Exception {
        AtomicLong journal = new AtomicLong(10L << 20);
        try (ResourceMonitor m = new ResourceMonitor(dir, DiskLimit.NONE, 1, journal::get, () -> 0, () -> 0, 1000)) {
            assertNull(m.diskFull(), "a byte is always free here");
        }
        FileStore fs = Files.getFileStore(dir);
        boolean lessThanAQuarterFree = fs.getUsableSpace() < fs.getTotalSpace() / 4;
        try (ResourceMonitor m = new ResourceMonitor(dir, DiskLimit.NONE, Long.MAX_VALUE, journal::get, () -> 0, () -> 0, 1000)) {
            assertEquals(lessThanAQuarterFree, m.diskFull() != null, "a reserve larger than the disk is a quarter of it: "
                    + m.diskFull());
            if (lessThanAQuarterFree) {
                assertTrue(m.diskFull().contains("min-disk-free") && m.diskFull().contains("a quarter"), m.diskFull());
            }
        }
        try (ResourceMonitor m = new ResourceMonitor(dir, new DiskLimit(20L << 20, 0), 0, journal::get, () -> 0, () -> 0, 1000)) {
            assertNull(m.diskFull());
            journal.set(20L << 20);
            m.sample();
            assertTrue(m.diskFull().contains("max-disk-usage 20MB"), m.diskFull());
            journal.set(1L << 20);
            m.sample();
            assertNull(m.diskFull());
        }
    }

    @Test
    void aPercentageCountsTheWholeFileSystem() {
        DiskLimit ninety = DiskLimit.parse("90%");
        assertNull(ninety.exceeded(0, 1000, 101));
        assertTrue(ninety.exceeded(0, 1000, 100).contains("90% full"));
        assertEquals(DiskLimit.NONE, DiskLimit.parse("none"));
        assertNull(DiskLimit.NONE.exceeded(Long.MAX_VALUE, 1000, 0));
    }

    @Test
    void theBookkeepingShareLeavesRoomForBodiesAndTheRest() {
        long heap = 128L << 20;
        long b = ResourceMonitor.maxBookkeepingBytes(heap, heap / 100 * 40);
        assertTrue(b > 20L << 20 && b < 40L << 20, "128 MiB heap, 40 % budget: " + b);
    }
}
