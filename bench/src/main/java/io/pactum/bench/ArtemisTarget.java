package io.pactum.bench;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.XAConnectionFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded ActiveMQ Artemis broker: persistent NIO journal with sync on (transactional and non-transactional),
 * journal-buffer-timeout 500 µs, security off, one CORE acceptor on 127.0.0.1 on a free port. Reached through
 * reflection only, so this class compiles without Artemis: the benchmark runs it in a child JVM whose classpath
 * holds Artemis and its own Netty 4.1 instead of Pactum's Netty 4.2.
 */
final class ArtemisTarget implements Target {
    private static final String EMBEDDED = "org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ";
    private static final String FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";
    private static final String XA_FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory";

    /** Null once closed, so a stopped broker is not kept reachable (the backlog scenario restarts). */
    private Object server;
    private final ConnectionFactory factory;
    private final String url;
    private final Path dataDir;
    private XAConnectionFactory xaFactory;

    private ArtemisTarget(Object server, ConnectionFactory factory, String url, Path dataDir) {
        this.server = server;
        this.factory = factory;
        this.url = url;
        this.dataDir = dataDir;
    }

    public static ArtemisTarget start(Path dataDir) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freeLoopbackPort();
            Path xml = dataDir.resolveSibling(dataDir.getFileName() + "-broker.xml"); // outside the measured dir
            Files.writeString(xml, brokerXml(dataDir, port), StandardCharsets.UTF_8);
            Class<?> embedded = Class.forName(EMBEDDED);
            Object server = embedded.getConstructor().newInstance();
            embedded.getMethod("setConfigResourcePath", String.class).invoke(server, xml.toUri().toString());
            try {
                embedded.getMethod("start").invoke(server);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // most likely the port was taken between probing and binding: try another one
                last = e.getCause() instanceof Exception ex ? ex : e;
                try {
                    embedded.getMethod("stop").invoke(server);
                } catch (Exception ignored) {
                    // it did not start
                }
                continue;
            }
            String url = "tcp://127.0.0.1:" + port;
            ConnectionFactory cf = (ConnectionFactory) Class.forName(FACTORY).getConstructor(String.class)
                    .newInstance(url);
            return new ArtemisTarget(server, cf, url, dataDir);
        }
        throw last;
    }

    /** A port that was free a moment ago (Artemis' acceptor cannot report an ephemeral port back to us). */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String brokerXml(Path dir, int port) {
        String d = dir.toAbsolutePath().toString();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration xmlns="urn:activemq" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                               xsi:schemaLocation="urn:activemq /schema/artemis-configuration.xsd">
                  <core xmlns="urn:activemq:core">
                    <name>pactum-bench</name>
                    <persistence-enabled>true</persistence-enabled>
                    <security-enabled>false</security-enabled>
                    <jmx-management-enabled>false</jmx-management-enabled>
                    <journal-type>NIO</journal-type>
                    <journal-sync-transactional>true</journal-sync-transactional>
                    <journal-sync-non-transactional>true</journal-sync-non-transactional>
                    <journal-datasync>true</journal-datasync>
                    <journal-buffer-timeout>500000</journal-buffer-timeout>
                    <bindings-directory>%1$s/bindings</bindings-directory>
                    <journal-directory>%1$s/journal</journal-directory>
                    <paging-directory>%1$s/paging</paging-directory>
                    <large-messages-directory>%1$s/large-messages</large-messages-directory>
                    <acceptors>
                      <acceptor name="core">tcp://127.0.0.1:%2$d?protocols=CORE</acceptor>
                    </acceptors>
                  </core>
                </configuration>
                """.formatted(d, port);
    }

    @Override
    public String description() {
        try {
            String v = Class.forName(EMBEDDED).getPackage().getImplementationVersion();
            return "Artemis" + (v == null ? "" : " " + v);
        } catch (ClassNotFoundException e) {
            return "Artemis";
        }
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    /** Artemis' XA factory on the same acceptor, with the same defaults as {@link #connectionFactory()}. */
    @Override
    public synchronized XAConnectionFactory xaConnectionFactory() throws Exception {
        if (xaFactory == null) {
            xaFactory = (XAConnectionFactory) Class.forName(XA_FACTORY).getConstructor(String.class).newInstance(url);
        }
        return xaFactory;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws Exception {
        if (factory instanceof AutoCloseable c) {
            c.close();
        }
        if (xaFactory instanceof AutoCloseable c) {
            c.close();
        }
        if (server != null) {
            server.getClass().getMethod("stop").invoke(server);
            server = null;
        }
    }
}
