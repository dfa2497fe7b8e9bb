package io.pactum.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.ByteOrder;
import java.util.List;

/**
 * The one frame codec, used by broker and client alike: {@code int length} (of what follows), {@code byte type},
 * {@code long correlationId}, body. Frames larger than the configured maximum are rejected by the length decoder
 * before their bytes are buffered ({@code TooLongFrameException}); a body that does not decode exactly is rejected
 * with {@link MalformedFrameException}. Either way the connection's handler closes that connection.
 */
public final class FrameCodec {
    public static final String LENGTH = "frameLength", DECODER = "frameDecoder", ENCODER = "frameEncoder";

    private FrameCodec() {
    }

    public static void install(ChannelPipeline pipeline, int maxFrameSize) {
        pipeline.addLast(LENGTH, new LengthDecoder(maxFrameSize));
        pipeline.addLast(DECODER, new Decoder());
        pipeline.addLast(ENCODER, new Encoder());
    }

    /** Decodes one length-delimited frame body into a {@link Frame}. */
    public static Frame decode(ByteBuf in) {
        if (in.readableBytes() < Frame.HEADER_SIZE) {
            throw new MalformedFrameException("frame of " + in.readableBytes() + " bytes is shorter than a header");
        }
        CommandType type = CommandType.of(in.readByte());
        long correlationId = in.readLong();
        Command command;
        try {
            command = type.decode(in);
        } catch (IndexOutOfBoundsException e) {
            throw new MalformedFrameException("truncated " + type + " frame", e);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("invalid " + type + " frame: " + e.getMessage(), e);
        }
        if (in.isReadable()) {
            throw new MalformedFrameException(in.readableBytes() + " trailing bytes after " + type + " frame");
        }
        return new Frame(correlationId, command);
    }

    public static void encode(Frame frame, ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(frame.command().type().id());
        out.writeLong(frame.correlationId());
        frame.command().encode(out);
        out.setInt(start, out.writerIndex() - start - 4);
    }

    /** Length-prefix framing; a negative length is a corrupt frame, not a large one. */
    static final class LengthDecoder extends LengthFieldBasedFrameDecoder {
        LengthDecoder(int maxFrameSize) {
            super(maxFrameSize, 0, 4, 0, 4, true);
        }

        @Override
        protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
            int value = buf.getInt(offset);
            if (value < 0) {
                throw new CorruptedFrameException("negative frame length " + value);
            }
            return value;
        }
    }

    static final class Decoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            out.add(FrameCodec.decode(in.readSlice(in.readableBytes())));
        }
    }

    static final class Encoder extends MessageToByteEncoder<Frame> {
        Encoder() {
            super(Frame.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
            FrameCodec.encode(frame, out);
        }
    }
}
