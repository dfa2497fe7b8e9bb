package io.pactum.broker.config;

import java.util.Locale;

/**
 * A disk limit as operators write it ({@code max-disk-usage}): a share of the data directory's file system in use
 * ({@code 90%}, counting everything on it, as {@code df} does), a size the journal's files may take ({@code 20GB}),
 * or {@code none}. Reaching it blocks or fails the sends that would write to the journal, per each queue's
 * full-policy, long before the file system is full and the journal can no longer write.
 *
 * @param bytes   the size, or 0
 * @param percent percent of the file system (1 to 100), or 0
 */
public record DiskLimit(long bytes, int percent) {
    public static final DiskLimit NONE = new DiskLimit(0, 0);

    public DiskLimit {
        if (bytes < 0 || percent < 0 || percent > 100 || (bytes > 0 && percent > 0)) {
            throw new IllegalArgumentException("a disk limit is bytes, 1-100 percent of the file system, or none");
        }
    }

    /** @throws IllegalArgumentException with a message fit for a user */
    public static DiskLimit parse(String text) {
        String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (s.equals("NONE")) {
            return NONE;
        }
        if (s.endsWith("%")) {
            try {
                int p = Integer.parseInt(s.substring(0, s.length() - 1).trim());
                if (p >= 1 && p <= 100) {
                    return new DiskLimit(0, p);
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("expected a percentage of the file system from 1% to 100%, a size "
                    + "such as 20GB, or none");
        }
        long n = Sizes.parse(text);
        if (n < (1L << 20)) {
            throw new IllegalArgumentException("expected at least 1MB, a percentage such as 90%, or none");
        }
        return new DiskLimit(n, 0);
    }

    /**
     * Why the disk counts as full, or null: {@code journalBytes} the journal's files, {@code total} and
     * {@code usable} the file system's size and free space.
     */
    public String exceeded(long journalBytes, long total, long usable) {
        if (bytes > 0 && journalBytes >= bytes) {
            return "the journal takes " + Sizes.format(journalBytes) + " of its max-disk-usage " + Sizes.format(bytes);
        }
        if (percent > 0 && total > 0 && (total - usable) * 100 >= (long) percent * total) {
            return "the data file system is " + (total - usable) * 100 / total + "% full (max-disk-usage " + percent + "%)";
        }
        return null;
    }

    @Override
    public String toString() {
        return bytes > 0 ? Sizes.format(bytes) : percent > 0 ? percent + "%" : "none";
    }
}
