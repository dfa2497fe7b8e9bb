package io.pactum.jms.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pactum.jms.BrokerUrl;
import io.pactum.jms.JmsErrors;
import io.pactum.protocol.Command;
import io.pactum.protocol.Commands;
import io.pactum.protocol.Frame;
import io.pactum.protocol.FrameCodec;
import io.pactum.protocol.SocketIo;
import jakarta.jms.JMSException;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One TCP connection to the broker: sends requests with fresh correlation ids, matches each response to its
 * request, and hands pushed deliveries to the {@link Listener}. Pushes and responses are handled in arrival order on
 * the connection's I/O thread; {@link #request(Command, Consumer)} lets a caller act on that thread, before any later
 * frame is processed.
 */
public final class Transport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Transport.class.getName());
    private static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("pactum-client-io", true), SocketIo.ioHandlerFactory());

    /** What the owner of the transport hears about. Both methods run on the I/O thread and must not block. */
    public interface Listener {
        void onDeliver(Commands.Deliver delivery);

        void onClosed(JMSException reason);
    }

    private record Pending(CompletableFuture<Command> future, Consumer<Command> onIoThread) {
    }

    private final Channel channel;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong correlationIds = new AtomicLong();
    private volatile Listener listener;
    private volatile JMSException closedReason;
    private volatile int heartbeatMillis;

    private Transport(Channel channel) {
        this.channel = channel;
    }

    /**
     * Opens the TCP connection (not yet greeted). An {@code ssl://} URL is refused: this version has no TLS yet, and
     * silently connecting in clear text would send the credentials of a user who asked for encryption unprotected.
     */
    public static Transport connect(BrokerUrl url, int maxFrameSize) throws JMSException {
        if ("ssl".equals(url.scheme())) {
            throw new jakarta.jms.JMSSecurityException("cannot connect to " + url.host() + ":"
                    + url.port() + " over ssl://: this version of Pactum has no TLS yet; use tcp:// on a trusted "
                    + "network (nothing was sent)", "TLS_UNSUPPORTED");
        }
        Transport[] holder = new Transport[1];
        Bootstrap b = new Bootstrap().group(GROUP).channel(SocketIo.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, url.connectTimeoutMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        FrameCodec.install(ch.pipeline(), maxFrameSize);
                        ch.pipeline().addLast(new Handler(holder));
                    }
                });
        ChannelFuture f = b.connect(url.host(), url.port()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw JmsErrors.wrap("cannot connect to " + url.display(), f.cause());
        }
        Transport t = new Transport(f.channel());
        holder[0] = t;
        if (!f.channel().isActive()) {
            t.closed(JmsErrors.connectionLost("closed while connecting"));
        }
        return t;
    }

    /**
     * Starts heartbeats at the interval the broker announced: a PING when nothing was sent for {@code millis}, and
     * the connection counts as lost after three intervals without any frame from the broker.
     */
    public void startHeartbeats(int millis) {
        if (millis <= 0) {
            return;
        }
        heartbeatMillis = millis;
        channel.pipeline().addBefore(FrameCodec.LENGTH, "heartbeat",
                new IdleStateHandler(3L * millis, millis, 0, TimeUnit.MILLISECONDS));
    }

    public void listener(Listener l) {
        this.listener = l;
    }

    public CompletableFuture<Command> request(Command command) {
        return request(command, null);
    }

    /**
     * Sends a request; {@code onIoThread}, if given, sees the response on the I/O thread before the future completes
     * and before any frame that follows it is handled.
     */
    public CompletableFuture<Command> request(Command command, Consumer<Command> onIoThread) {
        CompletableFuture<Command> future = new CompletableFuture<>();
        JMSException closed = closedReason;
        if (closed != null) {
            future.completeExceptionally(closed);
            return future;
        }
        long id = correlationIds.incrementAndGet();
        pending.put(id, new Pending(future, onIoThread));
        channel.writeAndFlush(new Frame(id, command)).addListener(w -> {
            if (!w.isSuccess()) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.future.completeExceptionally(JmsErrors.wrap("cannot send " + command.type(), w.cause()));
                }
            }
        });
        if (closedReason != null) {
            failPending(closedReason);
        }
        return future;
    }

    /** Sends a request and waits for its answer; an error response becomes the matching JMSException. */
    public Command call(Command command) throws JMSException {
        return await(request(command));
    }

    public static Command await(CompletableFuture<Command> future) throws JMSException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return unwrap(future.get());
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw JmsErrors.wrap("request failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An error response as the JMSException it stands for; any other response as is. */
    public static Command unwrap(Command response) throws JMSException {
        if (response instanceof Commands.Error e) {
            throw JmsErrors.fromBroker(e);
        }
        return response;
    }

    /** Sends a one-way notification (credit). */
    public void notify(Command command) {
        if (closedReason == null) {
            channel.writeAndFlush(Frame.oneWay(command), channel.voidPromise());
        }
    }

    public boolean isOpen() {
        return closedReason == null;
    }

    public JMSException closedReason() {
        return closedReason;
    }

    @Override
    public void close() {
        closed(JmsErrors.connectionLost("closed by the client"));
        channel.close().awaitUninterruptibly();
    }

    private void closed(JMSException reason) {
        synchronized (this) {
            if (closedReason != null) {
                return;
            }
            closedReason = reason;
        }
        failPending(reason);
        Listener l = listener;
        if (l != null) {
            l.onClosed(reason);
        }
    }

    private void failPending(JMSException reason) {
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future.completeExceptionally(reason);
            }
        }
    }

    private void received(Frame frame) {
        Command c = frame.command();
        if (frame.correlationId() != 0) {
            Pending p = pending.remove(frame.correlationId());
            if (p == null) {
                LOG.log(System.Logger.Level.WARNING, "response to unknown request {0} ignored", frame.correlationId());
                return;
            }
            if (p.onIoThread != null) {
                p.onIoThread.accept(c);
            }
            p.future.complete(c);
        } else if (c instanceof Commands.Deliver d) {
            Listener l = listener;
            if (l != null) {
                l.onDeliver(d);
            }
        } else if (c instanceof Commands.Disconnect d) {
            closed(JmsErrors.fromBroker(new Commands.Error(d.code(), "broker closed the connection: " + d.reason())));
        } else {
            LOG.log(System.Logger.Level.WARNING, "unexpected {0} from broker ignored", c.type());
        }
    }

    private static final class Handler extends SimpleChannelInboundHandler<Frame> {
        private final Transport[] holder;

        Handler(Transport[] holder) {
            this.holder = holder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            holder[0].received(frame);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            Transport t = holder[0];
            if (!(event instanceof IdleStateEvent idle) || t == null) {
                super.userEventTriggered(ctx, event);
            } else if (idle.state() == IdleState.WRITER_IDLE) {
                t.request(new Commands.Ping());
            } else if (idle.state() == IdleState.READER_IDLE) {
                LOG.log(System.Logger.Level.WARNING, "no frame from the broker for {0} ms; closing the connection",
                        3L * t.heartbeatMillis);
                t.closed(JmsErrors.connectionLost("no answer from the broker for " + 3L * t.heartbeatMillis + " ms"));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Transport t = holder[0];
            if (t != null) {
                t.closed(JmsErrors.connectionLost("connection closed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "closing connection to broker after error: {0}", cause.toString());
            Transport t = holder[0];
            if (t != null) {
                t.closed(JmsErrors.wrap("connection to the broker failed", cause));
            }
            ctx.close();
        }
    }
}
