package io.pactum.broker.selector;

import io.pactum.broker.selector.Node.ArithOp;
import io.pactum.broker.selector.Node.CompareOp;
import io.pactum.broker.selector.Node.Type;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hand-written lexer and recursive-descent parser for the message selector language of Jakarta Messaging 3.1
 * (section 3.8.1.1). Grammar, lowest precedence first:
 *
 * <pre>
 * selector   := or EOF
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | predicate
 * predicate  := sum [ compop sum
 *                   | [NOT] BETWEEN sum AND sum
 *                   | [NOT] IN '(' string (',' string)* ')'      -- left side an identifier
 *                   | [NOT] LIKE string [ESCAPE string]          -- left side an identifier
 *                   | IS [NOT] NULL ]                            -- left side an identifier
 * sum        := product (('+' | '-') product)*
 * product    := unary (('*' | '/') unary)*
 * unary      := ('+' | '-') unary | primary
 * primary    := '(' or ')' | identifier | string | exact | approximate | TRUE | FALSE
 * </pre>
 *
 * Every problem is reported as a {@link SelectorException}; nothing else escapes.
 */
final class Parser {
    /** Limits that keep both parsing and evaluation recursion far from the thread stack's end. */
    static final int MAX_NESTING = 200, MAX_DEPTH = 1000;

    private static final BigInteger TWO_TO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    enum Kind {
        EOF, IDENT, KEYWORD, STRING, EXACT, APPROX, LPAREN, RPAREN, COMMA,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH
    }

    enum Keyword {
        NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE
    }

    private record Token(Kind kind, int pos, String text, Object value, Keyword keyword) {
    }

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int next;
    private int nesting;

    private Parser(String src) {
        this.src = src;
    }

    static Node parse(String text) throws SelectorException {
        Parser p = new Parser(text);
        p.lex();
        Node root = p.or();
        Token t = p.peek();
        if (t.kind != Kind.EOF) {
            if (isComparison(t.kind)) {
                throw p.error("comparison operators cannot be chained; use parentheses", t.pos);
            }
            throw p.error("unexpected " + describe(t) + " after a complete expression", t.pos);
        }
        if (root.type != Type.BOOLEAN && root.type != Type.ANY) {
            throw p.error("a selector must be a conditional expression, not " + root.type.description + " value", 0);
        }
        return root;
    }

    // ---------------------------------------------------------------------------------------------- lexer

    private SelectorException error(String problem, int pos) {
        return new SelectorException(problem, pos, src);
    }

