package io.pactum.broker.cli;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.broker.config.ConfigException;
import io.pactum.broker.config.ConfigFile;
import io.pactum.broker.config.ConfigKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code pactum broker}: runs a broker in the foreground until Ctrl-C or SIGTERM. Settings come from the defaults,
 * then {@code --config FILE}, then the flags, each overriding the one before.
 */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a broker in the foreground until Ctrl-C or SIGTERM.",
                "Settings: built-in defaults, overridden by --config FILE, overridden by flags. "
                        + "See docs/configuration.md."})
final class BrokerCommand implements java.util.concurrent.Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(BrokerCommand.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Broker config file (pactum.properties format).")
    Path configFile;

    @Option(names = "--bind", paramLabel = "ADDRESS", converter = Converters.Bind.class,
            description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces).")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "Port to listen on (default 61700; 0 picks a free one).")
    Integer port;

    @Option(names = "--data", paramLabel = "DIR", converter = Converters.Data.class,
            description = "Data directory for the journal (default ./pactum-data).")
    Path data;

    @Option(names = "--journal-sync", paramLabel = "true|false", arity = "1", converter = Converters.Bool.class,
            description = "Force the journal to disk before confirming (default true).")
    Boolean journalSync;

    @Option(names = "--journal-segment-size", paramLabel = "SIZE", converter = Converters.SegmentSize.class,
            description = "Journal file size at which a new file is started, e.g. 64MB (default 64MB).")
    Long journalSegmentSize;

    @Option(names = "--max-frame-size", paramLabel = "SIZE", converter = Converters.FrameSize.class,
            description = "Largest frame (so message) accepted, e.g. 10MB (default 10MB).")
    Integer maxFrameSize;

    @Option(names = "--auto-create-queues", paramLabel = "true|false", arity = "1", converter = Converters.Bool.class,
            description = "Create a queue the first time it is used (default true).")
    Boolean autoCreateQueues;

    /** Starts the broker; replaced in tests. */
    Starter starter = config -> {
        Broker broker = Broker.start(config);
        return new Running() {
            @Override
            public int port() {
                return broker.port();
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    };

    /** Counted down to stop the broker: by SIGINT/SIGTERM, or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Off in tests, which must not take the test JVM's signals. */
    boolean trapSignals = true;

    interface Starter {
        Running start(BrokerConfig config) throws Exception;
    }

    interface Running extends AutoCloseable {
        int port();

        @Override
        void close();
    }

    /** The flags given, keyed by the setting each one sets. */
    Map<ConfigKey, Object> flags() {
        Map<ConfigKey, Object> flags = new EnumMap<>(ConfigKey.class);
        put(flags, ConfigKey.BIND, bind);
        put(flags, ConfigKey.PORT, port);
        put(flags, ConfigKey.DATA, data);
        put(flags, ConfigKey.JOURNAL_SYNC, journalSync);
        put(flags, ConfigKey.JOURNAL_SEGMENT_SIZE, journalSegmentSize);
        put(flags, ConfigKey.MAX_FRAME_SIZE, maxFrameSize);
        put(flags, ConfigKey.AUTO_CREATE_QUEUES, autoCreateQueues);
        return flags;
    }

    private static void put(Map<ConfigKey, Object> flags, ConfigKey key, Object value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    /** Defaults, then the config file, then the flags. */
    BrokerConfig resolveConfig() throws ConfigException {
        BrokerConfig config = configFile == null ? new BrokerConfig() : ConfigFile.load(configFile);
        flags().forEach((key, value) -> key.set(config, value));
        return config;
    }

    @Override
    public Integer call() throws Exception {
        BrokerConfig config;
        try {
            config = resolveConfig();
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = config.dataDir.toAbsolutePath().normalize();
        Running broker;
        try {
            broker = starter.start(config);
        } catch (Exception e) {
            throw CliException.because("cannot start the broker on " + config.bindAddress + ":" + config.port
                    + " with data in " + dataDir, e);
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeOnce = () -> {
            if (closed.compareAndSet(false, true)) {
                broker.close();
            }
        };
        Thread hook = new Thread(closeOnce, "pactum-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (trapSignals) {
                AtomicInteger signals = new AtomicInteger();
                Signals.trap(name -> {
                    if (signals.incrementAndGet() > 1) {
                        err.println("Second SIG" + name + ": stopping without waiting for a clean shutdown.");
                        err.flush();
                        Runtime.getRuntime().halt(PactumCli.EXIT_FAILED);
                    }
                    stop.countDown();
                }, "INT", "TERM");
            }
            out.println("Pactum broker listening on tcp://" + config.bindAddress + ":" + broker.port()
                    + ", data in " + dataDir + " (journal.sync=" + config.journalSync + "). Ctrl-C stops it.");
            out.flush();
            LOG.log(System.Logger.Level.DEBUG, "broker started: {0}", config);
            stop.await();
            err.println("Stopping the broker...");
            err.flush();
            closeOnce.run();
            err.println("Broker stopped.");
            err.flush();
            return PactumCli.EXIT_OK;
        } finally {
            closeOnce.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook has run or will run and finds the broker closed
            }
        }
    }

    /** Flag converters: the same parsing and checks as the config file, so a bad flag is a usage error. */
    static final class Converters {
        private Converters() {
        }

        private static Object convert(ConfigKey key, String value) {
            try {
                return key.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        }

        static final class Bind implements CommandLine.ITypeConverter<String> {
            @Override
            public String convert(String value) {
                return (String) Converters.convert(ConfigKey.BIND, value);
            }
        }

        static final class Port implements CommandLine.ITypeConverter<Integer> {
            @Override
            public Integer convert(String value) {
                return (Integer) Converters.convert(ConfigKey.PORT, value);
            }
        }

        static final class Data implements CommandLine.ITypeConverter<Path> {
            @Override
            public Path convert(String value) {
                return (Path) Converters.convert(ConfigKey.DATA, value);
            }
        }

        static final class Bool implements CommandLine.ITypeConverter<Boolean> {
            @Override
            public Boolean convert(String value) {
                return (Boolean) Converters.convert(ConfigKey.JOURNAL_SYNC, value);
            }
        }

        static final class SegmentSize implements CommandLine.ITypeConverter<Long> {
            @Override
            public Long convert(String value) {
                return (Long) Converters.convert(ConfigKey.JOURNAL_SEGMENT_SIZE, value);
            }
        }

        static final class FrameSize implements CommandLine.ITypeConverter<Integer> {
            @Override
            public Integer convert(String value) {
                return (Integer) Converters.convert(ConfigKey.MAX_FRAME_SIZE, value);
            }
        }
    }
}
