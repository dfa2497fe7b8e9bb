package io.pactum.bench;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.jta.common.jtaPropertyManager;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.XASession;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static io.pactum.bench.BenchRunner.log;

/**
 * The XA scenarios: two-phase transactions over the broker's JMS XAResource and an H2 file database's XAResource,
 * coordinated by Narayana, all in the broker's child JVM. Each worker thread keeps its own XAConnection / XASession
 * to the broker and its own H2 XAConnection open for the whole phase; per transaction it begins, enlists both
 * resources, sends (or receives) one persistent message and inserts one row, delists both (TMSUCCESS) and commits.
 * Both resources do work, so Narayana prepares both (neither one-phase nor read-only); wrappers count what it did.
 *
 * <p>The ceiling runs the same loop with a do-nothing XAResource (prepare returns XA_OK) in place of the broker: it
 * is what Narayana (its synced object store) and H2 allow on this machine. See docs/benchmarks.md.
 */
final class XaBench {

    enum Kind { SEND, RECEIVE, NOOP }

    /** One XA scenario: what each transaction does besides the insert, and how many worker threads. */
    record XaScenario(String key, String title, Kind kind, int threads) {
    }

    static final List<XaScenario> SCENARIOS = List.of(
            new XaScenario("x1", "X1 XA send+insert, 1 thread", Kind.SEND, 1),
            new XaScenario("x2", "X2 XA send+insert, 8 threads", Kind.SEND, 8),
            new XaScenario("x3", "X3 XA receive+insert, 1 thread", Kind.RECEIVE, 1),
            new XaScenario("x4", "X4 XA receive+insert, 8 threads", Kind.RECEIVE, 8));

    /** Narayana + H2 + a do-nothing resource instead of the broker: the ceiling, once per run (its own child JVM). */
    static final XaScenario CEILING = new XaScenario("xc", "ceiling: Narayana + H2 + no-op XAResource, 1 thread",
            Kind.NOOP, 1);

    /** How long a receiving worker waits for a message before it takes the queue as empty. */
    private static final long RECEIVE_TIMEOUT_MS = 2000;
    /** A worker gives up after this many failed transactions in a row. */
    private static final int MAX_CONSECUTIVE_FAILURES = 10;
    /** At most this many messages are put on a queue before a receive+insert phase (broker memory). */
    private static final long MAX_PREFILL = 200_000;
    /** Messages per consumer that may sit in its prefetch buffer rather than be available to the others. */
    private static final long PREFETCH_ALLOWANCE = 1500;

    private final Settings settings;
    private final Target target; // null for the ceiling
    private final CpuMeter cpu; // null for the ceiling
    private final TransactionManager tm;
    private final JdbcDataSource db;
    private final Connection admin; // keeps the database open and counts rows
    private final byte[] payload;
    private final AtomicLong ids = new AtomicLong();
    /** Measured send+insert rate by thread count, to size the queue before the receive+insert phase. */
    private final Map<Integer, Double> sendRates = new HashMap<>();

    /**
     * Configures Narayana (object store under {@code dir}; everything else, the object store's sync included, at
     * Narayana's defaults) and opens the H2 file database under {@code dir}. Once per JVM: Narayana's configuration
     * is read when the transaction manager is first used.
     */
    XaBench(Settings settings, Target target, CpuMeter cpu, Path dir, String node, byte[] payload) throws Exception {
        this.settings = settings;
        this.target = target;
        this.cpu = cpu;
        this.payload = payload;
        String store = Files.createDirectories(dir.resolve("tx-store")).toString();
        arjPropertyManager.getObjectStoreEnvironmentBean().setObjectStoreDir(store);
        for (String name : new String[] {"communicationStore", "stateStore"}) {
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name).setObjectStoreDir(store);
        }
        arjPropertyManager.getCoreEnvironmentBean().setNodeIdentifier(node);
        arjPropertyManager.getCoordinatorEnvironmentBean().setDefaultTimeout(60); // Narayana's default, stated
        // a real deployment's settings: the resources are told the transaction timeout (xaTransactionTimeoutEnabled)
        jtaPropertyManager.getJTAEnvironmentBean().setXaTransactionTimeoutEnabled(true);
        log("Narayana: object store %s (type %s, sync %s), node %s, timeout %d s, 1PC optimisation %s, read-only "
                        + "optimisation %s", store, arjPropertyManager.getObjectStoreEnvironmentBean().getObjectStoreType(),
                arjPropertyManager.getObjectStoreEnvironmentBean().isObjectStoreSync(), node,
                arjPropertyManager.getCoordinatorEnvironmentBean().getDefaultTimeout(),
                arjPropertyManager.getCoordinatorEnvironmentBean().isCommitOnePhase(),
                arjPropertyManager.getCoordinatorEnvironmentBean().isReadonlyOptimisation());
        this.tm = com.arjuna.ats.jta.TransactionManager.transactionManager();

