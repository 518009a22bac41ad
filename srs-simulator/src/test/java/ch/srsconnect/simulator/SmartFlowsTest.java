package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmartFlowsTest {

    static final String CONFIRM_BOTH = "{\"decizionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true,\"token\":\"%s\"}";

    SrsSimulator sim;
    Client c;
    String sf;
    String miss;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().mockOrdersNeedCallback(false).timeScale(6000).defaultOutcome("success").raAuth("bearer"));
        c = new Client(sim.baseUrl());
        sf = c.token("smartflow");
        miss = c.token("miss");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    void identify(String msisdn) {
        String refId = c.post("/api/providers/intrum-video/video", miss, Client.PROVIDER_TYPE,
                "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+" + msisdn + "\"}").json().get("refId").asText();
        Client.await("terminated", () -> c.get("/api/identifications/" + refId, miss).body().contains("\"terminated\""));
    }

    int lookup(String msisdn) {
        return c.postJson("/api/evidences/lookup", miss, "{\"msisdn\":\"" + msisdn + "\"}").status();
    }

    @Test
    void otpSendAndCheck() {
        assertEquals(404, c.admin("GET", "/_admin/otp/41790000020", null).status());
        assertEquals(200, c.postJson("/api/public/phone/verification", sf, "{\"msisdn\":\"41790000020\"}").status());
        String code = c.admin("GET", "/_admin/otp/+41790000020", null).json().get("code").asText();
        assertTrue(code.matches("[A-Z]{4}"), code);
        String wrong = code.equals("AAAA") ? "BBBB" : "AAAA";
        assertEquals(400, c.postJson("/api/public/phone/verification/code", sf,
                "{\"msisdn\":\"41790000020\",\"code\":\"" + wrong + "\"}").status());
        assertEquals(200, c.postJson("/api/public/phone/verification/code", sf,
                "{\"msisdn\":\"41790000020\",\"code\":\"" + code + "\"}").status());
        assertEquals(400, c.postJson("/api/public/phone/verification/code", sf,
                "{\"msisdn\":\"41790000020\",\"code\":\"" + code + "\"}").status(), "a code is used once");
    }

    @Test
    void smartFlowsNeedSmartflowScope() {
        assertEquals(401, c.postJson("/api/public/phone/verification", miss, "{\"msisdn\":\"41790000020\"}").status());
        assertEquals(401, c.get("/api/public/evidence/status?msisdn=41790000020", null).status());
        assertEquals(400, c.postJson("/api/public/phone/verification", sf, "{}").status());
    }

    @Test
    void evidenceStatusNotFoundThenMid() {
        JsonNode none = c.get("/api/public/evidence/status?msisdn=41790000021", sf).json();
        assertTrue(none.get("notFound").asBoolean());
        assertEquals("NOT_REGISTERED_AT_ALL", none.get("signingStatus").asText());
        assertEquals(0, none.get("status").size());

        identify("41790000021");
        JsonNode n = c.get("/api/public/evidence/status?msisdn=41790000021", sf).json();
        assertFalse(n.get("notFound").asBoolean());
        assertEquals("MID", n.get("signingStatus").asText());
        assertEquals("zertes", n.get("status").get(0).get("jurisdiction").asText());
        assertEquals(4, n.get("status").get(0).get("assuranceLevel").asInt());
        assertEquals("eidas", n.get("status").get(1).get("jurisdiction").asText());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusYears(5).toString(), n.get("loa4ExpiryDate").asText());
    }

    @Test
    void everySigningStatusCanBeSetByAdmin() {
        identify("41790000022");
        for (String s : new String[] {"SAS", "NOT_ABLE_TO_RETRIEVE", "NOT_REGISTERED_AT_ALL", "NOT_RA_MID_SAS",
                "MISSMATCH_SAS_BUT_MID", "MISSMATCH_SAS_CHANGE_SN", "MISSMATCH_MID", "MISMATCH_MID", "MID"}) {
            assertEquals(200, c.admin("POST", "/_admin/users/41790000022", "{\"signingStatus\":\"" + s + "\"}").status());
            assertEquals(s, c.get("/api/public/evidence/status?msisdn=41790000022", sf).json().get("signingStatus").asText());
        }
        assertEquals(400, c.admin("POST", "/_admin/users/41790000022", "{\"signingStatus\":\"WHATEVER\"}").status());
        c.admin("POST", "/_admin/users/41790000022", "{\"signingStatus\":null,\"authMethod\":\"SAS\"}");
        assertEquals("SAS", c.get("/api/public/evidence/status?msisdn=41790000022", sf).json().get("signingStatus").asText());
    }

    @Test
    void termsWithMobileId() {
        assertEquals(404, c.get("/api/public/evidence/41790000023/tc", sf).status(), "no evidence yet");
        identify("41790000023");
        assertEquals(404, lookup("41790000023"));
        JsonNode link = c.get("/api/public/evidence/41790000023/tc", sf).json();
        String url = link.get("link").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertEquals(200, c.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).GET()).status());

        JsonNode before = c.get("/api/public/mobileid/status?token=" + token, sf).json();
        assertEquals(token, before.get("token").asText());
        assertFalse(before.get("confirmed").asBoolean());
        assertTrue(before.get("consentUrl").isNull());

        assertEquals(400, c.postJson("/api/public/confirm", sf, "{\"decizionZertes\":true,\"token\":\"" + token + "\"}").status());
        assertEquals(404, c.postJson("/api/public/confirm", sf, CONFIRM_BOTH.formatted("nope")).status());
        assertEquals(200, c.postJson("/api/public/confirm", sf, CONFIRM_BOTH.formatted(token)).status());
        Client.await("confirmed", () -> c.get("/api/public/mobileid/status?token=" + token, sf).json().get("confirmed").asBoolean());
        JsonNode after = c.get("/api/public/mobileid/status?token=" + token, sf).json();
        assertFalse(after.get("downgrade").asBoolean());
        assertTrue(after.get("error").isNull());
        assertEquals(200, lookup("41790000023"));
        assertEquals(404, c.get("/api/public/evidence/41790000023/tc", sf).status(), "nothing left to accept");
    }

    @Test
    void partialAcceptanceIsADowngrade() {
        identify("41790000024");
        String url = c.get("/api/public/evidence/41790000024/tc", sf).json().get("link").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertEquals(200, c.postJson("/api/public/confirm", sf,
                "{\"decizionZertes\":true,\"decisionEidas\":false,\"knowsTheRisk\":true,\"token\":\"" + token + "\"}").status());
        Client.await("downgrade", () -> c.get("/api/public/mobileid/status?token=" + token, sf).json().get("downgrade").asBoolean());
        assertFalse(c.get("/api/public/mobileid/status?token=" + token, sf).json().get("confirmed").asBoolean());
    }

    @Test
    void termsWithPasswordAndOtpGoThroughTheConsentPage() {
        identify("41790000025");
        c.admin("POST", "/_admin/users/41790000025", "{\"authMethod\":\"SAS\"}");
        String url = c.get("/api/public/evidence/41790000025/tc", sf).json().get("link").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertEquals(200, c.postJson("/api/public/confirm", sf, CONFIRM_BOTH.formatted(token)).status());
        JsonNode st = c.get("/api/public/mobileid/status?token=" + token, sf).json();
        String consentUrl = st.get("consentUrl").asText();
        assertEquals(sim.baseUrl() + "/consent/" + token, consentUrl);
        assertFalse(st.get("confirmed").asBoolean());

        Client.Res page = c.send(java.net.http.HttpRequest.newBuilder(URI.create(consentUrl)).GET());
        assertEquals(200, page.status());
        assertTrue(page.body().contains("name=\"otp\""));
        String otp = c.admin("GET", "/_admin/otp/41790000025", null).json().get("code").asText();
        String wrong = otp.equals("AAAA") ? "BBBB" : "AAAA";
        assertEquals(400, c.post("/consent/" + token, null, "application/x-www-form-urlencoded", "password=secret&otp=" + wrong).status());
        assertEquals(404, lookup("41790000025"));
        assertEquals(200, c.post("/consent/" + token, null, "application/x-www-form-urlencoded", "password=secret&otp=" + otp).status());

        JsonNode done = c.get("/api/public/mobileid/status?token=" + token, sf).json();
        assertTrue(done.get("confirmed").asBoolean());
        assertTrue(done.get("consentUrl").isNull());
        assertEquals(200, lookup("41790000025"));
    }

    @Test
    void unknownTokenIs404() {
        assertEquals(404, c.get("/api/public/mobileid/status?token=unknown", sf).status());
        assertEquals(404, c.get("/consent/unknown", null).status());
    }
}
