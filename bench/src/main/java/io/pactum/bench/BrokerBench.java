package io.pactum.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: Pactum against ActiveMQ Artemis, each embedded in a child JVM of its own (one after the other,
 * never at the same time), driven over TCP on 127.0.0.1 through the jakarta.jms API by {@link BenchRunner}. Prints
 * a table and writes it to {@code bench.results}. How to run and read it: docs/benchmarks.md.
 *
 * <p>Why child JVMs: Artemis 2.x needs Netty 4.1, Pactum Netty 4.2; one classpath cannot hold both. Each child gets
 * only its own broker's classpath, and a fresh heap, so neither broker's garbage or JIT state weighs on the other.
 */
public final class BrokerBench {

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path resultsFile = Path.of(System.getProperty("bench.results", "target/bench-results.txt"));
        Path work = Files.createDirectories(Path.of(settings.workDir()).toAbsolutePath());
        List<String> brokers = new ArrayList<>(Arrays.stream(settings.brokers().split(",")).map(String::trim)
                .filter(b -> !b.isEmpty()).toList());
        if (settings.xa() && Boolean.parseBoolean(System.getProperty("bench.ceiling", "true"))) {
            brokers.add("ceiling"); // the XA ceiling: Narayana + H2 without a broker, once per run
        }

        Map<String, Properties> results = new LinkedHashMap<>();
        for (String broker : brokers) {
            Path out = work.resolve(broker + "-results.properties");
            Files.deleteIfExists(out);
            BenchRunner.log("=== %s: starting a child JVM", broker.equals("ceiling") ? "XA ceiling" : broker);
            int rc = runChild(broker, classpathFor(broker), out, settings);
            Properties p = new Properties();
            if (Files.exists(out)) {
                try (InputStream in = Files.newInputStream(out)) {
                    p.load(in);
                }
            }
            if (rc != 0) {
                p.setProperty("error", p.getProperty("error", "") + " (child JVM exit code " + rc + ")");
            }
            results.put(broker, p);
        }

