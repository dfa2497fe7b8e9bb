package io.pactum.broker.store;

import io.pactum.broker.store.RecoveredState.RecoveredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Kills a journal-writing child JVM with SIGKILL at random moments and checks, after each kill, that every
 * confirmed write survived (an add may be gone only if its removal was issued; a confirmed removal stays) and each
 * batch is all-or-nothing, whether it was in a checkpointed segment or only in the redo log. One run lasts longer than
 * H2's 45 s retention time,
 * so the space-reuse hazard would show if the journal relied on it. {@code -Dpactum.crash.kills=N} and
 * {@code -Dpactum.crash.longMillis=MS} run more or longer.
 */
class JournalCrashTest {
    private static final long SEGMENT_SIZE = 1024 * 1024;
    private static final int WRITERS = 8;
    /**
     * Redo-log bytes between checkpoints, alternating per kill: a quarter segment (checkpoints, rotations and
     * deletions all the time, little to replay) and two segments (a kill mostly finds a megabyte or more to replay).
     */
    private static final long[] CHECKPOINT_SIZES = {SEGMENT_SIZE / 4, 2 * SEGMENT_SIZE};

    @TempDir
    Path tmp;

    /** Runs the crash loop outside Maven (same system properties). */
    public static void main(String[] args) throws Exception {
        JournalCrashTest t = new JournalCrashTest();
        t.tmp = Files.createTempDirectory("pactum-crash");
        t.confirmedWritesSurviveSigkillAtRandomMoments();
        System.out.println("JournalCrashTest: all kills ok");
    }

    @Test
    void confirmedWritesSurviveSigkillAtRandomMoments() throws Exception {
        int kills = Integer.getInteger("pactum.crash.kills", 8);
        long longMillis = Long.getLong("pactum.crash.longMillis", 66_000);
        long seed = Long.getLong("pactum.crash.seed", System.nanoTime());
        System.out.println("JournalCrashTest: kills=" + kills + " longMillis=" + longMillis + " seed=" + seed);
        Random random = new Random(seed);
        Path dir = tmp.resolve("data");
        Set<Long> added = ConcurrentHashMap.newKeySet();
        Map<Long, Integer> addedInRun = new ConcurrentHashMap<>();
        Set<Long> removed = ConcurrentHashMap.newKeySet();
        Set<Long> issued = ConcurrentHashMap.newKeySet(); // removals issued, maybe not confirmed
        int longRunAt = Math.min(1, kills - 1);
        for (int k = 0; k < kills; k++) {
            Path err = tmp.resolve("child-" + k + ".err");
            // The child logs to a file, not to a pipe: reading a killed child's stdout pipe lost its last lines now and
            // then (so removals looked unissued); what a killed process wrote to a file is all there afterwards.
            Path log = tmp.resolve("child-" + k + ".log");
            Process child = new ProcessBuilder(javaBin(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"),
                    JournalCrashChild.class.getName(), dir.toString(), Long.toString(SEGMENT_SIZE),
                    Integer.toString(WRITERS), log.toString(), Long.toString(CHECKPOINT_SIZES[k % 2]))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> size(log) > 0 || !child.isAlive());
                assertTrue(child.isAlive(), () -> "child died: " + tail(err));
                if (k == longRunAt && longMillis > 0) {
                    assertFalse(child.waitFor(longMillis, TimeUnit.MILLISECONDS), () -> "child died: " + tail(err));
                }
                // kill after a random number of further confirmations (a line is about 8 bytes)
                long target = size(log) + 8L * (20 + random.nextInt(4000));
                await().atMost(Duration.ofSeconds(120)).until(() -> size(log) >= target || !child.isAlive());
                assertTrue(child.isAlive(), () -> "child died: " + tail(err));
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux
                child.waitFor();
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertEquals("READY", lines.get(0));
            for (String line : lines) {
                if (line.startsWith("A ")) {
                    long id = Long.parseLong(line.substring(2));
                    added.add(id);
                    addedInRun.put(id, k);
                } else if (line.startsWith("X ")) {
                    issued.add(Long.parseLong(line.substring(2)));
                } else if (line.startsWith("R ")) {
                    removed.add(Long.parseLong(line.substring(2)));
                }
            }
            verify(dir, added, issued, removed, k, err, addedInRun);
        }
    }

