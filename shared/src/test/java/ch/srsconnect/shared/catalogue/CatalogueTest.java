package ch.srsconnect.shared.catalogue;

import static ch.srsconnect.shared.catalogue.InitialDataField.COUNTRY;
import static ch.srsconnect.shared.catalogue.InitialDataField.DOB;
import static ch.srsconnect.shared.catalogue.InitialDataField.EMAIL;
import static ch.srsconnect.shared.catalogue.InitialDataField.EXTERNAL_ID;
import static ch.srsconnect.shared.catalogue.InitialDataField.FIRST_NAME;
import static ch.srsconnect.shared.catalogue.InitialDataField.LANGUAGE;
import static ch.srsconnect.shared.catalogue.InitialDataField.LAST_NAME;
import static ch.srsconnect.shared.catalogue.InitialDataField.MOBILE;
import static ch.srsconnect.shared.catalogue.InitialDataField.NATIONALITY;
import static ch.srsconnect.shared.catalogue.InitialDataField.PLACE_OF_BIRTH;
import static ch.srsconnect.shared.catalogue.Jurisdiction.EIDAS;
import static ch.srsconnect.shared.catalogue.Jurisdiction.ZERTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.catalogue.FirstCheck.Anchor;
import java.time.Duration;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The srs-api.md §7 table, row by row, and the catalogue's lookup and filter semantics. */
class CatalogueTest {

    private static List<JurisdictionLoa> loas(int eidas, int zertes) {
        return List.of(JurisdictionLoa.of(EIDAS, eidas), JurisdictionLoa.of(ZERTES, zertes));
    }

    @Test
    void videoEu() {
        CatalogueEntry e = Catalogue.VIDEO_EU;
        assertEquals("SRS Video EU", e.displayName());
        assertEquals("IDENTITY.TM", e.issuer());
        assertEquals("video", e.method());
        assertEquals(MethodType.VIDEO, e.methodType());
        assertEquals(loas(4, 3), e.jurisdictions());
        assertEquals(Period.ofYears(5), e.evidenceValidity());
        assertEquals(List.of(), e.mandatory());
        assertTrue(e.optional().containsAll(List.of(FIRST_NAME, LAST_NAME, DOB, MOBILE, PLACE_OF_BIRTH, NATIONALITY)));
        assertTrue(e.dataRules().containsAll(List.of(DataRule.NO_TITLES, DataRule.NO_PUNCTUATION,
                DataRule.LAST_NAME_FOR_MOBILE_APP)));
        assertEquals(List.of("de", "en"), e.languages());
        assertEquals(List.of("hr", "fr", "es"), e.bestEffortLanguages());
        assertNull(e.targetUrl().validUnused());
        assertEquals(RetryRule.REUSABLE_UNTIL_CANCELLED, e.targetUrl().retryRule());
        assertEquals(FirstCheck.of(Anchor.ORDER_PLACED, Duration.ofMinutes(10), Duration.ofMinutes(20)),
                e.firstCheck());
        assertEquals(TermsMode.SMS, e.terms());
        assertFalse(e.legacy());
    }

    @Test
    void bankDe() {
        CatalogueEntry e = Catalogue.BANK_DE;
        assertEquals("KLARNA", e.issuer());
        assertEquals("bank", e.method());
        assertEquals(MethodType.BANK, e.methodType());
        assertEquals(loas(4, 3), e.jurisdictions());
        assertEquals(Period.ofYears(2), e.evidenceValidity());
        assertEquals(List.of(FIRST_NAME, LAST_NAME, DOB, MOBILE, COUNTRY), e.mandatory());
        assertEquals(List.of(PLACE_OF_BIRTH, EMAIL, LANGUAGE, EXTERNAL_ID), e.optional());
        assertEquals(List.of(DataRule.MATCH_BANK_ACCOUNT), e.dataRules());
        TargetUrlPolicy t = e.targetUrl();
        assertEquals(Duration.ofMinutes(60), t.sessionAfterStart());
        assertEquals(5, t.maxRetries());
        assertEquals(700, t.approxLength());
        assertTrue(t.useVerbatim(), "Klarna URL must never be truncated or re-encoded");
        assertEquals(FirstCheck.of(Anchor.TERMINATED, Duration.ofSeconds(30), Duration.ofMinutes(2)),
                e.firstCheck());
        assertEquals(TermsMode.SMS, e.terms());
    }

