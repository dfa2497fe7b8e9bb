package io.pactum.broker.cli;

import io.pactum.broker.BrokerConfig;
import io.pactum.broker.config.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerCommandTest {
    @TempDir
    Path dir;

    private static BrokerConfig resolve(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "broker";
        System.arraycopy(args, 0, all, 1, args.length);
        BrokerCommand command = CliRun.parsed(all);
        return command.resolveConfig();
    }

    @Test
    void defaultsWithoutFlags() throws Exception {
        assertEquals(new BrokerConfig().toString(), resolve().toString());
    }

    @Test
    void everyFlag() throws Exception {
        BrokerConfig c = resolve("--bind", "0.0.0.0", "--port", "61801", "--data", "/tmp/pd", "--journal-sync", "false",
                "--journal-segment-size", "16MB", "--max-frame-size", "512KB", "--auto-create-queues", "false");
        assertEquals("0.0.0.0", c.bindAddress);
        assertEquals(61801, c.port);
        assertEquals(Path.of("/tmp/pd"), c.dataDir);
        assertFalse(c.journalSync);
        assertEquals(16L << 20, c.journalSegmentSize);
        assertEquals(512 * 1024, c.maxFrameSize);
        assertFalse(c.autoCreateQueues);
    }

    @Test
    void setAppliesAnyKeyIncludingPerQueuePolicies() throws Exception {
        BrokerConfig c = resolve("--max-delivery-attempts", "4", "--set", "queue.orders.redelivery-delay=250",
                "--set", "dead-letter-queue=dead");
        assertEquals(4, c.deliveryPolicy.maxDeliveryAttempts());
        assertEquals("dead", c.deliveryPolicy.deadLetterQueue());
        assertEquals(250, c.queuePolicies.get("orders").redeliveryDelayMillis());
        assertEquals(4, c.queuePolicies.get("orders").maxDeliveryAttempts(), "per-queue policy starts from the default");
        assertThrows(io.pactum.broker.config.ConfigException.class, () -> resolve("--set", "queue.orders.colour=red"));
        assertThrows(io.pactum.broker.config.ConfigException.class, () -> resolve("--set", "no-equals-sign"));
    }

    @Test
    void everyConfigKeyHasItsFlag() {
        CommandLine broker = CliRun.parse("broker").getSubcommands().get("broker");
        for (ConfigKey key : ConfigKey.values()) {
            assertNotNull(broker.getCommandSpec().findOption(key.flag()), "no flag " + key.flag() + " for " + key.key());
        }
        // and every flag but --config, --set and the help ones is a config key
        long flags = broker.getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config")
                        && !o.longestName().equals("--set") && !o.longestName().equals("--verbose"))
                .count();
        assertEquals(ConfigKey.values().length, flags);
    }

    @Test
    void flagsOverrideTheFileWhichOverridesDefaults() throws Exception {
        Path file = dir.resolve("pactum.properties");
        Files.writeString(file, String.join("\n", "port=61900", "journal.sync=false", "data=/from/file",
                "max-frame-size=2MB", ""));
        BrokerConfig c = resolve("--config", file.toString(), "--port", "61901", "--data", "/from/flag");
        assertEquals(61901, c.port, "flag wins over file");
        assertEquals(Path.of("/from/flag"), c.dataDir, "flag wins over file");
        assertFalse(c.journalSync, "file wins over default");
        assertEquals(2 << 20, c.maxFrameSize, "file wins over default");
        assertEquals("127.0.0.1", c.bindAddress, "default where neither says");

        BrokerConfig c2 = resolve("--journal-sync", "true", "--config", file.toString());
        assertTrue(c2.journalSync, "flag wins whatever the order on the command line");
    }

    @Test
    void badConfigFileIsOneLineAndExitCode1() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "prot=1\n");
        CliRun r = CliRun.run("broker", "--config", file.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("unknown key 'prot'"), r.err());
        assertTrue(r.err().contains(file.toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        CliRun missing = CliRun.run("broker", "--config", dir.resolve("none.properties").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }

    /** The broker command with a stand-in broker: prints where it listens, closes on stop, exits 0. */
    @Test
    void runsUntilStoppedThenClosesAndExits0() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PactumCli.commandLine(InputStream.nullInputStream(), new PrintWriter(out, true),
                new PrintWriter(err, true));
        BrokerCommand command = cl.getSubcommands().get("broker").getCommand();
        command.trapSignals = false;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<BrokerConfig> seen = new AtomicReference<>();
        command.starter = config -> {
            seen.set(config);
            started.countDown();
            return new BrokerCommand.Running() {
                @Override
                public int port() {
                    return 45678;
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            };
        };
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("broker", "--port", "0", "--data", dir.resolve("data").toString()));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertEquals(0, seen.get().port);
        assertEquals(1, closed.getCount(), "not closed before it is told to stop");
        command.stop.countDown();
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertEquals(0, closed.getCount());
        String line = out.toString().strip();
        assertTrue(line.startsWith("Pactum broker listening on tcp://127.0.0.1:45678"), line);
        assertTrue(line.contains(dir.resolve("data").toAbsolutePath().toString()), line);
        assertEquals(1, line.lines().count(), line);
    }

    /** A broker that stops by itself (its journal failed) ends the command with exit code 1 and the cause. */
    @Test
    void aBrokerStoppedByItsJournalFailingExits1() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = PactumCli.commandLine(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        BrokerCommand command = cl.getSubcommands().get("broker").getCommand();
        command.trapSignals = false;
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        command.starter = config -> new BrokerCommand.Running() {
            @Override
            public int port() {
                return 45679;
            }

            @Override
            public void close() {
            }

            @Override
            public void whenStoppedByFailure(java.util.function.Consumer<Throwable> action) {
                failure.thenAccept(action);
            }
        };
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cl.execute("broker", "--port", "0", "--data", dir.resolve("data").toString()));
        failure.complete(new java.io.IOException("No space left on device"));
        assertEquals(1, exit.get(30, TimeUnit.SECONDS));
        assertTrue(err.toString().contains("journal failed: java.io.IOException: No space left on device"), err.toString());
    }

    @Test
    void startFailureIsOneLineAndExitCode1() {
        CommandLine cl = PactumCli.commandLine(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        BrokerCommand command = cl.getSubcommands().get("broker").getCommand();
        command.trapSignals = false;
        command.starter = config -> {
            throw new java.net.BindException("Address already in use");
        };
        assertEquals(1, cl.execute("broker"));
        assertTrue(err.toString().contains("cannot start the broker on 127.0.0.1:61700"), err.toString());
        assertTrue(err.toString().contains("Address already in use"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void onlyFlagsGivenAreApplied() {
        BrokerCommand command = CliRun.parsed("broker", "--port", "5");
        assertEquals(List.of(ConfigKey.PORT), List.copyOf(command.flags().keySet()));
        assertThrows(CommandLine.ParameterException.class, () -> CliRun.parse("broker", "--port"));
    }
}
