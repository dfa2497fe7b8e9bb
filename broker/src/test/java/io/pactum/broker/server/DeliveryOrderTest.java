package io.pactum.broker.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.local.LocalChannel;
import io.pactum.broker.delivery.MessageRef;
import io.pactum.broker.selector.Selector;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Destination;
import io.pactum.protocol.Frame;
import io.pactum.protocol.WireMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue dispatches on several threads, one at a time (under its monitor); what it hands a consumer must reach the
 * wire in that order, whichever thread handed it out.
 */
class DeliveryOrderTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static MessageRef message(long id) {
        WireMessage w = new WireMessage();
        w.destination = Destination.queue("q");
        w.messageId = "ID:" + id;
        w.body = new byte[] {(byte) id};
        byte[] data = w.encode();
        return new MessageRef(id, data, WireMessage.Header.peek(data), 0);
    }

    @Test
    void aDeliveryHandedOutOnTheEventLoopDoesNotOvertakeOneHandedOutEarlierOnAnotherThread() throws Exception {
        LocalChannel channel = new LocalChannel();
        List<Long> written = new CopyOnWriteArrayList<>();
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                written.add(((Commands.Deliver) ((Frame) msg).command()).deliveryId());
                promise.trySuccess();
            }

            @Override
            public void flush(ChannelHandlerContext ctx) {
            }
        });
        loop.register(channel).sync();
        DeliveryGate gate = new DeliveryGate();
        ServerConsumer consumer = new ServerConsumer(1, new ServerSession(1, 1), null, Selector.parse(""), 10, channel,
                gate, new AtomicLong(), () -> { });

        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch handedOut = new CountDownLatch(1);
        // the event loop is busy with a task (a credit frame, say) that will dispatch the second message...
        loop.execute(() -> {
            running.countDown();
            try {
                handedOut.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.deliver(null, message(2));
            consumer.flush();
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        // ...while another thread (the journal writer, the pager) has just handed out the first one
        consumer.deliver(null, message(1));
        consumer.flush();
        handedOut.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(1L, 2L), written, "delivery ids in the order the queue handed the messages out");
    }
}
