package ch.srsconnect.shared.terms;

import ch.srsconnect.shared.api.FieldError;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvidenceViewTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
    private static final String M = "+41791234567";

    private static EvidenceStatus sf(String signing, boolean notFound, LocalDate loa4) {
        return new EvidenceStatus(notFound ? List.of() : List.of(new EvidenceStatus.Level("ZERTES", 4)), loa4,
                SigningStatus.parse(signing), signing, notFound);
    }

    private static RaEvidence ra(LocalDate expires, boolean soon) {
        return new RaEvidence("ev-1", 4, List.of("ZERTES"), expires, soon);
    }

    @Test
    void midWithUsableEvidenceCanSign() {
        EvidenceView v = EvidenceView.merge(M, sf("MID", false, TODAY.plusYears(2)), Optional.of(ra(TODAY.plusYears(2), false)), TODAY);
        assertTrue(v.canSignNow());
        assertEquals(EvidenceView.Action.SIGN, v.nextAction());
        assertFalse(v.expiresWithin90Days());
        assertEquals("MOBILE_ID", v.toJson().path("authenticationMeans").asText());
        assertTrue(v.toJson().path("termsAccepted").asBoolean());
    }

    @Test
    void registeredButRaSaysNoMeansAcceptTerms() {
        EvidenceView v = EvidenceView.merge(M, sf("SAS", false, null), Optional.empty(), TODAY);
        assertFalse(v.canSignNow());
        assertEquals(EvidenceView.Action.ACCEPT_TERMS, v.nextAction());
        assertFalse(v.toJson().path("termsAccepted").asBoolean());
        assertTrue(v.toJson().path("evidence").isNull());
    }

    @Test
    void mismatchesAreReIdentifyEvenIfRaWouldAnswer() {
        for (String s : List.of("MISSMATCH_MID", "MISMATCH_SAS_CHANGE_SN", "MISSMATCH_SAS_BUT_MID")) {
            EvidenceView v = EvidenceView.merge(M, sf(s, false, null), Optional.of(ra(TODAY.plusYears(1), false)), TODAY);
            assertEquals(EvidenceView.Action.RE_IDENTIFY, v.nextAction(), s);
            assertFalse(v.canSignNow(), s);
            assertFalse(EvidenceView.worthLookingUp(sf(s, false, null)), "RA is not asked for " + s);
        }
    }

    @Test
    void notRegisteredMeansGetIdentified() {
        EvidenceView v = EvidenceView.merge(M, sf("NOT_REGISTERED_AT_ALL", true, null), null, TODAY);
        assertFalse(v.registered());
        assertEquals(EvidenceView.Action.GET_IDENTIFIED, v.nextAction());
        assertTrue(v.toJson().path("termsAccepted").isNull());
        assertFalse(EvidenceView.worthLookingUp(sf("NOT_REGISTERED_AT_ALL", true, null)));
    }

    @Test
    void expiryWithin90DaysFromRaOrFromTheLoa4Date() {
        assertTrue(EvidenceView.merge(M, sf("MID", false, null), Optional.of(ra(TODAY.plusDays(10), true)), TODAY).expiresWithin90Days());
        assertTrue(EvidenceView.merge(M, sf("MID", false, TODAY.plusDays(90)), Optional.empty(), TODAY).expiresWithin90Days());
        assertFalse(EvidenceView.merge(M, sf("MID", false, TODAY.plusDays(91)), Optional.empty(), TODAY).expiresWithin90Days());
    }

    @Test
    void anUnknownSigningStatusTrustsTheRa() {
        assertEquals(EvidenceView.Action.SIGN,
                EvidenceView.merge(M, sf("BRAND_NEW", false, null), Optional.of(ra(null, false)), TODAY).nextAction());
        assertEquals(EvidenceView.Action.CHECK_LATER,
                EvidenceView.merge(M, sf("BRAND_NEW", false, null), Optional.empty(), TODAY).nextAction());
    }

    @Test
    void silentSmsOnlyWithTheTermsFlow() {
        assertTrue(SilentSms.check(true, false).map(FieldError::field).filter("silentSms"::equals).isPresent());
        assertTrue(SilentSms.check(true, true).isEmpty());
        assertTrue(SilentSms.check(false, false).isEmpty());
        assertFalse(SilentSms.termsFlowEnabled(Config.of(Map.of())));
        assertTrue(SilentSms.termsFlowEnabled(Config.of(Map.of("TERMS_FLOW_ENABLED", "true"))));
    }
}
