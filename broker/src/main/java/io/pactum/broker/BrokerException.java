package io.pactum.broker;

import io.pactum.protocol.ErrorCode;

/** A request the broker refuses; its code travels to the client, which maps it to the JMS exception subclass. */
public class BrokerException extends RuntimeException {
    private final ErrorCode code;
    private final int detail;

    public BrokerException(ErrorCode code, String message) {
        this(code, 0, message);
    }

    /** {@code detail}: extra data for the client, e.g. the XAException error code for {@link ErrorCode#XA}. */
    public BrokerException(ErrorCode code, int detail, String message) {
        super(message);
        this.code = code;
        this.detail = detail;
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.detail = 0;
    }

    public ErrorCode code() {
        return code;
    }

    public int detail() {
        return detail;
    }
}
