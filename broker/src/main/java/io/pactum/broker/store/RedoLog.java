package io.pactum.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The journal's redo log: what makes a write durable between two checkpoints of the H2 segments.
 *
 * <p>Why it exists: an H2 {@code commit()} + {@code sync()} per drain rewrites several KiB of B-tree pages and forces
 * a file whose size just changed (a file-system metadata commit as well as the data). Here a drain is one small
 * sequential entry written into space that was zero-filled and forced beforehand, so the sync per drain is a pure
 * data sync ({@code force(false)}) of a few blocks. H2 gets the same changes in memory and commits them only at a
 * checkpoint, which also resets this log to its start.
 *
 * <p>One file, {@code redo.log}, reused from offset 0 after every checkpoint. Each entry is
 * {@code magic, payload length, sequence number, CRC32C (of length, sequence and payload), payload}; the payload is
 * the drain's batches, each encoded by {@link RecordCodec}. Sequence numbers grow for the journal's whole life and
 * the checkpoint records the next one, so replay reads from offset 0 while each entry is intact and carries exactly
 * the next number: whatever older content lies behind the newest entry carries smaller numbers (or fails the CRC, if
 * an entry was torn) and ends the replay. Space is zero-filled ahead in steps (at most {@link #MAX_EXTEND_STEP}); the file
 * stays about as large as the checkpoint threshold.
 *
 * <p>Only the journal's writer thread uses an instance.
 */
final class RedoLog implements AutoCloseable {
    static final String FILE_NAME = "redo.log";
    /** The largest step in which the file is zero-filled ahead. */
    static final long MAX_EXTEND_STEP = 4L << 20;
    private static final int MAGIC = 0x50524431; // "PRD1"
    private static final int HEADER = 4 + 4 + 8 + 4;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);

    private final Path file;
    private final FileChannel channel;
    private final long extendStep;
    private long position;
    private long allocated;
    private long nextSeq;

    private RedoLog(Path file, FileChannel channel, long nextSeq, long extendStep) throws IOException {
        this.file = file;
        this.channel = channel;
        this.extendStep = extendStep;
        this.nextSeq = nextSeq;
        this.allocated = channel.size();
    }

    /**
     * Opens (or creates) the log for writing from its start; {@code nextSeq} is what the last checkpoint recorded,
     * {@code extendStep} how much space is zero-filled ahead at a time.
     */
    static RedoLog open(Path dir, long nextSeq, long extendStep) {
        Path file = dir.resolve(FILE_NAME);
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (ch.size() > extendStep) {
                ch.truncate(extendStep); // a bigger log of an earlier run (larger checkpoint size) is not needed now
            }
            RedoLog log = new RedoLog(file, ch, nextSeq, extendStep);
            log.ensureAllocated(extendStep);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open redo log " + file, e);
        }
    }

    /** Appends one entry holding {@code batches} (not yet forced); returns its size in bytes. */
    int append(List<List<JournalRecord>> batches) throws IOException {
        List<byte[]> encoded = new ArrayList<>(batches.size());
        int payload = 4;
        for (List<JournalRecord> batch : batches) {
            byte[] b = RecordCodec.encode(batch);
            encoded.add(b);
            payload += 4 + b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload);
        buf.putInt(MAGIC).putInt(payload).putLong(nextSeq).putInt(0);
        buf.putInt(encoded.size());
        for (byte[] b : encoded) {
            buf.putInt(b.length).put(b);
        }
        buf.putInt(16, crc(buf.array(), payload, nextSeq));
        buf.flip();
        ensureAllocated(position + buf.remaining());
        long at = position;
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        position = at;
        nextSeq++;
        return HEADER + payload;
    }

    /** Forces what was appended: data only, as the space was allocated and its size forced before. */
    void force() throws IOException {
        channel.force(false);
    }

    /** After a checkpoint: everything logged so far is in H2, so writing starts over at offset 0. */
    void reset() {
        position = 0;
    }

    /** Bytes appended since the last {@link #reset()}. */
    long size() {
        return position;
    }

    /** The sequence number the next entry gets; a checkpoint records it. */
    long nextSeq() {
        return nextSeq;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to lose: the journal is closing
        }
    }

    /** Zero-fills the file up to at least {@code end} (in whole steps) and forces it with its new size. */
    private void ensureAllocated(long end) throws IOException {
        if (end <= allocated) {
            return;
        }
        long target = Math.max(end, allocated + extendStep);
        long at = allocated;
        while (at < target) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(z.capacity(), target - at));
            at += channel.write(z, at);
        }
        channel.force(true);
        allocated = at;
    }

    private static int crc(byte[] entry, int payload, long seq) {
        CRC32C crc = new CRC32C();
        crc.update(entry, 4, 4 + 8); // length and sequence number
        crc.update(entry, HEADER, payload);
        return (int) crc.getValue();
    }

    /**
     * Reads the entries from offset 0 as long as they are intact and numbered {@code fromSeq}, {@code fromSeq + 1}, …,
     * handing each batch to {@code apply} in order. Returns the number after the last entry replayed
     * ({@code fromSeq} if none). A missing file replays nothing.
     */
    static long replay(Path dir, long fromSeq, Consumer<List<JournalRecord>> apply) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return fromSeq;
        }
        long seq = fromSeq;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (at + HEADER <= size) {
                header.clear();
                readFully(ch, header, at);
                int magic = header.getInt(0);
                int payload = header.getInt(4);
                long entrySeq = header.getLong(8);
                if (magic != MAGIC || entrySeq != seq || payload < 4 || at + HEADER + payload > size) {
                    break;
                }
                ByteBuffer entry = ByteBuffer.allocate(HEADER + payload);
                entry.put(header.array());
                readFully(ch, entry, at + HEADER);
                if (crc(entry.array(), payload, entrySeq) != header.getInt(16)) {
                    break;
                }
                entry.position(HEADER);
                int batches = entry.getInt();
                for (int i = 0; i < batches; i++) {
                    int len = entry.getInt();
                    apply.accept(RecordCodec.decode(entry.array(), entry.position(), len));
                    entry.position(entry.position() + len);
                }
                at += HEADER + payload;
                seq++;
            }
        } catch (IOException e) {
            throw new JournalException("cannot read redo log " + file + ": " + e, e);
        }
        return seq;
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long at) throws IOException {
        long p = at;
        while (into.hasRemaining()) {
            int n = ch.read(into, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    @Override
    public String toString() {
        return file + " (" + position + " bytes, next entry " + nextSeq + ")";
    }
}
