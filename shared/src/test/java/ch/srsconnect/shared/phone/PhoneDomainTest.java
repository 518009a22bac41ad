package ch.srsconnect.shared.phone;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneDomainTest {

    @Test
    void numbersNormaliseToE164WithPlus() {
        assertEquals(Optional.of("+41791234567"), PhoneNumbers.normalise("+41 79 123 45 67"));
        assertEquals(Optional.of("+41791234567"), PhoneNumbers.normalise("0041 (79) 123-45.67"));
        assertEquals(Optional.of("+41791234567"), PhoneNumbers.normalise("41791234567"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("079 123 45 67"), "national numbers: the country is not guessed");
        assertEquals(Optional.empty(), PhoneNumbers.normalise("+41 79 abc"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("+4179#1234567"));
        assertEquals(Optional.empty(), PhoneNumbers.normalise("+1234567"), "too short");
        assertEquals(Optional.empty(), PhoneNumbers.normalise("+1234567890123456"), "too long");
        assertEquals(Optional.empty(), PhoneNumbers.normalise(null));
    }

    @Test
    void codeHashesAreSaltedByVerificationAndCaseInsensitive() {
        String h = CodeHash.of("v1", "abcd");
        assertEquals(h, CodeHash.of("v1", " ABCD "));
        assertNotEquals(h, CodeHash.of("v2", "ABCD"), "salted by the verification id");
        assertFalse(h.contains("ABCD"));
        assertTrue(CodeHash.matches(h, "v1", "ABCD"));
        assertFalse(CodeHash.matches(h, "v1", "ABCE"));
        assertFalse(CodeHash.matches(null, "v1", "ABCD"));
    }

    @Test
    void settingsFromConfigWithDefaultsAndRejectedNonsense() {
        PhoneSettings d = PhoneSettings.fromConfig(Config.of(Map.of()));
        assertEquals(PhoneSettings.DEFAULTS, d);
        assertEquals(Duration.ofMinutes(5), d.codeValidity());
        assertEquals(3, d.maxAttempts());
        PhoneSettings s = PhoneSettings.fromConfig(Config.of(Map.of("PHONE_PROOF_VALIDITY_SECONDS", "PT1H", "PHONE_OTP_MAX_ATTEMPTS", "5")));
        assertEquals(Duration.ofHours(1), s.proofValidity());
        assertEquals(5, s.maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> PhoneSettings.fromConfig(Config.of(Map.of("PHONE_OTP_MAX_ATTEMPTS", "0"))));
        assertThrows(ConfigException.class, () -> PhoneSettings.fromConfig(Config.of(Map.of("PHONE_OTP_VALIDITY_SECONDS", "soon"))));
    }

    @Test
    void attemptsLeftAndExpiry() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        PhoneVerification v = new PhoneVerification("id", "o", "+41791234567", PhoneVerification.State.PENDING, 2, 3, t,
                t.plusSeconds(300), null);
        assertEquals(1, v.attemptsLeft());
        assertFalse(v.expiredAt(t.plusSeconds(299)));
        assertTrue(v.expiredAt(t.plusSeconds(300)));
        assertFalse(v.toString().contains("+41791234567"), "no msisdn in toString");
    }
}
