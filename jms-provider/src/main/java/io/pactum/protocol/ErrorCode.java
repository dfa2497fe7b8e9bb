package io.pactum.protocol;

/**
 * The error codes a broker puts in an {@link Commands.Error} response. The client maps each to the matching
 * {@code jakarta.jms.JMSException} subclass in one table ({@code io.pactum.jms.JmsErrors}); keeping the code on the wire
 * rather than a class name lets the two sides evolve separately.
 */
public enum ErrorCode {
    GENERIC(0),
    ILLEGAL_STATE(1),
    INVALID_DESTINATION(2),
    INVALID_SELECTOR(3),
    INVALID_CLIENT_ID(4),
    SECURITY(5),
    MESSAGE_FORMAT(6),
    TRANSACTION_ROLLED_BACK(7),
    RESOURCE_ALLOCATION(8),
    PROTOCOL(9),
    MESSAGE_TOO_LARGE(10),
    UNSUPPORTED_VERSION(11),
    /** An XA failure; the response's detail carries the {@code XAException} error code. */
    XA(12);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return GENERIC;
    }
}
