package io.pactum.broker.store;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongMapTest {
    @Test
    void behavesLikeAHashMapThroughGrowthShrinkageAndCollisions() {
        LongMap<String> map = new LongMap<>();
        Map<Long, String> model = new HashMap<>();
        Random random = new Random(42);
        for (int round = 0; round < 200_000; round++) {
            long key = random.nextInt(5_000) * 1024L; // many keys share low bits
            switch (random.nextInt(3)) {
                case 0, 1 -> {
                    map.put(key, "v" + round);
                    model.put(key, "v" + round);
                }
                default -> assertEquals(model.remove(key), map.remove(key));
            }
            if (round % 997 == 0) {
                assertEquals(model.size(), map.size());
                for (Map.Entry<Long, String> e : model.entrySet()) {
                    assertEquals(e.getValue(), map.get(e.getKey()));
                }
            }
        }
        long[] sorted = model.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        assertArrayEquals(sorted, map.sortedKeys());
        int n = 0;
        for (String v : map) {
            assertTrue(model.containsValue(v));
            n++;
        }
        assertEquals(model.size(), n);
        for (long k : sorted) {
            map.remove(k);
        }
        assertEquals(0, map.size());
        assertNull(map.get(sorted.length == 0 ? 0 : sorted[0]));
        assertEquals("zero", map.computeIfAbsent(0, k -> "zero"), "key 0 is a key like any other");
        assertEquals("zero", map.get(0));
    }

    @Test
    void aReaderNeverMissesAnEntryThatStaysWhileTheWriterChangesOthers() throws Exception {
        LongMap<Long> map = new LongMap<>();
        long[] stable = new long[1000];
        for (int i = 0; i < stable.length; i++) {
            stable[i] = i * 7919L;
            map.put(stable[i], stable[i]);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random r = new Random(1);
            while (!stop.get()) {
                long k = stable[r.nextInt(stable.length)];
                Long v = map.get(k);
                if (v == null || v != k) {
                    failure.set("key " + k + " read as " + v);
                    return;
                }
            }
        });
        reader.start();
        Random r = new Random(2);
        for (int i = 0; i < 2_000_000 && failure.get() == null; i++) {
            long k = 1_000_000_000L + r.nextInt(50_000); // churn: grows, shrinks and shifts the stable keys' runs
            if (r.nextBoolean()) {
                map.put(k, k);
            } else {
                map.remove(k);
            }
        }
        stop.set(true);
        reader.join();
        assertNull(failure.get());
    }
}
