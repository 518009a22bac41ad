package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Through the API: POST /identifications (place-order's real handler) → success chosen on the target URL's page →
 * polling → T&C accepted → GET /identifications/{id} shows can sign, the evidence expiry and its 90-day flag.
 */
class PlaceOrderToCanSignTest {

    @Test
    void anOrderPlacedThroughTheApiIsTrackedToCanSignAndGetShowsIt() throws Exception {
        try (PollingWorld w = new PollingWorld("api").start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            String msisdn = PollingWorld.randomMsisdn();
            String body = "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\",\"language\":\"en\","
                    + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\"}}";
            JsonNode created = ApiOrders.place(api, owner, body);
            String id = created.path("id").asText();
            String targetUrl = created.path("targetUrl").asText();
            PollingWorld.Order o = ApiOrders.order(created, msisdn, "test", "video");

            ApiOrders.choose(HttpClient.newHttpClient(), targetUrl, "success");

            w.awaitItem(o, "looked up without success", Duration.ofSeconds(120),
                    i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
            JsonNode during = ApiOrders.get(api, owner, id);
            assertEquals("LOOKUP", during.path("tracking").path("phase").asText());
            assertFalse(during.path("tracking").path("nextCheckAt").isNull(), during.toString());

            w.env.simulator().acceptTerms(msisdn);
            w.awaitItem(o, "can sign", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            JsonNode done = ApiOrders.get(api, owner, id);
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals("READY_TO_SIGN", done.path("nextAction").path("action").asText());
            assertEquals("terminated", done.path("status").asText());
            JsonNode tracking = done.path("tracking");
            assertEquals("DONE", tracking.path("phase").asText());
            assertFalse(tracking.path("evidenceExpiresOn").isNull(), tracking.toString());
            assertEquals(false, tracking.path("evidenceExpiresWithin90Days").asBoolean(true));
            assertTrue(tracking.path("nextCheckAt").isNull());
            assertFalse(done.path("support").path("evidenceId").asText("").isBlank(), "SRS's evidence id for support: " + done);
            List<String> history = StreamSupport.stream(done.path("statusHistory").spliterator(), false)
                    .map(e -> e.path("status").asText()).toList();
            assertEquals(List.of("created", "initialized", "identification_done", "data_ready", "terminated"), history);
            assertTrue(w.events(o).stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")));
            assertTrue(w.env.simulator().stats().calls(SrsClient.TEST_CALLBACK) > 0,
                    "a mock order moves at SRS only through the callback (guide §4)");
            w.assertConsistent(List.of(o));
        }
    }

    /** The simulator is as strict as SRS's preprod: without the callback a mock order never leaves initialized. */
    @Test
    void withoutTheTestCallbackAMockOrderStaysInitialized() throws Exception {
        try (PollingWorld w = new PollingWorld("no-callback", Map.of("SRS_TEST_CALLBACK", "false"), Polling.Wrap.NONE)
                .start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String msisdn = PollingWorld.randomMsisdn();
            JsonNode created = ApiOrders.placeVideo(api, "owner-" + UUID.randomUUID(), msisdn);
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
            PollingWorld.Order o = ApiOrders.order(created, msisdn, "test", "video");
            w.awaitItem(o, "polled a few times", Duration.ofSeconds(120), i -> i.attempts() >= 3);
            assertEquals("initialized", w.get(o).status().value(), "the tester's choice never reached SRS");
        }
    }

    @Test
    void aSelfieIdentOrderWithoutANumberEndsAsCanSignOnTheGuidesWord() throws Exception {
        try (PollingWorld w = new PollingWorld("selfie-no-number").start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            // the guide's recommended empty payload for Selfie Ident, as in our OpenAPI example
            JsonNode created = ApiOrders.place(api, owner, "{\"issuer\":\"nect\",\"method\":\"robo-ident\"}");
            String id = created.path("id").asText();
            PollingWorld.Order o = ApiOrders.order(created, null, "nect", "robo-ident");
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");

            w.awaitItem(o, "tracking ended", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            JsonNode done = ApiOrders.get(api, owner, id);
            assertEquals("terminated", done.path("status").asText(), done.toString());
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals("READY_TO_SIGN", done.path("nextAction").path("action").asText());
            assertEquals("SRS_TERMINATED_SELFIE_IDENT", done.path("tracking").path("canSignBasis").asText(), done.toString());
            assertTrue(w.events(o).stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")), "the SP's backend hears it");
        }
    }

    /**
     * Where the SP runs Smart Flows (TERMS_FLOW_ENABLED): can-sign is confirmed with Smart Flows' signing status. One
     * user's evidence is fine (MID: can sign, confirmed); the other's Mobile ID was re-activated after the identification
     * (serial mismatch): tracking ends with next action RE_IDENTIFY and a RE_IDENTIFY event, not READY_TO_SIGN.
     */
    @Test
    void whereSmartFlowsRunsASerialMismatchEndsAsReIdentifyInsteadOfCanSign() throws Exception {
        try (PollingWorld w = new PollingWorld("serial-mismatch", Map.of("TERMS_FLOW_ENABLED", "true"), Polling.Wrap.NONE)
                .start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            String fine = PollingWorld.randomMsisdn();
            String mismatch = PollingWorld.randomMsisdn();
            JsonNode a = ApiOrders.placeVideo(api, owner, fine);
            JsonNode b = ApiOrders.placeVideo(api, owner, mismatch);
            HttpClient http = HttpClient.newHttpClient();
            for (JsonNode created : List.of(a, b)) {
                ApiOrders.choose(http, created.path("targetUrl").asText(), "success");
            }
            HttpResponse<String> set = http.send(HttpRequest.newBuilder(w.env.simulator().baseUrl()
                            .resolve("/_admin/users/" + URLEncoder.encode(mismatch, StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"signingStatus\":\"MISSMATCH_MID\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, set.statusCode(), set.body());
            w.env.simulator().acceptTerms(fine);
            w.env.simulator().acceptTerms(mismatch);

            PollingWorld.Order oa = ApiOrders.order(a, fine, "test", "video");
            PollingWorld.Order ob = ApiOrders.order(b, mismatch, "test", "video");
            w.awaitItem(oa, "can sign", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            w.awaitItem(ob, "re-identify", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);

            JsonNode ok = ApiOrders.get(api, owner, a.path("id").asText());
            assertEquals(true, ok.path("canSign").asBoolean(), ok.toString());
            assertEquals("RA_LOOKUP_AND_SMART_FLOWS", ok.path("tracking").path("canSignBasis").asText(), ok.toString());
            assertEquals("MID", ok.path("tracking").path("signingStatus").asText(), ok.toString());

            JsonNode re = ApiOrders.get(api, owner, b.path("id").asText());
            assertEquals(false, re.path("canSign").asBoolean(true), re.toString());
            assertEquals("RE_IDENTIFY", re.path("nextAction").path("action").asText(), re.toString());
            assertEquals("MISMATCH_MID", re.path("tracking").path("signingStatus").asText(), re.toString());
            assertEquals("DONE", re.path("tracking").path("phase").asText());
            List<String> kinds = w.events(ob).stream().map(e -> e.path("kind").asText()).toList();
            assertTrue(kinds.contains("RE_IDENTIFY") && !kinds.contains("CAN_SIGN"), kinds.toString());
            w.assertConsistent(List.of(oa, ob));
        }
    }

    /** LookupSource=smartflows: an SP without RA access learns from Smart Flows when the user can sign; the RA is never asked. */
    @Test
    void withoutRaAccessSmartFlowsSaysWhenTheUserCanSign() throws Exception {
        Map<String, String> noRa = Map.of("LOOKUP_SOURCE", "smartflows", "RA_BASE_URL", "http://127.0.0.1:9");
        try (PollingWorld w = new PollingWorld("smartflows-lookup", noRa, Polling.Wrap.NONE).start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            String msisdn = PollingWorld.randomMsisdn();
            JsonNode created = ApiOrders.placeVideo(api, owner, msisdn);
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
            PollingWorld.Order o = ApiOrders.order(created, msisdn, "test", "video");
            w.awaitItem(o, "waiting for the T&C", Duration.ofSeconds(120),
                    i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
            w.env.simulator().acceptTerms(msisdn);
            w.awaitItem(o, "can sign", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            JsonNode done = ApiOrders.get(api, owner, created.path("id").asText());
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals("RA_LOOKUP_AND_SMART_FLOWS", done.path("tracking").path("canSignBasis").asText(), done.toString());
            assertFalse(done.path("tracking").path("evidenceExpiresOn").isNull(), "LOA 4 expiry from Smart Flows: " + done);
        }
    }
}
