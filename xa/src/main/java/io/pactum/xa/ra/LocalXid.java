package io.pactum.xa.ra;

import javax.transaction.xa.Xid;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * The xid of a resource-local transaction: the broker sees it as a branch that is committed in one phase, so it is
 * never prepared and never appears in recovery. Its format id spells "PCTL" so administrators can tell it apart.
 */
final class LocalXid implements Xid {
    static final int FORMAT_ID = 0x5043544c;

    private final byte[] gtrid;

    private LocalXid(byte[] gtrid) {
        this.gtrid = gtrid;
    }

    static LocalXid random() {
        UUID u = UUID.randomUUID();
        return new LocalXid(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    @Override
    public int getFormatId() {
        return FORMAT_ID;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return gtrid.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return new byte[] {1};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalXid && Arrays.equals(gtrid, ((LocalXid) o).gtrid);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gtrid);
    }
}
