package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvidenceTest {

    SrsSimulator sim;
    Client c;
    String token;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().mockOrdersNeedCallback(false).timeScale(6000).defaultOutcome("success").raAuth("bearer"));
        c = new Client(sim.baseUrl());
        token = c.token("miss");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    String identify(String issuerMethod, String body) {
        Client.Res r = c.post("/api/providers/" + issuerMethod, token, Client.PROVIDER_TYPE, body);
        assertEquals(200, r.status(), r.body());
        String refId = r.json().get("refId").asText();
        Client.await("terminated", () -> c.get("/api/identifications/" + refId, token).body().contains("\"terminated\""));
        return c.get("/api/identifications/" + refId, token).json().get("evidenceId").asText();
    }

    Client.Res lookup(String msisdn) {
        return c.postJson("/api/evidences/lookup", token, "{\"msisdn\":\"" + msisdn + "\"}");
    }

    @Test
    void lookupIs404UntilTermsAccepted() {
        assertEquals(404, lookup("41790000010").status());
        String evidenceId = identify("intrum-video/video", "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+41790000010\"}");
        assertEquals(404, lookup("41790000010").status(), "T&C pending");
        assertEquals(200, c.admin("POST", "/_admin/evidences/41790000010/accept-terms", null).status());
        Client.Res r = lookup("41790000010");
        assertEquals(200, r.status(), r.body());
        JsonNode n = r.json();
        assertEquals(evidenceId, n.get("evidenceId").asText());
        assertEquals(4, n.get("assuranceLevel").asInt());
        assertEquals("[\"ZERTES\",\"EIDAS\"]", n.get("jurisdictions").toString());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusYears(5), LocalDate.parse(n.get("expiresAt").asText()));
        assertFalse(n.get("expiresWithin90Days").asBoolean());
        assertEquals(200, lookup("+41790000010").status(), "any msisdn spelling");
        assertEquals(4, sim.stats().calls("POST /api/evidences/lookup"));
    }

    @Test
    void selfieIdentCanSignWhenTerminated() {
        identify("nect/robo-ident", "{\"mobile\":\"+41790000011\"}");
        Client.Res r = lookup("41790000011");
        assertEquals(200, r.status());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusYears(2), LocalDate.parse(r.json().get("expiresAt").asText()));
    }

    @Test
    void failedIdentificationCreatesNoEvidence() {
        sim.addRule(OutcomeRule.forMsisdn("+41790000012", Outcome.ERROR, "fraud suspicion"));
        String refId = c.post("/api/providers/test/video", token, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000012\"}")
                .json().get("refId").asText();
        Client.await("error", () -> c.get("/api/identifications/" + refId, token).body().contains("\"error\""));
        assertEquals(404, c.admin("POST", "/_admin/evidences/41790000012/accept-terms", null).status());
        assertEquals(404, lookup("41790000012").status());
    }

    @Test
    void acceptTermsViaJavaApiAndVerify() {
        identify("IDENTITY.TM/video", "{\"mobile\":\"+41790000013\"}");
        assertEquals(1, sim.acceptTerms("+41790000013"));
        String dn = "\"distinguishedName\":\"cn=Max Muster, givenname=Max, surname=Muster, c=CH\",\"msisdn\":\"41790000013\"";
        Client.Res eidas4 = c.postJson("/api/evidences/verify", token, "{\"jurisdiction\":\"eidas\"," + dn + ",\"assuranceLevel\":\"4\"}");
        assertEquals(200, eidas4.status(), eidas4.body());
        assertEquals(4, eidas4.json().get("assuranceLevel").asInt());
        assertEquals(404, c.postJson("/api/evidences/verify", token, "{\"jurisdiction\":\"zertes\"," + dn + ",\"assuranceLevel\":\"4\"}").status(),
                "Video EU gives ZERTES LOA 3 only");
        assertEquals(200, c.postJson("/api/evidences/verify", token, "{\"jurisdiction\":\"zertes\"," + dn + ",\"assuranceLevel\":3}").status());
        assertEquals(400, c.postJson("/api/evidences/verify", token, "{\"jurisdiction\":\"zertes\",\"msisdn\":\"41790000013\"}").status());
    }

    @Test
    void lookupValidatesInputAndNeedsMissToken() {
        assertEquals(400, c.postJson("/api/evidences/lookup", token, "{}").status());
        assertEquals(400, lookup("abc").status());
        assertEquals(401, c.postJson("/api/evidences/lookup", c.token("smartflow"), "{\"msisdn\":\"41790000010\"}").status());
    }

    @Test
    void adminEvidenceExpiringSoon() {
        String soon = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        Client.Res created = c.admin("POST", "/_admin/evidences",
                "{\"msisdn\":\"+41790000014\",\"jurisdictions\":{\"ZERTES\":4},\"expiresAt\":\"" + soon + "\",\"termsAccepted\":true}");
        assertEquals(201, created.status(), created.body());
        JsonNode n = lookup("41790000014").json();
        assertTrue(n.get("expiresWithin90Days").asBoolean());
        assertEquals(soon, n.get("expiresAt").asText());
        assertEquals("[\"ZERTES\"]", n.get("jurisdictions").toString());

        c.admin("POST", "/_admin/evidences", "{\"msisdn\":\"+41790000015\",\"expiresAt\":\"2020-01-01\",\"termsAccepted\":true}");
        assertEquals(404, lookup("41790000015").status(), "expired evidence is not usable");
    }

    @Test
    void adminEvidenceTakesJurisdictionNamesWithOneLevelAndRefusesWhatItCannotRead() {
        Client.Res named = c.admin("POST", "/_admin/evidences",
                "{\"msisdn\":\"+41790000016\",\"assuranceLevel\":3,\"jurisdictions\":[\"ZERTES\"],\"termsAccepted\":true}");
        assertEquals(201, named.status(), named.body());
        assertEquals(3, named.json().get("assuranceLevel").asInt(), named.body());
        assertEquals("[\"ZERTES\"]", lookup("41790000016").json().get("jurisdictions").toString());

        for (String bad : new String[] {"\"jurisdictions\":[{}]", "\"jurisdictions\":[\"CH\"]", "\"jurisdictions\":{\"ZERTES\":5}",
                "\"assuranceLevel\":\"high\"", "\"jurisdictions\":[]", "\"jurisdictions\":\"ZERTES\""}) {
            Client.Res r = c.admin("POST", "/_admin/evidences", "{\"msisdn\":\"+41790000017\"," + bad + "}");
            assertEquals(400, r.status(), bad + " -> " + r.body());
            assertFalse(r.body().contains("Exception"), r.body());
        }
    }
}
