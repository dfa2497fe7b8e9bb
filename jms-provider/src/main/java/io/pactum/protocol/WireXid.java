package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

import javax.transaction.xa.Xid;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A transaction branch identifier as the wire and the journal carry it. Transaction managers hand resources their own
 * {@link Xid} implementations; this immutable copy has value equality, so the broker can key branches by it and the
 * client can return it from {@code recover()}.
 */
public final class WireXid implements Xid {
    private final int formatId;
    private final byte[] gtrid;
    private final byte[] bqual;
    private final int hash;

    public WireXid(int formatId, byte[] gtrid, byte[] bqual) {
        if (gtrid == null || gtrid.length == 0 || gtrid.length > MAXGTRIDSIZE) {
            throw new IllegalArgumentException("global transaction id must have 1.." + MAXGTRIDSIZE + " bytes");
        }
        if (bqual == null || bqual.length > MAXBQUALSIZE) {
            throw new IllegalArgumentException("branch qualifier must have 0.." + MAXBQUALSIZE + " bytes");
        }
        this.formatId = formatId;
        this.gtrid = gtrid.clone();
        this.bqual = bqual.clone();
        this.hash = 31 * (31 * formatId + Arrays.hashCode(this.gtrid)) + Arrays.hashCode(this.bqual);
    }

    /** A copy of any Xid; {@code null} stays null. */
    public static WireXid of(Xid xid) {
        if (xid == null || xid instanceof WireXid) {
            return (WireXid) xid;
        }
        return new WireXid(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return gtrid.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return bqual.clone();
    }

    /** The compact form stored in the journal: format id, gtrid length, gtrid, bqual. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(5 + gtrid.length + bqual.length);
        b.putInt(formatId).put((byte) gtrid.length).put(gtrid).put(bqual);
        return b.array();
    }

    public static WireXid fromBytes(byte[] bytes) {
        if (bytes.length < 6 || bytes[4] <= 0 || 5 + bytes[4] > bytes.length) {
            throw new IllegalArgumentException("not an encoded xid (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int formatId = b.getInt();
        byte[] g = new byte[b.get()];
        b.get(g);
        byte[] q = new byte[b.remaining()];
        b.get(q);
        return new WireXid(formatId, g, q);
    }

    void encode(ByteBuf out) {
        out.writeInt(formatId);
        Codec.writeBytes(out, gtrid);
        Codec.writeBytes(out, bqual);
    }

    static WireXid decode(ByteBuf in) {
        int formatId = in.readInt();
        byte[] g = Codec.readBytes(in);
        byte[] q = Codec.readBytes(in);
        try {
            return new WireXid(formatId, g, q);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedFrameException("bad xid: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireXid x && x.formatId == formatId && Arrays.equals(x.gtrid, gtrid) && Arrays.equals(x.bqual, bqual);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** {@code formatId:gtrid-hex:bqual-hex}, the form administrators see and type. */
    @Override
    public String toString() {
        return formatId + ":" + hex(gtrid) + ":" + hex(bqual);
    }

    /** Parses {@link #toString()}'s form. */
    public static WireXid parse(String s) {
        String[] parts = s.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an xid is formatId:gtrid-hex:bqual-hex, got '" + s + "'");
        }
        return new WireXid(Integer.parseInt(parts[0]), unhex(parts[1]), unhex(parts[2]));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
        }
        return sb.toString();
    }

    private static byte[] unhex(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + s);
        }
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not hex: " + s);
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return b;
    }
}
