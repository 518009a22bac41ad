package ch.srsconnect.shared.identification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class IdentificationTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    static Identification.Builder sample() {
        return Identification.builder().id("idn-1").owner("sp-a").refId("ref-1").orderId("ord-1")
                .targetUrl("https://ipsp.example/t/secret-token").issuer("intrum-video").method("video")
                .msisdn("+41791234567").status(IdentificationStatus.INITIALIZED)
                .createdAt(T0).updatedAt(T0).expiresAt(T0.plusSeconds(86400 * 90)).nextPollAt(T0.plusSeconds(300));
    }

    @Test
    void holdsNoPersonalDataBeyondTheMsisdn() {
        List<String> forbidden = List.of("name", "dob", "birth", "email", "mail", "nationality");
        for (RecordComponent c : Identification.class.getRecordComponents()) {
            String n = c.getName().toLowerCase(Locale.ROOT);
            assertTrue(forbidden.stream().noneMatch(n::contains), "personal data field: " + c.getName());
        }
    }

    @Test
    void toStringMasksMsisdnAndHidesTargetUrl() {
        String s = sample().build().toString();
        assertFalse(s.contains("+41791234567"), s);
        assertFalse(s.contains("1234567"), s);
        assertFalse(s.contains("secret-token"), s);
        assertTrue(s.contains("67"), s);
    }

    @Test
    void doneMeansNoNextPoll() {
        assertThrows(IllegalArgumentException.class, () -> sample().phase(Phase.DONE).build());
        Identification done = sample().done().build();
        assertEquals(Phase.DONE, done.phase());
        assertFalse(done.isTracked());
    }

    @Test
    void requiredFields() {
        assertThrows(IllegalArgumentException.class, () -> sample().id(" ").build());
        assertThrows(IllegalArgumentException.class, () -> sample().owner(null).build());
        assertThrows(NullPointerException.class, () -> sample().status(null).build());
        assertThrows(NullPointerException.class, () -> sample().expiresAt(null).build());
    }

    @Test
    void applyingSrsHistoryTakesStatusAndReasonFromTheNewLastEntry() {
        StatusEntry created = StatusEntry.fromWire("created", "2026-11-22T10:00:00Z", null, null);
        StatusEntry initialized = StatusEntry.fromWire("initialized", "2026-11-22T10:00:01Z", null, null);
        StatusEntry rejected = StatusEntry.fromWire("IDENTIFICATION_NEGATIVELY_CONDUCTED", "2026-11-22T10:30:00Z",
                "document expired", null);
        Identification a = sample().applySrsHistory(List.of(created, initialized)).build();
        Identification b = a.toBuilder().applySrsHistory(List.of(created, initialized, rejected)).build();
        assertEquals(IdentificationStatus.NEGATIVELY_CONDUCTED, b.status());
        assertEquals("document expired", b.reason());
        assertEquals(NextAction.CHECK_REASON_THEN_NEW_ORDER, b.nextAction());
        // an older answer redelivered afterwards changes nothing
        Identification c = b.toBuilder().applySrsHistory(List.of(created, initialized)).build();
        assertEquals(b, c);
    }

    @Test
    void canSignOverridesTheStatusAction() {
        Identification i = sample().status(IdentificationStatus.TERMINATED).phase(Phase.LOOKUP).build();
        assertEquals(NextAction.CHECK_TERMS, i.nextAction());
        assertEquals(NextAction.READY_TO_SIGN, i.toBuilder().canSign(true).done().build().nextAction());
    }

    @Test
    void pollShardIsStableAndInRange() {
        int[] counts = new int[8];
        for (int i = 0; i < 800; i++) {
            int s = Identification.pollShardOf("id-" + i, 8);
            assertEquals(s, Identification.pollShardOf("id-" + i, 8));
            counts[s]++;
        }
        assertTrue(Arrays.stream(counts).allMatch(c -> c > 0), Arrays.toString(counts));
        assertThrows(IllegalArgumentException.class, () -> Identification.pollShardOf("x", 0));
    }
}
