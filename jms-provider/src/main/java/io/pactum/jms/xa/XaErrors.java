package io.pactum.jms.xa;

import io.pactum.jms.JmsErrors;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The one table from the broker's answers to {@link XAException}s. Transaction managers decide what to do next by
 * the error code alone, so every failure gets one: the broker's own XA code, XAER_RMFAIL when the broker could not
 * be reached (the outcome is unknown and the manager retries later), XAER_RMERR for anything else.
 */
final class XaErrors {
    private XaErrors() {
    }

    /**
     * Waits for the broker's answer to {@code what} and returns it; an error answer or a failed request becomes
     * the matching XAException. Never hangs on a lost connection: the transport fails every outstanding request
     * when it closes (heartbeats close a half-open one). An interrupt does not abandon the call, whose outcome
     * would be unknown; the thread's interrupt status is kept.
     */
    static Command await(CompletableFuture<Command> future, String what) throws XAException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return check(future.get(), what);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unreachable(what, e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code response} unless it is an error, which is thrown as its XAException. */
    static Command check(Command response, String what) throws XAException {
        if (response instanceof Commands.Error e) {
            throw fromBroker(e, what);
        }
        return response;
    }

    /**
     * Error(XA, code) is {@code XAException(code)} with the broker's message; any other error (and an XA error
     * claiming XA_OK, which is no failure) XAER_RMERR, with the JMS exception it stands for as the cause.
     */
    static XAException fromBroker(Commands.Error e, String what) {
        if (e.code() == ErrorCode.XA && e.detail() != XAResource.XA_OK) {
            return xa(e.detail(), e.message(), null);
        }
        return xa(XAException.XAER_RMERR, what + " failed: " + e.message(), JmsErrors.fromBroker(e));
    }

    /** The request never got an answer (connection lost or closed): XAER_RMFAIL. */
    static XAException unreachable(String what, Throwable cause) {
        String reason = cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage();
        return xa(XAException.XAER_RMFAIL, what + ": broker unreachable: " + reason, cause);
    }

    /** An answer of the wrong type: the broker does not follow the protocol. */
    static XAException unexpected(Command response, String what) {
        return xa(XAException.XAER_RMERR, what + ": unexpected answer " + response.type() + " from the broker", null);
    }

    static XAException xa(int code, String message, Throwable cause) {
        XAException x = new XAException(message);
        x.errorCode = code;
        if (cause != null) {
            x.initCause(cause);
        }
        return x;
    }
}
