package io.pactum.broker.selector;

/**
 * A message selector that is not valid Jakarta Messaging selector syntax (the broker reports it to the client as an
 * {@code InvalidSelectorException}). The message names the problem, its position and the selector text.
 */
public final class SelectorException extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_QUOTED = 200;

    private final String problem;
    private final int position;

    SelectorException(String problem, int position, String selector) {
        super(format(problem, position, selector));
        this.problem = problem;
        this.position = position;
    }

    private static String format(String problem, int position, String selector) {
        String quoted = selector.length() <= MAX_QUOTED ? selector : selector.substring(0, MAX_QUOTED) + "...";
        return "invalid message selector: " + problem + " at position " + position + " in \"" + quoted + "\"";
    }

    /** What is wrong, without position or selector text. */
    public String problem() {
        return problem;
    }

    /** Zero-based character offset into the selector text where the problem was found. */
    public int position() {
        return position;
    }
}
