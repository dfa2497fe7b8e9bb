package io.pactum.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs every scenario against one broker, embedded in this JVM, and writes the figures as properties. Started by
 * {@link BrokerBench} in a child JVM per broker: {@code BenchRunner pactum|artemis RESULTS_FILE}.
 */
public final class BenchRunner {
    private static final System.Logger LOG = System.getLogger(BenchRunner.class.getName());

    /** One measured scenario: producers, persistence, transaction batch (0 = none). */
    record Scenario(String key, String title, int producers, boolean persistent, int txBatch) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("s1", "1 persistent sync sends, 1P+1C", 1, true, 0),
            new Scenario("s2", "2 persistent sync sends, 4P+1C", 4, true, 0),
            new Scenario("s3", "3 non-persistent sends, 1P+1C", 1, false, 0),
            new Scenario("s4", "4 transacted batches of 100 persistent, 1P+1C", 1, true, 100));

    private final Settings settings;
    private final Target target;
    private final CpuMeter cpu;
    private final byte[] payload;
    private final Properties out = new Properties();

    private BenchRunner(Settings settings, Target target, CpuMeter cpu) {
        this.settings = settings;
        this.target = target;
        this.cpu = cpu;
        this.payload = new byte[settings.size()];
        new Random(42).nextBytes(payload);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchRunner pactum|artemis|ceiling RESULTS_FILE");
            System.exit(2);
        }
        String broker = args[0];
        Path results = Path.of(args[1]);
        Settings settings = Settings.fromSystemProperties();
        Path work = Files.createDirectories(Path.of(settings.workDir()).toAbsolutePath());
        if (broker.equals("ceiling")) {
            System.exit(ceiling(settings, work, results));
        }
        Path data = Files.createTempDirectory(work, broker + "-data-");
        Path xaDir = settings.xa() ? Files.createTempDirectory(work, broker + "-xa-") : null;

        ThreadGroup brokerThreads = new ThreadGroup(broker + "-broker");
        Target target = inGroup(brokerThreads, () -> Target.start(broker, data));
        int status = 0;
        BenchRunner runner = new BenchRunner(settings, target, new CpuMeter(brokerThreads));
        try {
            runner.out.setProperty("broker", target.description());
            if (settings.jms()) {
                runner.runAll();
            }
            if (settings.backlog()) {
                target = new BacklogBench(settings, runner.payload).run(target, old -> {
                    inGroup(brokerThreads, () -> {
                        old.close();
                        return null;
                    }, 900);
                    return inGroup(brokerThreads, () -> Target.start(broker, data), 900);
                }, runner.out);
            }
            if (settings.xa()) {
                XaBench xa = new XaBench(settings, target, runner.cpu, xaDir, "bench-" + broker, runner.payload);
                try {
                    xa.runAll(runner.out);
                } finally {
                    xa.close();
                }
            }
        } catch (Throwable t) {
            failed("the " + broker + " run", t);
            runner.out.setProperty("error", String.valueOf(t));
            status = 1;
        } finally {
            try {
                Target last = target;
                inGroup(brokerThreads, () -> {
                    last.close();
                    return null;
                });
            } catch (Throwable t) {
                failed("stopping " + broker, t);
                status = 1;
            }
        }
        if (settings.jms()) {
            runner.out.setProperty("pairs.dirBytesAfterClose", Long.toString(dirSize(data)));
        }
        try (OutputStream o = Files.newOutputStream(results)) {
            runner.out.store(o, "BenchRunner " + broker);
        }
        deleteTree(data);
        if (xaDir != null) {
            deleteTree(xaDir);
        }
        Files.deleteIfExists(data.resolveSibling(data.getFileName() + "-broker.xml"));
        System.out.flush();
        // stray non-daemon threads of either broker or client library must not keep the JVM alive
        System.exit(status);
    }

    /** The XA ceiling, in a child JVM of its own without a broker: Narayana + H2 + a do-nothing resource. */
    private static int ceiling(Settings settings, Path work, Path results) throws Exception {
        Path xaDir = Files.createTempDirectory(work, "ceiling-xa-");
        Properties out = new Properties();
        byte[] payload = new byte[settings.size()];
        int status = 0;
        try {
            XaBench xa = new XaBench(settings, null, null, xaDir, "bench-ceiling", payload);
            try {
                xa.runCeiling(out);
            } finally {
                xa.close();
            }
        } catch (Throwable t) {
            failed("the XA ceiling run", t);
            out.setProperty("error", String.valueOf(t));
            status = 1;
        }
        try (OutputStream o = Files.newOutputStream(results)) {
            out.store(o, "BenchRunner ceiling");
        }
        deleteTree(xaDir);
        System.out.flush();
        return status;
    }

    private void runAll() throws Exception {
        for (Scenario s : SCENARIOS) {
            try {
                log("%s: warm-up %.0f s", s.title(), settings.warmup());
                phase(s, "bench." + s.key() + ".warmup", settings.warmup());
                Result r = phase(s, "bench." + s.key(), settings.seconds());
                r.store(out, s.key());
                log("%s: %s", s.title(), r);
            } catch (Exception e) {
                failed(s.title(), e);
                out.setProperty(s.key() + ".error", String.valueOf(e));
            }
        }
        log("broker threads whose CPU is counted: %s", cpu.describe());
        out.setProperty("brokerThreads", cpu.describe());
        try {
            pairs();
        } catch (Exception e) {
            failed("the send+ack pairs phase", e);
            out.setProperty("pairs.error", String.valueOf(e));
        }
    }

    /** What one phase measured. */
    record Result(long sent, long received, double producerSeconds, double e2eSeconds, long syncs, long cpuNanos,
                  boolean complete) {
        double rate() {
            return sent / producerSeconds;
        }

        double e2eRate() {
            return sent / e2eSeconds;
        }

        void store(Properties p, String key) {
            p.setProperty(key + ".sent", Long.toString(sent));
            p.setProperty(key + ".received", Long.toString(received));
            p.setProperty(key + ".rate", Double.toString(rate()));
            p.setProperty(key + ".e2eRate", Double.toString(e2eRate()));
            p.setProperty(key + ".complete", Boolean.toString(complete));
            if (syncs >= 0 && sent > 0) {
                p.setProperty(key + ".syncsPerMsg", Double.toString((double) syncs / sent));
            }
            if (cpuNanos >= 0 && sent > 0) {
                p.setProperty(key + ".cpuUsPerMsg", Double.toString(cpuNanos / 1000.0 / sent));
            }
        }

        @Override
        public String toString() {
            return String.format("sent %d in %.2f s = %.0f msg/s, received %d (%s) end-to-end %.0f msg/s%s%s", sent,
                    producerSeconds, rate(), received, complete ? "all" : "INCOMPLETE", e2eRate(),
                    syncs >= 0 && sent > 0 ? String.format(", %.4f syncs/msg", (double) syncs / sent) : "",
                    cpuNanos >= 0 && sent > 0 ? String.format(", broker CPU %.1f µs/msg", cpuNanos / 1000.0 / sent) : "");
        }
    }

    /**
     * One time-bounded phase: a consumer (AUTO_ACKNOWLEDGE, own connection) and {@code producers} producers (one
     * connection each) on a fresh queue. Producers send for {@code seconds} (and at most {@link
     * Settings#MAX_PER_PRODUCER}), never more than {@link Settings#WINDOW} ahead of the consumer; then the consumer
     * gets at most {@link Settings#drainSeconds()} to receive the rest.
     */
    private Result phase(Scenario s, String queueName, double seconds) throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicBoolean producersDone = new AtomicBoolean();
        AtomicLong lastReceipt = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Connection> connections = new ArrayList<>();
        try {
            Connection cc = target.connectionFactory().createConnection();
            connections.add(cc);
            Session cs = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = cs.createQueue(queueName);
            MessageConsumer consumer = cs.createConsumer(queue);
            cc.start();

            List<Session> ps = new ArrayList<>();
            for (int i = 0; i < s.producers(); i++) {
                Connection pc = target.connectionFactory().createConnection();
                connections.add(pc);
                ps.add(s.txBatch() > 0 ? pc.createSession(true, Session.SESSION_TRANSACTED)
                        : pc.createSession(false, Session.AUTO_ACKNOWLEDGE));
            }

            long syncs0 = target.journalSyncs();
            Map<Long, Long> cpu0 = cpu.supported() ? cpu.snapshot() : Map.of();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long hardDeadline = deadline + (long) (settings.drainSeconds() * 1e9);

            Thread consumerThread = new Thread(() -> {
                try {
                    while (System.nanoTime() < hardDeadline
                            && !(producersDone.get() && received.get() >= sent.get())) {
                        Message m = consumer.receive(100);
                        if (m != null) {
                            received.incrementAndGet();
                            lastReceipt.set(System.nanoTime());
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "bench-consumer");
            consumerThread.start();

            List<Thread> producerThreads = new ArrayList<>();
            AtomicLong producerEnd = new AtomicLong();
            for (Session session : ps) {
                Thread t = new Thread(() -> {
                    try {
                        produce(s, session, queue, sent, received, deadline, hardDeadline);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        producerEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                }, "bench-producer");
                producerThreads.add(t);
                t.start();
            }
            for (Thread t : producerThreads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()) + 1000));
            }
            producersDone.set(true);
            consumerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()) + 1000));
            long syncs1 = target.journalSyncs();
            Map<Long, Long> cpu1 = cpu.supported() ? cpu.snapshot() : Map.of();
            if (failure.get() != null) {
                throw new IllegalStateException("phase " + queueName + " failed", failure.get());
            }
            if (producerThreads.stream().anyMatch(Thread::isAlive) || consumerThread.isAlive()) {
                throw new IllegalStateException("phase " + queueName + ": a client thread is stuck");
            }
            long n = sent.get();
            double producerSeconds = (producerEnd.get() - start) / 1e9;
            double e2eSeconds = (Math.max(lastReceipt.get(), producerEnd.get()) - start) / 1e9;
            return new Result(n, received.get(), producerSeconds, e2eSeconds,
                    syncs0 >= 0 ? syncs1 - syncs0 : -1, cpu.supported() ? CpuMeter.delta(cpu0, cpu1) : -1,
                    received.get() >= n);
        } finally {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (Exception e) {
                    log("closing a connection: %s", e);
                }
            }
        }
    }

    private void produce(Scenario s, Session session, Queue queue, AtomicLong sent, AtomicLong received,
                         long deadline, long hardDeadline) throws Exception {
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(s.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        long mine = 0;
        int inTx = 0;
        while (mine < Settings.MAX_PER_PRODUCER) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            if (inTx == 0 && sent.get() - received.get() > Settings.WINDOW) {
                Thread.sleep(1); // the consumer is far behind: wait for it rather than fill the broker's memory
                continue;
            }
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(payload);
            producer.send(m);
            mine++;
            if (s.txBatch() > 0) {
                if (++inTx == s.txBatch()) {
                    session.commit();
                    sent.addAndGet(inTx);
                    inTx = 0;
                }
            } else {
                sent.incrementAndGet();
            }
        }
        if (inTx > 0) {
            session.commit(); // the last, partial batch counts too
            sent.addAndGet(inTx);
        }
        producer.close();
    }

    /**
     * Scenario 6: N persistent send+acknowledge pairs (transacted batches of 100 from one producer, one
     * AUTO_ACKNOWLEDGE consumer), bounded by bench.pairsMaxSeconds, then the data dir's size.
     */
    private void pairs() throws Exception {
        long target0 = settings.pairs();
        log("data dir after %d send+ack pairs (at most %.0f s)", target0, settings.pairsMaxSeconds());
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + (long) (settings.pairsMaxSeconds() * 1e9);
        long hardDeadline = deadline + (long) (settings.drainSeconds() * 1e9);
        try (Connection cc = target.connectionFactory().createConnection();
             Connection pc = target.connectionFactory().createConnection()) {
            Session cs = cc.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = cs.createQueue("bench.pairs");
            MessageConsumer consumer = cs.createConsumer(queue);
            cc.start();
            AtomicBoolean producerDone = new AtomicBoolean();
            Thread consumerThread = new Thread(() -> {
                try {
                    while (System.nanoTime() < hardDeadline
                            && !(producerDone.get() && received.get() >= sent.get())) {
                        if (consumer.receive(100) != null) {
                            received.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "bench-pairs-consumer");
            consumerThread.start();
            Session session = pc.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long nextLog = System.nanoTime() + 10_000_000_000L;
            try {
                while (sent.get() < target0 && System.nanoTime() < deadline && failure.get() == null) {
                    if (sent.get() - received.get() > Settings.WINDOW) {
                        Thread.sleep(1);
                        continue;
                    }
                    int batch = (int) Math.min(100, target0 - sent.get());
                    for (int i = 0; i < batch; i++) {
                        BytesMessage m = session.createBytesMessage();
                        m.writeBytes(payload);
                        producer.send(m);
                    }
                    session.commit();
                    sent.addAndGet(batch);
                    if (System.nanoTime() > nextLog) {
                        log("  %d pairs sent, %d received", sent.get(), received.get());
                        nextLog += 10_000_000_000L;
                    }
                }
            } finally {
                producerDone.set(true);
            }
            consumerThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()) + 1000));
            if (failure.get() != null) {
                throw new IllegalStateException("pairs failed", failure.get());
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Thread.sleep(1000); // let the last acknowledgements reach the journal
        long dir = dirSize(target.dataDir());
        out.setProperty("pairs.requested", Long.toString(target0));
        out.setProperty("pairs.sent", Long.toString(sent.get()));
        out.setProperty("pairs.received", Long.toString(received.get()));
        out.setProperty("pairs.seconds", Double.toString(secs));
        out.setProperty("pairs.dirBytes", Long.toString(dir));
        if (target.journalBytes() >= 0) {
            out.setProperty("pairs.journalBytes", Long.toString(target.journalBytes()));
        }
        log("  %d pairs (%d received) in %.1f s; data dir %d bytes", sent.get(), received.get(), secs, dir);
    }

    static long dirSize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted while we walked
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind under target/, removed by mvn clean
                }
            });
        } catch (IOException e) {
            // as above
        }
    }

    interface Action<T> {
        T run() throws Exception;
    }

    /** Runs {@code action} on a thread of {@code group}, so that the threads it starts belong to that group. */
    static <T> T inGroup(ThreadGroup group, Action<T> action) throws Exception {
        return inGroup(group, action, 120);
    }

    /** The same, waiting up to {@code seconds} (a restart with a large backlog may take long). */
    static <T> T inGroup(ThreadGroup group, Action<T> action, long seconds) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(group, () -> {
            try {
                result.set(action.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, group.getName() + "-control");
        t.start();
        t.join(seconds * 1000);
        if (t.isAlive()) {
            throw new IllegalStateException(group.getName() + ": start or stop took over " + seconds + " s");
        }
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
        System.out.flush();
    }

    /** A failure the run reports and survives: logged with what failed and its stack trace. */
    static void failed(String what, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, what + " failed", t);
    }
}
