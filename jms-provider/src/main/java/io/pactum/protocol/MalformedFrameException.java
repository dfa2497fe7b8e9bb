package io.pactum.protocol;

/** A frame or message whose bytes do not follow the protocol. The peer that sent it is disconnected. */
public class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
