package io.pactum.broker.crash;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker in a child JVM on the test class path ({@link CrashTestBroker}), with a heap of its own: crash tests
 * SIGKILL it, memory tests give it a small {@code -Xmx} and let an {@code OutOfMemoryError} end it at once
 * ({@code -XX:+ExitOnOutOfMemoryError}), so running out of memory shows as a dead broker, never as a slow one.
 */
final class BrokerProcess {
    /** Where the children's logs go, for a failure's post-mortem (the module's {@code target} directory). */
    static final Path STDERR = Path.of("target", "broker-process-stderr.log").toAbsolutePath();

    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a broker on {@code data} with heap {@code xmx} (e.g. {@code 128m}) and the given config-file
     * {@code settings} ({@code key=value}); returns once it accepts clients.
     */
    static BrokerProcess start(Path data, String xmx, long segmentSize, String... settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                CrashTestBroker.class.getName(), data.toString(), Long.toString(segmentSize)));
        command.addAll(List.of(settings));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(STDERR.toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        return Integer.parseInt(line.substring(6).trim());
                    }
                }
                throw new IllegalStateException("broker exited before it was ready, code " + p.waitFor());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return new BrokerProcess(p, ready.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly().waitFor();
            throw e;
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("broker process did not die");
        }
    }

    int stopCleanly() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("broker did not stop within 60 s of being asked");
        }
        return process.exitValue();
    }
}
