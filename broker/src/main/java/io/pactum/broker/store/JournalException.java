package io.pactum.broker.store;

/** The journal could not make a write durable (I/O error, disk full) or is closed. */
public class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
