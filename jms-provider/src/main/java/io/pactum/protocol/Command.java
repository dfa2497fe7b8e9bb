package io.pactum.protocol;

import io.netty.buffer.ByteBuf;

/** One protocol command. Its {@link CommandType} fixes the type byte on the wire and how the body is decoded. */
public interface Command {
    CommandType type();

    void encode(ByteBuf out);
}
