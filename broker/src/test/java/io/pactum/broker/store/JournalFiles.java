package io.pactum.broker.store;

import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Diagnostics for journal tests: what each segment file holds of a message. */
final class JournalFiles {
    private JournalFiles() {
    }

    /** Where each segment file in {@code dir} holds message {@code id} (body, refs). */
    static String describe(Path dir, long id) {
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                SegmentStore.SEGMENT_PREFIX + "*" + SegmentStore.SEGMENT_SUFFIX)) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            Collections.sort(sorted);
            for (Path f : sorted) {
                MVStore st = new MVStore.Builder().fileName(f.toString()).readOnly().open();
                try {
                    Segment s = new Segment(0, f, st);
                    byte[] b = s.bodies.get(id);
                    byte[] r = s.refs.get(id);
                    sb.append(f.getFileName()).append(": size=").append(Files.size(f))
                            .append(" body=").append(b == null ? "-" : b.length == 0 ? "TOMB" : b.length + "B")
                            .append(" refs=").append(r == null ? "-" : r.length == 0 ? "TOMB" : Arrays.toString(r))
                            .append(" maxBodyKey=").append(s.bodies.isEmpty() ? null : s.bodies.lastKey())
                            .append(" minBodyKey=").append(s.bodies.isEmpty() ? null : s.bodies.firstKey())
                            .append('\n');
                } finally {
                    st.closeImmediately();
                }
            }
        } catch (IOException | RuntimeException e) {
            sb.append(e);
        }
        return sb.toString();
    }
}
