package io.pactum.broker.selector;

import java.util.List;
import java.util.function.Predicate;

/**
 * A node of a parsed selector. {@link #eval} never throws: conditional nodes yield Boolean.TRUE, Boolean.FALSE or
 * null (UNKNOWN); arithmetic nodes yield a number or null (NULL, also the result of any runtime problem such as
 * division by zero or overflow, so that it makes the enclosing comparison UNKNOWN).
 */
abstract class Node {

    /** Static type as far as the parser knows it; identifiers are {@link #ANY} (their type is the value's). */
    enum Type {
        BOOLEAN("a boolean"), NUMERIC("a numeric"), STRING("a string"), ANY("an identifier");

        final String description;

        Type(String description) {
            this.description = description;
        }
    }

    final Type type;
    final int depth;

    Node(Type type, Node... children) {
        this.type = type;
        int d = 0;
        for (Node c : children) {
            d = Math.max(d, c.depth);
        }
        this.depth = d + 1;
    }

    abstract Object eval(SelectorContext m);

    // ---- value helpers -------------------------------------------------------------------------------------------

    static boolean isExact(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }

    static boolean isApprox(Object o) {
        return o instanceof Double || o instanceof Float;
    }

    static boolean isNumeric(Object o) {
        return isExact(o) || isApprox(o);
    }

    /** The truth value of a conditional operand: a non-boolean value in a boolean position is UNKNOWN. */
    static Boolean truth(Object o) {
        return o instanceof Boolean b ? b : null;
    }

    static Boolean not(Boolean b) {
        return b == null ? null : b ? Boolean.FALSE : Boolean.TRUE;
    }