    private static void verify(Path dir, Set<Long> added, Set<Long> issued, Set<Long> removed, int k, Path err,
                               Map<Long, Integer> addedInRun) {
        try (H2Journal journal = H2Journal.open(dir, true, SEGMENT_SIZE)) {
            RecoveredState s = journal.recovered();
            assertFalse(s.cleanShutdown(), "a killed run is not a clean shutdown");
            Map<String, List<RecoveredMessage>> msgs = s.messages();
            Set<Long> q = new HashSet<>();
            for (RecoveredMessage m : msgs.getOrDefault("q", List.of())) {
                q.add(m.messageId());
                if (!JournalCrashChild.bodyOk(m.messageId(), m.data())) {
                    fail("kill " + k + ": body of message " + m.messageId() + " corrupt");
                }
            }
            Set<Long> q2 = new HashSet<>();
            for (RecoveredMessage m : msgs.getOrDefault("q2", List.of())) {
                q2.add(m.messageId());
            }
            List<Long> lost = new ArrayList<>();
            for (long id : added) {
                if (!issued.contains(id) && !q.contains(id)) {
                    lost.add(id);
                }
            }
            List<Long> resurrected = new ArrayList<>();
            for (long id : removed) {
                if (q.contains(id) || q2.contains(id)) {
                    resurrected.add(id);
                }
            }
            if (!lost.isEmpty()) {
                journal.close();
                fail("kill " + k + ": confirmed adds lost: " + head(lost) + " added in runs "
                        + lost.stream().map(addedInRun::get).distinct().toList() + ", max id " + s.maxMessageId()
                        + "\n" + keep(dir, k, lost) + tail(err));
            }
            assertTrue(resurrected.isEmpty(), () -> "kill " + k + ": confirmed removals undone: " + head(resurrected));
            assertEquals(q, q2, "kill " + k + ": a batch was applied partly");
            long maxAdded = added.stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(s.maxMessageId() >= maxAdded, "max message id " + s.maxMessageId() + " < " + maxAdded);
            long bytes = H2Journal.bytesOnDisk(dir);
            long redo = size(dir.resolve(RedoLog.FILE_NAME));
            // the active segment and the one being compacted, each up to a segment plus a checkpoint (of this run or the
            // one before), with room to spare
            long bound = 4 * (SEGMENT_SIZE + Math.max(CHECKPOINT_SIZES[0], CHECKPOINT_SIZES[1]));
            assertTrue(bytes - redo <= bound, "kill " + k + ": segments not bounded: " + (bytes - redo));
            assertTrue(redo <= RedoLog.MAX_EXTEND_STEP, "kill " + k + ": redo log not cut back at open: " + redo);
            System.out.println("JournalCrashTest: kill " + k + " ok: " + added.size() + " adds and " + removed.size()
                    + " removals confirmed so far, " + q.size() + " live, " + bytes + " bytes on disk");
        }
    }

    /** Keeps the data dir of a failed run for inspection and describes where the first lost ids are. */
    private static String keep(Path dir, int k, List<Long> lost) {
        StringBuilder sb = new StringBuilder();
        try {
            Path to = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "pactum-crash-failures",
                    System.currentTimeMillis() + "-kill" + k));
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
            sb.append("data dir kept in ").append(to).append('\n');
        } catch (IOException e) {
            sb.append(e).append('\n');
        }
        lost.stream().sorted().limit(3).forEach(id -> sb.append("message ").append(id).append(":\n")
                .append(JournalFiles.describe(dir, id)));
        return sb.toString();
    }

    private static long size(Path f) {
        try {
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String head(List<Long> ids) {
        List<Long> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        return sorted.size() + " ids, first " + sorted.subList(0, Math.min(20, sorted.size()));
    }

    private static String tail(Path err) {
        try {
            String s = Files.exists(err) ? Files.readString(err) : "";
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
