package io.pactum.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the broker's threads. The broker is started from a thread of its own {@link ThreadGroup}; the threads
 * it creates (Netty event loops, journal writer, executors) are created by threads of that group and so join it or
 * a child group, while the clients' threads (the benchmark's producers and consumers, the client library's I/O
 * threads) are created from the main group. Caveats: CPU of a broker thread that ends during a phase is lost; GC and
 * JIT threads are counted for nobody; a thread pool the broker shares with its clients would be counted wrongly.
 */
final class CpuMeter {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final ThreadGroup group;

    CpuMeter(ThreadGroup group) {
        this.group = group;
        if (mx.isThreadCpuTimeSupported() && !mx.isThreadCpuTimeEnabled()) {
            mx.setThreadCpuTimeEnabled(true);
        }
    }

    boolean supported() {
        return mx.isThreadCpuTimeSupported();
    }

    /** CPU nanoseconds per live thread of the group, by thread id. */
    Map<Long, Long> snapshot() {
        Thread[] threads = new Thread[group.activeCount() + 64];
        int n = group.enumerate(threads, true);
        Map<Long, Long> cpu = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long t = mx.getThreadCpuTime(threads[i].getId());
            if (t >= 0) {
                cpu.put(threads[i].getId(), t);
            }
        }
        return cpu;
    }

    /** Names of the threads counted as the broker's, digits folded, with how many: to check what is measured. */
    String describe() {
        Thread[] threads = new Thread[group.activeCount() + 64];
        int n = group.enumerate(threads, true);
        java.util.TreeMap<String, Integer> names = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            names.merge(threads[i].getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        return names.toString();
    }

    /** Threads gone since {@code before} count for nothing; threads new since then count from zero. */
    static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            sum += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }
}
