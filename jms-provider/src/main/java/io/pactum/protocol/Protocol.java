package io.pactum.protocol;

/** Protocol-wide constants. */
public final class Protocol {
    /**
     * Version spoken by this build; the broker answers HELLO with the lower of its own and the client's. Version 2:
     * a connection begins stopped and the client opens and closes delivery with START_DELIVERY / STOP_DELIVERY; a
     * version 1 client is delivered to from its HELLO on. Version 3: LIST_QUEUES is answered with QUEUE_STATS, which
     * adds paged messages and bytes per queue. Version 4: CLOSE_CONNECTION, so that what the connection held (its
     * client ID) is released when {@code Connection.close()} returns, not once the broker notices the closed socket.
     */
    public static final int VERSION = 4;
    /** The first version whose connections begin stopped. */
    public static final int VERSION_DELIVERY_GATE = 2;
    /** The first version whose LIST_QUEUES is answered with QUEUE_STATS. */
    public static final int VERSION_QUEUE_STATS = 3;
    /** The first version that knows CLOSE_CONNECTION. */
    public static final int VERSION_CLOSE_CONNECTION = 4;
    public static final int MIN_VERSION = 1;
    public static final int DEFAULT_PORT = 61700;
    /** Pactum's release, reported by the broker in HELLO_OK and by the client in ConnectionMetaData. */
    public static final String PRODUCT_VERSION = "0.1.0";

    private Protocol() {
    }
}
