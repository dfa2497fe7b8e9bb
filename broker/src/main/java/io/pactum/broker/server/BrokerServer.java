package io.pactum.broker.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pactum.protocol.Commands;
import io.pactum.protocol.ErrorCode;
import io.pactum.protocol.Frame;
import io.pactum.protocol.FrameCodec;
import io.pactum.protocol.SocketIo;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The TCP listener: one pipeline per connection, the shared frame codec followed by a {@link ClientConnection}. */
public final class BrokerServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerServer.class.getName());

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, SocketIo.ioHandlerFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(SocketIo.ioHandlerFactory());
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private final BrokerContext broker;

    public BrokerServer(BrokerContext broker) throws InterruptedException {
        this.broker = broker;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(SocketIo.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (broker.config.heartbeatMillis > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(3L * broker.config.heartbeatMillis, 0, 0,
                                    TimeUnit.MILLISECONDS));
                        }
                        FrameCodec.install(ch.pipeline(), broker.config.maxFrameSize);
                        ch.pipeline().addLast(new ClientConnection(broker));
                    }
                });
        try {
            listener = bootstrap.bind(broker.config.bindAddress, broker.config.port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutdownGroups();
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening, tells every client the broker is going away, and closes their connections. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        for (Channel ch : connections) {
            ch.writeAndFlush(Frame.oneWay(new Commands.Disconnect(ErrorCode.GENERIC, "broker shutting down")))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        connections.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
        LOG.log(System.Logger.Level.DEBUG, "listener closed");
    }

    private void shutdownGroups() {
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        broker.close();
    }
}
