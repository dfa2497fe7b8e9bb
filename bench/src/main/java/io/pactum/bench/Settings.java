package io.pactum.bench;

/** The benchmark's settings, from system properties ({@code -Dbench.…}); see docs/benchmarks.md. */
record Settings(double seconds, double warmup, boolean quick, long pairs, double pairsMaxSeconds, int size,
                String brokers, String workDir, boolean jms, boolean xa, java.util.Set<String> xaOnly,
                boolean backlog, long backlogBytes) {

    /** Messages a producer may be ahead of the consumer before it waits: bounds broker memory in every scenario. */
    static final long WINDOW = 50_000;
    /** Hard cap on messages per producer per phase, so no loop is bounded by time alone. */
    static final long MAX_PER_PRODUCER = 100_000_000L;
    /** Pairs in quick mode at most. */
    static final long QUICK_PAIRS = 20_000;

    static Settings fromSystemProperties() {
        boolean quick = Boolean.getBoolean("bench.quick");
        double seconds = dbl("bench.seconds", quick ? 2 : 10);
        double warmup = dbl("bench.warmup", quick ? 1 : 3);
        long pairs = Long.parseLong(System.getProperty("bench.pairs", "1000000"));
        if (quick) {
            warmup = Math.min(warmup, 1);
            pairs = Math.min(pairs, QUICK_PAIRS);
        }
        // bench.scenarios: all (default) | jms (scenarios 1-6) | xa (the XA scenarios and their ceiling only) |
        // backlog (scenario 7 only, with its own small heap); bench.xa=false leaves the XA scenarios out of "all"
        String scenarios = System.getProperty("bench.scenarios", "all").trim().toLowerCase(java.util.Locale.ROOT);
        boolean xaWanted = Boolean.parseBoolean(System.getProperty("bench.xa", "true").trim());
        boolean jms;
        boolean xa;
        boolean backlog = false;
        switch (scenarios.isEmpty() ? "all" : scenarios) {
            case "all" -> {
                jms = true;
                xa = xaWanted;
            }
            case "jms" -> {
                jms = true;
                xa = false;
            }
            case "xa" -> {
                if (!xaWanted) {
                    throw new IllegalArgumentException("bench.scenarios=xa contradicts bench.xa=false");
                }
                jms = false;
                xa = true;
            }
            case "backlog" -> {
                jms = false;
                xa = false;
                backlog = true;
            }
            default -> throw new IllegalArgumentException("bench.scenarios=" + scenarios + ": all, jms, xa or backlog");
        }
        return new Settings(seconds, warmup, quick, pairs, dbl("bench.pairsMaxSeconds", 900),
                Integer.parseInt(System.getProperty("bench.size", "1024")),
                System.getProperty("bench.brokers", "pactum,artemis"),
                System.getProperty("bench.workDir", "target/bench-work"), jms, xa, xaOnlyProperty(), backlog,
                Long.parseLong(System.getProperty("bench.backlogBytes", Long.toString(2L << 30))));
    }

    /** bench.xaOnly: a comma-separated list of XA scenario keys (x1..x4) to run; empty runs all four. */
    private static java.util.Set<String> xaOnlyProperty() {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (String k : System.getProperty("bench.xaOnly", "").toLowerCase(java.util.Locale.ROOT).split(",")) {
            if (!k.isBlank()) {
                keys.add(k.trim());
            }
        }
        return keys;
    }

    /** Whether the XA scenario {@code key} runs (see bench.xaOnly). */
    boolean xaScenarioWanted(String key) {
        return xaOnly.isEmpty() || xaOnly.contains(key);
    }

    private static double dbl(String key, double dflt) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? dflt : Double.parseDouble(v);
    }

    /** How long a phase may wait for its consumer to catch up once the producers have stopped. */
    double drainSeconds() {
        return Math.max(10, 2 * seconds);
    }
}
