package io.pactum.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every XA command survives FrameCodec's encode and decode; xids keep their bytes and value equality. */
class XaCommandsRoundTripTest {
    private static final WireXid A = new WireXid(0x1234, new byte[]{1, 2, 3}, new byte[]{9});
    private static final WireXid MAX = new WireXid(-1, filled(Xid.MAXGTRIDSIZE, (byte) 0x7f), filled(Xid.MAXBQUALSIZE, (byte) 0x80));
    private static final WireXid NO_BQUAL = new WireXid(0, new byte[]{42}, new byte[0]);

    private static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, b);
        return a;
    }

    private static Command roundTrip(Command c) {
        ByteBuf buf = Unpooled.buffer();
        FrameCodec.encode(new Frame(77, c), buf);
        int length = buf.readInt();
        assertEquals(buf.readableBytes(), length);
        Frame f = FrameCodec.decode(buf);
        assertEquals(77, f.correlationId());
        return f.command();
    }

    private static List<Command> everyXaCommand() {
        List<Command> commands = new java.util.ArrayList<>(Stream.of(A, MAX, NO_BQUAL).<Command>flatMap(x -> Stream.of(
                new XaCommands.XaStart(3, x, XAResource.TMNOFLAGS, 30),
                new XaCommands.XaStart(Integer.MAX_VALUE, x, XAResource.TMJOIN, 0),
                new XaCommands.XaStart(1, x, XAResource.TMRESUME, 0),
                new XaCommands.XaEnd(3, x, XAResource.TMSUCCESS),
                new XaCommands.XaEnd(3, x, XAResource.TMFAIL),
                new XaCommands.XaEnd(3, x, XAResource.TMSUSPEND),
                new XaCommands.XaPrepare(x),
                new XaCommands.XaCommit(x, true),
                new XaCommands.XaCommit(x, false),
                new XaCommands.XaRollback(x),
                new XaCommands.XaForget(x),
                new XaCommands.XaHeuristic(x, true),
                new XaCommands.XaHeuristic(x, false))).toList());
        commands.addAll(List.of(new XaCommands.XaVote(XAResource.XA_OK), new XaCommands.XaVote(XAResource.XA_RDONLY),
                new XaCommands.XaRecover(), new XaCommands.XaList(),
                new XaCommands.XaXids(List.of()), new XaCommands.XaXids(List.of(A, MAX, NO_BQUAL)),
                new XaCommands.XaBranchList(List.of()),
                new XaCommands.XaBranchList(List.of(
                        new XaCommands.BranchInfo(A, "PREPARED", 1234L, "2 sends to orders, 1 ack on in"),
                        new XaCommands.BranchInfo(MAX, "HEURISTIC_COMMIT", 0L, "")))));
        return commands;
    }

    @Test
    void everyXaCommandRoundTrips() {
        for (Command c : everyXaCommand()) {
            assertEquals(c, roundTrip(c), c.toString());
        }
    }

    @Test
    void everyXaCommandTypeIsCovered() {
        // a new XA command type must be added to everyXaCommand()
        Set<CommandType> xaTypes = Stream.of(CommandType.values()).filter(t -> t.name().startsWith("XA_"))
                .collect(Collectors.toSet());
        assertEquals(xaTypes, everyXaCommand().stream().map(Command::type).collect(Collectors.toSet()));
    }

    @Test
    void xaErrorKeepsItsCode() {
        Commands.Error e = new Commands.Error(ErrorCode.XA, XAException.XAER_NOTA, "unknown branch 1:01:");
        Commands.Error back = (Commands.Error) roundTrip(e);
        assertEquals(ErrorCode.XA, back.code());
        assertEquals(XAException.XAER_NOTA, back.detail());
        assertEquals("unknown branch 1:01:", back.message());
        assertEquals(XAException.XA_HEURMIX,
                ((Commands.Error) roundTrip(new Commands.Error(ErrorCode.XA, XAException.XA_HEURMIX, "mixed"))).detail());
    }

    @Test
    void foreignXidBecomesWireXidWithValueEquality() {
        Xid foreign = new Xid() {
            public int getFormatId() {
                return 0x1234;
            }

            public byte[] getGlobalTransactionId() {
                return new byte[]{1, 2, 3};
            }

            public byte[] getBranchQualifier() {
                return new byte[]{9};
            }
        };
        WireXid w = WireXid.of(foreign);
        assertEquals(A, w);
        assertEquals(A.hashCode(), w.hashCode());
        assertSame(A, WireXid.of(A));
        assertEquals(A, ((XaCommands.XaPrepare) roundTrip(new XaCommands.XaPrepare(w))).xid());
        assertNotEquals(A, new WireXid(0x1234, new byte[]{1, 2, 3}, new byte[]{8}));
        assertEquals(A, WireXid.parse(A.toString()));
        assertEquals(MAX, WireXid.fromBytes(MAX.toBytes()));
        assertArrayEquals(new byte[]{1, 2, 3}, w.getGlobalTransactionId());
    }

    @Test
    void malformedXidIsAMalformedFrame() {
        for (byte[] gtrid : new byte[][]{new byte[0], null, new byte[Xid.MAXGTRIDSIZE + 1]}) {
            ByteBuf frame = Unpooled.buffer();
            frame.writeByte(CommandType.XA_PREPARE.id()).writeLong(1).writeInt(0);
            Codec.writeBytes(frame, gtrid);
            Codec.writeBytes(frame, new byte[]{9});
            assertThrows(MalformedFrameException.class, () -> FrameCodec.decode(frame));
        }
    }
}
