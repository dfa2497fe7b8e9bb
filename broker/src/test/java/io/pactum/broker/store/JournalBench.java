package io.pactum.broker.store;

import io.pactum.broker.store.JournalRecord.AddMessage;
import io.pactum.broker.store.JournalRecord.AddRef;
import io.pactum.broker.store.JournalRecord.RemoveRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Journal throughput and disk-size benchmark (not a test). Run:
 * <pre>
 * mvn -B -q -pl broker -am test-compile
 * mvn -B -q -pl broker dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp broker/target/test-classes:broker/target/classes:$(cat /tmp/cp.txt) io.pactum.broker.store.JournalBench [dir] [seconds] [pairs] [segmentSize]
 * </pre>
 */
public final class JournalBench {
    private JournalBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "/tmp/pactum-journal-bench");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long pairs = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        long segmentSize = args.length > 3 ? Long.parseLong(args[3]) : H2Journal.DEFAULT_SEGMENT_SIZE;
        byte[] body = new byte[1024];
        for (int writers : new int[] {1, 4, 16}) {
            Path dir = fresh(base.resolve("w" + writers));
            try (H2Journal j = H2Journal.open(dir, true, segmentSize)) {
                j.recovered();
                AtomicLong ids = new AtomicLong();
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < writers; t++) {
                    Thread th = new Thread(() -> {
                        while (System.nanoTime() < deadline) {
                            long id = ids.incrementAndGet();
                            j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))).join();
                        }
                    });
                    th.start();
                    ts.add(th);
                }
                long start = System.nanoTime();
                for (Thread th : ts) {
                    th.join();
                }
                double secs = (System.nanoTime() - start) / 1e9;
                JournalStats st = j.stats();
                System.out.printf("writers=%2d  batches/s=%8.0f  records/s=%8.0f  commits+syncs/s=%7.0f  "
                                + "batches/sync=%5.1f  dir=%s%n", writers, st.batches() / secs, st.records() / secs,
                        st.syncs() / secs, (double) st.batches() / st.syncs(), mb(st.bytesOnDisk()));
            }
        }
        // queue pattern: add then remove, 16 writers, each keeping a window of 100 unacknowledged messages
        Path dir = fresh(base.resolve("pairs"));
        try (H2Journal j = H2Journal.open(dir, true, segmentSize)) {
            j.recovered();
            AtomicLong ids = new AtomicLong();
            AtomicLong maxBytes = new AtomicLong();
            int writers = 16;
            long start = System.nanoTime();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                Thread th = new Thread(() -> {
                    ArrayDeque<Long> window = new ArrayDeque<>();
                    long n = 0;
                    while (true) {
                        long id = ids.incrementAndGet();
                        if (id > pairs) {
                            break;
                        }
                        j.write(List.of(new AddMessage(id, body), new AddRef("q", id, 0))).join();
                        window.add(id);
                        if (window.size() > 100) {
                            j.write(new RemoveRef("q", window.poll())).join();
                        }
                        if (++n % 5000 == 0) {
                            maxBytes.accumulateAndGet(H2Journal.bytesOnDisk(dir), Math::max);
                        }
                    }
                    while (!window.isEmpty()) {
                        j.write(new RemoveRef("q", window.poll())).join();
                    }
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d add+remove pairs (1 KiB, 16 writers): %.0f s, %.0f pairs/s, "
                            + "dir at end %s, max seen %s, segment size %s%n", pairs, secs, pairs / secs,
                    mb(j.stats().bytesOnDisk()), mb(maxBytes.get()), mb(segmentSize));
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
