package io.pactum.broker.server;

import io.pactum.protocol.Command;
import io.pactum.protocol.Frame;
import io.pactum.protocol.SessionCommand;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames of one connection that wait behind a send blocked by a full queue (full-policy {@code block}). A blocked
 * send gets no answer yet, so no thread waits for room: its frame waits here, with the time it arrived, and the
 * connection tries the held frames again, in order, every {@link #RETRY_MILLIS} ms. A send's block timeout counts from
 * its arrival, so sends held behind one another (a transaction's, asynchronous ones) time out together, not one
 * after the other. Held frames keep the order a client relies
 * on: a later frame of the same session waits behind it, and so does a later frame that names no session but may act
 * on what a held one does (an XA outcome after a held end, deleting a destination, unsubscribing); once such a frame
 * waits, everything after it does. Frames of other sessions go on, so that a consumer on the same connection keeps
 * acknowledging and makes the room the producer waits for; so do frames that never depend on a send (heartbeats,
 * credit, browsing, creating a session, starting the connection). Past {@link #HIGH} held frames the connection stops
 * being read. Confined to the connection's event loop.
 */
final class HeldFrames {
    static final long RETRY_MILLIS = 10;
    /** Held frames at which the connection stops being read, and at which it is read again. */
    static final int HIGH = 1024;
    static final int LOW = 256;

    /**
     * {@code arrivedNanos}: when the broker received the frame ({@code System.nanoTime()}); {@code abandoned}: its
     * session is closing, so a send fails at once instead of waiting for room.
     */
    record Held(Frame frame, long arrivedNanos, boolean abandoned) {
    }

    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final Map<Integer, Integer> bySession = new HashMap<>();
    private int sessionless;
    private final ReadPause reads;
    private boolean paused;

    HeldFrames(ReadPause reads) {
        this.reads = reads;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Whether {@code frame} must wait behind frames already held, to keep its order. */
    boolean mustWait(Frame frame) {
        Command c = frame.command();
        if (held.isEmpty() || independent(c)) {
            return false;
        }
        if (sessionless > 0) {
            return true;
        }
        return !(c instanceof SessionCommand s) || bySession.containsKey(s.sessionId());
    }

    /** Holds a frame that arrived now. */
    void hold(Frame frame) {
        hold(new Held(frame, System.nanoTime(), false));
    }

    void hold(Held h) {
        Frame frame = h.frame();
        held.add(h);
        Integer session = sessionOf(frame.command());
        if (session == null) {
            sessionless++;
        } else {
            bySession.merge(session, 1, Integer::sum);
        }
        if (!paused && held.size() >= HIGH) {
            paused = true;
            reads.pause();
        }
    }

    /**
     * Every held frame, oldest first, for the connection to try again: it holds again (through {@link #mustWait} and
     * {@link #hold}) those that must still wait, then calls {@link #settle}.
     */
    List<Held> takeAll() {
        List<Held> all = new ArrayList<>(held);
        held.clear();
        bySession.clear();
        sessionless = 0;
        return all;
    }

    /** After a retry: reads the connection again once few frames are held. */
    void settle() {
        if (paused && held.size() <= LOW) {
            paused = false;
            reads.resume();
        }
    }

    /**
     * The session is being closed: its held sends stop waiting for room and fail when next tried, so that the close
     * (held behind them) is not kept waiting for the block timeout.
     */
    void abandon(int session) {
        for (int i = held.size(); i > 0; i--) {
            Held h = held.poll();
            Integer s = sessionOf(h.frame().command());
            held.add(s != null && s == session ? new Held(h.frame(), h.arrivedNanos(), true) : h);
        }
    }

    private static Integer sessionOf(Command c) {
        return c instanceof SessionCommand s ? s.sessionId() : null;
    }

    /** Commands whose effect does not depend on the sends before them. */
    private static boolean independent(Command c) {
        return switch (c.type()) {
            case PING, CREDIT, BROWSE_NEXT, CLOSE_BROWSER, CLOSE_CONSUMER, CREATE_SESSION, START_DELIVERY,
                 STOP_DELIVERY, SET_CLIENT_ID, CREATE_DESTINATION, LIST_QUEUES, XA_RECOVER, XA_LIST -> true;
            default -> false;
        };
    }
}