        String table = report(settings, results);
        System.out.println();
        System.out.print(table);
        Files.createDirectories(resultsFile.toAbsolutePath().getParent());
        Files.writeString(resultsFile, table, StandardCharsets.UTF_8);
        System.out.println("(written to " + resultsFile + ")");
    }

    private static String classpathFor(String broker) throws Exception {
        if (!broker.equals("artemis")) { // Pactum's, and the ceiling's (it needs no broker, only Narayana + H2)
            return System.getProperty("java.class.path");
        }
        // the benchmark's own classes + Artemis' classpath as resolved by bench/artemis-runtime, nothing of Pactum
        String benchClasses = Path.of(BrokerBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Path cpFile = Path.of(System.getProperty("bench.artemisClasspathFile",
                "bench/artemis-runtime/target/artemis.classpath"));
        if (!Files.exists(cpFile)) {
            throw new IllegalStateException(cpFile + " is missing: build with mvn -P bench -pl bench -am verify");
        }
        return benchClasses + java.io.File.pathSeparator + Files.readString(cpFile).trim();
    }

    private static int runChild(String broker, String classpath, Path out, Settings s) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("bench.childJvmArgs", "");
        if (jvmArgs.isBlank()) {
            jvmArgs = s.backlog() ? "-Xmx256m" : "-Xms1g -Xmx1g";
        }
        for (String a : jvmArgs.trim().split("\\s+")) {
            if (!a.isEmpty()) {
                cmd.add(a);
            }
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("bench.")) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(BenchRunner.class.getName());
        cmd.add(broker);
        cmd.add(out.toString());
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        // generous bound: warm-up + phase + drain per scenario, the pairs phase, the XA phases (with filling the
        // queue, a 60 s bound on stuck transactions and the checks), start/stop
        double perScenario = s.warmup() + s.seconds() + 2 * s.drainSeconds() + 30;
        double perXaScenario = 2 * (s.warmup() + s.seconds()) + 2 * 60 + 2 * 120 + 60;
        long limit = broker.equals("ceiling") ? (long) perXaScenario + 300
                : (long) ((s.jms() ? BenchRunner.SCENARIOS.size() * perScenario + s.pairsMaxSeconds()
                        + s.drainSeconds() : 0) + (s.xa() ? XaBench.SCENARIOS.size() * perXaScenario : 0)
                        + (s.backlog() ? 3600 : 0) + 300);
        if (!p.waitFor(limit, TimeUnit.SECONDS)) {
            BenchRunner.log("%s: child JVM still running after %d s, killing it", broker, limit);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return p.exitValue();
    }

    static String report(Settings s, Map<String, Properties> r) {
        Properties pa = r.getOrDefault("pactum", new Properties());
        Properties ar = r.getOrDefault("artemis", new Properties());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Pactum benchmark: %s vs %s%n", pa.getProperty("broker", "Pactum (not run)"),
                ar.getProperty("broker", "Artemis (not run)")));
        b.append(String.format(Locale.ROOT,
                "%d-byte BytesMessages, %.0f s per phase after %.0f s warm-up, journal sync on, loopback TCP%s%n%n",
                s.size(), s.seconds(), s.warmup(), s.quick() ? ", QUICK run" : ""));
        if (s.jms()) {
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s %10s%n", "scenario (producer msg/s)", "Pactum msg/s",
                    "Artemis msg/s", "P/A"));
            for (BenchRunner.Scenario sc : BenchRunner.SCENARIOS) {
                double p = num(pa, sc.key() + ".rate");
                double a = num(ar, sc.key() + ".rate");
                b.append(String.format(Locale.ROOT, "%-48s %14s %14s %10s%n", sc.title(), rate(pa, sc.key()),
                        rate(ar, sc.key()), p > 0 && a > 0 ? String.format(Locale.ROOT, "%.2f", p / a) : "-"));
            }
            b.append(String.format(Locale.ROOT, "%n%-48s %14s %14s %14s%n", "5 per message", "Pactum syncs", "Pactum CPU µs",
                    "Artemis CPU µs"));
            for (BenchRunner.Scenario sc : BenchRunner.SCENARIOS) {
                b.append(String.format(Locale.ROOT, "%-48s %14s %14s %14s%n", sc.title(),
                        sc.persistent() ? fmt(pa, sc.key() + ".syncsPerMsg", "%.4f") : "-",
                        fmt(pa, sc.key() + ".cpuUsPerMsg", "%.1f"), fmt(ar, sc.key() + ".cpuUsPerMsg", "%.1f")));
            }
            b.append(String.format(Locale.ROOT, "%n%-48s %14s %14s%n", "6 data dir after send+ack pairs", "Pactum",
                    "Artemis"));
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s%n", "pairs done (requested " + s.pairs() + ")",
                    pa.getProperty("pairs.sent", "-"), ar.getProperty("pairs.sent", "-")));
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s%n", "data dir, running (MiB)", mib(pa, "pairs.dirBytes"),
                    mib(ar, "pairs.dirBytes")));
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s%n", "data dir, after clean stop (MiB)",
                    mib(pa, "pairs.dirBytesAfterClose"), mib(ar, "pairs.dirBytesAfterClose")));
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s%n", "journal's own bytesOnDisk (MiB)",
                    mib(pa, "pairs.journalBytes"), "-"));
        }
        if (s.backlog()) {
            backlogReport(b, s, pa, ar);
        }
        if (s.xa()) {
            xaReport(b, r, pa, ar);
        }
        b.append(String.format(Locale.ROOT, "%nDetails (sent / received / producer msg/s / end-to-end msg/s; XA: committed / "
                + "failed / seconds / H2 rows / messages left on the queue (expected)):%n"));
        for (Map.Entry<String, Properties> e : r.entrySet()) {
            Properties p = e.getValue();
            for (BenchRunner.Scenario sc : BenchRunner.SCENARIOS) {
                String k = sc.key();
                if (p.containsKey(k + ".error")) {
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s ERROR %s%n", e.getKey(), sc.title(),
                            p.getProperty(k + ".error")));
                } else if (p.containsKey(k + ".sent")) {
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s %s / %s / %s / %s%s%n", e.getKey(), sc.title(),
                            p.getProperty(k + ".sent"), p.getProperty(k + ".received"), fmt(p, k + ".rate", "%.0f"),
                            fmt(p, k + ".e2eRate", "%.0f"),
                            Boolean.parseBoolean(p.getProperty(k + ".complete")) ? "" : "  CONSUMER DID NOT GET ALL"));
                }
            }
            for (XaBench.XaScenario sc : xaScenarios(e.getKey())) {
                String k = sc.key();
                if (p.containsKey(k + ".error")) {
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s ERROR %s%n", e.getKey(), sc.title(),
                            p.getProperty(k + ".error")));
                } else if (p.containsKey(k + ".committed")) {
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s %s / %s / %s / %s%s%n", e.getKey(), sc.title(),
                            p.getProperty(k + ".committed"), p.getProperty(k + ".failed"), fmt(p, k + ".seconds", "%.1f"),
                            p.getProperty(k + ".rows"), p.containsKey(k + ".messages")
                                    ? " / " + p.getProperty(k + ".messages") + " (" + p.getProperty(k + ".expectedMessages")
                                    + ")" : ""));
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s broker: %s%n", "", "", p.getProperty(k + ".jmsXa")));
                    b.append(String.format(Locale.ROOT, "  %-8s %-46s H2:     %s%n", "", "", p.getProperty(k + ".dbXa")));
                    if (p.containsKey(k + ".timesUs")) {
                        b.append(String.format(Locale.ROOT, "  %-8s %-46s µs: %s%n", "", "", p.getProperty(k + ".timesUs")));
                    }
                    if (p.containsKey(k + ".dry")) {
                        b.append(String.format(Locale.ROOT, "  %-8s %-46s %s%n", "", "", p.getProperty(k + ".dry")));
                    }
                    if (p.containsKey(k + ".warnings")) {
                        b.append(String.format(Locale.ROOT, "  %-8s %-46s WARNING %s%n", "", "",
                                p.getProperty(k + ".warnings")));
                    }
                }
            }
            if (p.containsKey("pairs.error")) {
                b.append(String.format(Locale.ROOT, "  %-8s pairs: ERROR %s%n", e.getKey(), p.getProperty("pairs.error")));
            }
            if (p.containsKey("error")) {
                b.append(String.format(Locale.ROOT, "  %-8s ERROR %s%n", e.getKey(), p.getProperty("error")));
            }
        }
        return b.toString();
    }

    /** Scenario 7: the backlog, broker heap as the child JVM's. */
    private static void backlogReport(StringBuilder b, Settings s, Properties pa, Properties ar) {
        b.append(String.format(Locale.ROOT, "%n%-48s %14s %14s%n", "7 backlog: " + (s.backlogBytes() >> 20) + " MiB wanted, heap "
                + (long) num(pa, "backlog.heap") / (1 << 20) + " MiB", "Pactum", "Artemis"));
        String[][] rows = {
                {"messages accepted", "backlog.sent", "%.0f", "1"},
                {"accept rate (msg/s)", "backlog.acceptRate", "%.0f", "1"},
                {"data dir with the backlog (MiB)", "backlog.dirBytes", "%.0f", "1048576"},
                {"restart with the backlog (s)", "backlog.restartSeconds", "%.1f", "1"},
                {"messages drained after the restart", "backlog.drained", "%.0f", "1"},
                {"drain rate (msg/s)", "backlog.drainRate", "%.0f", "1"},
                {"drain rate of an in-memory backlog (msg/s)", "backlog.memDrainRate", "%.0f", "1"},
                {"peak RSS of broker + client JVM (MiB)", "backlog.rssPeakKiB", "%.0f", "1024"},
        };
        for (String[] row : rows) {
            double div = Double.parseDouble(row[3]);
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s%n", row[0], scaled(pa, row[1], row[2], div),
                    scaled(ar, row[1], row[2], div)));
        }
        for (Map.Entry<String, Properties> e : Map.of("Pactum", pa, "Artemis", ar).entrySet()) {
            String why = e.getValue().getProperty("backlog.refused");
            if (why != null) {
                b.append(String.format(Locale.ROOT, "%s refused more: %s%n", e.getKey(), why));
            }
        }
    }

    private static String scaled(Properties p, String key, String format, double divisor) {
        double v = num(p, key);
        return v < 0 || p.getProperty(key) == null ? "-" : String.format(Locale.ROOT, format, v / divisor);
    }

    private static List<XaBench.XaScenario> xaScenarios(String child) {
        return child.equals("ceiling") ? List.of(XaBench.CEILING) : XaBench.SCENARIOS;
    }

    /** The XA section: tx/s per broker and scenario, P/A, the ceiling, and per-transaction syncs and CPU. */
    private static void xaReport(StringBuilder b, Map<String, Properties> r, Properties pa, Properties ar) {
        Properties ce = r.getOrDefault("ceiling", new Properties());
        b.append(String.format(Locale.ROOT, "%n%-48s %14s %14s %10s%n", "XA, two-phase via Narayana, broker + H2 (tx/s)",
                "Pactum tx/s", "Artemis tx/s", "P/A"));
        for (XaBench.XaScenario sc : XaBench.SCENARIOS) {
            double p = num(pa, sc.key() + ".rate");
            double a = num(ar, sc.key() + ".rate");
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s %10s%n", sc.title(), xaRate(pa, sc.key()),
                    xaRate(ar, sc.key()), p > 0 && a > 0 ? String.format(Locale.ROOT, "%.2f", p / a) : "-"));
        }
        b.append(String.format(Locale.ROOT, "%-48s %14s%n", XaBench.CEILING.title(), xaRate(ce, XaBench.CEILING.key())));
        b.append(String.format(Locale.ROOT, "%n%-48s %14s %14s %14s%n", "XA per transaction", "Pactum syncs",
                "Pactum CPU µs", "Artemis CPU µs"));
        for (XaBench.XaScenario sc : XaBench.SCENARIOS) {
            b.append(String.format(Locale.ROOT, "%-48s %14s %14s %14s%n", sc.title(),
                    fmt(pa, sc.key() + ".syncsPerTx", "%.3f"), fmt(pa, sc.key() + ".cpuUsPerTx", "%.1f"),
                    fmt(ar, sc.key() + ".cpuUsPerTx", "%.1f")));
        }
    }

    /** tx/s, with "!" where the phase's checks found something wrong (see the details). */
    private static String xaRate(Properties p, String key) {
        if (p.containsKey(key + ".error")) {
            return "error";
        }
        String v = fmt(p, key + ".rate", "%.0f");
        return v.equals("-") || Boolean.parseBoolean(p.getProperty(key + ".ok", "true")) ? v : v + "!";
    }

    private static String rate(Properties p, String key) {
        if (p.containsKey(key + ".error")) {
            return "error";
        }
        String v = fmt(p, key + ".rate", "%.0f");
        return v.equals("-") || Boolean.parseBoolean(p.getProperty(key + ".complete", "true")) ? v : v + "!";
    }

    private static double num(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? -1 : Double.parseDouble(v);
    }

    private static String fmt(Properties p, String key, String format) {
        String v = p.getProperty(key);
        return v == null ? "-" : String.format(Locale.ROOT, format, Double.parseDouble(v));
    }

    private static String mib(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", Long.parseLong(v) / 1048576.0);
    }

    private BrokerBench() {
    }
}