        this.db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + Files.createDirectories(dir.resolve("h2")).resolve("orders"));
        this.admin = db.getConnection();
        try (Statement s = admin.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders(id BIGINT PRIMARY KEY, body VARCHAR)");
        }
    }

    void close() {
        try {
            admin.close(); // the last connection: H2 closes the database
        } catch (SQLException e) {
            log("closing H2: %s", e);
        }
    }

    /** Runs the four XA scenarios (warm-up, then measured) against the broker and stores their figures. */
    void runAll(Properties out) {
        for (XaScenario s : SCENARIOS) {
            if (!settings.xaScenarioWanted(s.key())) {
                continue;
            }
            try {
                log("%s: warm-up %.0f s", s.title(), settings.warmup());
                XaResult w = phase(s, "bench." + s.key() + ".warmup", settings.warmup());
                log("%s warm-up: %s", s.title(), w);
                XaResult r = phase(s, "bench." + s.key(), settings.seconds());
                if (s.kind() == Kind.SEND && r.committed() > 0) {
                    sendRates.put(s.threads(), r.rate());
                }
                r.store(out, s.key());
                log("%s: %s", s.title(), r);
            } catch (Exception e) {
                BenchRunner.failed(s.title(), e);
                out.setProperty(s.key() + ".error", String.valueOf(e));
            }
        }
    }

    /** The ceiling: Narayana + H2 + a do-nothing XAResource, one thread, warm-up then measured. */
    void runCeiling(Properties out) {
        try {
            log("%s: warm-up %.0f s", CEILING.title(), settings.warmup());
            log("%s warm-up: %s", CEILING.title(), phase(CEILING, null, settings.warmup()));
            XaResult r = phase(CEILING, null, settings.seconds());
            r.store(out, CEILING.key());
            log("%s: %s", CEILING.title(), r);
        } catch (Exception e) {
            BenchRunner.failed(CEILING.title(), e);
            out.setProperty(CEILING.key() + ".error", String.valueOf(e));
        }
    }

    /** What Narayana did with one kind of resource during a phase (counted by {@link Counting}). */
    static final class XaCounts {
        final LongAdder prepareOk = new LongAdder();
        final LongAdder prepareReadOnly = new LongAdder();
        final LongAdder commit2pc = new LongAdder();
        final LongAdder commit1pc = new LongAdder();
        final LongAdder rollback = new LongAdder();
        /** Nanoseconds spent in the calls, to see where a transaction's time goes. */
        final LongAdder startNs = new LongAdder();
        final LongAdder endNs = new LongAdder();
        final LongAdder prepareNs = new LongAdder();
        final LongAdder commitNs = new LongAdder();
        /** The resource's own work (send or receive; insert), timed by the worker. */
        final LongAdder workNs = new LongAdder();

        @Override
        public String toString() {
            return String.format("prepare XA_OK %d, XA_RDONLY %d, commit 2PC %d, 1PC %d, rollback %d",
                    prepareOk.sum(), prepareReadOnly.sum(), commit2pc.sum(), commit1pc.sum(), rollback.sum());
        }

        /** Mean µs per committed transaction in start, the work, end, prepare and commit. */
        String times(long committed) {
            if (committed == 0) {
                return "-";
            }
            double n = committed * 1000.0;
            return String.format(java.util.Locale.ROOT, "start %.0f, work %.0f, end %.0f, prepare %.0f, commit %.0f",
                    startNs.sum() / n, workNs.sum() / n, endNs.sum() / n, prepareNs.sum() / n, commitNs.sum() / n);
        }
    }

    /** What one XA phase measured, and what its check found. */
    record XaResult(int threads, long committed, long failed, double seconds, long rows, long messages,
                    long expectedMessages, long prefilled, String dry, long syncs, long cpuNanos, String jms,
                    String db, String times, List<String> warnings, String firstFailure) {
        double rate() {
            return seconds > 0 ? committed / seconds : 0;
        }

        void store(Properties p, String key) {
            p.setProperty(key + ".threads", Integer.toString(threads));
            p.setProperty(key + ".committed", Long.toString(committed));
            p.setProperty(key + ".failed", Long.toString(failed));
            p.setProperty(key + ".seconds", Double.toString(seconds));
            p.setProperty(key + ".rate", Double.toString(rate()));
            p.setProperty(key + ".rows", Long.toString(rows));
            if (messages >= 0) {
                p.setProperty(key + ".messages", Long.toString(messages));
                p.setProperty(key + ".expectedMessages", Long.toString(expectedMessages));
            }
            if (prefilled > 0) {
                p.setProperty(key + ".prefilled", Long.toString(prefilled));
            }
            if (dry != null) {
                p.setProperty(key + ".dry", dry);
            }
            if (syncs >= 0 && committed > 0) {
                p.setProperty(key + ".syncsPerTx", Double.toString((double) syncs / committed));
            }
            if (cpuNanos >= 0 && committed > 0) {
                p.setProperty(key + ".cpuUsPerTx", Double.toString(cpuNanos / 1000.0 / committed));
            }
            p.setProperty(key + ".jmsXa", jms);
            p.setProperty(key + ".dbXa", db);
            p.setProperty(key + ".timesUs", times);
            p.setProperty(key + ".ok", Boolean.toString(warnings.isEmpty()));
            if (!warnings.isEmpty()) {
                p.setProperty(key + ".warnings", String.join("; ", warnings));
            }
            if (firstFailure != null) {
                p.setProperty(key + ".firstFailure", firstFailure);
            }
        }

        @Override
        public String toString() {
            return String.format("%d tx committed in %.2f s = %.0f tx/s (%d threads), %d failed; rows %d%s%s%s%s; "
                            + "broker: %s; H2: %s; µs per tx: %s%s", committed, seconds, rate(), threads, failed, rows,
                    messages >= 0 ? String.format(", messages left %d (expected %d)", messages, expectedMessages) : "",
                    dry != null ? ", " + dry : "",
                    syncs >= 0 && committed > 0 ? String.format(", %.3f syncs/tx", (double) syncs / committed) : "",
                    cpuNanos >= 0 && committed > 0
                            ? String.format(", broker CPU %.1f µs/tx", cpuNanos / 1000.0 / committed) : "",
                    jms, db, times, warnings.isEmpty() ? ", checks ok" : ", WARNINGS: " + String.join("; ", warnings));
        }
    }

    /** Shared state of the workers of one phase. */
    private static final class PhaseState {
        final LongAdder committed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicLong lastCommit = new AtomicLong();
        final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        final AtomicLong dryAt = new AtomicLong();
        final LongAdder emptyReceives = new LongAdder();
        /** Time in begin + enlisting, delisting, tm.commit() (both phases and Narayana's log), and all of it. */
        final LongAdder enlistNs = new LongAdder();
        final LongAdder delistNs = new LongAdder();
        final LongAdder commitNs = new LongAdder();
        final LongAdder txNs = new LongAdder();
        volatile boolean stop;
    }

    /** One worker's resources, kept open for the whole phase: broker XA connection + session, H2 XA connection. */
    private final class Worker {
        final jakarta.jms.XAConnection jmsConnection; // null for the ceiling
        final MessageProducer producer;
        final MessageConsumer consumer;
        final Session session;
        final XAResource jmsResource;
        final javax.sql.XAConnection dbConnection;
        final Connection dbHandle;
        final PreparedStatement insert;
        final XAResource dbResource;

        final XaCounts jmsCounts;
        final XaCounts dbCounts;

        Worker(XaScenario s, String queueName, XaCounts jmsCounts, XaCounts dbCounts) throws Exception {
            this.jmsCounts = jmsCounts;
            this.dbCounts = dbCounts;
            if (s.kind() == Kind.NOOP) {
                jmsConnection = null;
                session = null;
                producer = null;
                consumer = null;
                jmsResource = new Counting(new NoopResource(), jmsCounts);
            } else {
                jmsConnection = target.xaConnectionFactory().createXAConnection();
                XASession xs = jmsConnection.createXASession();
                session = xs.getSession();
                Queue queue = session.createQueue(queueName);
                if (s.kind() == Kind.SEND) {
                    producer = session.createProducer(queue);
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    consumer = null;
                } else {
                    producer = null;
                    consumer = session.createConsumer(queue);
                }
                jmsConnection.start();
                jmsResource = new Counting(xs.getXAResource(), jmsCounts);
            }
            dbConnection = db.getXAConnection();
            // one handle for the whole phase: H2 rolls back when a handle is closed, so it is closed only after
            // the last transaction completed; between transactions it is in auto-commit, idle
            dbHandle = dbConnection.getConnection();
            insert = dbHandle.prepareStatement("INSERT INTO orders(id, body) VALUES (?, ?)");
            dbResource = new Counting(dbConnection.getXAResource(), dbCounts);
        }

        void run(XaScenario s, long deadline, PhaseState st) {
            int consecutiveFailures = 0;
            while (!st.stop && System.nanoTime() < deadline) {
                long id = ids.incrementAndGet();
                try {
                    long txStart = System.nanoTime();
                    tm.begin();
                    Transaction tx = tm.getTransaction();
                    if (!tx.enlistResource(jmsResource) || !tx.enlistResource(dbResource)) {
                        throw new IllegalStateException("enlistResource returned false");
                    }
                    long before = System.nanoTime();
                    st.enlistNs.add(before - txStart);
                    if (s.kind() == Kind.SEND) {
                        BytesMessage m = session.createBytesMessage();
                        m.writeBytes(payload);
                        producer.send(m);
                    } else if (s.kind() == Kind.RECEIVE) {
                        Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                        if (m == null) { // the queue is empty, or what is left sits in other workers' prefetch
                            st.dryAt.compareAndSet(0, before);
                            st.emptyReceives.increment();
                            tm.rollback();
                            continue; // until the deadline: a phase's rate is taken up to its last commit
                        }
                    }
                    long afterWork = System.nanoTime();
                    jmsCounts.workNs.add(afterWork - before);
                    insert.setLong(1, id);
                    insert.setString(2, "order " + id);
                    if (insert.executeUpdate() != 1) {
                        throw new IllegalStateException("insert did not insert one row");
                    }
                    long afterInsert = System.nanoTime();
                    dbCounts.workNs.add(afterInsert - afterWork);
                    if (!tx.delistResource(jmsResource, XAResource.TMSUCCESS)
                            || !tx.delistResource(dbResource, XAResource.TMSUCCESS)) {
                        throw new IllegalStateException("delistResource returned false");
                    }
                    long beforeCommit = System.nanoTime();
                    st.delistNs.add(beforeCommit - afterInsert);
                    tm.commit();
                    long done = System.nanoTime();
                    st.commitNs.add(done - beforeCommit);
                    st.txNs.add(done - txStart);
                    st.committed.increment();
                    st.lastCommit.accumulateAndGet(System.nanoTime(), Math::max);
                    consecutiveFailures = 0;
                } catch (Throwable e) {
                    st.failed.increment();
                    st.firstFailure.compareAndSet(null, e);
                    rollbackQuietly();
                    if (++consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                        st.fatal.compareAndSet(null, e);
                        st.stop = true;
                        break;
                    }
                }
            }
        }

        /** After the last transaction completed: the broker connection, then the H2 handle and connection. */
        void close() {
            try {
                if (jmsConnection != null) {
                    jmsConnection.close();
                }
            } catch (Exception e) {
                log("closing an XA connection: %s", e);
            }
            try {
                insert.close();
                dbHandle.close();
                dbConnection.close();
            } catch (SQLException e) {
                log("closing an H2 XA connection: %s", e);
            }
        }
    }

    private void rollbackQuietly() {
        try {
            if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) {
                tm.rollback();
            }
        } catch (Exception e) {
            try {
                tm.suspend(); // leave the thread without a transaction whatever happened
            } catch (Exception ignored) {
                // nothing more to do
            }
        }
    }

    /**
     * One time-bounded XA phase on {@code queueName} (fresh): for receive+insert the queue is filled first (not
     * measured); then the workers run for {@code seconds}; then the checks (rows, messages left, what Narayana did).
     */
    private XaResult phase(XaScenario s, String queueName, double seconds) throws Exception {
        try (Statement st = admin.createStatement()) {
            st.execute("TRUNCATE TABLE orders");
        }
        long prefilled = 0;
        if (s.kind() == Kind.RECEIVE) {
            // twice what the same number of threads sent per second, plus what each consumer may hold in its
            // prefetch (about 1,000 messages of 1 KiB with Pactum's prefetch=1000 and Artemis' 1 MiB window), so
            // that no consumer runs out before the end of the phase
            double rate = sendRates.getOrDefault(s.threads(), 500.0 * s.threads());
            long n = Math.min(MAX_PREFILL, (long) (rate * seconds * 2) + s.threads() * PREFETCH_ALLOWANCE + 2000);
            long t0 = System.nanoTime();
            prefilled = prefill(queueName, n);
            log("  %s: %d messages put on the queue in %.1f s", s.key(), prefilled, (System.nanoTime() - t0) / 1e9);
        }
        XaCounts jmsCounts = new XaCounts();
        XaCounts dbCounts = new XaCounts();
        List<Worker> workers = new ArrayList<>();
        PhaseState st = new PhaseState();
        long start;
        long syncs0;
        long syncs1;
        Map<Long, Long> cpu0;
        Map<Long, Long> cpu1;
        try {
            for (int i = 0; i < s.threads(); i++) {
                workers.add(new Worker(s, queueName, jmsCounts, dbCounts));
            }
            syncs0 = target == null ? -1 : target.journalSyncs();
            cpu0 = cpu != null && cpu.supported() ? cpu.snapshot() : Map.of();
            start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            List<Thread> threads = new ArrayList<>();
            for (Worker w : workers) {
                Thread t = new Thread(() -> w.run(s, deadline, st), "bench-xa-" + s.key());
                threads.add(t);
                t.start();
            }
            long joinUntil = deadline + TimeUnit.SECONDS.toNanos(60 + RECEIVE_TIMEOUT_MS / 1000);
            for (Thread t : threads) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinUntil - System.nanoTime())));
            }
            st.stop = true;
            syncs1 = target == null ? -1 : target.journalSyncs();
            cpu1 = cpu != null && cpu.supported() ? cpu.snapshot() : Map.of();
            if (threads.stream().anyMatch(Thread::isAlive)) {
                throw new IllegalStateException("XA phase " + s.key() + ": a worker is stuck (a transaction has not "
                        + "completed 60 s after the end of the phase)");
            }
        } finally {
            for (Worker w : workers) {
                w.close();
            }
        }
        long committed = st.committed.sum();
        double secs = committed == 0 ? 0 : (st.lastCommit.get() - start) / 1e9;
        String dry = st.dryAt.get() == 0 ? null : String.format("%d receives found no message within %d ms, the "
                + "first %.1f s into the phase", st.emptyReceives.sum(), RECEIVE_TIMEOUT_MS, (st.dryAt.get() - start) / 1e9);

        List<String> warnings = new ArrayList<>();
        long rows = countRows();
        if (rows != committed) {
            warnings.add("H2 has " + rows + " rows, " + committed + " transactions committed");
        }
        long messages = -1;
        long expected = -1;
        if (s.kind() != Kind.NOOP) {
            messages = drain(queueName);
            expected = s.kind() == Kind.SEND ? committed : prefilled - committed;
            if (messages != expected) {
                warnings.add((s.kind() == Kind.SEND ? "the queue held " : "the queue still held ") + messages
                        + " messages, expected " + expected);
            }
        }
        if (dry != null) {
            warnings.add(dry + " (workers idled: the figure is low)");
        }
        long failed = st.failed.sum();
        if (failed > 0) {
            warnings.add(failed + " transactions failed, first: " + st.firstFailure.get());
        }
        for (Object[] rc : new Object[][] {{"broker", jmsCounts}, {"H2", dbCounts}}) {
            XaCounts c = (XaCounts) rc[1];
            if (c.prepareReadOnly.sum() > 0 || c.commit1pc.sum() > 0) {
                warnings.add(rc[0] + " resource: not plain two-phase (" + c + ")");
            }
            if (c.commit2pc.sum() != committed) {
                warnings.add(rc[0] + " resource: " + c.commit2pc.sum() + " two-phase commits for " + committed
                        + " transactions");
            }
        }
        if (st.fatal.get() != null) {
            warnings.add("a worker gave up after " + MAX_CONSECUTIVE_FAILURES + " failures in a row");
        }
        for (String w : warnings) {
            log("WARNING %s (%s): %s", s.key(), queueName == null ? "ceiling" : queueName, w);
        }
        if (st.firstFailure.get() != null) {
            BenchRunner.failed("the first failed transaction of " + s.key(), st.firstFailure.get());
        }
        return new XaResult(s.threads(), committed, failed, secs, rows, messages, expected, prefilled, dry,
                syncs0 >= 0 ? syncs1 - syncs0 : -1,
                cpu != null && cpu.supported() ? CpuMeter.delta(cpu0, cpu1) : -1, jmsCounts.toString(),
                dbCounts.toString(), times(st, jmsCounts, dbCounts, committed), warnings, st.firstFailure.get() == null ? null : st.firstFailure.get().toString());
    }

    /**
     * Where a committed transaction's time went, in mean µs: all of it; begin + enlisting (the resources' start,
     * and whatever else they do at enlistment); delisting (their end); tm.commit(), of which the resources' prepare
     * and commit, the rest being Narayana's (its log record, written and synced between the two phases); then each
     * resource's calls. Failed transactions are left out where they stopped, so with failures this is rough.
     */
    private static String times(PhaseState st, XaCounts jms, XaCounts db, long committed) {
        if (committed == 0) {
            return "-";
        }
        double n = committed * 1000.0;
        long resources = jms.prepareNs.sum() + jms.commitNs.sum() + db.prepareNs.sum() + db.commitNs.sum();
        return String.format(java.util.Locale.ROOT, "tx %.0f = begin+enlist %.0f + work %.0f + delist %.0f + "
                        + "tm.commit %.0f (Narayana's own %.0f); broker: %s; H2: %s", st.txNs.sum() / n,
                st.enlistNs.sum() / n, (jms.workNs.sum() + db.workNs.sum()) / n, st.delistNs.sum() / n,
                st.commitNs.sum() / n, (st.commitNs.sum() - resources) / n, jms.times(committed), db.times(committed));
    }

    private long countRows() throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Puts {@code n} persistent messages on the queue, non-XA, in transacted batches of 100. */
    private long prefill(String queueName, long n) throws Exception {
        try (jakarta.jms.Connection c = target.connectionFactory().createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(queueName));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            long sent = 0;
            while (sent < n) {
                int batch = (int) Math.min(100, n - sent);
                for (int i = 0; i < batch; i++) {
                    BytesMessage m = session.createBytesMessage();
                    m.writeBytes(payload);
                    producer.send(m);
                }
                session.commit();
                sent += batch;
            }
            return sent;
        }
    }

    /** Receives (and so removes) what is left on the queue, non-XA, in transacted batches; returns how many. */
    private long drain(String queueName) throws Exception {
        long hardDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (jakarta.jms.Connection c = target.connectionFactory().createConnection()) {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
            c.start();
            long n = 0;
            int inTx = 0;
            while (System.nanoTime() < hardDeadline) {
                Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                if (m == null) {
                    break;
                }
                n++;
                if (++inTx == 1000) {
                    session.commit();
                    inTx = 0;
                }
            }
            session.commit();
            return n;
        }
    }

    /** Counts what Narayana asks of a resource; otherwise only delegates (isSameRM unwraps the other side). */
    private static final class Counting implements XAResource {
        private final XAResource d;
        private final XaCounts c;

        Counting(XAResource d, XaCounts c) {
            this.d = d;
            this.c = c;
        }

        @Override
        public void start(Xid xid, int flags) throws XAException {
            long t = System.nanoTime();
            d.start(xid, flags);
            c.startNs.add(System.nanoTime() - t);
        }

        @Override
        public void end(Xid xid, int flags) throws XAException {
            long t = System.nanoTime();
            d.end(xid, flags);
            c.endNs.add(System.nanoTime() - t);
        }

        @Override
        public int prepare(Xid xid) throws XAException {
            long t = System.nanoTime();
            int r = d.prepare(xid);
            c.prepareNs.add(System.nanoTime() - t);
            (r == XA_RDONLY ? c.prepareReadOnly : c.prepareOk).increment();
            return r;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) throws XAException {
            long t = System.nanoTime();
            d.commit(xid, onePhase);
            c.commitNs.add(System.nanoTime() - t);
            (onePhase ? c.commit1pc : c.commit2pc).increment();
        }

        @Override
        public void rollback(Xid xid) throws XAException {
            c.rollback.increment();
            d.rollback(xid);
        }

        @Override
        public void forget(Xid xid) throws XAException {
            d.forget(xid);
        }

        @Override
        public Xid[] recover(int flag) throws XAException {
            return d.recover(flag);
        }

        @Override
        public boolean isSameRM(XAResource other) throws XAException {
            return d.isSameRM(other instanceof Counting w ? w.d : other);
        }

        @Override
        public int getTransactionTimeout() throws XAException {
            return d.getTransactionTimeout();
        }

        @Override
        public boolean setTransactionTimeout(int seconds) throws XAException {
            return d.setTransactionTimeout(seconds);
        }

        @Override
        public String toString() {
            return "Counting(" + d + ")";
        }
    }

    /** The ceiling's stand-in for the broker: does nothing, prepares XA_OK, a resource manager of its own. */
    private static final class NoopResource implements XAResource {
        private int timeout;

        @Override
        public void start(Xid xid, int flags) {
        }

        @Override
        public void end(Xid xid, int flags) {
        }

        @Override
        public int prepare(Xid xid) {
            return XA_OK;
        }

        @Override
        public void commit(Xid xid, boolean onePhase) {
        }

        @Override
        public void rollback(Xid xid) {
        }

        @Override
        public void forget(Xid xid) {
        }

        @Override
        public Xid[] recover(int flag) {
            return new Xid[0];
        }

        @Override
        public boolean isSameRM(XAResource other) {
            return other == this;
        }

        @Override
        public int getTransactionTimeout() {
            return timeout;
        }

        @Override
        public boolean setTransactionTimeout(int seconds) {
            timeout = seconds;
            return true;
        }
    }
}
