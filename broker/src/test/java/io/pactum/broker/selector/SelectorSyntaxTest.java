package io.pactum.broker.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.pactum.broker.selector.TestMessage.truth;
import static io.pactum.broker.selector.TestMessage.with;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorSyntaxTest {

    private static SelectorException invalid(String selector) {
        return assertThrows(SelectorException.class, () -> Selector.parse(selector), selector);
    }

    private static void assertInvalid(String selector, String problemFragment, int position) {
        SelectorException e = invalid(selector);
        assertTrue(e.getMessage().contains(problemFragment),
                () -> "'" + selector + "' gave: " + e.getMessage() + " (wanted '" + problemFragment + "')");
        assertEquals(position, e.position(), () -> "position in " + e.getMessage());
        assertTrue(e.getMessage().contains("at position " + position));
        assertTrue(e.getMessage().contains(selector));
    }

    // ------------------------------------------------------------------------------------------ literals

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "57|57", "0|0", "+62|62", "-957|-957", "57L|57", "57l|57", "1_000_000|1000000",
            "0x1F|31", "0X1f|31", "0x7fff_ffffL|2147483647", "010|8", "0_7|7", "00|0", "0b101|5", "0B1_1|3",
            "9223372036854775807|9223372036854775807", "-9223372036854775808|-9223372036854775808",
            "0xFFFFFFFFFFFFFFFFL|-1", "0xFFFFFFFF|4294967295"})
    void exactLiterals(String literal, long expected) {
        assertEquals("T", truth("x = " + literal, with("x", expected)), literal);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "7E3|7000", "-57.9E2|-5790", "7.|7", "-95.7|-95.7", "+6.2|6.2", ".5|0.5", "1e-3|0.001",
            "1.5e+2|150", "2d|2", "2.5D|2.5", "1_0.2_5|10.25", "0x1p4|16", "0x1.8p1|3", "0x.8P1|1", "08.5|8.5",
            "09e1|90", "7.e1|70", "1.7976931348623157E308|1.7976931348623157E308", "4.9e-324|4.9e-324"})
    void approximateLiterals(String literal, double expected) {
        assertEquals("T", truth("x = " + literal, with("x", expected)), literal);
    }

    @Test
    void floatSuffixMakesAFloatValue() {
        assertEquals("T", truth("x = 0.1f", with("x", (double) 0.1f)));
        assertEquals("F", truth("x = 0.1F", with("x", 0.1)));
    }

    @Test
    void stringLiterals() {
        assertEquals("T", truth("s = 'literal''s'", with("s", "literal's")));
        assertEquals("T", truth("s = ''", with("s", "")));
        assertEquals("T", truth("s = ''''", with("s", "'")));
        assertEquals("T", truth("s = 'a\"b'", with("s", "a\"b")));
        assertEquals("T", truth("s = 'Grüße 日本 \uD83D\uDE00'", with("s", "Grüße 日本 \uD83D\uDE00")));
        assertEquals("T", truth("s = 'a  AND  b'", with("s", "a  AND  b")));
        assertEquals("T", truth("s = 'line\nbreak'", with("s", "line\nbreak")));
    }

    @Test
    void identifiersFollowJavaRules() {
        assertEquals("T", truth("_a = 1 AND $b = 2 AND äöü = 3 AND a1_$ = 4 AND 日本 = 5",
                with("_a", 1, "$b", 2, "äöü", 3, "a1_$", 4, "日本", 5)));
        assertEquals("T", truth("nullable = 1 AND notes = 2 AND iso = 3 AND order_ = 4 AND isX = 5",
                with("nullable", 1, "notes", 2, "iso", 3, "order_", 4, "isX", 5)));
    }

    @Test
    void whitespace() {
        assertEquals("T", truth("\t a\f=\r\n1 ", with("a", 1)));
        assertInvalid("a=1AND b=2", "malformed number '1A'", 2); // tokens need separating, as in SQL and Java
        assertEquals("T", truth("a=1 AND(b=2)AND'x'=c", with("a", 1, "b", 2, "c", "x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a = 1", "a <> 1", "a < 1", "a <= 1", "a > 1", "a >= 1", "a", "NOT a", "(a)", "((a = 1))",
            "a BETWEEN 1 AND 2", "a NOT BETWEEN -1 AND +2", "a IN ('x')", "a NOT IN ('x', 'y')",
            "a LIKE 'x'", "a NOT LIKE 'x%' ESCAPE 'x'", "a IS NULL", "a IS NOT NULL", "TRUE", "false",
            "a = TRUE", "(a = 1) = (b = 2)", "(a > 1) <> FALSE", "a + b * c / d - e = f", "-a = +b",
            "a = 'x' OR b = 'y' AND NOT c", "JMSPriority = 4", "(a) IN ('x')"})
    void validSelectors(String selector) {
        assertDoesNotThrow(() -> Selector.parse(selector));
    }

    // ------------------------------------------------------------------------------------------ errors

    @Test
    void unbalancedParentheses() {
        assertInvalid("(a = 1", "unbalanced parentheses", 0);
        assertInvalid("a = (1 + (2)", "unbalanced parentheses", 4);
        assertInvalid("a = 1)", "unexpected ')'", 5);
        assertInvalid(")", "unbalanced parentheses", 0);
        assertInvalid("()", "empty parentheses", 1);
        assertInvalid("(a = 1 b)", "expected ')'", 7);
    }

    @Test
    void unterminatedString() {
        assertInvalid("color = 'blue", "unterminated string literal", 8);
        assertInvalid("color = 'it''s", "unterminated string literal", 8);
        assertInvalid("color = \"blue\"", "single quotes", 8);
    }

    @Test
    void badLikeEscapes() {
        assertInvalid("a LIKE 'x!y' ESCAPE '!'", "bad escape", 7);
        assertInvalid("a LIKE 'x!' ESCAPE '!'", "bad escape", 7);
        assertInvalid("a LIKE 'x' ESCAPE 'ab'", "single-character", 18);
        assertInvalid("a LIKE 'x' ESCAPE ''", "single-character", 18);
        assertInvalid("a LIKE 'x' ESCAPE 1", "single-character", 18);
        assertInvalid("a LIKE 'x' ESCAPE", "single-character", 17);
        assertInvalid("a LIKE b", "string literal pattern", 7);
        assertInvalid("'abc' LIKE 'a%'", "must be an identifier", 0);
        assertInvalid("a + 1 LIKE 'a%'", "must be an identifier", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE",
            "null", "And", "escape"})
    void reservedWordsAsIdentifiers(String word) {
        SelectorException e = invalid(word + " = 1");
        if (!word.equalsIgnoreCase("TRUE") && !word.equalsIgnoreCase("FALSE")) { // those are boolean literals
            assertEquals(0, e.position(), e.getMessage());
        }
        invalid("a = 1 AND " + word + " = 2");
        invalid(word + " IS NULL");
    }

    @Test
    void reservedWordMessages() {
        assertInvalid("in = 1", "reserved word IN cannot be used as an identifier", 0);
        assertInvalid("x = null", "NULL may appear only in IS NULL", 4);
        assertInvalid("NOT = 1", "reserved word NOT", 0);
        assertInvalid("a IS 1", "expected NULL after IS", 5);
        assertInvalid("a IS NOT 'x'", "expected NULL after IS NOT", 9);
    }

    @Test
    void unknownOperators() {
        assertInvalid("a == 1", "unknown operator '=='", 2);
        assertInvalid("a != 1", "unknown operator '!='", 2);
        assertInvalid("!a", "unknown operator '!'", 0);
        assertInvalid("a % 2 = 0", "unexpected character '%'", 2);
        assertInvalid("a & b", "unexpected character '&'", 2);
        assertInvalid("a = 1 && b = 2", "unexpected character '&'", 6);
        assertInvalid("a ~ 1", "unexpected character '~'", 2);
        assertInvalid("a = 1 /* comment */", "operand is missing", 7); // no SQL comments
        assertInvalid("a =< 1", "operand is missing", 3);
        assertInvalid("a\u00a0= 1", "U+00A0", 1);
    }

    @Test
    void trailingGarbage() {
        assertInvalid("a = 1 b", "unexpected identifier 'b' after a complete expression", 6);
        assertInvalid("a = 1 2", "unexpected number 2", 6);
        assertInvalid("a = 1 'x'", "unexpected string literal 'x'", 6);
        assertInvalid("a = 1 = 2", "cannot be chained", 6);
        assertInvalid("(a = 1 = 2)", "cannot be chained", 7);
        assertInvalid("a NOT b", "unexpected keyword NOT", 2);
    }

    @Test
    void inLists() {
        assertInvalid("a IN ()", "empty IN list", 6);
        assertInvalid("a IN ('x',)", "string literals", 10);
        assertInvalid("a IN ('x' 'y')", "',' or ')'", 10);
        assertInvalid("a IN (1, 2)", "string literals", 6);
        assertInvalid("a IN (b)", "string literals", 6);
        assertInvalid("a IN 'x'", "'(' after IN", 5);
        assertInvalid("a IN ('x'", "',' or ')'", 9);
        assertInvalid("1 IN ('x')", "must be an identifier", 0);
    }

    @Test
    void missingOperands() {
        assertInvalid("a =", "operand is missing", 3);
        assertInvalid("a AND", "operand is missing", 5);
        assertInvalid("AND a", "unexpected keyword AND", 0);
        assertInvalid("a BETWEEN 1", "expected AND in BETWEEN", 11);
        assertInvalid("a BETWEEN 1 OR 2", "expected AND in BETWEEN", 12);
        assertInvalid("NOT", "operand is missing", 3);
        assertInvalid("-", "operand is missing", 1);
    }

    @Test
    void typeErrors() {
        assertInvalid("1", "conditional expression", 0);
        assertInvalid("'abc'", "conditional expression", 0);
        assertInvalid("a + 1", "conditional expression", 0);
        assertInvalid("'a' = 1", "cannot compare a string value with a numeric value", 4);
        assertInvalid("TRUE = 1", "cannot compare a boolean value with a numeric value", 5);
        assertInvalid("a < 'x'", "strings and booleans support only = and <>", 4);
        assertInvalid("TRUE > a", "strings and booleans support only = and <>", 0);
        assertInvalid("a + 'x' = 1", "'+' needs numeric operands", 4);
        assertInvalid("-'x' = a", "unary '-' needs numeric operands", 1);
        assertInvalid("a = 1 AND 2", "AND needs conditional operands", 10);
        assertInvalid("1 OR a", "OR needs conditional operands", 0);
        assertInvalid("NOT 'x'", "NOT needs conditional operands", 4);
        assertInvalid("(a = 1) + 1 = 2", "'+' needs numeric operands", 0);
        assertInvalid("'x' BETWEEN 1 AND 2", "BETWEEN needs numeric operands", 0);
        assertInvalid("a BETWEEN 'x' AND 2", "BETWEEN needs numeric operands", 10);
        assertInvalid("a IS NULL IS NULL", "unexpected keyword IS", 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"JMSDestination", "JMSReplyTo", "JMSExpiration", "JMSRedelivered", "JMSDeliveryTime",
            "JMSFoo"})
    void headersNotAllowedInSelectors(String name) {
        assertInvalid(name + " IS NULL", "cannot be used in a selector", 0);
        assertInvalid("a = 1 AND " + name + " = 'x'", "cannot be used in a selector", 10);
    }

    @Test
    void malformedNumbers() {
        assertInvalid("a = 9223372036854775808", "out of the range of long", 4);
        assertInvalid("a = -9223372036854775809", "out of the range of long", 5);
        assertInvalid("a = 0x1_0000_0000_0000_0000", "out of the range of long", 4);
        assertInvalid("a = 1e400", "out of range", 4);
        assertInvalid("a = 1e-400", "too small", 4);
        assertInvalid("a = 08", "malformed octal literal", 4);
        assertInvalid("a = 0x", "malformed hexadecimal literal", 4);
        assertInvalid("a = 0b2", "malformed binary literal", 4);
        assertInvalid("a = 12abc", "malformed number", 4);
        assertInvalid("a = 1e", "exponent has no digits", 4);
        assertInvalid("a = 1e+", "exponent has no digits", 4);
        assertInvalid("a = 1_", "underscore", 4);
        assertInvalid("a = 1__", "underscore", 4);
        assertInvalid("a = 1._5", "underscore", 4);
        assertInvalid("a = 0x_1", "underscore", 4);
        assertInvalid("a = 1.2.3", "malformed number", 4);
        assertInvalid("a = 0x1.8", "binary exponent", 4);
        assertInvalid("a = 1e5L", "malformed number", 4);
        assertInvalid("a = .", "unexpected character '.'", 4);
    }

    @Test
    void nestingIsBounded() {
        String deep = "(".repeat(100_000) + "a" + ")".repeat(100_000);
        assertTrue(invalid(deep).getMessage().contains("nested too deeply"));
        assertTrue(invalid("NOT ".repeat(100_000) + "a").getMessage().contains("nested too deeply"));
        assertTrue(invalid("a = " + "-".repeat(100_000) + "1").getMessage().contains("nested too deeply"));
        assertTrue(invalid("a = " + "1 + ".repeat(100_000) + "1").getMessage().contains("too deep"));
        assertDoesNotThrow(() -> Selector.parse("(".repeat(50) + "a" + ")".repeat(50)));
        // long flat conjunctions are fine: AND and OR are n-ary
        StringBuilder wide = new StringBuilder("a0 = 0");
        for (int i = 1; i < 10_000; i++) {
            wide.append(" AND a").append(i).append(" = ").append(i);
        }
        Selector s = assertDoesNotThrow(() -> Selector.parse(wide.toString()));
        TestMessage m = new TestMessage();
        for (int i = 0; i < 10_000; i++) {
            m.props.put("a" + i, i);
        }
        assertTrue(s.matches(m));
    }

    @Test
    void messageNamesPositionAndProblem() {
        SelectorException e = invalid("color = 'blue' AND weight >> 2500");
        assertEquals(27, e.position());
        assertTrue(e.problem().contains("operand is missing"), e.problem());
        assertTrue(e.getMessage().startsWith("invalid message selector: "), e.getMessage());
    }
}
