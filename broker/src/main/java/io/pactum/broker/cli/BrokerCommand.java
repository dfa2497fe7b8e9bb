package io.pactum.broker.cli;

import io.pactum.broker.Broker;
import io.pactum.broker.BrokerConfig;
import io.pactum.broker.config.ConfigException;
import io.pactum.broker.config.ConfigFile;
import io.pactum.broker.config.ConfigKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any config-file key, including per-queue ones such as queue.orders.max-delivery-attempts=5.")
    List<String> settings = new ArrayList<>();

    /**
     * Adds one flag per {@link ConfigKey} to the {@code broker} command, converting with the key's own parser, so
     * flags and config file can never disagree and a bad flag is a usage error.
     */
    static void addConfigOptions(CommandSpec broker) {
        for (ConfigKey key : ConfigKey.values()) {
            CommandLine.ITypeConverter<Object> converter = raw -> {
                try {
                    return key.parse(raw);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException("'" + raw + "': " + e.getMessage());
                }
            };
            broker.addOption(OptionSpec.builder(key.flag()).paramLabel(key.valueLabel()).arity("1")
                    .type(Object.class).converters(converter).description(key.description()).build());
        }
    }

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

            @Override
            public void whenStoppedByFailure(Consumer<Throwable> action) {
                broker.stoppedByFailure().thenAccept(action);
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

        /** {@code action} runs if the broker stops by itself (its journal failed). */
        default void whenStoppedByFailure(Consumer<Throwable> action) {
        }

        @Override
        void close();
    }

    /** The flags given, keyed by the setting each one sets. */
    Map<ConfigKey, Object> flags() {
        Map<ConfigKey, Object> flags = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            OptionSpec option = spec.findOption(key.flag());
            if (option != null && option.getValue() != null) {
                flags.put(key, option.getValue());
            }
        }
        return flags;
    }

    /** Defaults, then the config file, then the flags, then {@code --set} settings in their order. */
    BrokerConfig resolveConfig() throws ConfigException {
        BrokerConfig config = configFile == null ? new BrokerConfig() : ConfigFile.load(configFile);
        flags().forEach((key, value) -> key.set(config, value));
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set needs KEY=VALUE, got '" + setting + "'");
            }
            ConfigFile.apply(config, setting.substring(0, eq).trim(), setting.substring(eq + 1));
        }
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
        AtomicReference<Throwable> failure = new AtomicReference<>();
        broker.whenStoppedByFailure(cause -> {
            failure.set(cause);
            stop.countDown();
        });
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
            if (failure.get() != null) {
                err.println("The broker stopped because its journal failed: " + failure.get());
                err.flush();
                return PactumCli.EXIT_FAILED;
            }
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
}
