package io.pactum.broker.config;

import java.util.Locale;

/**
 * A memory limit as operators write it: a fraction of the heap ({@code 40%}) or a size ({@code 256MB}). A fraction
 * follows {@code -Xmx}, so the default stays right when the heap changes.
 *
 * @param bytes   the size, or 0 when {@link #percent} is used
 * @param percent percent of the maximum heap (1 to 90), or 0 when {@link #bytes} is used
 */
public record MemoryLimit(long bytes, int percent) {
    public static final MemoryLimit DEFAULT = new MemoryLimit(0, 40);

    public MemoryLimit {
        if ((bytes > 0) == (percent > 0) || bytes < 0 || percent < 0 || percent > 90) {
            throw new IllegalArgumentException("a memory limit is either bytes or 1-90 percent of the heap");
        }
    }

    /** @throws IllegalArgumentException with a message fit for a user */
    public static MemoryLimit parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("%")) {
            try {
                int p = Integer.parseInt(s.substring(0, s.length() - 1).trim());
                if (p >= 1 && p <= 90) {
                    return new MemoryLimit(0, p);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("expected a percentage of the heap from 1% to 90%, such as 40%");
        }
        long n = Sizes.parse(text);
        if (n < (1L << 20)) {
            throw new IllegalArgumentException("expected at least 1MB, or a percentage of the heap such as 40%");
        }
        return new MemoryLimit(n, 0);
    }

    /** The limit in bytes for a heap of {@code maxHeap} bytes. */
    public long resolve(long maxHeap) {
        return bytes > 0 ? bytes : maxHeap / 100 * percent;
    }

    @Override
    public String toString() {
        return bytes > 0 ? Sizes.format(bytes) : percent + "%";
    }
}