    @Test
    void eidDe() {
        CatalogueEntry e = Catalogue.EID_DE;
        assertEquals("identity-tm-eid", e.issuer());
        assertEquals("eID", e.method());
        assertTrue(e.methodCaseSensitive());
        assertEquals(MethodType.EID, e.methodType());
        assertEquals(loas(4, 3), e.jurisdictions());
        assertEquals(Period.ofYears(5), e.evidenceValidity());
        assertTrue(e.validityCappedByIdExpiry());
        assertEquals(List.of(FIRST_NAME, LAST_NAME, DOB, MOBILE), e.mandatory());
        assertEquals(List.of(PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID), e.optional());
        assertEquals(RetryRule.REUSABLE_UNTIL_NEGATIVE, e.targetUrl().retryRule());
        assertEquals(Anchor.TERMINATED, e.firstCheck().anchor());
        assertEquals(TermsMode.SMS, e.terms());
    }

    @Test
    void selfieEu() {
        CatalogueEntry e = Catalogue.SELFIE_EU;
        assertEquals("nect", e.issuer());
        assertEquals("robo-ident", e.method());
        assertEquals(MethodType.ROBO_IDENT, e.methodType());
        assertEquals(loas(4, 3), e.jurisdictions());
        assertEquals(Period.ofYears(2), e.evidenceValidity());
        assertTrue(e.validityCappedByIdExpiry());
        assertEquals(List.of(), e.mandatory());
        assertEquals(List.of(DataRule.EMPTY_PAYLOAD_RECOMMENDED), e.dataRules());
        TargetUrlPolicy t = e.targetUrl();
        assertEquals(Duration.ofDays(30), t.validUnused());
        assertEquals(Duration.ofMinutes(60), t.sessionAfterStart());
        assertEquals(5, t.maxRetries());
        assertEquals(FirstCheck.of(Anchor.USER_STARTED, Duration.ofMinutes(2), Duration.ofMinutes(6)),
                e.firstCheck());
        assertEquals(TermsMode.IN_APP, e.terms());
        assertFalse(e.terms().smartFlowsPossible());
        assertTrue(e.canSignWhenTerminated());
    }

    @Test
    void intrumVideoAndAutoIdent() {
        for (CatalogueEntry e : List.of(Catalogue.VIDEO_CH, Catalogue.AUTO_CH)) {
            assertEquals(loas(3, 4), e.jurisdictions(), e.key());
            assertEquals(List.of(FIRST_NAME, LAST_NAME, MOBILE), e.mandatory(), e.key());
            assertEquals(List.of(DOB, PLACE_OF_BIRTH, COUNTRY, EMAIL, LANGUAGE, EXTERNAL_ID), e.optional(), e.key());
            assertEquals(List.of("de", "en", "fr", "it"), e.languages(), e.key());
            assertEquals(Duration.ofDays(90), e.targetUrl().validUnused(), e.key());
            assertEquals(FirstCheck.of(Anchor.USER_STARTED, Duration.ofMinutes(5), Duration.ofMinutes(15)),
                    e.firstCheck(), e.key());
            assertEquals(TermsMode.SMS, e.terms(), e.key());
            assertTrue(e.terms().smartFlowsPossible(), e.key());
        }
        assertEquals("intrum-video", Catalogue.VIDEO_CH.issuer());
        assertEquals("video", Catalogue.VIDEO_CH.method());
        assertEquals(MethodType.VIDEO, Catalogue.VIDEO_CH.methodType());
        assertEquals(Period.ofYears(5), Catalogue.VIDEO_CH.evidenceValidity());
        assertEquals(RetryRule.REUSABLE_AFTER_ABORTED, Catalogue.VIDEO_CH.targetUrl().retryRule());
        assertEquals("intrum-autoident", Catalogue.AUTO_CH.issuer());
        assertEquals("autoident", Catalogue.AUTO_CH.method());
        assertEquals(MethodType.AUTOIDENT, Catalogue.AUTO_CH.methodType());
        assertEquals(Period.ofYears(2), Catalogue.AUTO_CH.evidenceValidity());
    }

