package io.pactum.broker.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.Frame;
import io.pactum.protocol.FrameCodec;
import io.pactum.protocol.Protocol;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad bytes from a raw socket: the broker answers with a DISCONNECT naming the problem, closes that connection, and
 * keeps serving everybody else.
 */
class MalformedFrameTest {
    @RegisterExtension
    final RunningBroker broker = new RunningBroker();

    @Test
    void garbageIsRejected() throws Exception {
        assertDisconnected(new byte[]{0, 0, 0, 5, 127, 1, 2, 3, 4}, ErrorCode.PROTOCOL);
    }

    @Test
    void negativeLengthIsRejected() throws Exception {
        assertDisconnected(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2}, ErrorCode.PROTOCOL);
    }

    @Test
    void frameShorterThanItsHeaderIsRejected() throws Exception {
        assertDisconnected(new byte[]{0, 0, 0, 2, 1, 0}, ErrorCode.PROTOCOL);
    }

    @Test
    void truncatedBodyIsRejected() throws Exception {
        // a HELLO whose strings claim more bytes than the frame holds
        ByteBuf b = Unpooled.buffer();
        b.writeInt(1 + 8 + 4 + 4).writeByte(1).writeLong(1).writeInt(Protocol.VERSION).writeInt(1000);
        assertDisconnected(bytes(b), ErrorCode.PROTOCOL);
    }

    @Test
    void trailingBytesAreRejected() throws Exception {
        ByteBuf b = Unpooled.buffer();
        FrameCodec.encode(new Frame(1, new Commands.Hello(Protocol.VERSION, null, null, null)), b);
        b.setInt(0, b.getInt(0) + 3);
        b.writeBytes(new byte[]{9, 9, 9});
        assertDisconnected(bytes(b), ErrorCode.PROTOCOL);
    }

    @Test
    void oversizedFrameIsRejectedBeforeItIsBuffered() throws Exception {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(Integer.MAX_VALUE - 10).writeByte(7).writeLong(1);
        assertDisconnected(bytes(b), ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void firstFrameMustBeHello() throws Exception {
        ByteBuf b = Unpooled.buffer();
        FrameCodec.encode(new Frame(1, new Commands.CreateSession(1, 1)), b);
        assertDisconnected(bytes(b), ErrorCode.PROTOCOL);
    }

    @Test
    void responseTypesFromAClientAreRejected() throws Exception {
        ByteBuf b = Unpooled.buffer();
        FrameCodec.encode(new Frame(1, new Commands.Hello(Protocol.VERSION, null, null, null)), b);
        FrameCodec.encode(new Frame(2, new Commands.Ok()), b);
        try (Socket s = socket()) {
            s.getOutputStream().write(bytes(b));
            List<Frame> frames = readUntilClosed(s);
            assertTrue(frames.get(0).command() instanceof Commands.HelloOk);
            Commands.Disconnect d = (Commands.Disconnect) frames.get(frames.size() - 1).command();
            assertEquals(ErrorCode.PROTOCOL, d.code());
        }
        assertBrokerStillServes();
    }

    private void assertDisconnected(byte[] payload, ErrorCode expected) throws Exception {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(payload);
            out.flush();
            List<Frame> frames = readUntilClosed(s);
            assertEquals(1, frames.size(), "exactly one DISCONNECT, then close: " + frames);
            Commands.Disconnect d = (Commands.Disconnect) frames.get(0).command();
            assertEquals(expected, d.code(), d.reason());
            assertTrue(d.reason() != null && !d.reason().isBlank());
        }
        assertBrokerStillServes();
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", broker.broker().port());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Reads frames until the broker closes the socket (a read timeout fails the test). */
    private static List<Frame> readUntilClosed(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        List<Frame> frames = new ArrayList<>();
        while (true) {
            int len;
            try {
                len = in.readInt();
            } catch (EOFException e) {
                return frames;
            }
            byte[] body = new byte[len];
            in.readFully(body);
            frames.add(FrameCodec.decode(Unpooled.wrappedBuffer(body)));
        }
    }

    private void assertBrokerStillServes() throws Exception {
        try (Connection c = broker.factory().createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("alive")).send(session.createTextMessage("still here"));
            c.start();
            TextMessage m = (TextMessage) session.createConsumer(session.createQueue("alive")).receive(5000);
            assertEquals("still here", m.getText());
        }
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
