package io.pactum.jms.xa;

import io.pactum.protocol.Command;

import java.util.concurrent.CompletableFuture;

/**
 * What an XA resource needs from its session: the session's id, the broker's identity and the wire. An interface so
 * that the resource's protocol can be tested against a scripted broker.
 */
interface XaSessionLink {
    int sessionId();

    /** The identity of the broker the session is connected to (the resource manager). */
    String brokerId();

    /** Sends a command; the future fails if the connection is or becomes lost before the answer. */
    CompletableFuture<Command> request(Command command);

    /**
     * Sends {@code command} (an XA end) after an ACK of every delivery the session has consumed and not yet
     * acknowledged, both in this order on the wire.
     */
    CompletableFuture<Command> requestAfterAcks(Command command);
}
