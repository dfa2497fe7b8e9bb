package io.pactum.broker.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizesTest {
    @Test
    void parsesPlainNumbersAndBinaryUnits() {
        assertEquals(65536, Sizes.parse("65536"));
        assertEquals(100, Sizes.parse("100B"));
        assertEquals(512 * 1024, Sizes.parse("512KB"));
        assertEquals(512 * 1024, Sizes.parse("512k"));
        assertEquals(512 * 1024, Sizes.parse("512KiB"));
        assertEquals(64L << 20, Sizes.parse("64MB"));
        assertEquals(64L << 20, Sizes.parse(" 64 mb "));
        assertEquals(64L << 20, Sizes.parse("64M"));
        assertEquals(2L << 30, Sizes.parse("2GB"));
        assertEquals(2L << 30, Sizes.parse("2GiB"));
    }

    @Test
    void rejectsWhatIsNotASize() {
        for (String bad : new String[] {"", " ", "MB", "-5MB", "1.5MB", "64TB", "64 MBs", "lots", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000000000GB"));
    }

    @Test
    void formatsExactly() {
        assertEquals("64MB", Sizes.format(64L << 20));
        assertEquals("1536KB", Sizes.format(1536 * 1024));
        assertEquals("1GB", Sizes.format(1L << 30));
        assertEquals("1000", Sizes.format(1000));
        assertEquals("0", Sizes.format(0));
    }
}
