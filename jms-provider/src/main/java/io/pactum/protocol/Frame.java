package io.pactum.protocol;

/**
 * A command with its correlation id. A request carries a positive id and is answered by exactly one response
 * ({@link Commands.Ok}, {@link Commands.Error} or a typed reply) carrying the same id. Id 0 marks a one-way
 * notification that gets no response: deliveries pushed to consumers, credit grants, and disconnect notices.
 */
public record Frame(long correlationId, Command command) {
    /** type byte + correlation id */
    public static final int HEADER_SIZE = 1 + 8;
    /** Default cap on one frame's size, enforced by the decoder before the bytes are buffered. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 10 * 1024 * 1024;

    public static Frame oneWay(Command command) {
        return new Frame(0, command);
    }
}
