package io.pactum.broker.server;

import io.netty.channel.Channel;

/**
 * Stops reading a connection for as long as any of several independent reasons asks it to (too many journal writes
 * in flight, too many frames held behind a blocked send), so that TCP pushes back on that client alone. Reading
 * resumes only when the last reason is gone. Thread-safe: journal completions resume from the journal's thread.
 */
final class ReadPause {
    private final Channel channel;
    private int reasons; // guarded by this

    ReadPause(Channel channel) {
        this.channel = channel;
    }

    synchronized void pause() {
        if (reasons++ == 0) {
            channel.config().setAutoRead(false);
        }
    }

    synchronized void resume() {
        if (--reasons == 0) {
            channel.config().setAutoRead(true);
        }
    }
}
