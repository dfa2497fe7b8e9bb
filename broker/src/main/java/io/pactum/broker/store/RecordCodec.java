package io.pactum.broker.store;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Binary form of journal records: the records of a prepared XA branch, and the batches in the redo log. */
final class RecordCodec {
    private static final int FORMAT = 1;

    private RecordCodec() {
    }

    static byte[] encode(List<JournalRecord> records) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeInt(records.size());
            for (JournalRecord r : records) {
                write(out, r);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JournalRecord> decode(byte[] data, int offset) {
        return decode(data, offset, data.length - offset);
    }

    static List<JournalRecord> decode(byte[] data, int offset, int length) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, offset, length));
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new JournalException("unknown journal record format " + format);
            }
            return readRecords(in);
        } catch (IOException e) {
            throw new JournalException("corrupt journal records", e);
        }
    }

    private static void write(DataOutputStream out, JournalRecord record) throws IOException {
        if (record instanceof JournalRecord.AddQueue r) {
            out.writeByte(1);
            str(out, r.name());
            bytes(out, r.meta());
        } else if (record instanceof JournalRecord.RemoveQueue r) {
            out.writeByte(2);
            str(out, r.name());
        } else if (record instanceof JournalRecord.AddMessage r) {
            out.writeByte(3);
            out.writeLong(r.messageId());
            bytes(out, r.data());
        } else if (record instanceof JournalRecord.AddRef r) {
            out.writeByte(4);
            str(out, r.queue());
            out.writeLong(r.messageId());
            out.writeInt(r.deliveryCount());
        } else if (record instanceof JournalRecord.RemoveRef r) {
            out.writeByte(5);
            str(out, r.queue());
            out.writeLong(r.messageId());
        } else if (record instanceof JournalRecord.UpdateDeliveryCount r) {
            out.writeByte(6);
            str(out, r.queue());
            out.writeLong(r.messageId());
            out.writeInt(r.deliveryCount());
        } else if (record instanceof JournalRecord.PutMeta r) {
            out.writeByte(7);
            str(out, r.key());
            bytes(out, r.value());
        } else if (record instanceof JournalRecord.RemoveMeta r) {
            out.writeByte(8);
            str(out, r.key());
        } else if (record instanceof JournalRecord.CommitPrepared r) {
            out.writeByte(10);
            bytes(out, r.xid());
        } else if (record instanceof JournalRecord.RollbackPrepared r) {
            out.writeByte(11);
            bytes(out, r.xid());
        } else if (record instanceof JournalRecord.Prepare r) {
            out.writeByte(9);
            bytes(out, r.xid());
            out.writeInt(r.records().size());
            for (JournalRecord inner : r.records()) {
                write(out, inner);
            }
        } else {
            throw new IllegalArgumentException("unknown record " + record);
        }
    }

    private static List<JournalRecord> readRecords(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<JournalRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(read(in));
        }
        return List.copyOf(records);
    }

    private static JournalRecord read(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        return switch (type) {
            case 1 -> new JournalRecord.AddQueue(str(in), bytes(in));
            case 2 -> new JournalRecord.RemoveQueue(str(in));
            case 3 -> new JournalRecord.AddMessage(in.readLong(), bytes(in));
            case 4 -> new JournalRecord.AddRef(str(in), in.readLong(), in.readInt());
            case 5 -> new JournalRecord.RemoveRef(str(in), in.readLong());
            case 6 -> new JournalRecord.UpdateDeliveryCount(str(in), in.readLong(), in.readInt());
            case 7 -> new JournalRecord.PutMeta(str(in), bytes(in));
            case 8 -> new JournalRecord.RemoveMeta(str(in));
            case 9 -> new JournalRecord.Prepare(bytes(in), readRecords(in));
            case 10 -> new JournalRecord.CommitPrepared(bytes(in));
            case 11 -> new JournalRecord.RollbackPrepared(bytes(in));
            default -> throw new JournalException("unknown journal record type " + type);
        };
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
