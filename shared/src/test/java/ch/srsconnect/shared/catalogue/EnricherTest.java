package ch.srsconnect.shared.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnricherTest {

    private static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return M.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** srs-api.md §2's example entry. */
    static final String INTRUM = "{'issuer':'intrum-video','method':'video','methodType':'Video',"
            + "'name':'SRS Video-Ident-CH','jurisdictions':[{'jurisdiction':'ZERTES','loa':4},"
            + "{'jurisdiction':'EIDAS','loa':3}],'offline':false,'webFlow':true,'realTime':true,"
            + "'languages':['de','en','fr','it'],'evidenceValidity':'P5Y'}";

    @Test
    void knownMethodIsEnrichedAndSrsWinsForWhatItSays() {
        Enricher.Result r = Enricher.enrich(json("[" + INTRUM + "]"));
        assertEquals(1, r.methods().size());
        MethodView m = r.methods().get(0);
        assertTrue(m.catalogued());
        assertEquals("intrum-video", m.issuer());
        assertEquals("SRS Video-Ident-CH", m.displayName(), "SRS's name wins over the guide's");
        assertEquals("Video", m.methodType());
        assertEquals(List.of(JurisdictionLoa.of(Jurisdiction.EIDAS, 3), JurisdictionLoa.of(Jurisdiction.ZERTES, 4)),
                m.jurisdictions());
        assertEquals("P5Y", m.evidenceValidity());
        assertEquals(3, m.mandatoryFields().size());
        assertEquals(TermsMode.SMS, m.termsAndConditions());
        assertEquals(RetryRule.REUSABLE_AFTER_ABORTED, m.targetUrl().retryRule());
        assertEquals(RedirectNotice.STANDARD, m.redirectNotice());
        assertEquals(List.of(), r.uncatalogued());
    }

    @Test
    void srsValuesOverrideTheCatalogue() {
        MethodView m = Enricher.enrich(json("[{'issuer':'NECT','method':'robo-ident','name':'Selfie',"
                + "'jurisdictions':[{'jurisdiction':'zertes','loa':'LOA4'}],'webFlow':false,'languages':['DE','fr'],"
                + "'evidenceValidity':'P3Y','methodType':'autoident'}]")).methods().get(0);
        assertEquals("NECT", m.issuer(), "SRS's spelling is kept: it is sent back when ordering");
        assertEquals(List.of(JurisdictionLoa.of(Jurisdiction.EIDAS, 4), JurisdictionLoa.of(Jurisdiction.ZERTES, 4)),
                m.jurisdictions(), "ZERTES from SRS, EIDAS filled in from the catalogue");
        assertFalse(m.webFlow());
        assertTrue(m.realTime(), "not stated by SRS: catalogue");
        assertEquals(List.of("de", "fr"), m.languages());
        assertEquals("P3Y", m.evidenceValidity());
        assertEquals("Autoident", m.methodType());
        FieldSpec language = m.optionalFields().stream()
                .filter(f -> f.field() == InitialDataField.LANGUAGE).findFirst().orElseThrow();
        assertEquals(List.of("de", "fr"), language.allowedValues(), "language offered = SRS's languages");
    }

    @Test
    void catalogueFillsWhatSrsLeavesOut() {
        MethodView m = Enricher.enrich(json("[{'issuer':'IDENTITY.TM','method':'video'}]")).methods().get(0);
        assertEquals("SRS Video EU", m.displayName());
        assertEquals("Video", m.methodType());
        assertEquals(Catalogue.VIDEO_EU.jurisdictions(), m.jurisdictions());
        assertEquals("P5Y", m.evidenceValidity());
        assertEquals(List.of("de", "en"), m.languages());
        assertEquals(List.of("hr", "fr", "es"), m.bestEffortLanguages());
        FieldSpec language = m.optionalFields().stream()
                .filter(f -> f.field() == InitialDataField.LANGUAGE).findFirst().orElseThrow();
        assertEquals(List.of("de", "en", "hr", "fr", "es"), language.allowedValues());
        assertFalse(m.offline());
    }

    @Test
    void unknownMethodIsListedWithWhatSrsSaysAndFlagged() {
        Enricher.Result r = Enricher.enrich(json("[{'issuer':'postident','method':'branch','methodType':'Offline',"
                + "'name':'Post branch','offline':true,'jurisdictions':[{'jurisdiction':'EIDAS','loa':4}]}]"));
        MethodView m = r.methods().get(0);
        assertFalse(m.catalogued());
        assertEquals("Post branch", m.displayName());
        assertEquals("Offline", m.methodType(), "unknown type kept verbatim");
        assertEquals(List.of(JurisdictionLoa.of(Jurisdiction.EIDAS, 4)), m.jurisdictions());
        assertTrue(m.offline());
        assertNull(m.webFlow());
        assertNull(m.mandatoryFields());
        assertNull(m.targetUrl());
        assertNull(m.termsAndConditions());
        assertEquals(RedirectNotice.STANDARD, m.redirectNotice(), "the notice applies to every method");
        assertEquals(List.of("postident/branch"), r.uncatalogued());
    }

    @Test
    void eidMethodWithWrongCaseIsNotTheCataloguedOne() {
        Enricher.Result r = Enricher.enrich(json("[{'issuer':'identity-tm-eid','method':'EID'}]"));
        assertFalse(r.methods().get(0).catalogued());
    }

    @Test
    void notAnArrayIsAnSrsAnswerError() {
        assertThrows(SrsAnswerException.class, () -> Enricher.enrich(json("{'providers':[]}")));
        assertThrows(SrsAnswerException.class, () -> Enricher.enrich(json("'hello'")));
        assertThrows(SrsAnswerException.class, () -> Enricher.enrich(null));
    }

    @Test
    void unreadableEntriesAreSkippedNotFatal() {
        Enricher.Result r = Enricher.enrich(json("[42, {'issuer':'nect'}, {'method':'video'}, {'issuer':'',"
                + "'method':'video'}, {'issuer':'nect','method':'robo-ident','jurisdictions':'all',"
                + "'languages':7,'offline':'perhaps','evidenceValidity':'five years'},"
                + "{'issuer':'Nect','method':'Robo-Ident'}]"));
        assertEquals(1, r.methods().size());
        MethodView m = r.methods().get(0);
        assertEquals(Catalogue.SELFIE_EU.jurisdictions(), m.jurisdictions());
        assertEquals(List.of("de", "en"), m.languages());
        assertFalse(m.offline());
        assertEquals("P2Y", m.evidenceValidity());
        assertEquals(5, r.skipped().size(), r.skipped().toString());
    }

    @Test
    void emptyArrayIsAnEmptyList() {
        assertEquals(List.of(), Enricher.enrich(json("[]")).methods());
    }

    @Test
    void orderIsCatalogueOrderThenUnknownByName() {
        Enricher.Result r = Enricher.enrich(json("[{'issuer':'zeta','method':'x'},{'issuer':'test','method':'video'},"
                + "{'issuer':'intrum-video','method':'video'},{'issuer':'Alpha','method':'y'},"
                + "{'issuer':'IDENTITY.TM','method':'video'}]"));
        List<String> order = r.methods().stream().map(v -> v.issuer() + "/" + v.method()).toList();
        assertEquals(List.of("IDENTITY.TM/video", "intrum-video/video", "test/video", "Alpha/y", "zeta/x"), order);
    }

    @Test
    void jsonHasStableCamelCaseFields() {
        MethodView m = Enricher.enrich(json("[" + INTRUM + "]")).methods().get(0);
        ObjectNode o = MethodJson.method(m);
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertEquals(List.of("issuer", "method", "displayName", "methodType", "catalogued", "legacy", "testOnly",
                "jurisdictions", "offline", "webFlow", "realTime", "languages", "bestEffortLanguages",
                "evidenceValidity", "evidenceValidityCappedByIdExpiry", "mandatoryFields", "optionalFields",
                "dataRules", "targetUrl", "firstCheck", "termsAndConditions", "redirectNotice"), names);
        assertEquals("ZERTES", o.at("/jurisdictions/1/jurisdiction").asText());
        assertEquals(4, o.at("/jurisdictions/1/loa").asInt());
        assertEquals("P90D", o.at("/targetUrl/validUnused").asText());
        assertEquals("PT5M", o.at("/firstCheck/minDelay").asText());
        assertEquals("USER_STARTED", o.at("/firstCheck/after").asText());
        assertEquals("SMS", o.at("/termsAndConditions/mode").asText());
        assertEquals("firstName", o.at("/mandatoryFields/0/name").asText());
        assertEquals("mobile", o.at("/mandatoryFields/2/name").asText());
        assertEquals("e164", o.at("/mandatoryFields/2/format").asText());
        assertTrue("+41791234567".matches(o.at("/mandatoryFields/2/pattern").asText()));
        assertFalse("0791234567".matches(o.at("/mandatoryFields/2/pattern").asText()));
        assertEquals("date", o.at("/optionalFields/0/format").asText());
        assertTrue(o.at("/redirectNotice/de").asText().contains("{targetUrl}"));
    }

    @Test
    void jsonOfUncataloguedMethodKeepsEveryFieldAsNull() {
        MethodView m = Enricher.enrich(json("[{'issuer':'x','method':'y'}]")).methods().get(0);
        ObjectNode o = MethodJson.method(m);
        assertTrue(o.get("mandatoryFields").isNull());
        assertTrue(o.get("targetUrl").isNull());
        assertTrue(o.get("webFlow").isNull());
        assertEquals(0, o.get("jurisdictions").size());
        assertEquals("x / y", o.get("displayName").asText());
        assertFalse(o.get("catalogued").asBoolean());
    }

    @Test
    void catalogueOnlyViewsForEveryEntry() {
        for (CatalogueEntry e : Catalogue.ALL) {
            ObjectNode o = MethodJson.method(Enricher.fromCatalogue(e));
            assertEquals(e.issuer(), o.get("issuer").asText());
            assertEquals(e.jurisdictions().size(), o.get("jurisdictions").size());
            assertEquals(e.mandatory().size(), o.get("mandatoryFields").size());
        }
    }

    @Test
    void isoDurations() {
        assertEquals("P30D", MethodJson.iso(java.time.Duration.ofDays(30)));
        assertEquals("PT1H", MethodJson.iso(java.time.Duration.ofMinutes(60)));
        assertEquals("PT30S", MethodJson.iso(java.time.Duration.ofSeconds(30)));
        assertNull(MethodJson.iso(null));
    }
}
