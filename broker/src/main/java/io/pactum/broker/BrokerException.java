package io.pactum.broker;

import io.pactum.protocol.ErrorCode;

/** A request the broker refuses; its code travels to the client, which maps it to the JMS exception subclass. */
public class BrokerException extends RuntimeException {
    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
