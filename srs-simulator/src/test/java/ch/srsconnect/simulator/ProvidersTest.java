package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvidersTest {

    static final List<String> CURRENT = List.of("IDENTITY.TM/video", "KLARNA/bank", "identity-tm-eid/eID",
            "nect/robo-ident", "intrum-video/video", "intrum-autoident/autoident", "test/video");

    static SrsSimulator sim;
    static Client c;
    static String token;

    @BeforeAll
    static void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults());
        c = new Client(sim.baseUrl());
        token = c.token("miss");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static List<String> keys(String query) {
        Client.Res r = c.get("/api/providers" + query, token);
        assertEquals(200, r.status(), r.body());
        List<String> out = new ArrayList<>();
        r.json().forEach(n -> out.add(n.get("issuer").asText() + "/" + n.get("method").asText()));
        return out;
    }

    @Test
    void noFilterListsTheCurrentCatalogueWithoutLegacy() {
        assertEquals(CURRENT, keys(""));
    }

    @Test
    void entryHasTheDocumentedShape() {
        JsonNode intrum = null;
        for (JsonNode n : c.get("/api/providers?issuer=intrum-video", token).json()) {
            intrum = n;
        }
        assertEquals("intrum-video", intrum.get("issuer").asText());
        assertEquals("video", intrum.get("method").asText());
        assertEquals("Video", intrum.get("methodType").asText());
        assertEquals("SRS Video Ident CH", intrum.get("name").asText());
        assertEquals("ZERTES", intrum.get("jurisdictions").get(0).get("jurisdiction").asText());
        assertEquals(4, intrum.get("jurisdictions").get(0).get("loa").asInt());
        assertEquals("EIDAS", intrum.get("jurisdictions").get(1).get("jurisdiction").asText());
        assertEquals(3, intrum.get("jurisdictions").get(1).get("loa").asInt());
        assertFalse(intrum.get("offline").asBoolean());
        assertTrue(intrum.get("webFlow").asBoolean());
        assertTrue(intrum.get("realTime").asBoolean());
        assertEquals("[\"de\",\"en\",\"fr\",\"it\"]", intrum.get("languages").toString());
        assertEquals("P5Y", intrum.get("evidenceValidity").asText());
    }

    @Test
    void zertesLoa4() {
        assertEquals(List.of("intrum-video/video", "intrum-autoident/autoident", "test/video"),
                keys("?jurisdiction=ZERTES&loa=4"));
    }

    @Test
    void eidasLoa3IsAllCurrentMethods() {
        assertEquals(CURRENT, keys("?jurisdiction=EIDAS&loa=3"));
        assertEquals(CURRENT, keys("?jurisdiction=eidas&loa=3"));
    }

    @Test
    void loaAloneMeansAtLeastInAnyJurisdiction() {
        assertEquals(CURRENT, keys("?loa=4"));
        assertEquals(List.of("IDENTITY.TM/video", "KLARNA/bank", "identity-tm-eid/eID", "nect/robo-ident", "test/video"),
                keys("?jurisdiction=EIDAS&loa=4"));
    }

    @Test
    void repeatedJurisdictionIsOr() {
        assertEquals(CURRENT, keys("?jurisdiction=ZERTES&jurisdiction=EIDAS&loa=4"));
    }

    @Test
    void issuerRepeatableAndAndedWithOtherFilters() {
        assertEquals(List.of("nect/robo-ident", "intrum-video/video"), keys("?issuer=nect&issuer=INTRUM-VIDEO"));
        assertEquals(List.of("intrum-video/video"), keys("?issuer=nect&issuer=intrum-video&jurisdiction=ZERTES&loa=4"));
        assertEquals(List.of(), keys("?issuer=unknown"));
    }

    @Test
    void methodTypeFilterIsCaseInsensitive() {
        assertEquals(List.of("IDENTITY.TM/video", "intrum-video/video", "test/video"), keys("?method=Video"));
        assertEquals(List.of("identity-tm-eid/eID"), keys("?method=EID"));
        assertEquals(List.of("KLARNA/bank"), keys("?method=bank"));
        assertEquals(List.of("nect/robo-ident"), keys("?method=Robo-ident"));
        assertEquals(List.of("intrum-autoident/autoident"), keys("?method=autoident"));
    }

    @Test
    void booleanFilters() {
        assertEquals(CURRENT, keys("?offline=false"));
        assertEquals(List.of(), keys("?offline=true"));
        assertEquals(CURRENT, keys("?webflow=true&realtime=true"));
        assertEquals(List.of(), keys("?webflow=false"));
        assertEquals(List.of(), keys("?realtime=false"));
    }

    @Test
    void invalidFilterValuesAre400() {
        for (String q : List.of("?jurisdiction=CH", "?loa=2", "?loa=four", "?method=Selfie", "?offline=yes",
                "?webflow=1", "?realtime=", "?loa=3&loa=4", "?jurisdiction=")) {
            Client.Res r = c.get("/api/providers" + q, token);
            assertEquals(400, r.status(), q + " -> " + r.body());
            assertEquals("invalid_request", r.json().get("error").asText());
        }
    }

    @Test
    void legacyMethodsOnlyWithTheOption() {
        try (SrsSimulator legacy = SrsSimulator.start(SimulatorOptions.defaults().legacyMethods(true))) {
            Client l = new Client(legacy.baseUrl());
            Client.Res r = l.get("/api/providers?jurisdiction=EIDAS&loa=4", l.token("miss"));
            List<String> got = new ArrayList<>();
            r.json().forEach(n -> got.add(n.get("issuer").asText() + "/" + n.get("method").asText()));
            assertTrue(got.contains("AUTHADA/eID"), got.toString());
            assertTrue(got.contains("KLARNA/bankident"), got.toString());
            Client.Res authada = l.get("/api/providers?issuer=AUTHADA", l.token("miss"));
            assertFalse(authada.json().get(0).get("webFlow").asBoolean());
            assertEquals(0, l.get("/api/providers?jurisdiction=ZERTES", l.token("miss")).json().findValues("issuer")
                    .stream().filter(n -> n.asText().equals("AUTHADA")).count());
        }
        assertFalse(keys("?jurisdiction=EIDAS&loa=4").contains("AUTHADA/eID"));
        assertFalse(keys("?method=bank").contains("KLARNA/bankident"));
    }
}
