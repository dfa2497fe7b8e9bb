package io.pactum.protocol;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket I/O both ends of a Pactum connection use: Netty's native epoll transport on Linux, where it saves a
 * good part of each round trip's latency (fewer system calls and wake-ups than the JDK selector), and NIO anywhere
 * else. One choice for the process, so client and broker event loops, channels and server channels always match.
 * The system property {@code pactum.io.native=false} forces NIO (e.g. to rule the native library out).
 */
public final class SocketIo {
    /** Whether the native transport is used in this process. */
    public static final boolean NATIVE = Boolean.parseBoolean(System.getProperty("pactum.io.native", "true"))
            && epollAvailable();

    private SocketIo() {
    }

    public static IoHandlerFactory ioHandlerFactory() {
        return NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return NATIVE ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerChannel> serverSocketChannel() {
        return NATIVE ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** "epoll" or "nio", for logs. */
    public static String name() {
        return NATIVE ? "epoll" : "nio";
    }

    private static boolean epollAvailable() {
        try {
            return Epoll.isAvailable();
        } catch (Throwable e) { // the classes or the native library are missing: NIO it is
            return false;
        }
    }
}
