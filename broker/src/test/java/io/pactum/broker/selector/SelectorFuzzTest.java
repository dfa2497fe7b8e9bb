package io.pactum.broker.selector;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** parse() only ever throws SelectorException, and evaluating whatever parses never throws. */
class SelectorFuzzTest {

    private static final String[] PIECES = {
            " ", "a", "b", "JMSPriority", "JMSType", "JMSDestination", "JMSXDeliveryCount", "(", ")", "'", "''",
            "'x'", "'%_'", ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "1", "0", "57", "0x1F", "1.5",
            "7.", ".5", "1e3", "1e", "2L", "0b1", "08", "9223372036854775808", "_", "$", "AND", "OR", "NOT",
            "BETWEEN", "LIKE", "IN", "IS", "NULL", "TRUE", "FALSE", "ESCAPE", "and", "!", "!=", "==", "\"", ".",
            "\\", "%", "\t", "\n", "é", "\uD83D\uDE00", "\uD83D", "\u0000", "p", "f", "d", "x"};

    @Test
    void randomTokenSoup() {
        Random r = new Random(20240517L);
        TestMessage m = TestMessage.with("a", 1, "b", "x");
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
                if (r.nextBoolean()) {
                    sb.append(' ');
                }
            }
            check(sb.toString(), m);
        }
    }

    @Test
    void randomCharacters() {
        Random r = new Random(7L);
        TestMessage m = TestMessage.with("a", 1L, "b", 2.5);
        String alphabet = "ab1209xXeEpPlLfFdD._$'\"()=<>!+-*/%,\\ \t\n";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(20);
            for (int k = 0; k < n; k++) {
                sb.append(r.nextInt(8) == 0 ? (char) r.nextInt(0x10000) : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            check(sb.toString(), m);
        }
    }

    @Test
    void mutationsOfValidSelectors() {
        String[] seeds = {
                "JMSType = 'car' AND color = 'blue' AND weight > 2500",
                "Country IN ('UK','US','France')",
                "phone LIKE '12%3'",
                "a NOT BETWEEN -1 AND 2.5e3 OR b IS NOT NULL",
                "x LIKE '\\_%' ESCAPE '\\' AND NOT (y <> 0x10 * 3 / z)"};
        Random r = new Random(99L);
        TestMessage m = TestMessage.with("a", 1, "b", "x", "weight", 3000, "color", "blue", "z", 0);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && sb.length() > 0; e++) {
                int pos = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(pos);
                    case 1 -> sb.insert(pos, "()'=<>-_%!.eL0 ".charAt(r.nextInt(15)));
                    default -> sb.setCharAt(pos, (char) (' ' + r.nextInt(95)));
                }
            }
            check(sb.toString(), m);
        }
    }

    private static void check(String text, SelectorContext m) {
        Selector s;
        try {
            s = Selector.parse(text);
        } catch (SelectorException expected) {
            return;
        } catch (Throwable t) {
            fail("parse threw " + t + " for: " + text, t);
            return;
        }
        try {
            s.matches(m);
        } catch (Throwable t) {
            fail("matches threw " + t + " for: " + text, t);
        }
    }
}