    @Test
    void testAndLegacyMethods() {
        assertEquals("test", Catalogue.TEST.issuer());
        assertEquals("video", Catalogue.TEST.method());
        assertEquals(loas(4, 4), Catalogue.TEST.jurisdictions());
        assertTrue(Catalogue.TEST.testOnly());
        assertFalse(Catalogue.TEST.legacy());
        assertEquals(InitialDataField.ALL, Catalogue.TEST.optional());

        CatalogueEntry authada = Catalogue.AUTHADA_EID;
        assertTrue(authada.legacy());
        assertEquals("AUTHADA", authada.issuer());
        assertEquals("eID", authada.method());
        assertEquals(List.of(JurisdictionLoa.of(EIDAS, 4)), authada.jurisdictions());
        assertFalse(authada.webFlow(), "app + QR code, not a web flow");
        assertEquals(Period.ofYears(2), authada.evidenceValidity());
        assertEquals(Duration.ofSeconds(60), authada.firstCheck().minDelay());

        CatalogueEntry bankIdent = Catalogue.BANKIDENT;
        assertTrue(bankIdent.legacy());
        assertEquals("KLARNA", bankIdent.issuer());
        assertEquals("bankident", bankIdent.method());
        assertEquals(List.of(FIRST_NAME, LAST_NAME, DOB), bankIdent.mandatory());
        assertEquals(Duration.ofMinutes(60), bankIdent.targetUrl().sessionAfterStart());
        assertEquals(5, bankIdent.targetUrl().maxRetries());
        assertEquals(TermsMode.SMS, bankIdent.terms());
    }

    @Test
    void allCurrentMethodsAreWebRealTimeOnline() {
        for (CatalogueEntry e : Catalogue.current()) {
            assertFalse(e.offline(), e.key());
            assertTrue(e.webFlow(), e.key());
            assertTrue(e.realTime(), e.key());
        }
        assertEquals(7, Catalogue.current().size());
        assertEquals(9, Catalogue.ALL.size());
    }

    @Test
    void keysAreUniqueAndLanguagesAreIso6391() {
        Set<String> keys = new HashSet<>();
        for (CatalogueEntry e : Catalogue.ALL) {
            assertTrue(keys.add(e.key()), "duplicate " + e.key());
            for (String l : e.requestableLanguages()) {
                assertTrue(l.matches("[a-z]{2}"), e.key() + " language " + l);
            }
        }
    }

    @Test
    void lookupIgnoresIssuerCase() {
        assertSame(Catalogue.VIDEO_EU, Catalogue.find("identity.tm", "video").orElseThrow());
        assertSame(Catalogue.VIDEO_CH, Catalogue.find("Intrum-video", "video").orElseThrow());
        assertSame(Catalogue.TEST, Catalogue.find("Test", "Video").orElseThrow());
    }

    @Test
    void lookupMethodCaseSensitiveOnlyForEid() {
        assertSame(Catalogue.EID_DE, Catalogue.find("IDENTITY-TM-EID", "eID").orElseThrow());
        assertTrue(Catalogue.find("identity-tm-eid", "eid").isEmpty());
        assertTrue(Catalogue.find("identity-tm-eid", "EID").isEmpty());
        assertSame(Catalogue.BANK_DE, Catalogue.find("klarna", "Bank").orElseThrow());
        assertSame(Catalogue.SELFIE_EU, Catalogue.find("NECT", "Robo-Ident").orElseThrow());
    }

