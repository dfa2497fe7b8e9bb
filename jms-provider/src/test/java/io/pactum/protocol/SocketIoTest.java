package io.pactum.protocol;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native transport is what a Linux user gets without doing anything (the broker's start line says so too). */
class SocketIoTest {
    private static final Set<String> NATIVE_ARCHES = Set.of("amd64", "x86_64", "aarch64");

    @Test
    void linuxGetsTheNativeTransportThatShipsWithTheClient() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("linux"), "Linux only");
        assumeTrue(NATIVE_ARCHES.contains(System.getProperty("os.arch")), "x86_64 and aarch64 only");
        assumeTrue(Boolean.parseBoolean(System.getProperty("pactum.io.native", "true")), "not switched off");
        assertTrue(SocketIo.NATIVE, "the epoll native library loads from the shipped jar");
        assertEquals("epoll", SocketIo.name());
        assertEquals(EpollSocketChannel.class, SocketIo.socketChannel());
        assertEquals(EpollServerSocketChannel.class, SocketIo.serverSocketChannel());
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, SocketIo.ioHandlerFactory());
        try {
            assertTrue(group.next().isIoType(EpollIoHandler.class), "event loops run on epoll");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