    private static boolean isWhitespace(char c) {
        // the specification's white space: space, horizontal tab, form feed and line terminators
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    private void lex() throws SelectorException {
        int i = 0, n = src.length();
        while (true) {
            while (i < n && isWhitespace(src.charAt(i))) {
                i++;
            }
            if (i >= n) {
                tokens.add(new Token(Kind.EOF, n, "", null, null));
                return;
            }
            char c = src.charAt(i);
            int start = i;
            switch (c) {
                case '(' -> i = simple(Kind.LPAREN, i, 1);
                case ')' -> i = simple(Kind.RPAREN, i, 1);
                case ',' -> i = simple(Kind.COMMA, i, 1);
                case '+' -> i = simple(Kind.PLUS, i, 1);
                case '-' -> i = simple(Kind.MINUS, i, 1);
                case '*' -> i = simple(Kind.STAR, i, 1);
                case '/' -> i = simple(Kind.SLASH, i, 1);
                case '=' -> {
                    if (i + 1 < n && src.charAt(i + 1) == '=') {
                        throw error("unknown operator '=='; equality is '='", i);
                    }
                    i = simple(Kind.EQ, i, 1);
                }
                case '<' -> {
                    if (i + 1 < n && src.charAt(i + 1) == '>') {
                        i = simple(Kind.NE, i, 2);
                    } else if (i + 1 < n && src.charAt(i + 1) == '=') {
                        i = simple(Kind.LE, i, 2);
                    } else {
                        i = simple(Kind.LT, i, 1);
                    }
                }
                case '>' -> {
                    if (i + 1 < n && src.charAt(i + 1) == '=') {
                        i = simple(Kind.GE, i, 2);
                    } else {
                        i = simple(Kind.GT, i, 1);
                    }
                }
                case '!' -> throw error(i + 1 < n && src.charAt(i + 1) == '='
                        ? "unknown operator '!='; inequality is '<>'" : "unknown operator '!'; negation is NOT", i);
                case '\'' -> i = string(i);
                case '"' -> throw error("string literals are enclosed in single quotes, not double quotes", i);
                default -> {
                    if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < n && isDigit(src.charAt(i + 1)))) {
                        i = number(i);
                    } else {
                        int cp = src.codePointAt(i);
                        if (!Character.isJavaIdentifierStart(cp)) {
                            throw error("unexpected character '" + new String(Character.toChars(cp)) + "'"
                                    + (cp < 0x20 || cp > 0x7e ? String.format(" (U+%04X)", cp) : ""), i);
                        }
                        i += Character.charCount(cp);
                        while (i < n) {
                            int p = src.codePointAt(i);
                            if (!Character.isJavaIdentifierPart(p)) {
                                break;
                            }
                            i += Character.charCount(p);
                        }
                        String name = src.substring(start, i);
                        Keyword kw = keyword(name);
                        tokens.add(new Token(kw == null ? Kind.IDENT : Kind.KEYWORD, start, name, null, kw));
                    }
                }
            }
        }
    }

    private int simple(Kind kind, int i, int len) {
        tokens.add(new Token(kind, i, src.substring(i, i + len), null, null));
        return i + len;
    }

    /** Keywords are case-insensitive, in ASCII only (so no locale can turn an identifier into a keyword). */
    private static Keyword keyword(String name) {
        if (name.length() > 7) {
            return null;
        }
        StringBuilder upper = new StringBuilder(name.length());
        for (int k = 0; k < name.length(); k++) {
            char c = name.charAt(k);
            if (c >= 'a' && c <= 'z') {
                c = (char) (c - 'a' + 'A');
            } else if (c < 'A' || c > 'Z') {
                return null;
            }
            upper.append(c);
        }
        try {
            return Keyword.valueOf(upper.toString());
        } catch (IllegalArgumentException notKeyword) {
            return null;
        }
    }

    private int string(int start) throws SelectorException {
        StringBuilder sb = new StringBuilder();
        int i = start + 1, n = src.length();
        while (true) {
            if (i >= n) {
                throw error("unterminated string literal", start);
            }
            char c = src.charAt(i);
            if (c == '\'') {
                if (i + 1 < n && src.charAt(i + 1) == '\'') {
                    sb.append('\'');
                    i += 2;
                    continue;
                }
                tokens.add(new Token(Kind.STRING, start, src.substring(start, i + 1), sb.toString(), null));
                return i + 1;
            }
            sb.append(c);
            i++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Scans digits and underscores accepted by {@code digit}; returns the end offset. */
    private int digits(int i, java.util.function.IntPredicate digit) {
        while (i < src.length() && (digit.test(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    /** Java forbids an underscore at either end of a run of digits. */
    private void checkUnderscores(int from, int to, int numberStart) throws SelectorException {
        if (from < to && (src.charAt(from) == '_' || src.charAt(to - 1) == '_')) {
            throw error("malformed number: an underscore must sit between digits", numberStart);
        }
    }

    /** A number in Java integer or floating-point literal syntax. */
    private int number(int start) throws SelectorException {
        int n = src.length();
        int i = start;
        boolean approx = false;
        Object value;
        char c1 = start + 1 < n ? src.charAt(start + 1) : 0;
        if (src.charAt(start) == '0' && (c1 == 'x' || c1 == 'X')) {
            int ds = start + 2;
            i = digits(ds, Parser::isHexDigit);
            checkUnderscores(ds, i, start);
            boolean hasInt = i > ds;
            if (i < n && (src.charAt(i) == '.' || src.charAt(i) == 'p' || src.charAt(i) == 'P')) {
                approx = true;
                boolean hasFrac = false;
                if (src.charAt(i) == '.') {
                    int fs = i + 1;
                    i = digits(fs, Parser::isHexDigit);
                    checkUnderscores(fs, i, start);
                    hasFrac = i > fs;
                }
                if (!hasInt && !hasFrac) {
                    throw error("malformed hexadecimal floating-point literal", start);
                }
                if (i >= n || (src.charAt(i) != 'p' && src.charAt(i) != 'P')) {
                    throw error("hexadecimal floating-point literal needs a binary exponent (p)", start);
                }
                i = exponent(i + 1, start);
                i = floatSuffix(i);
                value = approximate(start, i);
            } else {
                if (!hasInt) {
                    throw error("malformed hexadecimal literal", start);
                }
                value = radixLong(src.substring(ds, i), 16, start);
                i = longSuffix(i);
            }
        } else if (src.charAt(start) == '0' && (c1 == 'b' || c1 == 'B')) {
            int ds = start + 2;
            i = digits(ds, ch -> ch == '0' || ch == '1');
            checkUnderscores(ds, i, start);
            if (i == ds) {
                throw error("malformed binary literal", start);
            }
            value = radixLong(src.substring(ds, i), 2, start);
            i = longSuffix(i);
        } else {
            int ds = i;
            i = digits(i, Parser::isDigit);
            checkUnderscores(ds, i, start);
            int intEnd = i;
            if (i < n && src.charAt(i) == '.') {
                approx = true;
                int fs = i + 1;
                i = digits(fs, Parser::isDigit);
                checkUnderscores(fs, i, start);
            }
            if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                approx = true;
                i = exponent(i + 1, start);
            }
            if (i < n && "fFdD".indexOf(src.charAt(i)) >= 0) {
                approx = true;
                i++;
            }
            if (approx) {
                value = approximate(start, i);
            } else {
                String digits = src.substring(ds, intEnd);
                if (digits.length() > 1 && digits.charAt(0) == '0') {
                    String octal = digits.substring(1).replaceFirst("^_+", ""); // 0_7 is allowed, as in Java
                    for (int k = 0; k < octal.length(); k++) {
                        char ch = octal.charAt(k);
                        if (ch != '_' && (ch < '0' || ch > '7')) {
                            throw error("malformed octal literal: digit '" + ch + "'", start);
                        }
                    }
                    value = radixLong(octal, 8, start);
                } else {
                    // decimal: BigInteger so that 9223372036854775808 can follow a unary minus
                    value = new BigInteger(digits.replace("_", ""));
                }
                i = longSuffix(i);
            }
        }
        if (i < n && (Character.isJavaIdentifierPart(src.codePointAt(i)) || src.charAt(i) == '.')) {
            throw error("malformed number '" + src.substring(start, Math.min(n, i + 1)) + "'", start);
        }
        tokens.add(new Token(approx ? Kind.APPROX : Kind.EXACT, start, src.substring(start, i), value, null));
        return i;
    }

    private int exponent(int i, int start) throws SelectorException {
        if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
            i++;
        }
        int ds = i;
        i = digits(i, Parser::isDigit);
        if (i == ds) {
            throw error("malformed number: exponent has no digits", start);
        }
        checkUnderscores(ds, i, start);
        return i;
    }

    private int floatSuffix(int i) {
        return i < src.length() && "fFdD".indexOf(src.charAt(i)) >= 0 ? i + 1 : i;
    }

    private int longSuffix(int i) {
        return i < src.length() && (src.charAt(i) == 'l' || src.charAt(i) == 'L') ? i + 1 : i;
    }

    /** Hexadecimal, octal and binary literals may use all 64 bits (two's complement), as Java long literals do. */
    private Long radixLong(String digits, int radix, int start) throws SelectorException {
        BigInteger v = new BigInteger(digits.replace("_", ""), radix);
        if (v.compareTo(TWO_TO_64) >= 0) {
            throw error("exact numeric literal out of the range of long", start);
        }
        return v.longValue();
    }

    private Double approximate(int start, int end) throws SelectorException {
        String text = src.substring(start, end).replace("_", "");
        char last = text.charAt(text.length() - 1);
        double d;
        try {
            d = (last == 'f' || last == 'F') ? (double) Float.parseFloat(text) : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error("malformed approximate numeric literal", start);
        }
        if (Double.isInfinite(d)) {
            throw error("approximate numeric literal out of range", start);
        }
        if (d == 0.0 && nonZeroSignificand(text)) {
            throw error("approximate numeric literal too small (rounds to zero)", start);
        }
        return d;
    }

    private static boolean nonZeroSignificand(String text) {
        boolean hex = text.length() > 1 && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
        for (int k = hex ? 2 : 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E')) {
                break;
            }
            if ((hex ? isHexDigit(c) : isDigit(c)) && c != '0') {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------- parser

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != Kind.EOF) {
            next++;
        }
        return t;
    }

    private boolean atKeyword(Keyword k) {
        Token t = peek();
        return t.kind == Kind.KEYWORD && t.keyword == k;
    }

    private boolean atKeywordAfterNot(Keyword k) {
        Token t = tokens.get(Math.min(next + 1, tokens.size() - 1));
        return atKeyword(Keyword.NOT) && t.kind == Kind.KEYWORD && t.keyword == k;
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case EOF -> "end of selector";
            case KEYWORD -> "keyword " + t.text.toUpperCase(java.util.Locale.ROOT);
            case IDENT -> "identifier '" + t.text + "'";
            case STRING -> "string literal " + t.text;
            case EXACT, APPROX -> "number " + t.text;
            default -> "'" + t.text + "'";
        };
    }

    private Token expect(Kind kind, String what) throws SelectorException {
        Token t = peek();
        if (t.kind != kind) {
            throw error("expected " + what + " but found " + describe(t), t.pos);
        }
        return take();
    }

    private void enter(int pos) throws SelectorException {
        if (++nesting > MAX_NESTING) {
            throw error("expression nested too deeply", pos);
        }
    }

    private Node checkDepth(Node n, int pos) throws SelectorException {
        if (n.depth > MAX_DEPTH) {
            throw error("expression too deep", pos);
        }
        return n;
    }

    private Node requireCondition(Node n, String operator, int pos) throws SelectorException {
        if (n.type != Type.BOOLEAN && n.type != Type.ANY) {
            throw error(operator + " needs conditional operands, not " + n.type.description + " value", pos);
        }
        return n;
    }

    private Node requireNumeric(Node n, String operator, int pos) throws SelectorException {
        if (n.type != Type.NUMERIC && n.type != Type.ANY) {
            throw error(operator + " needs numeric operands, not " + n.type.description + " value", pos);
        }
        return n;
    }

    private Node or() throws SelectorException {
        int pos = peek().pos;
        Node first = and();
        if (!atKeyword(Keyword.OR)) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(requireCondition(first, "OR", pos));
        while (atKeyword(Keyword.OR)) {
            take();
            pos = peek().pos;
            operands.add(requireCondition(and(), "OR", pos));
        }
        return checkDepth(new Node.Junction(false, operands), pos);
    }

    private Node and() throws SelectorException {
        int pos = peek().pos;
        Node first = not();
        if (!atKeyword(Keyword.AND)) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(requireCondition(first, "AND", pos));
        while (atKeyword(Keyword.AND)) {
            take();
            pos = peek().pos;
            operands.add(requireCondition(not(), "AND", pos));
        }
        return checkDepth(new Node.Junction(true, operands), pos);
    }

    private Node not() throws SelectorException {
        if (atKeyword(Keyword.NOT)) {
            Token t = take();
            if (isComparison(peek().kind)) {
                throw error("reserved word NOT cannot be used as an identifier", t.pos);
            }
            enter(t.pos);
            int pos = peek().pos;
            Node operand = requireCondition(not(), "NOT", pos);
            nesting--;
            return checkDepth(new Node.Not(operand), t.pos);
        }
        return predicate();
    }

    private static boolean isComparison(Kind k) {
        return k == Kind.EQ || k == Kind.NE || k == Kind.LT || k == Kind.LE || k == Kind.GT || k == Kind.GE;
    }

    private Node predicate() throws SelectorException {
        int leftPos = peek().pos;
        Node left = sum();
        Token t = peek();
        if (isComparison(t.kind)) {
            take();
            CompareOp op = switch (t.kind) {
                case EQ -> CompareOp.EQ;
                case NE -> CompareOp.NE;
                case LT -> CompareOp.LT;
                case LE -> CompareOp.LE;
                case GT -> CompareOp.GT;
                default -> CompareOp.GE;
            };
            int rightPos = peek().pos;
            Node right = sum();
            if (op == CompareOp.EQ || op == CompareOp.NE) {
                if (left.type != Type.ANY && right.type != Type.ANY && left.type != right.type) {
                    throw error("cannot compare " + left.type.description + " value with "
                            + right.type.description + " value", t.pos);
                }
            } else {
                String why = "'" + op.symbol + "' (strings and booleans support only = and <>)";
                requireNumeric(left, why, leftPos);
                requireNumeric(right, why, rightPos);
            }
            return checkDepth(new Node.Comparison(op, left, right), t.pos);
        }
        boolean negated = false;
        if (atKeywordAfterNot(Keyword.BETWEEN) || atKeywordAfterNot(Keyword.IN) || atKeywordAfterNot(Keyword.LIKE)) {
            take();
            negated = true;
            t = peek();
        }
        if (t.kind != Kind.KEYWORD) {
            return left;
        }
        switch (t.keyword) {
            case BETWEEN -> {
                take();
                requireNumeric(left, "BETWEEN", leftPos);
                int lowPos = peek().pos;
                Node low = requireNumeric(sum(), "BETWEEN", lowPos);
                if (!atKeyword(Keyword.AND)) {
                    throw error("expected AND in BETWEEN but found " + describe(peek()), peek().pos);
                }
                take();
                int highPos = peek().pos;
                Node high = requireNumeric(sum(), "BETWEEN", highPos);
                return checkDepth(new Node.Between(negated, left, low, high), t.pos);
            }
            case IN -> {
                take();
                requireIdentifier(left, "IN", leftPos);
                expect(Kind.LPAREN, "'(' after IN");
                Set<String> members = new LinkedHashSet<>();
                if (peek().kind == Kind.RPAREN) {
                    throw error("empty IN list", peek().pos);
                }
                do {
                    Token m = peek();
                    if (m.kind != Kind.STRING) {
                        throw error("IN list members must be string literals, found " + describe(m), m.pos);
                    }
                    take();
                    members.add((String) m.value);
                } while (peek().kind == Kind.COMMA && take() != null);
                expect(Kind.RPAREN, "',' or ')' in IN list");
                return new Node.StringTest(negated, left, Set.copyOf(members)::contains);
            }
            case LIKE -> {
                take();
                requireIdentifier(left, "LIKE", leftPos);
                Token pattern = peek();
                if (pattern.kind != Kind.STRING) {
                    throw error("LIKE needs a string literal pattern, found " + describe(pattern), pattern.pos);
                }
                take();
                int escape = -1;
                if (atKeyword(Keyword.ESCAPE)) {
                    take();
                    Token e = peek();
                    if (e.kind != Kind.STRING) {
                        throw error("ESCAPE needs a single-character string literal, found " + describe(e), e.pos);
                    }
                    take();
                    String es = (String) e.value;
                    if (es.isEmpty() || es.codePointCount(0, es.length()) != 1) {
                        throw error("ESCAPE needs a single-character string literal, found " + e.text, e.pos);
                    }
                    escape = es.codePointAt(0);
                }
                int[] errorAt = new int[1];
                LikePattern compiled = LikePattern.compile((String) pattern.value, escape, errorAt);
                if (compiled == null) {
                    throw error("bad escape in LIKE pattern: the escape character must be followed by '_', '%' "
                            + "or itself", pattern.pos);
                }
                return new Node.StringTest(negated, left, compiled::matches);
            }
            case IS -> {
                if (negated) {
                    break;
                }
                take();
                requireIdentifier(left, "IS NULL", leftPos);
                boolean isNot = false;
                if (atKeyword(Keyword.NOT)) {
                    take();
                    isNot = true;
                }
                if (!atKeyword(Keyword.NULL)) {
                    throw error("expected NULL after IS" + (isNot ? " NOT" : "") + " but found "
                            + describe(peek()), peek().pos);
                }
                take();
                return new Node.IsNull(isNot, left);
            }
            default -> {
            }
        }
        return left;
    }

    private void requireIdentifier(Node n, String operator, int pos) throws SelectorException {
        if (!(n instanceof Node.Property) && !(n instanceof Node.Header)) {
            throw error("the left operand of " + operator + " must be an identifier", pos);
        }
    }

    private Node sum() throws SelectorException {
        int pos = peek().pos;
        Node left = product();
        while (peek().kind == Kind.PLUS || peek().kind == Kind.MINUS) {
            Token op = take();
            ArithOp a = op.kind == Kind.PLUS ? ArithOp.ADD : ArithOp.SUB;
            requireNumeric(left, "'" + a.symbol + "'", pos);
            int rightPos = peek().pos;
            Node right = requireNumeric(product(), "'" + a.symbol + "'", rightPos);
            left = checkDepth(new Node.Arithmetic(a, left, right), op.pos);
        }
        return left;
    }

    private Node product() throws SelectorException {
        int pos = peek().pos;
        Node left = unary();
        while (peek().kind == Kind.STAR || peek().kind == Kind.SLASH) {
            Token op = take();
            ArithOp a = op.kind == Kind.STAR ? ArithOp.MUL : ArithOp.DIV;
            requireNumeric(left, "'" + a.symbol + "'", pos);
            int rightPos = peek().pos;
            Node right = requireNumeric(unary(), "'" + a.symbol + "'", rightPos);
            left = checkDepth(new Node.Arithmetic(a, left, right), op.pos);
        }
        return left;
    }

    private Node unary() throws SelectorException {
        Token t = peek();
        if (t.kind != Kind.PLUS && t.kind != Kind.MINUS) {
            return primary();
        }
        take();
        boolean minus = t.kind == Kind.MINUS;
        Token operandToken = peek();
        if (minus && operandToken.kind == Kind.EXACT) {
            // a negative literal: the only place 9223372036854775808 is allowed, as in Java
            take();
            return exactLiteral(operandToken, true);
        }
        enter(t.pos);
        Node operand = requireNumeric(unary(), "unary '" + t.text + "'", operandToken.pos);
        nesting--;
        return checkDepth(minus ? new Node.Negate(operand) : new Node.Plus(operand), t.pos);
    }

    private Node exactLiteral(Token t, boolean negate) throws SelectorException {
        if (t.value instanceof BigInteger big) {
            BigInteger v = negate ? big.negate() : big;
            if (v.bitLength() > 63) {
                throw error("exact numeric literal out of the range of long", t.pos);
            }
            return new Node.Literal(Type.NUMERIC, v.longValue());
        }
        long v = (Long) t.value;
        return new Node.Literal(Type.NUMERIC, negate ? -v : v);
    }

    private Node primary() throws SelectorException {
        Token t = peek();
        switch (t.kind) {
            case LPAREN -> {
                take();
                enter(t.pos);
                Node inner = or();
                nesting--;
                Token close = peek();
                if (close.kind != Kind.RPAREN) {
                    if (close.kind == Kind.EOF) {
                        throw error("unbalanced parentheses: '(' is never closed", t.pos);
                    }
                    if (isComparison(close.kind)) {
                        throw error("comparison operators cannot be chained; use parentheses", close.pos);
                    }
                    throw error("expected ')' but found " + describe(close), close.pos);
                }
                take();
                return inner;
            }
            case STRING -> {
                take();
                return new Node.Literal(Type.STRING, t.value);
            }
            case EXACT -> {
                take();
                return exactLiteral(t, false);
            }
            case APPROX -> {
                take();
                return new Node.Literal(Type.NUMERIC, t.value);
            }
            case IDENT -> {
                take();
                return identifier(t);
            }
            case KEYWORD -> {
                if (t.keyword == Keyword.TRUE || t.keyword == Keyword.FALSE) {
                    take();
                    return new Node.Literal(Type.BOOLEAN, t.keyword == Keyword.TRUE ? Boolean.TRUE : Boolean.FALSE);
                }
                if (t.keyword == Keyword.NULL) {
                    throw error("NULL may appear only in IS NULL or IS NOT NULL", t.pos);
                }
                Token after = tokens.get(Math.min(next + 1, tokens.size() - 1));
                if (isComparison(after.kind) || after.kind == Kind.RPAREN || after.kind == Kind.EOF) {
                    throw error("reserved word " + t.text.toUpperCase(java.util.Locale.ROOT)
                            + " cannot be used as an identifier", t.pos);
                }
                throw error("unexpected " + describe(t), t.pos);
            }
            case RPAREN -> throw error(next > 0 && tokens.get(next - 1).kind == Kind.LPAREN
                    ? "empty parentheses" : "unbalanced parentheses: unexpected ')'", t.pos);
            case EOF -> throw error("unexpected end of selector: an operand is missing", t.pos);
            default -> throw error("unexpected " + describe(t) + ": an operand is missing", t.pos);
        }
    }

    private Node identifier(Token t) throws SelectorException {
        String name = t.text;
        if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")) {
            for (Node.HeaderField f : Node.HeaderField.values()) {
                if (f.name().equals(name)) {
                    return new Node.Header(f);
                }
            }
            throw error("'" + name + "' cannot be used in a selector: the only header fields a selector may "
                    + "reference are JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID and "
                    + "JMSType, and other names starting with JMS are reserved", t.pos);
        }
        return new Node.Property(name);
    }
}
