package io.pactum.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Both answers to LIST_QUEUES survive FrameCodec: QUEUE_LIST (protocol versions 1 and 2, no paging figures, which a
 * client then reads as unknown) and QUEUE_STATS (version 3 on).
 */
class QueueListingRoundTripTest {
    private static Command roundTrip(Command c) {
        ByteBuf buf = Unpooled.buffer();
        FrameCodec.encode(new Frame(5, c), buf);
        assertEquals(buf.readableBytes() - 4, buf.readInt());
        return FrameCodec.decode(buf).command();
    }

    @Test
    void queueStatsCarryPagedMessagesBytesAndPolicy() {
        List<Commands.QueueInfo> infos = List.of(new Commands.QueueInfo("orders", 40_000, 12, 3, 35_000, 409_600_000L,
                        "block 30s, max 100000 msgs", 7),
                new Commands.QueueInfo("", 0, 0, 0, 0, 0, null, 0));
        assertEquals(new Commands.QueueStats(infos), roundTrip(new Commands.QueueStats(infos)));
    }

    @Test
    void theOlderQueueListLeavesThemUnknown() {
        Commands.QueueList list = (Commands.QueueList) roundTrip(new Commands.QueueList(
                List.of(new Commands.QueueInfo("orders", 7, 1, 2, 5, 70, "fail", 3))));
        assertEquals(List.of(new Commands.QueueInfo("orders", 7, 1, 2)), list.queues());
        assertEquals(-1, list.queues().get(0).paged());
        assertEquals(-1, list.queues().get(0).bytes());
        assertNull(list.queues().get(0).policy());
        assertEquals(-1, list.queues().get(0).dropped());
    }
}