    static Boolean and(Boolean a, Boolean b) {
        if (a == Boolean.FALSE || b == Boolean.FALSE) {
            return Boolean.FALSE;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (a == Boolean.TRUE || b == Boolean.TRUE) {
            return Boolean.TRUE;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    // ---- leaves ---------------------------------------------------------------------------------------------------

    static final class Literal extends Node {
        final Object value;

        Literal(Type type, Object value) {
            super(type);
            this.value = value;
        }

        @Override
        Object eval(SelectorContext m) {
            return value;
        }
    }

    static final class Property extends Node {
        final String name;

        Property(String name) {
            super(Type.ANY);
            this.name = name;
        }

        @Override
        Object eval(SelectorContext m) {
            return m.property(name);
        }
    }

    enum HeaderField {
        JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType
    }

    static final class Header extends Node {
        final HeaderField field;

        Header(HeaderField field) {
            super(Type.ANY);
            this.field = field;
        }

        @Override
        Object eval(SelectorContext m) {
            return switch (field) {
                case JMSDeliveryMode -> m.deliveryMode();
                case JMSPriority -> m.priority();
                case JMSMessageID -> m.messageId();
                case JMSTimestamp -> m.timestamp();
                case JMSCorrelationID -> m.correlationId();
                case JMSType -> m.type();
            };
        }
    }

    // ---- logic ----------------------------------------------------------------------------------------------------

    static final class Not extends Node {
        final Node operand;

        Not(Node operand) {
            super(Type.BOOLEAN, operand);
            this.operand = operand;
        }

        @Override
        Object eval(SelectorContext m) {
            return not(truth(operand.eval(m)));
        }
    }

    /** AND or OR over two or more operands, evaluated left to right, stopping as soon as the result is settled. */
    static final class Junction extends Node {
        final boolean isAnd;
        final Node[] operands;

        Junction(boolean isAnd, List<Node> operands) {
            super(Type.BOOLEAN, operands.toArray(new Node[0]));
            this.isAnd = isAnd;
            this.operands = operands.toArray(new Node[0]);
        }

        @Override
        Object eval(SelectorContext m) {
            Boolean settled = isAnd ? Boolean.FALSE : Boolean.TRUE;
            boolean unknown = false;
            for (Node n : operands) {
                Boolean b = truth(n.eval(m));
                if (b == settled) {
                    return settled;
                }
                if (b == null) {
                    unknown = true;
                }
            }
            return unknown ? null : not(settled);
        }
    }

    // ---- comparison -----------------------------------------------------------------------------------------------

    enum CompareOp {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * Spec rules: NULL on either side gives UNKNOWN; exact and approximate numerics compare after Java numeric
     * promotion; strings and booleans support only = and <>; any other pairing is a comparison of unlike types and
     * gives FALSE.
     */
    static Boolean compare(CompareOp op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        boolean r;
        if (isExact(a) && isExact(b)) {
            long x = ((Number) a).longValue(), y = ((Number) b).longValue();
            r = switch (op) {
                case EQ -> x == y;
                case NE -> x != y;
                case LT -> x < y;
                case LE -> x <= y;
                case GT -> x > y;
                case GE -> x >= y;
            };
        } else if (isNumeric(a) && isNumeric(b)) {
            double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
            r = switch (op) {
                case EQ -> x == y;
                case NE -> x != y;
                case LT -> x < y;
                case LE -> x <= y;
                case GT -> x > y;
                case GE -> x >= y;
            };
        } else if ((a instanceof String && b instanceof String) || (a instanceof Boolean && b instanceof Boolean)) {
            r = switch (op) {
                case EQ -> a.equals(b);
                case NE -> !a.equals(b);
                default -> false;
            };
        } else {
            r = false;
        }
        return r ? Boolean.TRUE : Boolean.FALSE;
    }

    static final class Comparison extends Node {
        final CompareOp op;
        final Node left, right;

        Comparison(CompareOp op, Node left, Node right) {
            super(Type.BOOLEAN, left, right);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(SelectorContext m) {
            return compare(op, left.eval(m), right.eval(m));
        }
    }

    /** {@code a BETWEEN b AND c} is {@code a >= b AND a <= c}; {@code NOT BETWEEN} is {@code a < b OR a > c}. */
    static final class Between extends Node {
        final boolean negated;
        final Node value, low, high;

        Between(boolean negated, Node value, Node low, Node high) {
            super(Type.BOOLEAN, value, low, high);
            this.negated = negated;
            this.value = value;
            this.low = low;
            this.high = high;
        }

        @Override
        Object eval(SelectorContext m) {
            Object v = value.eval(m), lo = low.eval(m), hi = high.eval(m);
            return negated
                    ? or(compare(CompareOp.LT, v, lo), compare(CompareOp.GT, v, hi))
                    : and(compare(CompareOp.GE, v, lo), compare(CompareOp.LE, v, hi));
        }
    }

    /**
     * {@code x [NOT] IN ('a', ...)} and {@code x [NOT] LIKE 'p'}: a test of a string value. The specification defines
     * both only for an identifier with a String or NULL value, so a NULL or a non-string value gives UNKNOWN either
     * way: a number is not selected by {@code NOT IN} a string list (the Jakarta Messaging TCK checks exactly this),
     * nor by {@code IN}.
     */
    static final class StringTest extends Node {
        final boolean negated;
        final Node value;
        final Predicate<String> test;

        StringTest(boolean negated, Node value, Predicate<String> test) {
            super(Type.BOOLEAN, value);
            this.negated = negated;
            this.value = value;
            this.test = test;
        }

        @Override
        Object eval(SelectorContext m) {
            if (!(value.eval(m) instanceof String s)) {
                return null;
            }
            return test.test(s) != negated ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    static final class IsNull extends Node {
        final boolean negated;
        final Node value;

        IsNull(boolean negated, Node value) {
            super(Type.BOOLEAN, value);
            this.negated = negated;
            this.value = value;
        }

        @Override
        Object eval(SelectorContext m) {
            return (value.eval(m) == null) != negated ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    // ---- arithmetic -----------------------------------------------------------------------------------------------

    enum ArithOp {
        ADD('+'), SUB('-'), MUL('*'), DIV('/');

        final char symbol;

        ArithOp(char symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * Java numeric promotion: two exact operands give exact (long) arithmetic, otherwise double. A NULL or
     * non-numeric operand, division by zero, or exact overflow give NULL.
     */
    static Object arithmetic(ArithOp op, Object a, Object b) {
        if (!isNumeric(a) || !isNumeric(b)) {
            return null;
        }
        if (isExact(a) && isExact(b)) {
            long x = ((Number) a).longValue(), y = ((Number) b).longValue();
            switch (op) {
                case ADD: {
                    long r = x + y;
                    return ((x ^ r) & (y ^ r)) < 0 ? null : Long.valueOf(r);
                }
                case SUB: {
                    long r = x - y;
                    return ((x ^ y) & (x ^ r)) < 0 ? null : Long.valueOf(r);
                }
                case MUL: {
                    long hi = Math.multiplyHigh(x, y), lo = x * y;
                    return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? Long.valueOf(lo) : null;
                }
                default:
                    if (y == 0 || (x == Long.MIN_VALUE && y == -1)) {
                        return null;
                    }
                    return x / y;
            }
        }
        double x = ((Number) a).doubleValue(), y = ((Number) b).doubleValue();
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> y == 0.0 ? null : Double.valueOf(x / y);
        };
    }

    static final class Arithmetic extends Node {
        final ArithOp op;
        final Node left, right;

        Arithmetic(ArithOp op, Node left, Node right) {
            super(Type.NUMERIC, left, right);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(SelectorContext m) {
            return arithmetic(op, left.eval(m), right.eval(m));
        }
    }

    static final class Negate extends Node {
        final Node operand;

        Negate(Node operand) {
            super(Type.NUMERIC, operand);
            this.operand = operand;
        }

        @Override
        Object eval(SelectorContext m) {
            Object v = operand.eval(m);
            if (isExact(v)) {
                long x = ((Number) v).longValue();
                return x == Long.MIN_VALUE ? null : Long.valueOf(-x);
            }
            if (isApprox(v)) {
                return -((Number) v).doubleValue();
            }
            return null;
        }
    }

    /** Unary plus: the operand if it is numeric, otherwise NULL. */
    static final class Plus extends Node {
        final Node operand;

        Plus(Node operand) {
            super(Type.NUMERIC, operand);
            this.operand = operand;
        }

        @Override
        Object eval(SelectorContext m) {
            Object v = operand.eval(m);
            return isNumeric(v) ? v : null;
        }
    }
}
