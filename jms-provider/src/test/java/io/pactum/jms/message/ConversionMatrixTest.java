package io.pactum.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every cell of the conversion tables of the specification: message properties (Message javadoc) and the
 * StreamMessage / MapMessage table, each with one value of every row type read as every column type.
 */
class ConversionMatrixTest {
    static final List<String> TYPES = List.of("boolean", "byte", "short", "char", "int", "long", "float", "double",
            "String", "byte[]");

    /** Row type → sample value of that type. */
    static final Map<String, Object> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("boolean", true);
        SAMPLES.put("byte", (byte) 12);
        SAMPLES.put("short", (short) 1234);
        SAMPLES.put("char", 'x');
        SAMPLES.put("int", 123456);
        SAMPLES.put("long", 1234567890123L);
        SAMPLES.put("float", 1.5f);
        SAMPLES.put("double", 2.25d);
        SAMPLES.put("String", "12");
        SAMPLES.put("byte[]", new byte[] {1, 2, 3});
    }

    /** The marked cells of the StreamMessage / MapMessage table: row → readable columns. */
    static final Map<String, Set<String>> BODY_TABLE = Map.of(
            "boolean", Set.of("boolean", "String"),
            "byte", Set.of("byte", "short", "int", "long", "String"),
            "short", Set.of("short", "int", "long", "String"),
            "char", Set.of("char", "String"),
            "int", Set.of("int", "long", "String"),
            "long", Set.of("long", "String"),
            "float", Set.of("float", "double", "String"),
            "double", Set.of("double", "String"),
            "String", Set.of("boolean", "byte", "short", "int", "long", "float", "double", "String"),
            "byte[]", Set.of("byte[]"));

    static final List<String> PROPERTY_TYPES = List.of("boolean", "byte", "short", "int", "long", "float", "double",
            "String");

    /** Writes one value and reads it back as a given type. */
    interface Cell {
        Object read(Object written, String as) throws JMSException;
    }

    static Object expected(Object v, String as) {
        if (v instanceof String s) {
            return switch (as) {
                case "boolean" -> Boolean.valueOf(s);
                case "byte" -> Byte.valueOf(s);
                case "short" -> Short.valueOf(s);
                case "int" -> Integer.valueOf(s);
                case "long" -> Long.valueOf(s);
                case "float" -> Float.valueOf(s);
                case "double" -> Double.valueOf(s);
                case "String" -> s;
                default -> throw new AssertionError(as);
            };
        }
        return switch (as) {
            case "boolean", "char", "byte[]" -> v;
            case "byte" -> ((Number) v).byteValue();
            case "short" -> ((Number) v).shortValue();
            case "int" -> ((Number) v).intValue();
            case "long" -> ((Number) v).longValue();
            case "float" -> ((Number) v).floatValue();
            case "double" -> ((Number) v).doubleValue();
            case "String" -> String.valueOf(v);
            default -> throw new AssertionError(as);
        };
    }

    static List<DynamicTest> matrix(String what, List<String> types, Cell cell) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : types) {
            for (String col : types) {
                Object value = SAMPLES.get(row);
                boolean allowed = BODY_TABLE.get(row).contains(col);
                tests.add(DynamicTest.dynamicTest(what + ": " + row + " read as " + col, () -> {
                    if (allowed) {
                        Object got = cell.read(value, col);
                        Object want = expected(value, col);
                        if (want instanceof byte[] b) {
                            assertArrayEquals(b, (byte[]) got);
                        } else {
                            assertEquals(want, got);
                        }
                    } else {
                        assertThrows(MessageFormatException.class, () -> cell.read(value, col));
                    }
                }));
            }
        }
        return tests;
    }

    static Object readProperty(PactumMessage m, String name, String as) throws JMSException {
        return switch (as) {
            case "boolean" -> m.getBooleanProperty(name);
            case "byte" -> m.getByteProperty(name);
            case "short" -> m.getShortProperty(name);
            case "int" -> m.getIntProperty(name);
            case "long" -> m.getLongProperty(name);
            case "float" -> m.getFloatProperty(name);
            case "double" -> m.getDoubleProperty(name);
            case "String" -> m.getStringProperty(name);
            default -> throw new AssertionError(as);
        };
    }

    static Object readMap(PactumMapMessage m, String name, String as) throws JMSException {
        return switch (as) {
            case "boolean" -> m.getBoolean(name);
            case "byte" -> m.getByte(name);
            case "short" -> m.getShort(name);
            case "char" -> m.getChar(name);
            case "int" -> m.getInt(name);
            case "long" -> m.getLong(name);
            case "float" -> m.getFloat(name);
            case "double" -> m.getDouble(name);
            case "String" -> m.getString(name);
            case "byte[]" -> m.getBytes(name);
            default -> throw new AssertionError(as);
        };
    }

    static Object readStream(PactumStreamMessage m, String as) throws JMSException {
        return switch (as) {
            case "boolean" -> m.readBoolean();
            case "byte" -> m.readByte();
            case "short" -> m.readShort();
            case "char" -> m.readChar();
            case "int" -> m.readInt();
            case "long" -> m.readLong();
            case "float" -> m.readFloat();
            case "double" -> m.readDouble();
            case "String" -> m.readString();
            case "byte[]" -> {
                byte[] buf = new byte[100];
                int n = m.readBytes(buf);
                byte[] out = new byte[n];
                System.arraycopy(buf, 0, out, 0, n);
                yield out;
            }
            default -> throw new AssertionError(as);
        };
    }

    @TestFactory
    List<DynamicTest> propertyConversions() {
        return matrix("property", PROPERTY_TYPES, (value, as) -> {
            PactumMessage m = new PactumMessage();
            m.setObjectProperty("p", value);
            return readProperty(m, "p", as);
        });
    }

    @TestFactory
    List<DynamicTest> propertyConversionsThroughTypedSetters() {
        return matrix("typed property", PROPERTY_TYPES, (value, as) -> {
            PactumMessage m = new PactumMessage();
            if (value instanceof Boolean v) {
                m.setBooleanProperty("p", v);
            } else if (value instanceof Byte v) {
                m.setByteProperty("p", v);
            } else if (value instanceof Short v) {
                m.setShortProperty("p", v);
            } else if (value instanceof Integer v) {
                m.setIntProperty("p", v);
            } else if (value instanceof Long v) {
                m.setLongProperty("p", v);
            } else if (value instanceof Float v) {
                m.setFloatProperty("p", v);
            } else if (value instanceof Double v) {
                m.setDoubleProperty("p", v);
            } else {
                m.setStringProperty("p", (String) value);
            }
            assertEquals(value, m.getObjectProperty("p"));
            return readProperty(m, "p", as);
        });
    }

    @TestFactory
    List<DynamicTest> mapConversions() {
        return matrix("map", TYPES, (value, as) -> {
            PactumMapMessage m = new PactumMapMessage();
            m.setObject("k", value);
            return readMap(m, "k", as);
        });
    }

    /** Also checks that a failed read leaves the position unchanged: the value is then read as an object. */
    @TestFactory
    List<DynamicTest> streamConversions() {
        return matrix("stream", TYPES, (value, as) -> {
            PactumStreamMessage m = new PactumStreamMessage();
            m.writeObject(value);
            m.writeString("next");
            m.reset();
            try {
                return readStream(m, as);
            } catch (MessageFormatException e) {
                Object again = m.readObject();
                if (value instanceof byte[] b) {
                    assertArrayEquals(b, (byte[]) again);
                } else {
                    assertEquals(value, again);
                }
                assertEquals("next", m.readString());
                throw e;
            }
        });
    }

    // ------------------------------------------------------------------ strings that do not parse, and nulls

    @TestFactory
    List<DynamicTest> unparsableStringsThrowNumberFormatException() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String as : List.of("byte", "short", "int", "long", "float", "double")) {
            tests.add(DynamicTest.dynamicTest("property 'abc' as " + as, () -> {
                PactumMessage m = new PactumMessage();
                m.setStringProperty("p", "abc");
                assertThrows(NumberFormatException.class, () -> readProperty(m, "p", as));
            }));
            tests.add(DynamicTest.dynamicTest("map 'abc' as " + as, () -> {
                PactumMapMessage m = new PactumMapMessage();
                m.setString("k", "abc");
                assertThrows(NumberFormatException.class, () -> readMap(m, "k", as));
            }));
            tests.add(DynamicTest.dynamicTest("stream 'abc' as " + as + " does not advance", () -> {
                PactumStreamMessage m = new PactumStreamMessage();
                m.writeString("abc");
                m.reset();
                assertThrows(NumberFormatException.class, () -> readStream(m, as));
                assertEquals("abc", m.readString());
            }));
        }
        tests.add(DynamicTest.dynamicTest("'abc' as boolean is false (Boolean.valueOf)", () -> {
            PactumMessage m = new PactumMessage();
            m.setStringProperty("p", "abc");
            assertEquals(false, m.getBooleanProperty("p"));
            m.setStringProperty("q", "TRUE");
            assertEquals(true, m.getBooleanProperty("q"));
        }));
        return tests;
    }

    /** A null (or absent) value reads like valueOf((String) null): boolean false, others what valueOf throws. */
    @TestFactory
    List<DynamicTest> nullValuesReadLikeValueOfNull() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, Class<? extends Throwable>> thrown = Map.of(
                "byte", NumberFormatException.class, "short", NumberFormatException.class,
                "int", NumberFormatException.class, "long", NumberFormatException.class,
                "float", NullPointerException.class, "double", NullPointerException.class,
                "char", NullPointerException.class);
        for (String as : TYPES) {
            Cell absentProperty = (v, t) -> readProperty(new PactumMessage(), "missing", t);
            Cell nullProperty = (v, t) -> {
                PactumMessage m = new PactumMessage();
                m.setStringProperty("p", null);
                return readProperty(m, "p", t);
            };
            Cell nullMapValue = (v, t) -> {
                PactumMapMessage m = new PactumMapMessage();
                m.setString("k", null);
                return readMap(m, "k", t);
            };
            Cell absentMapValue = (v, t) -> readMap(new PactumMapMessage(), "missing", t);
            Cell nullStreamValue = (v, t) -> {
                PactumStreamMessage m = new PactumStreamMessage();
                m.writeObject(null);
                m.reset();
                try {
                    return readStream(m, t);
                } catch (RuntimeException e) {
                    assertEquals(null, m.readObject(), "failed read must not advance");
                    throw e;
                }
            };
            Map<String, Cell> cells = new LinkedHashMap<>();
            if (PROPERTY_TYPES.contains(as)) {
                cells.put("absent property", absentProperty);
                cells.put("null property", nullProperty);
            }
            cells.put("null map value", nullMapValue);
            cells.put("absent map value", absentMapValue);
            if (!as.equals("byte[]")) {
                cells.put("null stream value", nullStreamValue);
            }
            cells.forEach((what, cell) -> tests.add(DynamicTest.dynamicTest(what + " as " + as, () -> {
                switch (as) {
                    case "boolean" -> assertEquals(false, cell.read(null, as));
                    case "String", "byte[]" -> assertEquals(null, cell.read(null, as));
                    default -> assertThrows(thrown.get(as), () -> cell.read(null, as));
                }
            })));
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void nullByteArrayInStreamReadsAsMinusOne() throws JMSException {
        PactumStreamMessage m = new PactumStreamMessage();
        m.writeBytes(null);
        m.writeInt(7);
        m.reset();
        assertEquals(-1, m.readBytes(new byte[4]));
        assertEquals(7, m.readInt());
    }

    @org.junit.jupiter.api.Test
    void matrixCoversEveryCell() {
        assertEquals(100, matrix("x", TYPES, (v, t) -> fail()).size());
        assertTrue(BODY_TABLE.keySet().containsAll(TYPES));
    }
}
