package io.pactum.jms.xa;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Frame;
import io.pactum.protocol.FrameCodec;
import io.pactum.protocol.Protocol;
import io.pactum.protocol.XaCommands;

import javax.transaction.xa.XAResource;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in broker for client tests that need a connection but not a real broker: greets with a fixed broker id,
 * records every command in arrival order, answers each request with {@link #answer} (Ok unless told otherwise),
 * and can push frames to the client.
 */
final class ScriptedBroker implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final String brokerId;
    final List<Command> received = new CopyOnWriteArrayList<>();
    final List<Channel> clients = new CopyOnWriteArrayList<>();
    /** What the broker answers a request with; null for the default answer, {@link #NO_ANSWER} for none. */
    volatile Function<Command, Command> answer = c -> null;
    static final Command NO_ANSWER = new Commands.Ping();

    ScriptedBroker(String brokerId) throws InterruptedException {
        this.brokerId = brokerId;
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        FrameCodec.install(ch.pipeline(), Frame.DEFAULT_MAX_FRAME_SIZE);
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<Frame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                received.add(f.command());
                                Command response = f.correlationId() != 0 ? respond(f.command()) : NO_ANSWER;
                                if (response != NO_ANSWER) {
                                    ctx.writeAndFlush(new Frame(f.correlationId(), response));
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    String url() {
        return "tcp://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    private Command respond(Command c) {
        if (c instanceof Commands.Hello) {
            return new Commands.HelloOk(Protocol.VERSION, brokerId, "scripted", Frame.DEFAULT_MAX_FRAME_SIZE, 0);
        }
        Command scripted = answer.apply(c);
        if (scripted != null) {
            return scripted;
        }
        if (c instanceof XaCommands.XaPrepare) {
            return new XaCommands.XaVote(XAResource.XA_RDONLY);
        }
        if (c instanceof XaCommands.XaRecover) {
            return new XaCommands.XaXids(List.of());
        }
        return new Commands.Ok();
    }

    /** Pushes a one-way frame (a delivery) to every connected client. */
    void push(Command c) {
        clients.forEach(ch -> ch.writeAndFlush(Frame.oneWay(c)));
    }

    /** Drops every client connection, as a crashed broker would. */
    void dropClients() {
        clients.forEach(ch -> ch.close().awaitUninterruptibly());
    }

    /** The received commands of the given types, in arrival order. */
    List<Command> received(Class<?>... types) {
        return received.stream().filter(c -> {
            for (Class<?> t : types) {
                if (t.isInstance(c)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
