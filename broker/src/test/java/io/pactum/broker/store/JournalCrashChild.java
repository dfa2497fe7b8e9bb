package io.pactum.broker.store;

import io.pactum.broker.store.JournalRecord.AddMessage;
import io.pactum.broker.store.JournalRecord.AddRef;
import io.pactum.broker.store.JournalRecord.RemoveRef;
import io.pactum.broker.store.RecoveredState.RecoveredMessage;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process {@link JournalCrashTest} kills: concurrent writers in the queue pattern (add a message to two queues
 * in one batch, later remove both refs in one batch), printing "A id" / "R id" as soon as each write is confirmed
 * and "X id" before a removal is issued.
 * Args: data dir, segment size, writer threads, log file, checkpoint size (redo-log bytes between checkpoints).
 */
public final class JournalCrashChild {
    /** Messages whose id is a multiple of this are never removed: a backlog that compaction must carry forward. */
    static final long BACKLOG_EVERY = 997;
    static final int WINDOW = 30;

    private JournalCrashChild() {
    }

    /** Body of message {@code id}: its id, then filler; the size varies with the id. */
    static byte[] body(long id) {
        int size = 64 + (int) (id * 7919 % 1900);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(id);
        while (b.hasRemaining()) {
            b.put((byte) (id + b.position()));
        }
        return b.array();
    }

    static boolean bodyOk(long id, byte[] data) {
        return java.util.Arrays.equals(body(id), data);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long segmentSize = Long.parseLong(args[1]);
        int writers = Integer.parseInt(args[2]);
        // one write(2) per line, straight into the file: nothing is buffered in this process when it is killed
        PrintStream out = new PrintStream(new FileOutputStream(args[3], true), true, StandardCharsets.UTF_8);
        H2Journal journal = H2Journal.open(new H2Journal.JournalConfig(dir, true, segmentSize, Long.parseLong(args[4])));
        RecoveredState state = journal.recovered();
        AtomicLong nextId = new AtomicLong(state.maxMessageId());
        ConcurrentLinkedQueue<Long> leftOver = new ConcurrentLinkedQueue<>();
        for (RecoveredMessage m : state.messages().getOrDefault("q", List.of())) {
            if (m.messageId() % BACKLOG_EVERY != 0) {
                leftOver.add(m.messageId());
            }
        }
        System.err.println("child: recovered max id " + state.maxMessageId() + ", " + leftOver.size()
                + " left over, clean " + state.cleanShutdown());
        out.println("READY");
        for (int t = 0; t < writers; t++) {
            Thread thread = new Thread(() -> {
                ArrayDeque<Long> mine = new ArrayDeque<>();
                while (true) {
                    long id = nextId.incrementAndGet();
                    journal.write(List.of(new AddMessage(id, body(id)), new AddRef("q", id, 0),
                            new AddRef("q2", id, 0))).join();
                    out.println("A " + id);
                    if (id % BACKLOG_EVERY != 0) {
                        mine.add(id);
                    }
                    Long r = leftOver.poll();
                    if (r == null && mine.size() > WINDOW) {
                        r = mine.poll();
                    }
                    if (r != null) {
                        out.println("X " + r); // removal issued: from now on the add may legitimately be gone
                        journal.write(List.of(new RemoveRef("q", r), new RemoveRef("q2", r))).join();
                        out.println("R " + r);
                    }
                }
            }, "writer-" + t);
            thread.start();
        }
    }
}
