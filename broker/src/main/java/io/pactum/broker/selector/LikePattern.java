package io.pactum.broker.selector;

/**
 * A compiled LIKE pattern: {@code _} matches any single character, {@code %} any sequence of characters (including
 * none), every other character itself; an escape character makes the following {@code _}, {@code %} or escape
 * character literal. Characters are Unicode code points. Matching allocates nothing and uses no regular expressions.
 */
final class LikePattern {
    private static final int ONE = -1, ANY = -2;

    /** Code points of literal characters, or ONE / ANY for the wildcards. */
    private final int[] elements;
    private final String literal;

    private LikePattern(int[] elements) {
        this.elements = elements;
        boolean plain = true;
        StringBuilder sb = new StringBuilder();
        for (int e : elements) {
            if (e < 0) {
                plain = false;
                break;
            }
            sb.appendCodePoint(e);
        }
        this.literal = plain ? sb.toString() : null;
    }

    /**
     * Compiles {@code pattern}. {@code escape} is the escape code point or -1 for none. Returns null with
     * {@code errorAt[0]} set to the offending pattern offset when an escape character is not followed by
     * {@code _}, {@code %} or itself.
     */
    static LikePattern compile(String pattern, int escape, int[] errorAt) {
        int[] out = new int[pattern.codePointCount(0, pattern.length())];
        int n = 0;
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            int at = i;
            i += Character.charCount(cp);
            if (escape >= 0 && cp == escape) {
                if (i >= pattern.length()) {
                    errorAt[0] = at;
                    return null;
                }
                int next = pattern.codePointAt(i);
                if (next != '_' && next != '%' && next != escape) {
                    errorAt[0] = at;
                    return null;
                }
                i += Character.charCount(next);
                out[n++] = next;
            } else if (cp == '_') {
                out[n++] = ONE;
            } else if (cp == '%') {
                if (n == 0 || out[n - 1] != ANY) { // consecutive % are one %
                    out[n++] = ANY;
                }
            } else {
                out[n++] = cp;
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(out, n));
    }

    boolean matches(String s) {
        if (literal != null) {
            return literal.equals(s);
        }
        int[] p = elements;
        int si = 0, pi = 0, starP = -1, starS = 0;
        int len = s.length();
        while (si < len) {
            int cp = s.codePointAt(si);
            if (pi < p.length && (p[pi] == ONE || p[pi] == cp)) {
                si += Character.charCount(cp);
                pi++;
            } else if (pi < p.length && p[pi] == ANY) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                starS += Character.charCount(s.codePointAt(starS));
                si = starS;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == ANY) {
            pi++;
        }
        return pi == p.length;
    }
}
