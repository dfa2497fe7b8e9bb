package io.pactum.broker.it;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pactum.jms.PactumConnectionFactory;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Frame;
import io.pactum.protocol.FrameCodec;
import io.pactum.protocol.Protocol;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeats: idle but healthy connections stay up; a silent peer on either side is detected and disconnected. */
class HeartbeatTest {
    private static final int HEARTBEAT = 200;

    @RegisterExtension
    final RunningBroker broker = new RunningBroker(c -> c.heartbeatMillis = HEARTBEAT);

    @Test
    void idleHealthyConnectionStaysUp() throws Exception {
        AtomicReference<JMSException> lost = new AtomicReference<>();
        try (Connection c = broker.factory().createConnection()) {
            c.setExceptionListener(lost::set);
            await().during(Duration.ofMillis(10L * HEARTBEAT)).atMost(Duration.ofSeconds(10))
                    .until(() -> lost.get() == null);
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("alive")).send(s.createTextMessage("still connected"));
            c.start();
            assertNotNull(s.createConsumer(s.createQueue("alive")).receive(5000));
        }
    }

    @Test
    void brokerClosesAClientThatFallsSilent() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.broker().port())) {
            s.setSoTimeout(10_000);
            ByteBuf hello = Unpooled.buffer();
            FrameCodec.encode(new Frame(1, new Commands.Hello(Protocol.VERSION, null, null, null)), hello);
            byte[] bytes = new byte[hello.readableBytes()];
            hello.readBytes(bytes);
            s.getOutputStream().write(bytes);
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] ok = new byte[in.readInt()];
            in.readFully(ok);
            Commands.HelloOk helloOk = (Commands.HelloOk) FrameCodec.decode(Unpooled.wrappedBuffer(ok)).command();
            assertEquals(HEARTBEAT, helloOk.heartbeatMillis());
            // then say nothing: the broker must hang up after three intervals
            assertThrows(EOFException.class, in::readInt);
        }
    }

    @Test
    @Timeout(30) // without heartbeats the receive below would block forever
    void clientDetectsABrokerThatStopsAnswering() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> answerHelloThenFallSilent(fake));
            AtomicReference<JMSException> lost = new AtomicReference<>();
            Connection c = new PactumConnectionFactory("tcp://127.0.0.1:" + fake.getLocalPort()).createConnection();
            c.setExceptionListener(lost::set);
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("q"));
            c.start();
            JMSException blocked = assertThrows(JMSException.class, () -> consumer.receive(),
                    "a receive blocked on a silent broker fails instead of hanging");
            assertTrue(blocked.getMessage().contains("no answer from the broker"), blocked.getMessage());
            await().atMost(Duration.ofSeconds(5)).until(() -> lost.get() != null);
            c.close();
            server.get(10, TimeUnit.SECONDS);
        }
    }

    /** A broker that greets, accepts the session, the consumer and the start, and then answers nothing, ever. */
    private static void answerHelloThenFallSilent(ServerSocket fake) {
        try (Socket client = fake.accept()) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            for (int answered = 0; ; answered++) {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                Frame request = FrameCodec.decode(Unpooled.wrappedBuffer(body));
                if (answered < 4) {
                    ByteBuf out = Unpooled.buffer();
                    FrameCodec.encode(new Frame(request.correlationId(), answered == 0
                            ? new Commands.HelloOk(Protocol.VERSION, "fake", "0", Frame.DEFAULT_MAX_FRAME_SIZE, HEARTBEAT)
                            : new Commands.Ok()), out);
                    byte[] bytes = new byte[out.readableBytes()];
                    out.readBytes(bytes);
                    client.getOutputStream().write(bytes);
                }
            }
        } catch (IOException closedByClient) {
            // the client hung up, as it should
        }
    }
}
