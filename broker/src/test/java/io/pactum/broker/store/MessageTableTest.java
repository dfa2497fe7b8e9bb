package io.pactum.broker.store;

import io.pactum.broker.store.JournalIndex.Msg;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTableTest {
    private final Segment[] segments = new Segment[4];
    private final MessageTable table = new MessageTable(ord -> ord > 0 && ord < segments.length ? segments[ord] : null);

    MessageTableTest() {
        for (int i = 1; i < segments.length; i++) {
            segments[i] = new Segment(i, null, null);
            segments[i].ordinal = i;
        }
    }

    /** A message in a state drawn from everything the journal produces: simple ones pack, the rest overflow. */
    private Msg randomMessage(long id, Random r) {
        Msg m = new Msg(id);
        m.bodySeg = segments[r.nextInt(segments.length)];
        m.bodyBytes = m.bodySeg == null ? 0 : 20 + r.nextInt(1 << 20);
        int refs = r.nextInt(10) < 8 ? 1 : r.nextInt(4);
        for (int i = 0; i < refs; i++) {
            int qid = r.nextInt(20) == 0 ? (1 << 22) + i : 1 + r.nextInt(50) * 10 + i;
            m.setRef(qid, r.nextInt(20) == 0 ? 5000 : r.nextInt(3));
        }
        m.refSeg = refs == 0 ? null : segments[1 + r.nextInt(segments.length - 1)];
        m.refBytes = m.refSeg == null ? 0 : m.encodeRefs().length + SegmentStore.ENTRY_OVERHEAD;
        m.pins = r.nextInt(20) == 0 ? 1 : 0;
        return m;
    }

    private static String describe(Msg m) {
        StringBuilder sb = new StringBuilder().append(m.id).append(' ').append(m.bodySeg == null ? "-" : m.bodySeg.no)
                .append('/').append(m.bodyBytes).append(' ').append(m.refSeg == null ? "-" : m.refSeg.no)
                .append('/').append(m.refBytes).append(" pins ").append(m.pins).append(" refs");
        for (int i = 0; i < m.refCount; i++) {
            sb.append(' ').append(m.qidAt(i)).append(':').append(m.dcAt(i));
        }
        return sb.toString();
    }

    @Test
    void givesBackEveryStateItWasGivenThroughGrowthShrinkageAndCollisions() {
        Map<Long, String> model = new HashMap<>();
        Random random = new Random(42);
        for (int round = 0; round < 200_000; round++) {
            long id = random.nextInt(5_000) * 1024L; // many ids share low bits
            if (random.nextInt(3) < 2) {
                Msg m = randomMessage(id, random);
                table.store(m);
                model.put(id, describe(m));
            } else {
                table.remove(id);
                model.remove(id);
            }
            if (round % 997 == 0) {
                assertEquals(model.size(), table.size());
                for (Map.Entry<Long, String> e : model.entrySet()) {
                    assertEquals(e.getValue(), describe(table.get(e.getKey())));
                    assertSame(table.get(e.getKey()).bodySeg, table.bodySegment(e.getKey()));
                }
            }
        }
        assertTrue(table.overflowed() > 0 && table.overflowed() < model.size() / 2,
                "most messages pack: " + table.overflowed() + " of " + model.size() + " overflow");
        long[] sorted = model.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        assertArrayEquals(sorted, table.sortedIds());
        List<Long> walked = new ArrayList<>();
        table.forEach(m -> walked.add(m.id));
        assertEquals(model.size(), walked.size());
        long[] inOne = model.keySet().stream().filter(id -> {
            Msg m = table.get(id);
            return m.bodySeg == segments[1] || m.refSeg == segments[1];
        }).mapToLong(Long::longValue).sorted().toArray();
        assertArrayEquals(inOne, table.idsIn(segments[1]));
        for (long id : sorted) {
            table.remove(id);
        }
        assertEquals(0, table.size());
        assertEquals(0, table.overflowed());
        assertNull(table.get(0));
        Msg zero = new Msg(0);
        table.store(zero);
        assertEquals("0 -/0 -/0 pins 0 refs", describe(table.get(0)), "id 0 is an id like any other");
    }

    @Test
    void aReaderNeverMissesABodyThatStaysWhileTheWriterChangesOthers() throws Exception {
        long[] stable = new long[1000];
        for (int i = 0; i < stable.length; i++) {
            stable[i] = i * 7919L;
            Msg m = new Msg(stable[i]);
            m.bodySeg = segments[1 + i % 3];
            m.setRef(1, 0);
            table.store(m);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            Random r = new Random(1);
            while (!stop.get()) {
                int i = r.nextInt(stable.length);
                Segment s = table.bodySegment(stable[i]);
                if (s != segments[1 + i % 3]) {
                    failure.set("message " + stable[i] + " read in " + s);
                    return;
                }
            }
        });
        reader.start();
        Random r = new Random(2);
        for (int i = 0; i < 2_000_000 && failure.get() == null; i++) {
            long id = 1_000_000_000L + r.nextInt(50_000); // churn: grows the table and shifts the stable ids' runs
            if (r.nextBoolean()) {
                table.store(randomMessage(id, r));
            } else {
                table.remove(id);
            }
        }
        stop.set(true);
        reader.join();
        assertNull(failure.get());
    }
}
