package io.pactum.broker.selector;

/**
 * A parsed Jakarta Messaging message selector (specification 3.1, section 3.8.1.1). Parse once with {@link #parse},
 * then call {@link #matches} for each message; evaluation never throws and allocates little (boxing of computed
 * numbers only). Instances are immutable and thread-safe.
 */
public final class Selector {

    /** The absent selector: matches every message. */
    public static final Selector ALL = new Selector("", null);

    private final String text;
    private final Node root;

    private Selector(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses {@code text}; null, empty or blank text gives {@link #ALL}.
     *
     * @throws SelectorException when the text is not a valid selector; nothing else is ever thrown
     */
    public static Selector parse(String text) throws SelectorException {
        if (text == null || text.isBlank()) {
            return ALL;
        }
        try {
            return new Selector(text, Parser.parse(text));
        } catch (SelectorException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // defensive: the parser is meant never to get here
            throw new SelectorException("cannot parse selector (" + e + ")", 0, text);
        }
    }

    /** True only when the selector evaluates to TRUE for {@code m}; FALSE and UNKNOWN select nothing. */
    public boolean matches(SelectorContext m) {
        if (root == null) {
            return true;
        }
        try {
            return root.eval(m) == Boolean.TRUE;
        } catch (RuntimeException e) {
            // a misbehaving context (or an unforeseen value type) selects nothing rather than failing dispatch
            return false;
        }
    }

    /** True for {@link #ALL}, the selector that matches everything. */
    public boolean matchesAll() {
        return root == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector s && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The selector's source text ("" for {@link #ALL}). */
    @Override
    public String toString() {
        return text;
    }
}
