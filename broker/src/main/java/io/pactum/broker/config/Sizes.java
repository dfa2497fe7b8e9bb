package io.pactum.broker.config;

import java.util.Locale;

/**
 * Byte sizes as people write them: {@code 65536}, {@code 512KB}, {@code 64MB}, {@code 1GB}, {@code 64 MiB}. Suffixes
 * are case-insensitive and binary: K, KB and KiB all mean 1024 bytes; M, MB, MiB 1024²; G, GB, GiB 1024³; B or no
 * suffix means bytes.
 */
public final class Sizes {
    private Sizes() {
    }

    /** @throws IllegalArgumentException with a message fit for a user when {@code text} is not a size */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a size such as 65536, 512KB or 64MB, got nothing");
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size; expected a whole number with an "
                    + "optional unit such as 65536, 512KB or 64MB");
        }
        String unit = s.substring(end).trim();
        long multiplier = switch (unit) {
            case "", "B" -> 1L;
            case "K", "KB", "KIB" -> 1L << 10;
            case "M", "MB", "MIB" -> 1L << 20;
            case "G", "GB", "GIB" -> 1L << 30;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + s.substring(end).trim()
                    + "'; use B, KB, MB or GB");
        };
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, end)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /** The shortest exact form: {@code 64MB}, {@code 1536KB}, {@code 1000}. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "GB";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "MB";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "KB";
        }
        return Long.toString(bytes);
    }
}
