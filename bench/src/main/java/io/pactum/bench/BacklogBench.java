package io.pactum.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Scenario 7, the backlog (bounded memory): persistent messages into one queue with no consumer until
 * {@code bench.backlogBytes} (default 2 GiB) are queued or the broker refuses more, then a restart of the broker with
 * the backlog in place, then a drain. Run in a child JVM with a small heap ({@code -Xmx256m} unless
 * {@code bench.childJvmArgs} says otherwise), where broker and client share the process; the client's part of the
 * heap is small. Reports the accept and drain rates, the drain rate of a backlog small enough to stay in memory (for
 * comparison), the process's peak RSS ({@code VmHWM}), the data directory's size and the restart time.
 */
final class BacklogBench {
    private static final int BATCH = 100;
    /** The in-memory reference: a backlog that fits any broker's memory budget at 256 MiB. */
    private static final long IN_MEMORY_BYTES = 16L << 20;

    /** Stops the broker and starts it again on the same data; returns the new one. */
    interface Restart {
        Target restart(Target old) throws Exception;
    }

    private final Settings settings;
    private final byte[] payload;

    BacklogBench(Settings settings, byte[] payload) {
        this.settings = settings;
        this.payload = payload;
    }

    /** Returns the broker running at the end (the restarted one). */
    Target run(Target target, Restart restart, Properties out) throws Exception {
        out.setProperty("backlog.heap", Long.toString(Runtime.getRuntime().maxMemory()));
        long memMessages = IN_MEMORY_BYTES / settings.size();
        fill(target, "backlog-mem", memMessages, null, new long[1]);
        long t0 = System.nanoTime();
        long memDrained = drain(target, "backlog-mem", memMessages);
        out.setProperty("backlog.memDrainRate", Double.toString(memDrained / seconds(t0)));
        BenchRunner.log("backlog: in-memory reference drained %d in %.1f s", memDrained, seconds(t0));

        long wanted = settings.backlogBytes() / settings.size();
        StringBuilder refused = new StringBuilder();
        t0 = System.nanoTime();
        long[] lastCommit = {t0};
        long sent = fill(target, "backlog", wanted, refused, lastCommit);
        double fillSeconds = (lastCommit[0] - t0) / 1e9; // up to the last commit: a refusal may come after a wait
        out.setProperty("backlog.sent", Long.toString(sent));
        out.setProperty("backlog.acceptRate", Double.toString(sent / fillSeconds));
        if (!refused.isEmpty()) {
            out.setProperty("backlog.refused", refused.toString());
        }
        out.setProperty("backlog.dirBytes", Long.toString(BenchRunner.dirSize(target.dataDir())));
        out.setProperty("backlog.rssAfterFillKiB", Long.toString(peakRssKiB()));
        BenchRunner.log("backlog: %d messages (%d MiB) in %.1f s = %.0f msg/s%s; data dir %d MiB", sent,
                sent * settings.size() >> 20, fillSeconds, sent / fillSeconds,
                refused.isEmpty() ? "" : ", then refused: " + refused, BenchRunner.dirSize(target.dataDir()) >> 20);

        t0 = System.nanoTime();
        Target restarted = restart.restart(target);
        out.setProperty("backlog.restartSeconds", Double.toString(seconds(t0)));
        BenchRunner.log("backlog: restart with the backlog in place took %.1f s", seconds(t0));

        t0 = System.nanoTime();
        long drained = drain(restarted, "backlog", sent);
        out.setProperty("backlog.drained", Long.toString(drained));
        out.setProperty("backlog.drainRate", Double.toString(drained / seconds(t0)));
        out.setProperty("backlog.rssPeakKiB", Long.toString(peakRssKiB()));
        BenchRunner.log("backlog: drained %d of %d in %.1f s = %.0f msg/s; peak RSS %d MiB", drained, sent, seconds(t0),
                drained / seconds(t0), peakRssKiB() >> 10);
        return restarted;
    }

    /**
     * Sends up to {@code count} persistent messages in transactions of {@link #BATCH}; stops early when the broker
     * refuses a commit ({@code refused} gets why). Returns the messages committed; {@code lastCommit[0]} is set to
     * the time of the last commit that succeeded.
     */
    private long fill(Target target, String queue, long count, StringBuilder refused, long[] lastCommit)
            throws JMSException {
        long committed = 0;
        try (Connection c = target.connectionFactory().createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            Queue q = s.createQueue(queue);
            MessageProducer p = s.createProducer(q);
            while (committed < count) {
                int n = (int) Math.min(BATCH, count - committed);
                try {
                    for (int i = 0; i < n; i++) {
                        BytesMessage m = s.createBytesMessage();
                        m.writeBytes(payload);
                        p.send(m);
                    }
                    s.commit();
                    committed += n;
                    lastCommit[0] = System.nanoTime();
                } catch (JMSException e) {
                    if (refused == null) {
                        throw e;
                    }
                    Exception cause = e.getLinkedException() != null ? e.getLinkedException() : e;
                    refused.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
                    return committed;
                }
            }
        }
        return committed;
    }

    /** Receives {@code count} messages in transactions of {@link #BATCH}, or until none comes for 30 s. */
    private static long drain(Target target, String queue, long count) throws JMSException {
        long received = 0;
        try (Connection c = target.connectionFactory().createConnection()) {
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            c.start();
            while (received < count) {
                Message m = consumer.receive(30_000);
                if (m == null) {
                    break;
                }
                if (++received % BATCH == 0) {
                    s.commit();
                }
            }
            s.commit();
        }
        return received;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The process's peak resident set ({@code VmHWM} in /proc/self/status), or -1 where there is none. */
    static long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
