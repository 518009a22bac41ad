package ch.srsconnect.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrdersTest {

    SrsSimulator sim;
    Client c;
    String token;

    @BeforeEach
    void start() {
        sim = SrsSimulator.start(SimulatorOptions.defaults().mockOrdersNeedCallback(false).timeScale(6000).raAuth("bearer"));
        c = new Client(sim.baseUrl());
        token = c.token("miss");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Client.Res order(String issuerMethod, String body) {
        return c.post("/api/providers/" + issuerMethod, token, Client.PROVIDER_TYPE, body);
    }

    JsonNode placed(String issuerMethod, String body) {
        Client.Res r = order(issuerMethod, body);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    JsonNode identification(String refId) {
        Client.Res r = c.get("/api/identifications/" + refId, token);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static List<String> statuses(JsonNode ident) {
        List<String> out = new ArrayList<>();
        ident.get("statuses").forEach(s -> out.add(s.get("status").asText()));
        return out;
    }

    static String current(JsonNode ident) {
        List<String> s = statuses(ident);
        return s.get(s.size() - 1);
    }

    JsonNode awaitStatus(String refId, String status) {
        Client.await(refId + " reaches " + status, () -> current(identification(refId)).equals(status));
        return identification(refId);
    }

    @Test
    void placesATestOrder() {
        Client.Res r = order("test/video", "{\"mobile\":\"+41790000100\",\"externalId\":\"cust-1\"}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.header("Content-Type").startsWith(Client.PROVIDER_TYPE));
        JsonNode n = r.json();
        UUID.fromString(n.get("refId").asText());
        assertEquals("initialized", n.get("status").asText());
        assertFalse(n.get("orderId").asText().isBlank());
        assertEquals(sim.baseUrl() + "/ipsp/" + n.get("refId").asText(), n.get("targetUrl").asText());

        JsonNode ident = identification(n.get("refId").asText());
        assertEquals(List.of("created", "initialized"), statuses(ident));
        assertEquals("test", ident.get("issuer").asText());
        assertEquals("video", ident.get("method").asText());
        assertEquals("+41790000100", ident.get("mobile").asText());
        assertEquals(n.get("orderId").asText(), ident.get("orderId").asText());
        assertEquals(n.get("targetUrl").asText(), ident.get("targetUrl").asText());
        assertTrue(ident.get("evidenceId").isNull());
        JsonNode first = ident.get("statuses").get(0);
        assertTrue(first.get("date").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), first.toString());
        assertTrue(first.has("reason") && first.get("reason").isNull());
        assertTrue(first.has("kind") && first.get("kind").isNull());
        assertEquals(1, sim.stats().calls("POST /api/providers/{issuer}/{method}"));
        assertEquals(1, sim.stats().calls("GET /api/identifications/{refId}"));
    }

    @Test
    void orderNeedsTokenAndProviderContentType() {
        assertEquals(401, c.post("/api/providers/test/video", null, Client.PROVIDER_TYPE, "{}").status());
        assertEquals(415, c.post("/api/providers/test/video", token, "application/json", "{}").status());
        assertEquals(400, order("test/video", "[1,2]").status());
    }

    @Test
    void unknownMethodsAre404() {
        assertEquals(404, order("nobody/video", "{}").status());
        assertEquals(404, order("identity-tm-eid/eid", "{\"firstName\":\"A\",\"lastName\":\"B\",\"dob\":\"1990-01-01\",\"mobile\":\"+41790000000\"}").status(),
                "method names are case-sensitive");
        assertEquals(404, order("AUTHADA/eID", "{}").status(), "legacy only with the option");
        assertEquals(200, order("identity.tm/video", "{}").status(), "issuer is case-insensitive");
    }

    @Test
    void mandatoryInitialDataPerMethod() {
        Client.Res klarna = order("KLARNA/bank", "{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-02-03\",\"mobile\":\"+4915112345678\"}");
        assertEquals(400, klarna.status());
        assertEquals("country", klarna.json().get("field").asText());
        assertTrue(klarna.json().get("message").asText().contains("country"));

        Client.Res eid = order("identity-tm-eid/eID", "{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"mobile\":\"+4915112345678\"}");
        assertEquals(400, eid.status());
        assertEquals("dob", eid.json().get("field").asText());

        Client.Res intrum = order("intrum-video/video", "{}");
        assertEquals(400, intrum.status());
        assertEquals("[\"firstName\",\"lastName\",\"mobile\"]", intrum.json().get("fields").toString());
        assertEquals(200, order("intrum-autoident/autoident", "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+41791112233\"}").status());

        assertEquals(200, order("nect/robo-ident", "").status(), "Selfie Ident takes an empty payload");
        assertEquals(200, order("IDENTITY.TM/video", "{}").status());
    }

    @Test
    void fieldFormatsAreChecked() {
        String base = "\"firstName\":\"Anna\",\"lastName\":\"Muster\"";
        Client.Res badMobile = order("intrum-video/video", "{" + base + ",\"mobile\":\"0791234567\"}");
        assertEquals("mobile", badMobile.json().get("field").asText());
        Client.Res badDob = order("intrum-video/video", "{" + base + ",\"mobile\":\"+41791234567\",\"dob\":\"01.02.1980\"}");
        assertEquals("dob", badDob.json().get("field").asText());
        Client.Res badCountry = order("intrum-video/video", "{" + base + ",\"mobile\":\"+41791234567\",\"country\":\"CHE\"}");
        assertEquals("country", badCountry.json().get("field").asText());
        Client.Res title = order("IDENTITY.TM/video", "{\"firstName\":\"Dr. Max\",\"lastName\":\"Muster\"}");
        assertEquals(400, title.status());
        assertEquals("firstName", title.json().get("field").asText());
        Client.Res silent = order("test/video", "{\"disabledSmsAlerts\":\"yes\"}");
        assertEquals("disabledSmsAlerts", silent.json().get("field").asText());
        assertEquals(200, order("test/video", "{\"disabledSmsAlerts\":true}").status());
    }

    @Test
    void klarnaTargetUrlIsLongAndBreaksWhenReEncoded() {
        JsonNode n = placed("KLARNA/bank", "{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-02-03\","
                + "\"mobile\":\"+4915112345678\",\"country\":\"DE\"}");
        String url = n.get("targetUrl").asText();
        assertTrue(url.length() >= 650 && url.length() <= 800, "length " + url.length());
        assertTrue(url.contains("%2F") || url.contains("%2B") || url.contains("%3D"), url);
        URI exact = URI.create(url);
        assertEquals(200, c.send(java.net.http.HttpRequest.newBuilder(exact).GET()).status());
        String reEncoded = url.replace("%", "%25");
        assertEquals(400, c.send(java.net.http.HttpRequest.newBuilder(URI.create(reEncoded)).GET()).status());
        // Cut where a browser or a column limit would, but never inside a %XX escape (that is not a URI at all).
        int cut = 300;
        while (url.charAt(cut - 1) == '%' || url.charAt(cut - 2) == '%') {
            cut--;
        }
        String truncated = url.substring(0, cut);
        assertEquals(400, c.send(java.net.http.HttpRequest.newBuilder(URI.create(truncated)).GET()).status());
        for (int i = 2; i <= 5; i++) {
            assertEquals(200, c.send(java.net.http.HttpRequest.newBuilder(exact).GET()).status(), "use " + i);
        }
        assertEquals(410, c.send(java.net.http.HttpRequest.newBuilder(exact).GET()).status(), "sixth use");
    }

    @Test
    void unknownRefIdIs404() {
        assertEquals(404, c.get("/api/identifications/" + UUID.randomUUID(), token).status());
        assertEquals(404, c.delete("/api/identifications/" + UUID.randomUUID(), token).status());
        assertEquals(404, c.get("/api/identifications/" + UUID.randomUUID() + "/callback", token).status());
        assertEquals(404, c.get("/ipsp/" + UUID.randomUUID(), null).status());
    }

    @Test
    void successRuleRunsTheWholeLifecycleAppendOnly() {
        c.admin("POST", "/_admin/rules", "{\"msisdn\":\"+41790000001\",\"outcome\":\"success\"}");
        String refId = placed("IDENTITY.TM/video", "{\"mobile\":\"+41790000001\"}").get("refId").asText();
        List<String> seen = new ArrayList<>();
        Client.await("terminated", () -> {
            List<String> now = statuses(identification(refId));
            assertEquals(seen, now.subList(0, Math.min(seen.size(), now.size())), "history is append-only");
            seen.clear();
            seen.addAll(now);
            return now.get(now.size() - 1).equals("terminated");
        });
        JsonNode done = identification(refId);
        assertEquals(List.of("created", "initialized", "identification_done", "data_ready", "terminated"), statuses(done));
        assertNotNull(done.get("evidenceId").textValue());
        String prev = "";
        for (JsonNode s : done.get("statuses")) {
            assertTrue(s.get("date").asText().compareTo(prev) > 0, "dates ascend");
            prev = s.get("date").asText();
        }
        assertEquals(done, c.get("/api/identifications/" + refId + "/callback", token).json());
    }

    @Test
    void errorRuleByMsisdnCarriesTheReason() {
        c.admin("POST", "/_admin/rules", "{\"msisdn\":\"41790000002\",\"outcome\":\"error\",\"reason\":\"fraud suspicion\"}");
        String refId = placed("test/video", "{\"mobile\":\"+41790000002\"}").get("refId").asText();
        JsonNode n = awaitStatus(refId, "error");
        assertEquals(List.of("created", "initialized", "error"), statuses(n));
        assertEquals("fraud suspicion", n.get("statuses").get(2).get("reason").asText());
    }

    @Test
    void externalIdPrefixRuleAndBuiltInSimPrefix() {
        sim.addRule(OutcomeRule.forExternalIdPrefix("e2e-timeout", Outcome.TIMEOUT, null));
        String a = placed("test/video", "{\"externalId\":\"e2e-timeout-42\"}").get("refId").asText();
        String b = placed("test/video", "{\"externalId\":\"sim:negatively_conducted:data mismatch\"}").get("refId").asText();
        String idle = placed("test/video", "{\"externalId\":\"plain\"}").get("refId").asText();
        awaitStatus(a, "timeout");
        JsonNode nb = awaitStatus(b, "negatively_conducted");
        assertEquals("data mismatch", nb.get("statuses").get(2).get("reason").asText());
        assertEquals("initialized", current(identification(idle)), "without a rule the order waits for the person");
        assertEquals(1, c.admin("GET", "/_admin/rules", null).json().size());
        assertEquals(204, c.admin("DELETE", "/_admin/rules", null).status());
        assertEquals(0, c.admin("GET", "/_admin/rules", null).json().size());
    }

    @Test
    void invalidRuleIs400() {
        assertEquals(400, c.admin("POST", "/_admin/rules", "{\"msisdn\":\"+41790000001\",\"outcome\":\"maybe\"}").status());
        assertEquals(400, c.admin("POST", "/_admin/rules", "{\"outcome\":\"error\"}").status());
    }

    @Test
    void htmlFormChoosesTheOutcome() {
        String refId = placed("test/video", "{\"mobile\":\"+41790000003\"}").get("refId").asText();
        Client.Res page = c.get("/ipsp/" + refId, null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("<form method=\"post\" action=\"/ipsp/" + refId + "\""));
        for (Outcome o : Outcome.values()) {
            assertTrue(page.body().contains("value=\"" + o.wire() + "\""), o.wire());
        }
        Client.Res posted = c.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded",
                "outcome=error&reason=bad+camera");
        assertEquals(200, posted.status(), posted.body());
        JsonNode n = awaitStatus(refId, "error");
        assertEquals("bad camera", n.get("statuses").get(2).get("reason").asText());
        assertEquals(409, c.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded", "outcome=success").status());
        assertEquals(400, c.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded", "outcome=nonsense").status());
    }

    @Test
    void abortedMayBeRetriedWithTheSameTargetUrl() {
        String refId = placed("intrum-video/video", "{\"firstName\":\"Anna\",\"lastName\":\"Muster\",\"mobile\":\"+41790000004\"}")
                .get("refId").asText();
        assertEquals("aborted", sim.complete(refId, Outcome.ABORTED, "user left"));
        awaitStatus(refId, "aborted");
        assertEquals(200, c.post("/ipsp/" + refId, null, "application/x-www-form-urlencoded", "outcome=success").status());
        JsonNode n = awaitStatus(refId, "terminated");
        assertEquals(List.of("created", "initialized", "aborted", "identification_done", "data_ready", "terminated"), statuses(n));
    }

    @Test
    void cancelPendingOrder() {
        String refId = placed("test/video", "{\"mobile\":\"+41790000005\"}").get("refId").asText();
        assertEquals(204, c.delete("/api/identifications/" + refId, token).status());
        JsonNode n = identification(refId);
        assertEquals("canceled", current(n));
        assertEquals(204, c.delete("/api/identifications/" + refId, token).status(), "cancel is idempotent");
        assertEquals(3, statuses(identification(refId)).size());
        assertEquals(2, sim.stats().calls("DELETE /api/identifications/{refId}"));
        assertThrows(IllegalStateException.class, () -> sim.complete(refId, Outcome.SUCCESS, null));
    }

    @Test
    void cancelDropsAScheduledOutcomeAndItsEvidence() {
        try (SrsSimulator slow = SrsSimulator.start(SimulatorOptions.defaults().mockOrdersNeedCallback(false).timeScale(1))) {
            Client s = new Client(slow.baseUrl());
            String t = s.token("miss");
            slow.addRule(OutcomeRule.forMsisdn("+41790000006", Outcome.SUCCESS, null));
            String refId = s.post("/api/providers/test/video", t, Client.PROVIDER_TYPE, "{\"mobile\":\"+41790000006\"}")
                    .json().get("refId").asText();
            assertEquals(204, s.delete("/api/identifications/" + refId, t).status());
            assertEquals(List.of("created", "initialized", "canceled"),
                    statuses(s.get("/api/identifications/" + refId, t).json()));
            assertEquals(0, s.admin("GET", "/_admin/evidences/41790000006", null).json().size());
        }
    }

    @Test
    void cancelAfterTerminationIs409() {
        sim.addRule(OutcomeRule.forMsisdn("+41790000007", Outcome.SUCCESS, null));
        String refId = placed("test/video", "{\"mobile\":\"+41790000007\"}").get("refId").asText();
        awaitStatus(refId, "terminated");
        assertEquals(409, c.delete("/api/identifications/" + refId, token).status());
    }
    @Test
    void variantStatusSpellingForClientNormalisation() {
        try (SrsSimulator v = SrsSimulator.start(SimulatorOptions.defaults().mockOrdersNeedCallback(false).timeScale(6000).variantStatusSpelling(true))) {
            Client s = new Client(v.baseUrl());
            String t = s.token("miss");
            String a = s.post("/api/providers/test/video", t, Client.PROVIDER_TYPE, "{\"externalId\":\"sim:success\"}")
                    .json().get("refId").asText();
            String b = s.post("/api/providers/test/video", t, Client.PROVIDER_TYPE, "{\"externalId\":\"sim:negatively_conducted\"}")
                    .json().get("refId").asText();
            String d = s.post("/api/providers/test/video", t, Client.PROVIDER_TYPE, "{}").json().get("refId").asText();
            Client.await("Terminated", () -> current(s.get("/api/identifications/" + a, t).json()).equals("Terminated"));
            assertEquals(List.of("Created", "INITIALIZED", "IDENTIFICATION_DONE", "DATA_READY", "Terminated"),
                    statuses(s.get("/api/identifications/" + a, t).json()));
            Client.await("negative", () -> current(s.get("/api/identifications/" + b, t).json())
                    .equals("IDENTIFICATION_NEGATIVELY_CONDUCTED"));
            assertEquals(204, s.delete("/api/identifications/" + d, t).status());
            assertEquals("cancelled", current(s.get("/api/identifications/" + d, t).json()));
        }
    }

    @Test
    void adminAppendsAnUnknownStatusVerbatim() {
        String refId = placed("test/video", "{}").get("refId").asText();
        Client.Res r = c.admin("POST", "/_admin/identifications/" + refId + "/status", "{\"status\":\"PENDING_REVIEW\",\"reason\":\"manual\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode n = identification(refId);
        assertEquals(List.of("created", "initialized", "PENDING_REVIEW"), statuses(n));
        assertEquals("manual", n.get("statuses").get(2).get("reason").asText());
        assertEquals(400, c.admin("POST", "/_admin/identifications/" + refId + "/status", "{}").status());
    }

    @Test
    void adminOutcomeEndpoint() {
        String refId = placed("test/video", "{\"mobile\":\"+41790000008\"}").get("refId").asText();
        Client.Res r = c.admin("POST", "/_admin/identifications/" + refId + "/outcome", "{\"outcome\":\"timeout\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals("timeout", r.json().get("finalStatus").asText());
        assertEquals("timeout", current(identification(refId)));
        assertEquals(409, c.admin("POST", "/_admin/identifications/" + refId + "/outcome", "{\"outcome\":\"success\"}").status());
    }
}
