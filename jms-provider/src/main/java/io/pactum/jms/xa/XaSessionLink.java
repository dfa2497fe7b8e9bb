package io.pactum.jms.xa;

import io.pactum.protocol.Command;
import jakarta.jms.JMSException;

import java.util.concurrent.CompletableFuture;

/**
 * What an XA resource needs from its session: the session's id, the broker's identity and the wire. An interface so
 * that the resource's protocol can be tested against a scripted broker.
 */
interface XaSessionLink {
    int sessionId();

    /** The identity of the broker the session is connected to (the resource manager). */
    String brokerId();

    /** False once the connection is closed or lost. */
    boolean isOpen();

    /** Sends a command; the future fails if the connection is or becomes lost before the answer. */
    CompletableFuture<Command> request(Command command);

    /**
     * Sends {@code command} (an XA end) after an ACK of every delivery the session has consumed and not yet
     * acknowledged, both in this order on the wire.
     */
    CompletableFuture<Command> requestAfterAcks(Command command);

    /**
     * The first failure among the answers to the sends the session made in its branch, or null; forgets those sends.
     * With {@code wait}, waits for all answers; without, looks only at those already received (the broker dooms the
     * branch of a send that fails later).
     */
    default JMSException failedSend(boolean wait) {
        return null;
    }
}
