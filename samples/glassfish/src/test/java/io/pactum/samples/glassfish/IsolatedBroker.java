package io.pactum.samples.glassfish;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Pactum broker running in this JVM in a class loader of its own (parent: the platform class loader), so that the
 * Pactum client classes it is built with stay off the test class path. GlassFish loads a resource adapter's classes
 * parent-first: with Pactum on the class path it would use those, and the test would not show that the {@code .rar}
 * holds everything the adapter needs. The broker is configured with the keys of its config file
 * ({@code ConfigFile.apply}), the one string-typed way in, and driven by reflection.
 */
final class IsolatedBroker implements AutoCloseable {
    private final URLClassLoader loader;
    private final Object broker;
    private final int port;

    private IsolatedBroker(URLClassLoader loader, Object broker, int port) {
        this.loader = loader;
        this.broker = broker;
        this.port = port;
    }

    /**
     * Starts a broker from the jars of {@code classpath} (path-separated) with the given config-file keys, for
     * example {@code port=0}, {@code data=/tmp/x}, {@code max-delivery-attempts=3}.
     */
    static IsolatedBroker start(String classpath, Map<String, String> settings) throws Exception {
        URLClassLoader loader = new URLClassLoader("pactum-broker", urls(classpath),
                ClassLoader.getPlatformClassLoader());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class<?> configClass = loader.loadClass("io.pactum.broker.BrokerConfig");
            Class<?> brokerClass = loader.loadClass("io.pactum.broker.Broker");
            Method apply = loader.loadClass("io.pactum.broker.config.ConfigFile")
                    .getMethod("apply", configClass, String.class, String.class);
            Object config = configClass.getConstructor().newInstance();
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                apply.invoke(null, config, setting.getKey(), setting.getValue());
            }
            Object broker = brokerClass.getMethod("start", configClass).invoke(null, config);
            int port = (Integer) brokerClass.getMethod("port").invoke(broker);
            return new IsolatedBroker(loader, broker, port);
        } catch (InvocationTargetException e) {
            loader.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL[] urls(String classpath) throws MalformedURLException {
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("no broker class path; run the test through Maven");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(URL[]::new);
    }

    /** The port the broker listens on (127.0.0.1). */
    int port() {
        return port;
    }

    /** The URL clients connect with. */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        try {
            broker.getClass().getMethod("close").invoke(broker);
        } finally {
            loader.close();
        }
    }
}
