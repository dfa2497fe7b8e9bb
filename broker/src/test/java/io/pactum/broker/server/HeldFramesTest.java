package io.pactum.broker.server;

import io.netty.channel.embedded.EmbeddedChannel;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Frame;
import io.pactum.protocol.XaCommands;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ordering rules of frames held behind a blocked send, and when the connection stops being read. */
class HeldFramesTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final HeldFrames held = new HeldFrames(new ReadPause(channel));

    private static Frame send(int session) {
        return new Frame(1, new Commands.Send(session, new byte[0]));
    }

    @Test
    void nothingWaitsWhileNothingIsHeld() {
        assertFalse(held.mustWait(send(1)));
        assertFalse(held.mustWait(new Frame(2, new XaCommands.XaRecover())));
    }

    @Test
    void laterFramesOfTheBlockedSessionWaitOthersGoOn() {
        held.hold(send(1));
        assertTrue(held.mustWait(send(1)), "its own session's next send");
        assertTrue(held.mustWait(new Frame(2, new Commands.Commit(1, new long[0]))), "its session's commit");
        assertFalse(held.mustWait(send(2)), "another session");
        assertFalse(held.mustWait(new Frame(3, new Commands.Ack(2, new long[] {7}))), "another session's ack");
        assertFalse(held.mustWait(new Frame(4, new Commands.CreateSession(3, 1))), "a new session");
        assertFalse(held.mustWait(new Frame(5, new Commands.Credit(9, 10))), "credit");
        assertFalse(held.mustWait(new Frame(6, new Commands.Ping())), "heartbeats");
    }

    @Test
    void aSessionlessFrameThatMayDependOnTheHeldOneWaitsAndHoldsEverythingAfterIt() {
        held.hold(send(1));
        Frame prepare = new Frame(2, new XaCommands.XaPrepare(null));
        assertTrue(held.mustWait(prepare), "an XA prepare may follow the held session's end");
        held.hold(prepare);
        assertTrue(held.mustWait(send(2)), "behind a held sessionless frame, every session waits");
        assertFalse(held.mustWait(new Frame(3, new Commands.Ping())), "except what never depends on a send");
    }

    @Test
    void takeAllGivesTheFramesBackInOrderAndClearsTheState() {
        Frame a = send(1);
        Frame b = new Frame(2, new Commands.Commit(1, new long[0]));
        held.hold(new HeldFrames.Held(a, 5L, false));
        held.hold(b);
        List<HeldFrames.Held> all = held.takeAll();
        assertEquals(List.of(a, b), all.stream().map(HeldFrames.Held::frame).toList());
        assertEquals(5L, all.get(0).arrivedNanos(), "a frame held again keeps the time it arrived");
        assertTrue(held.isEmpty());
        assertFalse(held.mustWait(send(1)));
    }

    @Test
    void aClosingSessionsHeldSendsStopWaiting() {
        held.hold(send(1));
        held.hold(send(2));
        held.abandon(1);
        List<HeldFrames.Held> all = held.takeAll();
        assertTrue(all.get(0).abandoned(), "session 1's send fails when next tried");
        assertFalse(all.get(1).abandoned(), "session 2's send still waits");
    }

    @Test
    void theConnectionStopsBeingReadPastHighAndIsReadAgainAtLow() {
        assertTrue(channel.config().isAutoRead());
        for (int i = 0; i < HeldFrames.HIGH; i++) {
            held.hold(send(1));
        }
        assertFalse(channel.config().isAutoRead(), "paused at " + HeldFrames.HIGH + " held frames");
        List<HeldFrames.Held> all = held.takeAll();
        for (int i = 0; i < HeldFrames.LOW + 1; i++) {
            held.hold(all.get(i));
        }
        held.settle();
        assertFalse(channel.config().isAutoRead(), "still more than " + HeldFrames.LOW);
        held.takeAll();
        held.settle();
        assertTrue(channel.config().isAutoRead(), "read again once few are held");
    }
}