    @Test
    void klarnaBankAndBankIdentAreDistinct() {
        assertSame(Catalogue.BANK_DE, Catalogue.find("KLARNA", "bank").orElseThrow());
        assertSame(Catalogue.BANKIDENT, Catalogue.find("KLARNA", "bankident").orElseThrow());
        assertTrue(Catalogue.find("KLARNA", "video").isEmpty());
        assertTrue(Catalogue.find("unknown", "video").isEmpty());
        assertTrue(Catalogue.find(null, "video").isEmpty());
    }

    private static List<CatalogueEntry> filter(Map<String, List<String>> params) {
        MethodsQuery q = MethodsQuery.parse(params).query();
        return Catalogue.current().stream().filter(q::matches).toList();
    }

    @Test
    void zertesLoa4IsTheTwoIntrumMethodsAndTheMock() {
        assertEquals(List.of(Catalogue.VIDEO_CH, Catalogue.AUTO_CH, Catalogue.TEST),
                filter(Map.of("jurisdiction", List.of("ZERTES"), "loa", List.of("4"))));
    }

    @Test
    void eidasLoa3IsAllSixCurrentMethodsAndTheMock() {
        List<CatalogueEntry> found = filter(Map.of("jurisdiction", List.of("EIDAS"), "loa", List.of("3")));
        assertEquals(List.of(Catalogue.VIDEO_EU, Catalogue.BANK_DE, Catalogue.EID_DE, Catalogue.SELFIE_EU,
                Catalogue.VIDEO_CH, Catalogue.AUTO_CH, Catalogue.TEST), found);
    }

    @Test
    void eidasLoa4IsTheGermanMethodsAndTheMock() {
        assertEquals(List.of(Catalogue.VIDEO_EU, Catalogue.BANK_DE, Catalogue.EID_DE, Catalogue.SELFIE_EU,
                        Catalogue.TEST),
                filter(Map.of("jurisdiction", List.of("eidas"), "loa", List.of("4"))));
    }

    @Test
    void loa4InEitherJurisdictionIsEveryCurrentMethod() {
        assertEquals(7, filter(Map.of("jurisdiction", List.of("EIDAS", "ZERTES"), "loa", List.of("4"))).size());
        assertEquals(7, filter(Map.of("loa", List.of("4"))).size());
    }

    @Test
    void methodTypeAndIssuerFilters() {
        assertEquals(List.of(Catalogue.EID_DE), filter(Map.of("methodType", List.of("eid"))));
        assertEquals(List.of(Catalogue.VIDEO_EU, Catalogue.VIDEO_CH, Catalogue.TEST),
                filter(Map.of("methodType", List.of("Video"))));
        assertEquals(List.of(Catalogue.BANK_DE, Catalogue.SELFIE_EU),
                filter(Map.of("issuer", List.of("klarna", "NECT"))));
        assertEquals(List.of(), filter(Map.of("webFlow", List.of("false"))));
    }

    @Test
    void redirectNoticeHasTheGuideTextsAndRendersTheUrl() {
        RedirectNotice n = RedirectNotice.STANDARD;
        assertTrue(n.de().startsWith("Durch den Aufruf der URL \"{targetUrl}\" werden Sie zum Identifikationsportal"));
        assertTrue(n.de().endsWith("im Rahmen der elektronischen Signatur verwendet."));
        assertTrue(n.en().contains("on behalf of Swisscom Trust Services"));
        assertTrue(RedirectNotice.OWN_PURPOSE.en().contains("anti-money laundering"));
        String url = "https://ident.example/abc?access_token=eyJ%2B";
        RedirectNotice r = n.render(url);
        assertTrue(r.de().contains("\"" + url + "\""));
        assertTrue(r.en().contains("\"" + url + "\""));
        assertFalse(r.en().contains(RedirectNotice.PLACEHOLDER));
    }
}
