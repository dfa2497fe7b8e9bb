package io.pactum.broker.selector;

import io.pactum.protocol.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.pactum.broker.selector.TestMessage.truth;
import static io.pactum.broker.selector.TestMessage.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorEvaluationTest {

    private static boolean matches(String selector, SelectorContext m) {
        try {
            return Selector.parse(selector).matches(m);
        } catch (SelectorException e) {
            throw new AssertionError(e);
        }
    }

    /** t, f, u are boolean properties TRUE, FALSE and absent (NULL, so UNKNOWN). */
    private static final TestMessage TFU = with("t", true, "f", false);

    @ParameterizedTest(name = "{0} AND {1} = {2}")
    @CsvSource({"t,t,T", "t,f,F", "t,u,U", "f,t,F", "f,f,F", "f,u,F", "u,t,U", "u,f,F", "u,u,U"})
    void andTruthTable(String a, String b, String expected) {
        assertEquals(expected, truth(a + " AND " + b, TFU));
    }

    @ParameterizedTest(name = "{0} OR {1} = {2}")
    @CsvSource({"t,t,T", "t,f,T", "t,u,T", "f,t,T", "f,f,F", "f,u,U", "u,t,T", "u,f,U", "u,u,U"})
    void orTruthTable(String a, String b, String expected) {
        assertEquals(expected, truth(a + " OR " + b, TFU));
    }

    @ParameterizedTest(name = "NOT {0} = {1}")
    @CsvSource({"t,F", "f,T", "u,U"})
    void notTruthTable(String a, String expected) {
        assertEquals(expected, truth("NOT " + a, TFU));
    }

    @Test
    void longerJunctionsKeepThreeValuedLogic() {
        assertEquals("U", truth("t AND u AND t", TFU));
        assertEquals("F", truth("u AND t AND f", TFU));
        assertEquals("T", truth("u OR f OR t", TFU));
        assertEquals("U", truth("f OR u OR f", TFU));
        assertEquals("T", truth("TRUE", TFU));
        assertEquals("F", truth("FALSE", TFU));
        assertEquals("T", truth("true and not false", TFU));
    }

    @Test
    void precedenceNotAndOr() {
        // NOT binds tighter than AND, AND tighter than OR
        assertEquals("T", truth("t OR t AND f", TFU));
        assertEquals("F", truth("(t OR t) AND f", TFU));
        assertEquals("F", truth("NOT t AND t", TFU));
        assertEquals("T", truth("NOT (t AND f)", TFU));
        assertEquals("T", truth("NOT NOT t", TFU));
        // comparison binds tighter than NOT
        assertEquals("T", truth("NOT 1 = 2", TFU));
    }

    @Test
    void arithmeticPrecedenceAndAssociativity() {
        TestMessage m = new TestMessage();
        assertTrue(matches("2 + 3 * 4 = 14", m));
        assertTrue(matches("(2 + 3) * 4 = 20", m));
        assertTrue(matches("10 - 4 - 3 = 3", m)); // left associative
        assertTrue(matches("100 / 10 / 5 = 2", m));
        assertTrue(matches("-2 * -3 = 6", m));
        assertTrue(matches("- - 4 = 4", m));
        assertTrue(matches("+4 = 4", m));
        assertTrue(matches("2 - -2 = 4", m));
        assertTrue(matches("-(2 + 3) = -5", m));
        assertTrue(matches("1 + 2 * 3 - 4 / 2 = 5", m));
    }

    @Test
    void exactDivisionTruncatesAndMixedDivisionIsApproximate() {
        TestMessage m = with("i", 7, "d", 7.0);
        assertTrue(matches("i / 2 = 3", m));
        assertTrue(matches("-7 / 2 = -3", m));
        assertTrue(matches("d / 2 = 3.5", m));
        assertTrue(matches("i / 2.0 = 3.5", m));
        assertTrue(matches("7 * 1.5 = 10.5", m));
    }

    @Test
    void runtimeArithmeticProblemsAreUnknown() {
        TestMessage m = with("zero", 0, "dzero", 0.0, "max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "s", "1");
        assertEquals("U", truth("1 / zero = 1", m));
        assertEquals("U", truth("1 / zero <> 1", m));
        assertEquals("U", truth("1.5 / dzero > 0", m));
        assertEquals("U", truth("1 / 0 = 0", m));
        assertEquals("U", truth("max + 1 > 0", m));
        assertEquals("U", truth("min - 1 < 0", m));
        assertEquals("U", truth("max * 2 > 0", m));
        assertEquals("U", truth("-min > 0", m));
        assertEquals("U", truth("min / -1 > 0", m));
        assertEquals("T", truth("max * 1 = max", m));
        assertEquals("T", truth("min * -1 < 0 OR TRUE", m));
        // a string in arithmetic is a runtime type problem
        assertEquals("U", truth("s + 1 = 2", m));
        assertEquals("U", truth("-s = -1", m));
        assertEquals("U", truth("+s = 1", m));
        assertEquals("U", truth("absent * 2 = 0", m));
    }

    @Test
    void comparisonsOnNumbers() {
        TestMessage m = with("b", (byte) 5, "s", (short) 5, "i", 5, "l", 5L, "f", 5.0f, "d", 5.0);
        for (String p : new String[] {"b", "s", "i", "l", "f", "d"}) {
            assertEquals("T", truth(p + " = 5", m), p);
            assertEquals("T", truth(p + " = 5.0", m), p);
            assertEquals("F", truth(p + " <> 5", m), p);
            assertEquals("T", truth(p + " < 6", m), p);
            assertEquals("T", truth(p + " <= 5", m), p);
            assertEquals("F", truth(p + " > 5", m), p);
            assertEquals("T", truth(p + " >= 5", m), p);
            assertEquals("T", truth(p + " > 4.99", m), p);
            assertEquals("T", truth(p + " = i", m), p);
            assertEquals("T", truth(p + " = d", m), p);
        }
    }

    @Test
    void longAgainstDoubleFollowsJavaNumericPromotion() {
        TestMessage m = with("big", 9_007_199_254_740_993L, "big2", 9_007_199_254_740_992L);
        // exact against exact stays exact
        assertEquals("F", truth("big = big2", m));
        assertEquals("T", truth("big > big2", m));
        assertEquals("T", truth("big = 9007199254740993", m));
        // exact against approximate is compared as double, as Java's == would
        assertEquals("T", truth("big = 9007199254740992.0", m));
        assertEquals("T", truth("9223372036854775807 = 9.223372036854775807E18", m));
    }

    @Test
    void floatPropertyIsWidenedToDouble() {
        TestMessage m = with("f", 1.1f, "half", 0.5f);
        assertEquals("F", truth("f = 1.1", m)); // (double) 1.1f != 1.1, as in Java
        assertEquals("T", truth("f = 1.1f", m));
        assertEquals("T", truth("half = 0.5", m));
    }

    @Test
    void nanComparesAsJavaDoes() {
        TestMessage m = with("nan", Double.NaN);
        assertEquals("F", truth("nan = nan", m));
        assertEquals("T", truth("nan <> nan", m));
        assertEquals("F", truth("nan < 1", m));
    }

    @Test
    void stringsAndBooleansOnlyEqualsAndNotEquals() {
        TestMessage m = with("s", "abc", "s2", "abd", "b", true);
        assertEquals("T", truth("s = 'abc'", m));
        assertEquals("F", truth("s = 'ABC'", m));
        assertEquals("T", truth("s <> 'ABC'", m));
        assertEquals("F", truth("s = s2", m));
        assertEquals("T", truth("b = TRUE", m));
        assertEquals("T", truth("b <> false", m));
        assertEquals("T", truth("b", m));
        // ordering of two string (or boolean) identifiers: not like-type comparable, so FALSE
        assertEquals("F", truth("s < s2", m));
        assertEquals("F", truth("b > b", m));
    }

    @Test
    void comparingUnlikeTypesIsFalse() {
        // spec 3.8.1.1: a property set as the string "2" does not satisfy NumberOfOrders > 1
        TestMessage m = with("NumberOfOrders", "2", "n", 1, "b", true);
        assertEquals("F", truth("NumberOfOrders > 1", m));
        assertEquals("F", truth("NumberOfOrders = 2", m));
        assertEquals("F", truth("NumberOfOrders <> 2", m));
        assertEquals("F", truth("n = '1'", m));
        assertEquals("F", truth("n = TRUE", m));
        assertEquals("F", truth("b = 1", m));
        assertEquals("F", truth("b = 'true'", m));
        assertEquals("F", truth("n = b", m));
    }

    @Test
    void nullInComparisonIsUnknown() {
        TestMessage m = with("n", 1, "s", "x");
        for (String op : new String[] {"=", "<>", "<", "<=", ">", ">="}) {
            assertEquals("U", truth("absent " + op + " 1", m), op);
            assertEquals("U", truth("1 " + op + " absent", m), op);
            assertEquals("U", truth("absent " + op + " other", m), op);
        }
        assertEquals("U", truth("absent = 'x'", m));
        assertEquals("U", truth("s = absent", m));
        assertEquals("U", truth("absent + 1 = 2", m));
    }

    @Test
    void nonBooleanInBooleanPositionIsUnknown() {
        TestMessage m = with("s", "true", "n", 1);
        assertEquals("U", truth("s", m));
        assertEquals("U", truth("n", m));
        assertEquals("U", truth("s AND TRUE", m));
        assertEquals("U", truth("absent", m));
    }

    @Test
    void between() {
        TestMessage m = with("age", 17, "d", 15.0, "s", "17", "lo", 10);
        assertEquals("T", truth("age BETWEEN 15 AND 19", m));
        assertEquals("T", truth("age BETWEEN 17 AND 17", m));
        assertEquals("F", truth("age BETWEEN 18 AND 19", m));
        assertEquals("F", truth("age BETWEEN 19 AND 15", m));
        assertEquals("F", truth("age NOT BETWEEN 15 AND 19", m));
        assertEquals("T", truth("age NOT BETWEEN 18 AND 19", m));
        assertEquals("T", truth("d BETWEEN 14.5 AND 15", m));
        assertEquals("T", truth("age BETWEEN lo AND lo + 10", m));
        assertEquals("T", truth("age + 1 BETWEEN 2 * 9 AND 18", m));
        assertEquals("T", truth("age between 15 and 19 and TRUE", m));
        // NULL: per the equivalences age >= lo AND age <= hi / age < lo OR age > hi
        assertEquals("U", truth("absent BETWEEN 1 AND 2", m));
        assertEquals("U", truth("absent NOT BETWEEN 1 AND 2", m));
        assertEquals("U", truth("age BETWEEN absent AND 20", m));
        assertEquals("F", truth("age BETWEEN absent AND 16", m));
        assertEquals("T", truth("age NOT BETWEEN absent AND 16", m));
        // unlike types: every comparison is FALSE
        assertEquals("F", truth("s BETWEEN 1 AND 20", m));
        assertEquals("F", truth("s NOT BETWEEN 1 AND 20", m));
    }

    @Test
    void in() {
        TestMessage m = with("Country", "UK", "Other", "Peru", "n", 1);
        assertEquals("T", truth("Country IN ('UK', 'US', 'France')", m));
        assertEquals("F", truth("Other IN ('UK', 'US', 'France')", m));
        assertEquals("F", truth("Country NOT IN ('UK', 'US', 'France')", m));
        assertEquals("T", truth("Other NOT IN ('UK', 'US', 'France')", m));
        assertEquals("T", truth("Country IN ('UK')", m));
        assertEquals("F", truth("Country IN ('uk')", m));
        assertEquals("U", truth("absent IN ('UK')", m));
        assertEquals("U", truth("absent NOT IN ('UK')", m));
        // defined for String (or NULL) identifiers only: a number is selected neither by IN nor by NOT IN
        assertEquals("U", truth("n IN ('1')", m));
        assertEquals("U", truth("n NOT IN ('1')", m));
        assertEquals("T", truth("Country in ('it''s', 'UK')", with("Country", "it's")));
    }

    @Test
    void like() {
        TestMessage m = new TestMessage();
        assertLike("12%3", "123", true);
        assertLike("12%3", "12993", true);
        assertLike("12%3", "1234", false);
        assertLike("l_se", "lose", true);
        assertLike("l_se", "loose", false);
        assertLike("%", "", true);
        assertLike("_", "", false);
        assertLike("", "", true);
        assertLike("", "a", false);
        assertLike("%a%b%", "xxaxxbxx", true);
        assertLike("%a%b%", "xxbxxaxx", false);
        assertLike("a%%b", "ab", true);
        assertLike("%abc", "ababc", true);
        assertLike("a_c%", "abcdef", true);
        assertLike("abc", "ABC", false);
        // characters special to regular expressions stand for themselves
        assertLike("a.c", "abc", false);
        assertLike("a.c", "a.c", true);
        assertLike("[a-z]*+?^$\\d{1}(|)", "[a-z]*+?^$\\d{1}(|)", true);
        assertLike("\\Qx\\E%", "\\Qx\\Ey", true);
        assertLike("a\nb%", "a\nbc", true);
        assertLike("_", "\n", true);
        // _ is one character, even outside the BMP
        assertLike("a_b", "a\uD83D\uDE00b", true);
        assertLike("a__b", "a\uD83D\uDE00b", false);
        assertEquals("T", truth("underscored LIKE '\\_%' ESCAPE '\\'", with("underscored", "_foo")));
        assertEquals("F", truth("underscored LIKE '\\_%' ESCAPE '\\'", with("underscored", "bar")));
        assertEquals("T", truth("p LIKE '100!%' ESCAPE '!'", with("p", "100%")));
        assertEquals("F", truth("p LIKE '100!%' ESCAPE '!'", with("p", "1000")));
        assertEquals("T", truth("p LIKE 'a!!b' ESCAPE '!'", with("p", "a!b")));
        assertEquals("T", truth("p LIKE '%x_%' ESCAPE 'x'", with("p", "a_b")));
        assertEquals("F", truth("p LIKE '%x_%' ESCAPE 'x'", with("p", "ab")));
        assertEquals("T", truth("p LIKE '''%'", with("p", "'quoted")));
        assertEquals("F", truth("phone NOT LIKE '12%3'", with("phone", "123")));
        assertEquals("T", truth("phone NOT LIKE '12%3'", with("phone", "1234")));
        assertEquals("U", truth("absent LIKE '%'", m));
        assertEquals("U", truth("absent NOT LIKE '%'", m));
        assertEquals("U", truth("n LIKE '%'", with("n", 1)));
        assertEquals("U", truth("n NOT LIKE '%'", with("n", 1)));
    }

    private static void assertLike(String pattern, String value, boolean expected) {
        String sel = "v LIKE '" + pattern.replace("'", "''") + "'";
        assertEquals(expected ? "T" : "F", truth(sel, with("v", value)), sel + " for " + value);
    }

    @Test
    void isNull() {
        TestMessage m = with("s", "x", "b", false);
        assertEquals("T", truth("absent IS NULL", m));
        assertEquals("F", truth("absent IS NOT NULL", m));
        assertEquals("F", truth("s IS NULL", m));
        assertEquals("T", truth("s IS NOT NULL", m));
        assertEquals("T", truth("b is not null", m));
        assertEquals("T", truth("JMSCorrelationID IS NULL", m));
        assertEquals("T", truth("JMSType IS NULL", m));
    }

    @Test
    void headerFields() {
        TestMessage m = new TestMessage();
        m.deliveryMode = "NON_PERSISTENT";
        m.priority = 7;
        m.messageId = "ID:abc";
        m.timestamp = 1_700_000_000_000L;
        m.correlationId = "corr-1";
        m.type = "car";
        assertTrue(matches("JMSDeliveryMode = 'NON_PERSISTENT'", m));
        assertFalse(matches("JMSDeliveryMode = 'PERSISTENT'", m));
        assertEquals("F", truth("JMSDeliveryMode = 1", m)); // a string, not the numeric constant
        assertTrue(matches("JMSPriority > 4 AND JMSPriority BETWEEN 5 AND 9", m));
        assertTrue(matches("JMSMessageID = 'ID:abc'", m));
        assertTrue(matches("JMSTimestamp >= 1700000000000", m));
        assertTrue(matches("JMSTimestamp + 1000 > 1700000000999", m));
        assertTrue(matches("JMSCorrelationID LIKE 'corr-%'", m));
        assertTrue(matches("JMSType IN ('car', 'truck')", m));
        m.correlationId = null;
        assertEquals("U", truth("JMSCorrelationID = 'corr-1'", m));
    }

    @Test
    void jmsxAndProviderPropertiesAreProperties() {
        TestMessage m = with("JMSXDeliveryCount", 2, "JMSXGroupID", "g1", "JMS_pactum_x", 5);
        assertTrue(matches("JMSXDeliveryCount > 1", m));
        assertTrue(matches("JMSXGroupID = 'g1'", m));
        assertTrue(matches("JMS_pactum_x = 5", m));
        assertTrue(matches("JMSXUserID IS NULL", m));
    }

    @Test
    void identifiersAreCaseSensitiveKeywordsAreNot() {
        TestMessage m = with("color", "blue", "Color", "red");
        assertTrue(matches("color = 'blue' AnD Color = 'red'", m));
        assertFalse(matches("COLOR = 'blue'", m));
        assertTrue(matches("color LiKe 'b%' Or FALSE", m));
        assertTrue(matches("jmsType IS NULL", m)); // not the header: does not begin with "JMS"
    }

    @Test
    void realisticSelectors() {
        TestMessage car = with("color", "blue", "weight", 3000);
        car.type = "car";
        assertTrue(matches("JMSType = 'car' AND color = 'blue' AND weight > 2500", car));
        car.props.put("weight", 2500);
        assertFalse(matches("JMSType = 'car' AND color = 'blue' AND weight > 2500", car));
        assertTrue(matches("Country IN ('UK','US','France')", with("Country", "France")));
        assertFalse(matches("Country IN ('UK','US','France')", with("Country", "Peru")));
        assertTrue(matches("phone LIKE '12%3'", with("phone", "12993")));
        assertTrue(matches("(quantity * price) / 100.0 >= 10.5 OR urgent", with("quantity", 3, "price", 350)));
        // exact division truncates: 1050 / 100 = 10, and urgent is absent, so the OR is UNKNOWN
        assertEquals("U", truth("(quantity * price) / 100 >= 10.5 OR urgent", with("quantity", 3, "price", 350)));
        assertTrue(matches("region = 'EU' AND (priority_level > 3 OR vip = TRUE) AND JMSXDeliveryCount < 5",
                with("region", "EU", "priority_level", 1, "vip", true, "JMSXDeliveryCount", 1)));
    }

    @Test
    void allMatchesEverything() throws SelectorException {
        assertTrue(Selector.ALL.matches(new TestMessage()));
        assertTrue(Selector.parse(null).matchesAll());
        assertTrue(Selector.parse("").matches(new TestMessage()));
        assertTrue(Selector.parse(" \t\n").matchesAll());
        assertFalse(Selector.parse("a = 1").matchesAll());
    }

    @Test
    void toStringIsSourceText() throws SelectorException {
        assertEquals("color = 'blue'", Selector.parse("color = 'blue'").toString());
        assertEquals("", Selector.ALL.toString());
        assertEquals(Selector.parse("a=1"), Selector.parse("a=1"));
    }

    @Test
    void misbehavingContextSelectsNothing() throws SelectorException {
        SelectorContext broken = new TestMessage() {
            @Override
            public Object property(String name) {
                throw new IllegalStateException("boom");
            }
        };
        assertFalse(Selector.parse("x IS NULL").matches(broken));
    }

    @Test
    void unsupportedPropertyTypeIsIncomparable() {
        TestMessage m = with("c", 'x', "bytes", new byte[] {1});
        assertEquals("F", truth("c = 'x'", m));
        assertEquals("U", truth("bytes + 1 = 2", m));
        assertEquals("T", truth("bytes IS NOT NULL", m));
    }

    @Test
    void wireMessageAdapter() throws SelectorException {
        WireMessage w = new WireMessage();
        w.deliveryMode = WireMessage.NON_PERSISTENT;
        w.priority = 9;
        w.timestamp = 42L;
        w.messageId = "ID:w";
        w.correlationId = "c";
        w.type = "t";
        w.properties.put("color", "blue");
        w.properties.put("JMSXGroupID", "g");
        SelectorContext c = SelectorContext.of(w, 3);
        assertTrue(Selector.parse("JMSDeliveryMode = 'NON_PERSISTENT' AND JMSPriority = 9 AND JMSTimestamp = 42 "
                + "AND JMSMessageID = 'ID:w' AND JMSCorrelationID = 'c' AND JMSType = 't' AND color = 'blue' "
                + "AND JMSXGroupID = 'g' AND JMSXDeliveryCount = 3").matches(c));
        w.deliveryMode = WireMessage.PERSISTENT;
        assertTrue(Selector.parse("JMSDeliveryMode = 'PERSISTENT'").matches(c));
        assertTrue(Selector.parse("missing IS NULL").matches(c));
    }

    @Test
    void evaluationIsRepeatableAndThreadSafe() throws Exception {
        Selector s = Selector.parse("n BETWEEN 10 AND 20 AND name LIKE 'a%z' AND tag IN ('x','y')");
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                boolean good = true;
                for (int i = 0; i < 20_000; i++) {
                    boolean expect = i % 2 == 0;
                    good &= s.matches(with("n", expect ? 15 : 25, "name", "abcz", "tag", "y")) == expect;
                }
                ok[id] = good;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (boolean b : ok) {
            assertTrue(b);
        }
    }
}
