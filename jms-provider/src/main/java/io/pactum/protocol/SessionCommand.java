package io.pactum.protocol;

/**
 * A command that acts within one session. A session's commands take effect in the order they were sent, so the
 * broker keeps that order when it must hold one of them back (a send waiting for room in a full queue).
 */
public interface SessionCommand extends Command {
    int sessionId();
}
