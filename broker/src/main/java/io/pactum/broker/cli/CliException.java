package io.pactum.broker.cli;

import jakarta.jms.JMSException;

/** A failure the command reports as one line (its message) and exit code 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message, Throwable cause) {
        super(message, cause);
    }

    CliException(String message) {
        super(message);
    }

    /** {@code what} plus the most specific reason found in the cause chain (and JMS linked exceptions). */
    static CliException because(String what, Throwable cause) {
        String reason = rootMessage(cause);
        return new CliException(reason == null ? what : what + ": " + reason, cause);
    }

    /** The message of the deepest cause that has one, e.g. "Connection refused"; null if none has. */
    static String rootMessage(Throwable t) {
        String message = null;
        for (int depth = 0; t != null && depth < 20; depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof JMSException jms) {
                next = jms.getLinkedException();
            }
            t = next == t ? null : next;
        }
        return message;
    }
}
