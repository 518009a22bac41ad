package ch.srsconnect.shared.identification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentificationStatusTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "created|CREATED",
            "CREATED|CREATED",
            "initialized|INITIALIZED",
            "Initialised|INITIALIZED",
            "IDENTIFICATION_INITIALIZED|INITIALIZED",
            "identification_done|IDENTIFICATION_DONE",
            "IDENTIFICATION_DONE|IDENTIFICATION_DONE",
            "IdentificationDone|IDENTIFICATION_DONE",
            "identification-done|IDENTIFICATION_DONE",
            "Identification Done|IDENTIFICATION_DONE",
            "data_ready|DATA_READY",
            "DATA-READY|DATA_READY",
            "DataReady|DATA_READY",
            "IDENTIFICATION_DATA_READY|DATA_READY",
            "terminated|TERMINATED",
            "Terminated|TERMINATED",
            "  TERMINATED  |TERMINATED",
            "IDENTIFICATION_TERMINATED|TERMINATED",
            "aborted|ABORTED",
            "Aborted|ABORTED",
            "error|ERROR",
            "ERROR|ERROR",
            "negatively_conducted|NEGATIVELY_CONDUCTED",
            "IDENTIFICATION_NEGATIVELY_CONDUCTED|NEGATIVELY_CONDUCTED",
            "NegativelyConducted|NEGATIVELY_CONDUCTED",
            "negatively.conducted|NEGATIVELY_CONDUCTED",
            "timeout|TIMEOUT",
            "TIMED_OUT|TIMEOUT",
            "Timeout|TIMEOUT",
            "canceled|CANCELED",
            "Canceled|CANCELED",
            "cancelled|CANCELED",
            "CANCELLED|CANCELED",
            "IDENTIFICATION_CANCELLED|CANCELED",
    })
    void normalisesSpellings(String raw, KnownStatus expected) {
        IdentificationStatus s = IdentificationStatus.parse(raw);
        assertTrue(s.isKnown());
        assertSame(expected, s.known());
        assertEquals(expected.value(), s.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending_video_review", "DONE", "identification", "IDENTIFICATION_", "Terminé?", "", "   "})
    void unknownStatusIsKeptVerbatimAndNonTerminal(String raw) {
        IdentificationStatus s = IdentificationStatus.parse(raw);
        assertFalse(s.isKnown());
        assertNull(s.known());
        assertEquals(raw, s.value());
        assertFalse(s.isTerminal());
        assertFalse(s.isFailure());
        assertEquals(NextAction.WAIT, s.nextAction());
    }

    @Test
    void nullIsAnUnknownEmptyStatusNotACrash() {
        IdentificationStatus s = IdentificationStatus.parse(null);
        assertFalse(s.isKnown());
        assertEquals("", s.value());
    }

    @ParameterizedTest
    @EnumSource(KnownStatus.class)
    void canonicalValueRoundTrips(KnownStatus k) {
        assertEquals(IdentificationStatus.of(k), IdentificationStatus.parse(k.value()));
        assertEquals(IdentificationStatus.of(k), IdentificationStatus.parse(k.name()));
    }

    @ParameterizedTest(name = "{0}: terminal={1} failure={2} -> {3}")
    @CsvSource({
            "created, false, false, WAIT_FOR_TARGET_URL",
            "initialized, false, false, SEND_USER_TO_TARGET_URL",
            "identification_done, false, false, WAIT",
            "data_ready, false, false, WAIT",
            "terminated, true, false, CHECK_TERMS",
            "aborted, false, false, OFFER_RETRY_SAME_URL",
            "error, true, true, NEW_ORDER",
            "negatively_conducted, true, true, CHECK_REASON_THEN_NEW_ORDER",
            "timeout, true, true, NEW_ORDER",
            "canceled, true, true, NEW_ORDER",
    })
    void terminalityAndNextAction(String raw, boolean terminal, boolean failure, NextAction action) {
        IdentificationStatus s = IdentificationStatus.parse(raw);
        assertEquals(terminal, s.isTerminal());
        assertEquals(failure, s.isFailure());
        assertEquals(action, s.nextAction());
    }

    @ParameterizedTest
    @EnumSource(NextAction.class)
    void everyActionExplainsItself(NextAction a) {
        assertFalse(a.explanation().isBlank());
    }
}
