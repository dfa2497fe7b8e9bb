package io.pactum.broker.store;

import io.pactum.broker.store.JournalRecord.AddMessage;
import io.pactum.broker.store.JournalRecord.AddRef;
import io.pactum.broker.store.JournalRecord.Prepare;
import io.pactum.broker.store.JournalRecord.RemoveRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What replay may and may not read back from the redo log: the contract the journal's crash safety rests on. */
class RedoLogTest {
    @TempDir
    Path dir;

    private static List<JournalRecord> add(long id) {
        return List.of(new AddMessage(id, new byte[100]), new AddRef("q", id, 0));
    }

    /** Batches replayed, each in its encoded form (records hold arrays, so they do not compare by value). */
    private List<String> replay(long fromSeq) {
        List<String> seen = new ArrayList<>();
        RedoLog.replay(dir, fromSeq, batch -> seen.add(text(batch)));
        return seen;
    }

    private static String text(List<JournalRecord> batch) {
        return Arrays.toString(RecordCodec.encode(batch));
    }

    @Test
    void replaysEveryEntryFromTheCheckpointedSequenceNumberInOrder() throws IOException {
        Prepare prepare = new Prepare(new byte[] {1, 2, 3}, add(7));
        try (RedoLog log = RedoLog.open(dir, 5, 64 * 1024)) {
            log.append(List.of(add(1), add(2)));
            log.append(List.of(List.of(prepare)));
            log.append(List.of(List.of(new RemoveRef("q", 1))));
            log.force();
            assertEquals(8, log.nextSeq());
        }
        assertEquals(List.of(text(add(1)), text(add(2)), text(List.of(prepare)), text(List.of(new RemoveRef("q", 1)))),
                replay(5));
        assertEquals(8, RedoLog.replay(dir, 5, batch -> { }), "the number after the last entry");
        assertTrue(replay(6).isEmpty(), "a log that does not start at the checkpointed number replays nothing");
    }

    @Test
    void olderEntriesBehindTheNewestAreNeverReplayed() throws IOException {
        try (RedoLog log = RedoLog.open(dir, 1, 64 * 1024)) {
            log.append(List.of(add(1)));                          // seq 1, offset 0
            log.append(List.of(add(2)));                          // seq 2, right behind it
            log.append(List.of(List.of(new RemoveRef("q", 2)))); // seq 3
            log.force();
            log.reset(); // a checkpoint took all three into H2
            log.append(List.of(add(3)));                          // seq 4, exactly as long as seq 1
            log.force();
        }
        // behind seq 4 lies the intact seq 2: replaying it would bring back message 2, whose removal was confirmed
        assertEquals(List.of(text(add(3))), replay(4));
    }

    @Test
    void aTornOrCorruptEntryEndsTheReplay() throws IOException {
        long second;
        try (RedoLog log = RedoLog.open(dir, 1, 64 * 1024)) {
            second = log.append(List.of(add(1)));
            log.append(List.of(add(2)));
            log.append(List.of(add(3)));
            log.force();
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(RedoLog.FILE_NAME), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), second + 40); // inside the second entry's payload
        }
        assertEquals(List.of(text(add(1))), replay(1));
    }

    @Test
    void spaceIsAllocatedAheadAndAMissingLogReplaysNothing() throws IOException {
        assertTrue(replay(1).isEmpty());
        try (RedoLog log = RedoLog.open(dir, 1, 64 * 1024)) {
            assertEquals(64 * 1024, Files.size(dir.resolve(RedoLog.FILE_NAME)));
            for (int i = 0; i < 1000; i++) {
                log.append(List.of(add(i)));
            }
            assertTrue(Files.size(dir.resolve(RedoLog.FILE_NAME)) >= log.size());
            assertEquals(0, Files.size(dir.resolve(RedoLog.FILE_NAME)) % (64 * 1024), "whole steps");
        }
    }
}
