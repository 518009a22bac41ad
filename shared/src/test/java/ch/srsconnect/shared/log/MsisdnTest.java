package ch.srsconnect.shared.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MsisdnTest {
    @Test
    void keepsCountryPrefixAndLastTwoDigits() {
        assertEquals("4179*****67", Msisdn.mask("41791234567"));
        assertEquals("+4179*****67", Msisdn.mask("+41791234567"));
        assertEquals("+4179*****67", Msisdn.mask(" +41 79 123 45 67 "));
        assertEquals("4917*******89", Msisdn.mask("4917012345689"));
    }

    @Test
    void garbageIsFullyMasked() {
        assertNull(Msisdn.mask(null));
        assertEquals("***", Msisdn.mask(""));
        assertEquals("***", Msisdn.mask("hello world"));
        assertEquals("***", Msisdn.mask("4179123456x"));
        assertEquals("***", Msisdn.mask("1234567"));
        assertEquals("***", Msisdn.mask("4179+1234567"));
        assertEquals("***", Msisdn.mask("1234567890123456"));
        assertEquals("***", Msisdn.mask("{\"msisdn\":\"41791234567\"}"));
    }

    @Test
    void neverRevealsTheMiddle() {
        String masked = Msisdn.mask("41791234567");
        assertFalse(masked.contains("12345"));
        assertEquals("41791234567".length(), masked.length());
    }
}
