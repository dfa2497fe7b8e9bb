package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands of the XA resource manager. A session joins a branch with {@link XaStart} and leaves it with
 * {@link XaEnd}; while it is associated, its SENDs and ACKs become work of the branch instead of taking effect. The
 * completion commands name only the xid, so any connection to the same broker may prepare, commit or roll back a
 * branch (as transaction managers do during recovery). XA failures are answered with
 * {@code Error(ErrorCode.XA, detail = XAException error code)}.
 */
public final class XaCommands {
    private XaCommands() {
    }

    /**
     * {@code XAResource.start}: {@code flags} TMNOFLAGS, TMJOIN or TMRESUME; {@code timeoutSeconds} applies to a new
     * branch (0: the broker's default).
     */
    public record XaStart(int sessionId, WireXid xid, int flags, int timeoutSeconds) implements SessionCommand {
        public CommandType type() {
            return CommandType.XA_START;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            xid.encode(out);
            out.writeInt(flags).writeInt(timeoutSeconds);
        }

        static XaStart decode(ByteBuf in) {
            return new XaStart(in.readInt(), WireXid.decode(in), in.readInt(), in.readInt());
        }
    }

    /** {@code XAResource.end}: {@code flags} TMSUCCESS, TMFAIL or TMSUSPEND. */
    public record XaEnd(int sessionId, WireXid xid, int flags) implements SessionCommand {
        public CommandType type() {
            return CommandType.XA_END;
        }

        public void encode(ByteBuf out) {
            out.writeInt(sessionId);
            xid.encode(out);
            out.writeInt(flags);
        }

        static XaEnd decode(ByteBuf in) {
            return new XaEnd(in.readInt(), WireXid.decode(in), in.readInt());
        }
    }

    /** Answered by {@link XaVote}: XA_OK once the branch is durable in the journal, or XA_RDONLY. */
    public record XaPrepare(WireXid xid) implements Command {
        public CommandType type() {
            return CommandType.XA_PREPARE;
        }

        public void encode(ByteBuf out) {
            xid.encode(out);
        }

        static XaPrepare decode(ByteBuf in) {
            return new XaPrepare(WireXid.decode(in));
        }
    }

    public record XaVote(int vote) implements Command {
        public CommandType type() {
            return CommandType.XA_VOTE;
        }

        public void encode(ByteBuf out) {
            out.writeInt(vote);
        }

        static XaVote decode(ByteBuf in) {
            return new XaVote(in.readInt());
        }
    }

    public record XaCommit(WireXid xid, boolean onePhase) implements Command {
        public CommandType type() {
            return CommandType.XA_COMMIT;
        }

        public void encode(ByteBuf out) {
            xid.encode(out);
            out.writeBoolean(onePhase);
        }

        static XaCommit decode(ByteBuf in) {
            return new XaCommit(WireXid.decode(in), in.readBoolean());
        }
    }

    public record XaRollback(WireXid xid) implements Command {
        public CommandType type() {
            return CommandType.XA_ROLLBACK;
        }

        public void encode(ByteBuf out) {
            xid.encode(out);
        }

        static XaRollback decode(ByteBuf in) {
            return new XaRollback(WireXid.decode(in));
        }
    }

    /** Drops the record of a heuristically completed branch. */
    public record XaForget(WireXid xid) implements Command {
        public CommandType type() {
            return CommandType.XA_FORGET;
        }

        public void encode(ByteBuf out) {
            xid.encode(out);
        }

        static XaForget decode(ByteBuf in) {
            return new XaForget(WireXid.decode(in));
        }
    }

    /** Answered by {@link XaXids}: every prepared or heuristically completed branch. */
    public record XaRecover() implements Command {
        public CommandType type() {
            return CommandType.XA_RECOVER;
        }

        public void encode(ByteBuf out) {
        }
    }

    public record XaXids(List<WireXid> xids) implements Command {
        public CommandType type() {
            return CommandType.XA_XIDS;
        }

        public void encode(ByteBuf out) {
            out.writeInt(xids.size());
            xids.forEach(x -> x.encode(out));
        }

        static XaXids decode(ByteBuf in) {
            int n = count(in);
            List<WireXid> xids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                xids.add(WireXid.decode(in));
            }
            return new XaXids(xids);
        }
    }

    /** Administration: answered by {@link XaBranchList} with every branch the broker knows. */
    public record XaList() implements Command {
        public CommandType type() {
            return CommandType.XA_LIST;
        }

        public void encode(ByteBuf out) {
        }
    }

    /**
     * One branch as administrators see it. {@code state}: ACTIVE, IDLE, SUSPENDED, ROLLBACK_ONLY, PREPARED,
     * HEURISTIC_COMMIT or HEURISTIC_ROLLBACK; {@code holds}: what it would change, e.g. "2 sends to orders, 1 ack on in".
     */
    public record BranchInfo(WireXid xid, String state, long ageMillis, String holds) {
    }

    public record XaBranchList(List<BranchInfo> branches) implements Command {
        public CommandType type() {
            return CommandType.XA_BRANCH_LIST;
        }

        public void encode(ByteBuf out) {
            out.writeInt(branches.size());
            for (BranchInfo b : branches) {
                b.xid().encode(out);
                Codec.writeString(out, b.state());
                out.writeLong(b.ageMillis());
                Codec.writeString(out, b.holds());
            }
        }

        static XaBranchList decode(ByteBuf in) {
            int n = count(in);
            List<BranchInfo> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(new BranchInfo(WireXid.decode(in), Codec.readString(in), in.readLong(), Codec.readString(in)));
            }
            return new XaBranchList(list);
        }
    }

    /** Administration: a heuristic decision on a prepared branch, recorded until the manager's outcome and forget. */
    public record XaHeuristic(WireXid xid, boolean commit) implements Command {
        public CommandType type() {
            return CommandType.XA_HEURISTIC;
        }

        public void encode(ByteBuf out) {
            xid.encode(out);
            out.writeBoolean(commit);
        }

        static XaHeuristic decode(ByteBuf in) {
            return new XaHeuristic(WireXid.decode(in), in.readBoolean());
        }
    }

    private static int count(ByteBuf in) {
        int n = in.readInt();
        if (n < 0 || n > in.readableBytes()) {
            throw new MalformedFrameException("bad element count " + n);
        }
        return n;
    }
}
