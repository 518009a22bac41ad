package ch.srsconnect.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the real service is likely stricter than a lenient stub, the simulator is too: each rule has its test. */
class StrictContractTest {
    SrsSimulator sim;
    Client c;
    String miss;
    String smartflow;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().raAuth("bearer").otpValiditySeconds(1));
        c = new Client(sim.baseUrl());
        miss = c.token("miss");
        smartflow = c.token("smartflow");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void anOrderWithAnUnknownFieldOrAPlainJsonTypeIsRefused() {
        Client.Res unknown = c.post("/api/providers/test/video", miss, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000051\",\"title\":\"Dr\"}");
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("unknown field 'title'"), unknown.body());
        assertEquals(415, c.post("/api/providers/test/video", miss, "application/json", "{\"mobile\":\"+41790000051\"}").status());
        assertEquals(200, c.post("/api/providers/test/video", miss, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000051\"}").status());
    }

    @Test
    void raAndSmartFlowsBodiesAreTypedToo() {
        assertEquals(400, c.postJson("/api/evidences/lookup", miss, "{\"msisdn\":\"41790000052\",\"jurisdiction\":\"zertes\"}").status());
        assertEquals(415, c.post("/api/evidences/lookup", miss, "text/plain", "{\"msisdn\":\"41790000052\"}").status());
        assertEquals(404, c.postJson("/api/evidences/lookup", miss, "{\"msisdn\":\"41790000052\"}").status(), "well-formed: no evidence");
        assertEquals(400, c.postJson("/api/public/phone/verification", smartflow, "{\"msisdn\":\"41790000052\",\"lang\":\"de\"}").status());
        assertEquals(400, c.postJson("/api/public/confirm", smartflow, "{\"token\":\"t\",\"decisionZertes\":true}").status(),
                "the guide's own spelling is decizionZertes: the other one is an unknown field");
    }

    @Test
    void anOtpAllowsThreeChecksAndExpires() throws Exception {
        String body = "{\"msisdn\":\"41790000053\"}";
        assertEquals(200, c.postJson("/api/public/phone/verification", smartflow, body).status());
        String code = c.admin("GET", "/_admin/otp/41790000053", null).json().get("code").asText();
        for (int i = 0; i < SmartFlows.OTP_ATTEMPTS; i++) {
            assertEquals(400, check("41790000053", "ZZZZ".equals(code) ? "YYYY" : "ZZZZ"));
        }
        assertEquals(400, check("41790000053", code), "three wrong checks void the code");

        assertEquals(200, c.postJson("/api/public/phone/verification", smartflow, body).status());
        JsonNode sent = c.admin("GET", "/_admin/otp/41790000053", null).json();
        String fresh = sent.get("code").asText();
        Instant expiresAt = Instant.parse(sent.get("expiresAt").asText());   // otpValiditySeconds(1) after sending
        Client.await("the code's expiresAt has passed", () -> Instant.now().isAfter(expiresAt));
        assertEquals(400, check("41790000053", fresh), "expired after otpValiditySeconds");

        assertEquals(200, c.postJson("/api/public/phone/verification", smartflow, body).status());
        String inTime = c.admin("GET", "/_admin/otp/41790000053", null).json().get("code").asText();
        assertEquals(200, check("41790000053", inTime));
        assertEquals(400, check("41790000053", inTime), "a code is good once");
    }

    int check(String msisdn, String code) {
        return c.postJson("/api/public/phone/verification/code", smartflow,
                "{\"msisdn\":\"" + msisdn + "\",\"code\":\"" + code + "\"}").status();
    }

    @Test
    void targetUrlsExpirePerMethodInSimulatedTime() throws Exception {
        // 36 000 x: Klarna's 60-minute session is 100 ms, Selfie Ident's 60 minutes once opened too, Intrum's 90 days 216 s
        try (SrsSimulator fast = SrsSimulator.start(SimulatorOptions.defaults().timeScale(36_000).mockOrdersNeedCallback(false))) {
            Client f = new Client(fast.baseUrl());
            String t = f.token("miss");
            String klarna = refId(f, t, "KLARNA/bank", "{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-01-01\","
                    + "\"mobile\":\"+41790000061\",\"country\":\"DE\"}");
            String nect = refId(f, t, "nect/robo-ident", "{}");
            String intrum = refId(f, t, "intrum-video/video", "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+41790000062\"}");
            String video = refId(f, t, "IDENTITY.TM/video", "{}");
            assertEquals(200, f.get("/ipsp/" + nect, null).status(), "the user opens the Selfie Ident URL");
            Client.await("Klarna: 60-minute session", () -> last(f, t, klarna).equals("timeout"));
            Client.await("Nect: 60 minutes once started", () -> last(f, t, nect).equals("timeout"));
            assertEquals("initialized", last(f, t, intrum), "Intrum: 90 days");
            assertEquals("initialized", last(f, t, video), "Video EU: until canceled");
            assertEquals(409, f.post("/ipsp/" + klarna, null, "application/x-www-form-urlencoded", "outcome=success").status(),
                    "an expired URL takes no outcome");
        }
    }

    static String refId(Client f, String token, String issuerMethod, String body) {
        Client.Res r = f.post("/api/providers/" + issuerMethod, token, Client.PROVIDER_TYPE, body);
        assertEquals(200, r.status(), r.body());
        return r.json().get("refId").asText();
    }

    static String last(Client f, String token, String refId) {
        return OrdersTest.current(f.get("/api/identifications/" + refId, token).json());
    }
}
