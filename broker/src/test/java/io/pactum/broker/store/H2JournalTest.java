package io.pactum.broker.store;

import io.pactum.broker.store.JournalRecord.AddMessage;
import io.pactum.broker.store.JournalRecord.AddQueue;
import io.pactum.broker.store.JournalRecord.AddRef;
import io.pactum.broker.store.JournalRecord.CommitPrepared;
import io.pactum.broker.store.JournalRecord.Prepare;
import io.pactum.broker.store.JournalRecord.PutMeta;
import io.pactum.broker.store.JournalRecord.RemoveMeta;
import io.pactum.broker.store.JournalRecord.RemoveQueue;
import io.pactum.broker.store.JournalRecord.RemoveRef;
import io.pactum.broker.store.JournalRecord.RollbackPrepared;
import io.pactum.broker.store.JournalRecord.UpdateDeliveryCount;
import io.pactum.broker.store.RecoveredState.RecoveredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H2JournalTest {
    private static final long SMALL = 128 * 1024;

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void ok(CompletableFuture<Void> f) {
        f.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    private RecoveredState reopen(H2Journal j) {
        return reopen(j, dir);
    }

    private static RecoveredState reopen(H2Journal j, Path where) {
        j.close();
        try (H2Journal again = H2Journal.open(where, true, SMALL)) {
            return withBodiesRead(again.recovered());
        }
    }

    /** The state with every body read while the journal is open, so the test may look at it after closing. */
    private static RecoveredState withBodiesRead(RecoveredState s) {
        Map<String, List<RecoveredMessage>> messages = new LinkedHashMap<>();
        s.messages().forEach((q, list) -> messages.put(q, list.stream().map(m -> {
            byte[] body = m.data();
            return new RecoveredMessage(m.messageId(), m.deliveryCount(), id -> body);
        }).toList()));
        return new RecoveredState(s.queues(), messages, s.prepared(), s.meta(), s.maxMessageId(), s.cleanShutdown());
    }

    private static List<Long> ids(RecoveredState s, String queue) {
        return s.messages().getOrDefault(queue, List.of()).stream().map(RecoveredMessage::messageId).toList();
    }

    @Test
    void recoveredBodiesReadInOrderAcrossSegmentsQueuesAndGapsAreTheRightOnes() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        j.write(List.of(new AddQueue("a", null), new AddQueue("b", null))).join();
        Map<Long, byte[]> bodies = new java.util.HashMap<>();
        java.util.Random r = new java.util.Random(7);
        for (long id = 1; id <= 3000; id++) {
            byte[] body = new byte[50 + r.nextInt(400)];
            r.nextBytes(body);
            bodies.put(id, body);
            // interleaved queues, so each queue's ids have gaps in every segment
            ok(j.write(List.of(new AddMessage(id, body), new AddRef(id % 3 == 0 ? "b" : "a", id, 0))));
            if (id % 7 == 0) { // acknowledged: a hole in its queue
                ok(j.write(List.of(new RemoveRef(id % 3 == 0 ? "b" : "a", id))));
                bodies.remove(id);
            }
        }
        j.close();
        try (H2Journal again = H2Journal.open(dir, true, SMALL)) {
            long segments;
            try (Stream<Path> files = Files.list(dir)) {
                segments = files.filter(f -> f.getFileName().toString().endsWith(SegmentStore.SEGMENT_SUFFIX)).count();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertTrue(segments > 3, "several segments: " + segments);
            RecoveredState s = again.recovered();
            int n = 0;
            for (String q : List.of("a", "b", "a")) { // a queue read twice starts over from its first id
                for (RecoveredMessage m : s.messages().get(q)) {
                    assertArrayEquals(bodies.get(m.messageId()), m.data(), "body of " + m.messageId());
                    n++;
                }
            }
            assertEquals(bodies.size() + s.messages().get("a").size(), n);
        }
    }

    @Test
    void lazyWritesKeepTheirOrderAndBecomeDurable() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        j.recovered();
        ok(j.write(List.of(new JournalRecord.AddQueue("q", null))));
        int pairs = 40;
        for (int i = 1; i <= pairs; i++) {
            ok(j.write(List.of(new JournalRecord.AddMessage(i, b("m" + i)), new JournalRecord.AddRef("q", i, 0))));
        }
        for (int i = 1; i <= pairs; i++) {
            // an acknowledgement nobody waits for, then the next send somebody waits for
            j.writeLazily(List.of(new JournalRecord.RemoveRef("q", i)));
            ok(j.write(List.of(new JournalRecord.AddMessage(1000 + i, b("n" + i)), new JournalRecord.AddRef("q", 1000 + i, 0))));
        }
        j.writeLazily(List.of(new JournalRecord.RemoveRef("q", 1000 + pairs)));
        RecoveredState s = reopen(j);
        List<Long> expected = new java.util.ArrayList<>();
        for (int i = 1; i < pairs; i++) {
            expected.add(1000L + i);
        }
        assertEquals(expected, ids(s, "q"), "every lazy removal applied, the last one flushed by close");
    }

    @Test
    void firstStartIsEmptyAndNotClean() {
        try (H2Journal j = H2Journal.open(dir, true, SMALL)) {
            RecoveredState s = j.recovered();
            assertTrue(s.queues().isEmpty());
            assertTrue(s.messages().isEmpty());
            assertTrue(s.prepared().isEmpty());
            assertTrue(s.meta().isEmpty());
            assertEquals(0, s.maxMessageId());
            assertFalse(s.cleanShutdown());
            assertThrows(IllegalStateException.class, j::recovered);
        }
    }

    @Test
    void cleanShutdownOnlyAfterClose() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        ok(j.write(new AddQueue("q", null)));
        j.close();
        H2Journal j2 = H2Journal.open(dir, true, SMALL);
        assertTrue(j2.recovered().cleanShutdown());
        j2.crashForTest(); // the flag was cleared durably at open
        H2Journal j3 = H2Journal.open(dir, true, SMALL);
        assertFalse(j3.recovered().cleanShutdown());
        ok(j3.write(new PutMeta("x", b("y"))));
        j3.crashForTest();
        try (H2Journal j4 = H2Journal.open(dir, true, SMALL)) {
            RecoveredState s = j4.recovered();
            assertFalse(s.cleanShutdown());
            assertArrayEquals(b("y"), s.meta().get("x"));
            assertTrue(s.queues().containsKey("q"));
        }
    }

    @Test
    void everyRecordTypeSurvivesReopen() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        ok(j.write(List.of(new AddQueue("a", b("meta-a")), new AddQueue("b", null), new AddQueue("gone", b("g")))));
        ok(j.write(List.of(new AddMessage(1, b("one")), new AddRef("a", 1, 0), new AddRef("b", 1, 2))));
        ok(j.write(List.of(new AddMessage(2, b("two")), new AddRef("a", 2, 0))));
        ok(j.write(List.of(new AddMessage(3, b("three")), new AddRef("gone", 3, 0))));
        ok(j.write(new UpdateDeliveryCount("a", 2, 5)));
        ok(j.write(new RemoveRef("b", 1)));
        ok(j.write(new RemoveQueue("gone")));
        ok(j.write(List.of(new PutMeta("k1", b("v1")), new PutMeta("k2", b("v2")))));
        ok(j.write(new PutMeta("k1", b("v1b"))));
        ok(j.write(new RemoveMeta("k2")));
        ok(j.write(new AddQueue("a", b("meta-a2"))));
        RecoveredState s = reopen(j);
        assertEquals(List.of("a", "b"), new ArrayList<>(s.queues().keySet()));
        assertArrayEquals(b("meta-a2"), s.queues().get("a"));
        assertNull(s.queues().get("b"));
        assertEquals(List.of(1L, 2L), ids(s, "a"));
        assertEquals(List.of(), ids(s, "b"));
        assertFalse(s.messages().containsKey("gone"));
        RecoveredMessage m1 = s.messages().get("a").get(0);
        RecoveredMessage m2 = s.messages().get("a").get(1);
        assertArrayEquals(b("one"), m1.data());
        assertEquals(0, m1.deliveryCount());
        assertArrayEquals(b("two"), m2.data());
        assertEquals(5, m2.deliveryCount());
        assertEquals(Map.of("k1", "v1b"), s.meta().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new String(e.getValue(), StandardCharsets.UTF_8))));
        assertEquals(3, s.maxMessageId());
        assertTrue(s.cleanShutdown());
    }

    @Test
    void refCountingDropsBodyWithLastRefAndMoveInOneBatchKeepsIt() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        ok(j.write(List.of(new AddQueue("a", null), new AddQueue("b", null), new AddQueue("dlq", null))));
        ok(j.write(List.of(new AddMessage(10, b("ten")), new AddRef("a", 10, 0), new AddRef("b", 10, 0))));
        ok(j.write(new RemoveRef("a", 10)));
        // still referenced by b: an AddRef to it is valid
        ok(j.write(new AddRef("a", 10, 1)));
        ok(j.write(List.of(new RemoveRef("a", 10), new RemoveRef("b", 10))));
        // body gone with its last ref: a new ref to it is refused
        CompletionException e = assertThrows(CompletionException.class, () -> ok(j.write(new AddRef("a", 10, 0))));
        assertInstanceOf(JournalException.class, e.getCause());
        // a move (remove + add in one batch) keeps the body
        ok(j.write(List.of(new AddMessage(11, b("eleven")), new AddRef("a", 11, 0))));
        ok(j.write(List.of(new RemoveRef("a", 11), new AddRef("dlq", 11, 3))));
        // a body may come before its ref, in an earlier batch
        ok(j.write(new AddMessage(12, b("twelve"))));
        ok(j.write(new AddRef("b", 12, 0)));
        RecoveredState s = reopen(j);
        assertEquals(List.of(), ids(s, "a"));
        assertEquals(List.of(12L), ids(s, "b"));
        assertEquals(List.of(11L), ids(s, "dlq"));
        assertArrayEquals(b("eleven"), s.messages().get("dlq").get(0).data());
        assertEquals(3, s.messages().get("dlq").get(0).deliveryCount());
        assertEquals(12, s.maxMessageId());
    }

    @Test
    void maxMessageIdSurvivesDeletionOfEverything() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        byte[] body = new byte[2000];
        for (long id = 1; id <= 400; id++) {
            ok(j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j.write(new RemoveRef("q", id)));
        }
        RecoveredState s = reopen(j);
        assertEquals(400, s.maxMessageId());
        assertEquals(List.of(), ids(s, "q"));
        assertFalse(s.queues().containsKey("q")); // implicit queue: not reported as created
    }

    @Test
    void invalidBatchFailsAloneAndLeavesNothing() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        ok(j.write(new AddQueue("q", null)));
        CompletableFuture<Void> f1 = j.write(List.of(new AddMessage(1, b("1")), new AddRef("q", 1, 0)));
        CompletableFuture<Void> bad = j.write(List.of(new AddMessage(2, b("2")), new AddRef("q", 2, 0),
                new AddRef("q", 99, 0)));
        CompletableFuture<Void> nested = j.write(new Prepare(b("x"), List.of(new Prepare(b("y"), List.of()))));
        CompletableFuture<Void> f3 = j.write(List.of(new AddMessage(3, b("3")), new AddRef("q", 3, 0)));
        ok(f1);
        ok(f3);
        assertTrue(bad.isCompletedExceptionally());
        assertTrue(nested.isCompletedExceptionally());
        assertFalse(j.isFailed());
        RecoveredState s = reopen(j);
        assertEquals(List.of(1L, 3L), ids(s, "q"));
        assertTrue(s.prepared().isEmpty());
    }

    @Test
    void futuresCompleteInCallOrderAndAreGroupCommitted() throws Exception {
        try (H2Journal j = H2Journal.open(dir, true, SMALL)) {
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                CompletableFuture<Void> f = j.write(List.of(new AddMessage(i + 1, new byte[100]),
                        new AddRef("q", i + 1, 0)));
                f.thenRun(() -> order.add(n));
                fs.add(f);
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> order.size() == 2000);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                expected.add(i);
            }
            assertTrue(expected.equals(order), "futures completed out of call order");
            JournalStats st = j.stats();
            assertEquals(2000, st.batches());
            assertEquals(4000, st.records());
            assertTrue(st.syncs() < 2000, "group commit: fewer syncs than batches, got " + st.syncs());
            assertTrue(st.bytesOnDisk() > 0);
        }
    }

    @Test
    void concurrentWritersAllSurvive() throws Exception {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        int threads = 8;
        int per = 300;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * per;
            ts.add(start(() -> {
                for (int i = 1; i <= per; i++) {
                    long id = base + i;
                    ok(j.write(List.of(new AddMessage(id, new byte[300]), new AddRef("q", id, 0))));
                    if (i % 2 == 0) {
                        ok(j.write(new RemoveRef("q", id)));
                    }
                }
            }));
        }
        for (Thread t : ts) {
            t.join();
        }
        RecoveredState s = reopen(j);
        List<Long> expected = new ArrayList<>();
        for (long id = 1; id <= threads * per; id++) {
            if (((id - 1) % per + 1) % 2 == 1) {
                expected.add(id);
            }
        }
        assertEquals(expected, ids(s, "q"));
    }

    @Test
    void aLoneCallerWritesInItsOwnThread() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        j.recovered();
        ok(j.write(List.of(new AddQueue("q", null))));
        int doneOnReturn = 0;
        for (long i = 1; i <= 50; i++) {
            // the writer thread may still be finishing the previous round (it completed the future, then unlocks)
            await().atMost(Duration.ofSeconds(10)).until(() -> !j.writing());
            CompletableFuture<Void> f = j.writeInCaller(List.of(new AddMessage(i, b("m" + i)), new AddRef("q", i, 0)));
            if (f.isDone()) {
                doneOnReturn++;
            }
            ok(f);
        }
        // with nobody else writing, only the writer thread's idle check (every 500 ms) can get in the way
        assertTrue(doneOnReturn >= 48, "writes done by the caller itself: " + doneOnReturn);
        assertEquals(50, ids(reopen(j), "q").size());
    }

    @Test
    void callersAndTheWriterThreadKeepEveryThreadsOrder() throws Exception {
        H2Journal j = H2Journal.open(new H2Journal.JournalConfig(dir, true, SMALL, 16 * 1024));
        j.recovered();
        ok(j.write(List.of(new AddQueue("q", null))));
        int threads = 8;
        int each = 300;
        List<List<Long>> completed = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        List<CompletableFuture<Void>> last = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            List<Long> order = Collections.synchronizedList(new ArrayList<>());
            completed.add(order);
            int base = t * each;
            Thread w = new Thread(() -> {
                CompletableFuture<Void> f = null;
                for (int i = 1; i <= each; i++) {
                    long id = base + i;
                    List<JournalRecord> recs = List.of(new AddMessage(id, b("m" + id)), new AddRef("q", id, 0));
                    f = switch (i % 3) {
                        case 0 -> j.writeInCaller(recs);
                        case 1 -> j.write(recs);
                        default -> {
                            j.writeLazily(recs);
                            yield CompletableFuture.completedFuture(null);
                        }
                    };
                    if (i % 3 != 2) {
                        f.thenRun(() -> order.add(id));
                    }
                    if (i % 7 == 0) {
                        j.writeInCaller(List.of(new RemoveRef("q", id - 1)));
                    }
                }
                last.add(j.writeInCaller(List.of(new PutMeta("done-" + base, b("x")))));
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        last.forEach(H2JournalTest::ok);
        for (List<Long> order : completed) {
            List<Long> sorted = new ArrayList<>(order);
            Collections.sort(sorted);
            assertEquals(sorted, order, "futures of one thread complete in the order of its calls");
        }
        j.crashForTest();
        try (H2Journal again = H2Journal.open(dir, true, SMALL)) {
            RecoveredState s = again.recovered();
            List<Long> expected = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 1; i <= each; i++) {
                    long id = t * each + i;
                    if ((i + 1) % 7 != 0 || i == each) { // the write of i + 1 removed i when (i + 1) % 7 == 0
                        expected.add(id);
                    }
                }
                assertArrayEquals(b("x"), s.meta().get("done-" + t * each));
            }
            assertEquals(expected, ids(s, "q"));
        }
    }

    @Test
    void writesConfirmedAfterTheLastCheckpointAreReplayedFromTheRedoLog() {
        H2Journal.JournalConfig noCheckpoint = new H2Journal.JournalConfig(dir, true, SMALL, 64L << 20);
        H2Journal j = H2Journal.open(noCheckpoint);
        j.recovered();
        ok(j.write(List.of(new AddQueue("q", b("meta")))));
        for (long i = 1; i <= 50; i++) {
            ok(j.write(List.of(new AddMessage(i, b("m" + i)), new AddRef("q", i, 0))));
        }
        ok(j.write(List.of(new RemoveRef("q", 3))));
        ok(j.write(List.of(new UpdateDeliveryCount("q", 4, 2))));
        ok(j.write(List.of(new PutMeta("k", b("v")))));
        byte[] open = {9};
        byte[] done = {8};
        ok(j.write(new Prepare(open, List.of(new AddMessage(100, b("x")), new AddRef("q", 100, 0),
                new RemoveRef("q", 5)))));
        ok(j.write(new Prepare(done, List.of(new AddMessage(101, b("y")), new AddRef("q", 101, 0)))));
        ok(j.write(new CommitPrepared(done)));
        j.crashForTest();

        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 50; i++) {
            if (i != 3) {
                expected.add(i);
            }
        }
        expected.add(101L);
        for (int round = 0; round < 2; round++) { // the second open replays nothing: the first checkpointed it all
            H2Journal again = H2Journal.open(noCheckpoint);
            RecoveredState s = again.recovered();
            assertEquals(round == 0 ? 57 : 0, again.replayedAtOpen());
            assertFalse(s.cleanShutdown());
            assertArrayEquals(b("meta"), s.queues().get("q"));
            assertEquals(expected, ids(s, "q"));
            assertEquals(2, s.messages().get("q").get(2).deliveryCount()); // message 4
            assertArrayEquals(b("y"), s.messages().get("q").get(49).data()); // message 101
            assertArrayEquals(b("v"), s.meta().get("k"));
            assertEquals(List.of(RecoveredState.Xid.hex(open)), new ArrayList<>(s.prepared().keySet()));
            assertEquals(101, s.maxMessageId());
            again.crashForTest();
        }
    }

    @Test
    void preparedBranchesStayUnappliedUntilOutcome() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        byte[] x1 = {1, 2, 3};
        byte[] x2 = {4, 5};
        byte[] x3 = {6};
        ok(j.write(List.of(new AddQueue("q", null), new AddMessage(1, b("acked-in-tx")), new AddRef("q", 1, 0))));
        ok(j.write(new Prepare(x1, List.of(new AddMessage(5, b("five")), new AddRef("q", 5, 0),
                new RemoveRef("q", 1), new PutMeta("m", b("v"))))));
        ok(j.write(new Prepare(x2, List.of(new AddMessage(7, b("seven")), new AddRef("q", 7, 0)))));
        ok(j.write(new Prepare(x3, List.of(new AddRef("q2", 1, 0)))));
        j.crashForTest();

        H2Journal j2 = H2Journal.open(dir, true, SMALL);
        RecoveredState s = j2.recovered();
        assertEquals(7, s.maxMessageId());
        assertEquals(List.of(1L), ids(s, "q"));
        assertEquals(3, s.prepared().size());
        RecoveredState.PreparedBranch b1 = s.prepared().get(RecoveredState.Xid.hex(x1));
        assertArrayEquals(x1, b1.xid());
        assertEquals(4, b1.records().size());
        assertInstanceOf(AddMessage.class, b1.records().get(0));
        assertArrayEquals(b("five"), ((AddMessage) b1.records().get(0)).data());
        assertEquals(new RemoveRef("q", 1), b1.records().get(2));
        assertTrue(s.meta().isEmpty());

        ok(j2.write(new CommitPrepared(x1)));
        ok(j2.write(new RollbackPrepared(x2)));
        ok(j2.write(new CommitPrepared(b("unknown")))); // no-op
        s = reopen(j2);
        assertEquals(List.of(5L), ids(s, "q"));
        assertArrayEquals(b("v"), s.meta().get("m"));
        // message 1 lost its last committed ref, but branch x3 still refers to it
        assertEquals(List.of(RecoveredState.Xid.hex(x3)), new ArrayList<>(s.prepared().keySet()));
        assertEquals(7, s.maxMessageId(), "rolled-back ids stay used");

        H2Journal j3 = H2Journal.open(dir, true, SMALL);
        j3.recovered();
        ok(j3.write(new CommitPrepared(x3)));
        s = reopen(j3);
        assertEquals(List.of(1L), ids(s, "q2"));
        assertArrayEquals(b("acked-in-tx"), s.messages().get("q2").get(0).data());
        assertTrue(s.prepared().isEmpty());
    }

    @Test
    void ioFailureFailsThatAndEveryLaterWrite() throws IOException {
        Path d = dir.resolve("data");
        H2Journal j = H2Journal.open(d, true, 64 * 1024);
        ok(j.write(new AddQueue("q", null)));
        deleteTree(d);
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        // rotation needs a new file in the (gone) directory: the journal must fail, not hang
        for (int i = 1; i <= 2000 && !j.isFailed(); i++) {
            CompletableFuture<Void> f = j.write(List.of(new AddMessage(i, new byte[1000]), new AddRef("q", i, 0)));
            fs.add(f);
            f.handle((v, t) -> null).join();
        }
        await().atMost(Duration.ofSeconds(30)).until(j::isFailed);
        CompletableFuture<Void> later = j.write(new PutMeta("k", b("v")));
        CompletionException e = assertThrows(CompletionException.class,
                () -> later.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
        assertInstanceOf(JournalException.class, e.getCause());
        j.close();
    }

    @Test
    void openOnUnusablePathFails() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThrows(JournalException.class, () -> H2Journal.open(file, true, SMALL));
    }

    @Test
    void writesAfterCloseFail() {
        H2Journal j = H2Journal.open(dir, true, SMALL);
        j.close();
        CompletableFuture<Void> f = j.write(new PutMeta("k", b("v")));
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(JournalException.class, e.getCause());
    }

    @Test
    void rotationKeepsDirBoundedAndEverythingLiveSurvives() throws IOException {
        H2Journal j = H2Journal.open(dir, false, SMALL); // sync=false: only speed; the layout is the same
        ok(j.write(List.of(new AddQueue("q", b("m")), new PutMeta("identity", b("broker-1")))));
        byte[] body = new byte[1024];
        List<Long> backlog = new ArrayList<>();
        long maxSegments = 0;
        long maxBytes = 0;
        int window = 20;
        for (long id = 1; id <= 6000; id++) {
            body[0] = (byte) id;
            ok(j.write(List.of(new AddMessage(id, body.clone()), new AddRef("q", id, 0))));
            if (id % 500 == 0) {
                backlog.add(id); // never acknowledged: must be carried forward through every rotation
            }
            long old = id - window;
            if (old > 0 && old % 500 != 0) {
                ok(j.write(new RemoveRef("q", old)));
            }
            if (id > 2000) {
                maxSegments = Math.max(maxSegments, segmentCount());
                maxBytes = Math.max(maxBytes, j.stats().bytesOnDisk());
            }
        }
        assertTrue(maxSegments <= 4, "segments: " + maxSegments);
        assertTrue(maxBytes <= 5 * SMALL, "bytes on disk: " + maxBytes);
        RecoveredState s = reopen(j);
        List<Long> expected = new ArrayList<>(backlog);
        for (long id = 6000 - window + 1; id <= 6000; id++) {
            if (id % 500 != 0) {
                expected.add(id);
            }
        }
        Collections.sort(expected);
        assertEquals(expected, ids(s, "q"));
        for (RecoveredMessage m : s.messages().get("q")) {
            assertEquals((byte) m.messageId(), m.data()[0]);
            assertEquals(1024, m.data().length);
        }
        assertArrayEquals(b("m"), s.queues().get("q"));
        assertArrayEquals(b("broker-1"), s.meta().get("identity"));
        assertEquals(6000, s.maxMessageId());
    }

    /** Prepared branches, pinned messages, meta and queues are carried through many rotations and compactions. */
    @Test
    void preparedBranchesAndPinnedMessagesSurviveCompaction() {
        byte[] xid = {9, 9};
        H2Journal j = H2Journal.open(dir, false, SMALL);
        ok(j.write(List.of(new AddQueue("q", b("qm")), new AddQueue("q2", null), new PutMeta("id", b("b1")))));
        ok(j.write(List.of(new AddMessage(1, b("pinned")), new AddRef("q", 1, 0))));
        ok(j.write(new Prepare(xid, List.of(new AddRef("q2", 1, 0), new AddMessage(2, b("in-branch")),
                new AddRef("q", 2, 0)))));
        byte[] body = new byte[1024];
        for (long id = 3; id <= 3000; id++) {
            if (id == 200) {
                // last committed ref, in a later segment than the ref itself: the body stays (the branch needs
                // it) and the refs tombstone must outlive the segment holding the old refs
                ok(j.write(new RemoveRef("q", 1)));
            }
            ok(j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j.write(new RemoveRef("q", id)));
        }
        RecoveredState s = reopen(j);
        assertEquals(List.of(), ids(s, "q"), "the removed ref of the pinned message stays removed");
        assertEquals(1, s.prepared().size());
        assertEquals(3, s.prepared().get(RecoveredState.Xid.hex(xid)).records().size());
        assertArrayEquals(b("qm"), s.queues().get("q"));
        assertArrayEquals(b("b1"), s.meta().get("id"));
        assertEquals(3000, s.maxMessageId());
        H2Journal j2 = H2Journal.open(dir, false, SMALL);
        j2.recovered();
        ok(j2.write(new CommitPrepared(xid)));
        s = reopen(j2);
        assertEquals(List.of(1L), ids(s, "q2"));
        assertArrayEquals(b("pinned"), s.messages().get("q2").get(0).data());
        assertEquals(List.of(2L), ids(s, "q"));
        assertArrayEquals(b("in-branch"), s.messages().get("q").get(0).data());
        assertTrue(s.prepared().isEmpty());
    }

    /**
     * A backlog that is never consumed must not pin the churn behind it: segments are compacted by garbage, not
     * strictly oldest first, so the directory stays near backlog + a few segments, and tombstones that still mask
     * entries of older segments are carried forward.
     */
    @Test
    void backlogDoesNotPinChurnSegments() throws IOException {
        H2Journal j = H2Journal.open(dir, false, SMALL); // sync=false: only speed; the layout is the same
        byte[] body = new byte[1024];
        // a backlog of ~600 KB, several segments, partly acknowledged later (tombstones masking old segments)
        for (long id = 1; id <= 600; id++) {
            body[0] = (byte) id;
            ok(j.write(List.of(new AddMessage(id, body.clone()), new AddRef("backlog", id, 0))));
        }
        long maxBytes = 0;
        for (long id = 601; id <= 5600; id++) {
            ok(j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j.write(new RemoveRef("q", id)));
            if (id % 20 == 0) {
                ok(j.write(new RemoveRef("backlog", (id - 600) / 20))); // acknowledges backlog ids 1..250
            }
            if (id > 2000) {
                maxBytes = Math.max(maxBytes, j.stats().bytesOnDisk());
            }
        }
        assertTrue(maxBytes <= 600 * 1100 + 5 * SMALL, "bytes on disk: " + maxBytes);
        RecoveredState s = reopen(j);
        List<Long> expected = new ArrayList<>();
        for (long id = 251; id <= 600; id++) {
            expected.add(id);
        }
        assertEquals(expected, ids(s, "backlog"));
        for (RecoveredMessage m : s.messages().get("backlog")) {
            assertEquals((byte) m.messageId(), m.data()[0]);
        }
        assertEquals(List.of(), ids(s, "q"));
    }

    /**
     * Paged messages are read back while the journal runs: a body is found right after its write, in whichever
     * segment compaction has moved it to, from another thread while the writer works, and not at all once its last
     * reference is gone.
     */
    @Test
    void bodiesAreReadBackWhileTheJournalRunsAndCompacts() throws Exception {
        H2Journal j = H2Journal.open(dir, false, SMALL);
        byte[] body = new byte[1024];
        for (long id = 1; id <= 100; id++) {
            body[0] = (byte) id;
            ok(j.write(List.of(new AddMessage(id, body.clone()), new AddRef("backlog", id, 0))));
            assertEquals((byte) id, j.readBody(id)[0]);
        }
        java.util.concurrent.atomic.AtomicReference<Throwable> readerFailure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try {
                while (!done.get()) {
                    for (long id = 51; id <= 100; id++) {
                        byte[] read = j.readBody(id);
                        if (read == null || read[0] != (byte) id || read.length != 1024) {
                            throw new AssertionError("message " + id + " read back as " + (read == null ? null : read.length + " bytes"));
                        }
                    }
                }
            } catch (Throwable t) {
                readerFailure.set(t);
            }
        });
        reader.start();
        for (long id = 101; id <= 3100; id++) {
            ok(j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j.write(new RemoveRef("q", id)));
            if (id % 60 == 0 && (id - 100) / 60 <= 50) {
                ok(j.write(new RemoveRef("backlog", (id - 100) / 60))); // acknowledges backlog ids 1..50
            }
        }
        done.set(true);
        reader.join();
        assertEquals(null, readerFailure.get());
        assertFalse(Files.exists(dir.resolve(SegmentStore.segmentName(1))),
                "compaction carried the backlog out of the first segment and deleted it");
        assertEquals(null, j.readBody(1), "acknowledged: the body is gone");
        assertEquals(null, j.readBody(3100), "never referenced any more");
        for (long id = 51; id <= 100; id++) {
            assertEquals((byte) id, j.readBody(id)[0]);
        }
        j.close();
    }

    /**
     * A crash after live entries were carried forward but before the old segment's deletion is durable leaves two
     * segments holding the same records, and old records masked by tombstones in newer segments. Simulated by
     * putting deleted segment files back.
     */
    @Test
    void resurrectedOldSegmentsAndLeftoversOfRotationAreHarmless() throws IOException {
        Path saved = Files.createDirectories(dir.resolve("saved"));
        Path d = dir.resolve("data");
        H2Journal j = H2Journal.open(d, true, SMALL);
        byte[] body = new byte[1024];
        ok(j.write(new AddQueue("q", null)));
        ok(j.write(List.of(new AddMessage(1, body), new AddRef("q", 1, 0), new PutMeta("k", b("old")))));
        ok(j.write(List.of(new AddMessage(2, body), new AddRef("q", 2, 0))));
        for (long id = 3; id <= 300; id++) {
            ok(j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j.write(new RemoveRef("q", id)));
        }
        ok(j.write(List.of(new RemoveRef("q", 2), new PutMeta("k", b("new")), new UpdateDeliveryCount("q", 1, 4))));
        j.close();
        copyAll(d, saved);
        H2Journal j2 = H2Journal.open(d, true, SMALL);
        j2.recovered();
        for (long id = 301; id <= 1500; id++) {
            ok(j2.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))));
            ok(j2.write(new RemoveRef("q", id)));
        }
        j2.crashForTest();
        // put every segment file that has been deleted meanwhile back
        try (Stream<Path> files = Files.list(saved)) {
            for (Path f : files.toList()) {
                Path target = d.resolve(f.getFileName());
                if (!Files.exists(target)) {
                    Files.copy(f, target);
                }
            }
        }
        // and leftovers of a rotation: an unfinished temporary file, an empty newest segment
        long newest;
        try (Stream<Path> files = Files.list(d)) {
            newest = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SegmentStore.SEGMENT_SUFFIX))
                    .map(n -> Long.parseLong(n.substring(SegmentStore.SEGMENT_PREFIX.length(), n.length() - 3)))
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
        Files.write(d.resolve(SegmentStore.segmentName(newest + 2) + SegmentStore.TMP_SUFFIX), new byte[5000]);
        Files.createFile(d.resolve(SegmentStore.segmentName(newest + 1)));
        H2Journal j3 = H2Journal.open(d, true, SMALL);
        RecoveredState s = j3.recovered();
        assertEquals(List.of(1L), ids(s, "q"));
        assertEquals(4, s.messages().get("q").get(0).deliveryCount());
        assertArrayEquals(b("new"), s.meta().get("k"));
        assertEquals(1500, s.maxMessageId());
        assertFalse(Files.exists(d.resolve(SegmentStore.segmentName(newest + 2) + SegmentStore.TMP_SUFFIX)));
        ok(j3.write(List.of(new AddMessage(1501, body), new AddRef("q", 1501, 0))));
        s = reopen(j3, d);
        assertEquals(List.of(1L, 1501L), ids(s, "q"));
    }

    private long segmentCount() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SegmentStore.SEGMENT_SUFFIX)).count();
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> files = Files.walk(d)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @SuppressWarnings("unused")
    private static Map<Long, byte[]> bodies(RecoveredState s) {
        Map<Long, byte[]> m = new HashMap<>();
        s.messages().values().forEach(l -> l.forEach(r -> m.put(r.messageId(), r.data())));
        return m;
    }

    private static Thread start(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }
}
