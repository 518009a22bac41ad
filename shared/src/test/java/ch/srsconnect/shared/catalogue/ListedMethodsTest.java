package ch.srsconnect.shared.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListedMethodsTest {
    static final String SRS_LIST = "[{\"issuer\":\"intrum-video\",\"method\":\"video\"},"
            + "{\"issuer\":\"swisscom-nfc\",\"method\":\"nfc\",\"methodType\":\"NFC\",\"name\":\"SRS NFC Ident\","
            + "\"jurisdictions\":[{\"jurisdiction\":\"ZERTES\",\"loa\":4},{\"jurisdiction\":\"EIDAS\",\"loa\":3}],\"languages\":[\"de\",\"EN\"]}]";

    final AtomicInteger calls = new AtomicInteger();
    final ListedMethods methods = new ListedMethods(q -> {
        calls.incrementAndGet();
        return parse(SRS_LIST);
    }, Clock.systemUTC(), Duration.ofMinutes(5));

    static JsonNode parse(String s) {
        try {
            return Json.parse(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCatalogueAnswersWithoutAskingSrs() {
        assertEquals(Catalogue.VIDEO_CH, methods.resolve("INTRUM-VIDEO", "video").orElseThrow());
        assertTrue(methods.resolve("AUTHADA", "eID").isEmpty(), "legacy methods stay unorderable");
        assertTrue(methods.resolve("identity-tm-eid", "EID").isEmpty(), "eID in a case SRS refuses is not a new method");
        assertEquals(0, calls.get());
    }

    @Test
    void aMethodOnlySrsListsGetsTheGenericRulesInSrsSpelling() {
        CatalogueEntry e = methods.resolve("SWISSCOM-NFC", "NFC").orElseThrow();
        assertEquals("swisscom-nfc", e.issuer());
        assertEquals("nfc", e.method());
        assertFalse(e.catalogued());
        assertNull(e.methodType(), "NFC is no type this product knows");
        assertEquals("SRS NFC Ident", e.displayName());
        assertEquals(List.of(JurisdictionLoa.of(Jurisdiction.ZERTES, 4), JurisdictionLoa.of(Jurisdiction.EIDAS, 3)), e.jurisdictions());
        assertEquals(List.of("de", "en"), e.languages());
        assertEquals(List.of(), e.mandatory(), "SRS decides what is mandatory");
        assertEquals(List.of(InitialDataField.values()), e.optional());
        assertTrue(e.dataRules().containsAll(List.of(DataRule.NO_TITLES, DataRule.NO_PUNCTUATION)));
        assertNull(e.firstCheck(), "no documented timing: the poller's conservative plan");
        assertTrue(methods.resolve("nobody", "nothing").isEmpty());
        assertEquals(1, calls.get(), "SRS's list is fetched once and kept");
    }
}
