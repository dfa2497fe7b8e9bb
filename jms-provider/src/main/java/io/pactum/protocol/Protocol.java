package io.pactum.protocol;

/** Protocol-wide constants. */
public final class Protocol {
    /** Version spoken by this build; the broker answers HELLO with the lower of its own and the client's. */
    public static final int VERSION = 1;
    public static final int MIN_VERSION = 1;
    public static final int DEFAULT_PORT = 61700;
    /** Pactum's release, reported by the broker in HELLO_OK and by the client in ConnectionMetaData. */
    public static final String PRODUCT_VERSION = "0.1.0";

    private Protocol() {
    }
}
