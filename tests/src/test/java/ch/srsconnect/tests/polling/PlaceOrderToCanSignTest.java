package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
            JsonNode created = place(api, owner, body);
            String id = created.path("id").asText();
            String targetUrl = created.path("targetUrl").asText();
            PollingWorld.Order o = order(created, msisdn, "test", "video");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> chosen = http.send(HttpRequest.newBuilder(URI.create(targetUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("outcome=success")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chosen.statusCode());

            w.awaitItem(o, "looked up without success", Duration.ofSeconds(120),
                    i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
            JsonNode during = get(api, owner, id);
            assertEquals("LOOKUP", during.path("tracking").path("phase").asText());
            assertFalse(during.path("tracking").path("nextCheckAt").isNull(), during.toString());

            w.env.simulator().acceptTerms(msisdn);
            w.awaitItem(o, "can sign", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            JsonNode done = get(api, owner, id);
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals("READY_TO_SIGN", done.path("nextAction").path("action").asText());
            assertEquals("terminated", done.path("status").asText());
            JsonNode tracking = done.path("tracking");
            assertEquals("DONE", tracking.path("phase").asText());
            assertFalse(tracking.path("evidenceExpiresOn").isNull(), tracking.toString());
            assertEquals(false, tracking.path("evidenceExpiresWithin90Days").asBoolean(true));
            assertTrue(tracking.path("nextCheckAt").isNull());
            assertFalse(done.path("support").path("evidenceId").asText("").isBlank(), "SRS's evidence id for support: " + done);
            List<String> history = java.util.stream.StreamSupport.stream(done.path("statusHistory").spliterator(), false)
                    .map(e -> e.path("status").asText()).toList();
            assertEquals(List.of("created", "initialized", "identification_done", "data_ready", "terminated"), history);
            assertTrue(w.events(o).stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")));
            w.assertConsistent(List.of(o));
        }
    }

    @Test
    void aSelfieIdentOrderWithoutANumberEndsAsCanSignOnTheGuidesWord() throws Exception {
        try (PollingWorld w = new PollingWorld("selfie-no-number").start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            // the guide's recommended empty payload for Selfie Ident, as in our OpenAPI example
            JsonNode created = place(api, owner, "{\"issuer\":\"nect\",\"method\":\"robo-ident\"}");
            String id = created.path("id").asText();
            PollingWorld.Order o = order(created, null, "nect", "robo-ident");
            HttpResponse<String> chosen = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(created.path("targetUrl").asText()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("outcome=success")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chosen.statusCode(), chosen.body());

            w.awaitItem(o, "tracking ended", Duration.ofSeconds(120), i -> i.phase() == Phase.DONE);
            JsonNode done = get(api, owner, id);
            assertEquals("terminated", done.path("status").asText(), done.toString());
            assertEquals(true, done.path("canSign").asBoolean(), done.toString());
            assertEquals("READY_TO_SIGN", done.path("nextAction").path("action").asText());
            assertEquals("SRS_TERMINATED_SELFIE_IDENT", done.path("tracking").path("canSignBasis").asText(), done.toString());
            assertTrue(w.events(o).stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")), "the SP's backend hears it");
        }
    }

    /** POST /identifications through the place-order handler: the 201 body. */
    static JsonNode place(IdentificationsHandler api, String owner, String body) throws Exception {
        APIGatewayV2HTTPResponse placed = api.handleRequest(
                HttpApiEvents.postJson("POST /identifications", "/identifications", body, Map.of(), owner), null);
        assertEquals(201, placed.getStatusCode(), placed.getBody());
        return PollingWorld.JSON.readTree(placed.getBody());
    }

    static PollingWorld.Order order(JsonNode created, String msisdn, String issuer, String method) {
        return new PollingWorld.Order(created.path("id").asText(), created.path("refId").asText(), msisdn, issuer, method);
    }

    static JsonNode get(IdentificationsHandler api, String owner, String id) throws Exception {
        APIGatewayV2HTTPResponse r = api.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + id, Map.of("id", id), owner), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return PollingWorld.JSON.readTree(r.getBody());
    }
}
