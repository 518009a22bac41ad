package ch.srsconnect.shared.smartflows;

import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.json.Json;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmartFlowsParsingTest {

    @Test
    void signingStatusesParseInBothMismatchSpellingsAndUnknownIsKept() {
        assertEquals(SigningStatus.MISMATCH_SAS_BUT_MID, SigningStatus.parse("MISSMATCH_SAS_BUT_MID"));
        assertEquals(SigningStatus.MISMATCH_SAS_BUT_MID, SigningStatus.parse("mismatch_sas_but_mid"));
        assertEquals(SigningStatus.MISMATCH, SigningStatus.parse("MISSMATCH"));
        assertEquals(SigningStatus.MID, SigningStatus.parse(" mid "));
        assertEquals(SigningStatus.UNKNOWN, SigningStatus.parse("SOMETHING_NEW"));
        assertEquals(SigningStatus.UNKNOWN, SigningStatus.parse(null));
        assertEquals(SigningStatus.Kind.RETRY_LATER, SigningStatus.parse("NOT_ABLE_TO_RETRIEVE").kind());
        assertEquals(SigningStatus.Kind.GET_IDENTIFIED, SigningStatus.parse("NOT_RA_MID_SAS").kind());
        assertEquals("PASSWORD_OTP", SigningStatus.SAS.authenticationMeans());
    }

    @Test
    void evidenceStatusAsTheGuideShowsIt() throws Exception {
        EvidenceStatus s = SmartFlowsClient.parseEvidenceStatus(Json.parse("""
                {"status":[{"assuranceLevel":3,"jurisdiction":"zertes"},{"assuranceLevel":4,"jurisdiction":"eidas"}],
                 "loa4ExpiryDate":"2030-05-01T00:00:00Z","signingStatus":"MISMATCH","notFound":false}"""));
        assertEquals(2, s.levels().size());
        assertEquals(new EvidenceStatus.Level("ZERTES", 3), s.levels().get(0));
        assertEquals(LocalDate.of(2030, 5, 1), s.loa4ExpiryDate());
        assertEquals(SigningStatus.MISMATCH, s.signingStatus());
        assertFalse(s.notFound());
    }

    @Test
    void evidenceStatusWithoutSigningStatusOrWithBadShapesIsAProtocolError() {
        assertThrows(SwisscomProtocolException.class, () -> SmartFlowsClient.parseEvidenceStatus(Json.parse("{\"status\":[]}")));
        assertThrows(SwisscomProtocolException.class, () -> SmartFlowsClient.parseEvidenceStatus(
                Json.parse("{\"status\":{},\"signingStatus\":\"MID\"}")));
        assertThrows(SwisscomProtocolException.class, () -> SmartFlowsClient.parseEvidenceStatus(
                Json.parse("{\"status\":[{\"jurisdiction\":\"zertes\"}],\"signingStatus\":\"MID\"}")));
        assertThrows(SwisscomProtocolException.class, () -> SmartFlowsClient.parseEvidenceStatus(
                Json.parse("{\"loa4ExpiryDate\":\"soon\",\"signingStatus\":\"MID\"}")));
        assertThrows(SwisscomProtocolException.class, () -> SmartFlowsClient.parseEvidenceStatus(Json.parse("[]")));
    }

    @Test
    void theTokenIsTheLinksLastPathSegmentAndNeverPrinted() {
        TermsLink l = TermsLink.parse("x", "https://rasd.scapp.swisscom.com/t/abc123/");
        assertEquals("abc123", l.token().value());
        assertFalse(l.toString().contains("abc123"));
        assertFalse(l.token().toString().contains("abc123"));
        assertTrue(l instanceof ch.srsconnect.shared.log.Sensitive);
        assertThrows(SwisscomProtocolException.class, () -> TermsLink.parse("x", "not a url"));
        assertThrows(SwisscomProtocolException.class, () -> TermsLink.parse("x", "ftp://host/t/abc"));
        assertThrows(SwisscomProtocolException.class, () -> TermsLink.parse("x", "https://host"));
    }

    @Test
    void msisdnsGoOnTheWireWithoutPlus() {
        assertEquals("41791234567", SmartFlowsClient.wire("+41791234567"));
        assertEquals("41791234567", SmartFlowsClient.wire("41791234567"));
    }
}
