package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.polling.PollSettings;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /identifications/{id}/refresh}: the poll plans here run in real time (the first check of a new order is
 * a minute out), the simulator 60 times faster, so only the refresh can make SRS's progress show within seconds.
 */
class RefreshTest {

    @Test
    void aRefreshPollsNowOnceThenAnswersTheRecordAndNeverStartsASecondChain() throws Exception {
        try (PollingWorld w = new PollingWorld("refresh", Map.of(PollSettings.POLL_TIME_SCALE, "1"), Polling.Wrap.NONE)
                .start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            String msisdn = PollingWorld.randomMsisdn();
            JsonNode created = ApiOrders.placeVideo(api, owner, msisdn);
            String id = created.path("id").asText();
            ApiOrders.choose(HttpClient.newHttpClient(), created.path("targetUrl").asText(), "success");
            Thread.sleep(11_000);   // the user finishes at the partner; a refresh is allowed 10 s after the last write

            long started = System.nanoTime();
            JsonNode first = refresh(api, owner, id, null);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals("SENT", first.path("refresh").path("outcome").asText(), first.toString());
            assertEquals(true, first.path("refresh").path("polled").asBoolean(), "answered after the poll: " + first);
            assertTrue(first.path("statusHistory").size() > 2, "SRS's progress is recorded: " + first);
            assertTrue(millis < 3_500, "within the refresh's wait: " + millis + " ms");

            JsonNode again = refresh(api, owner, id, "{}");
            assertEquals("TOO_SOON", again.path("refresh").path("outcome").asText(), again.toString());
            assertEquals(first.path("statusHistory"), again.path("statusHistory"), "the record, not an error");

            PollingWorld.Order o = ApiOrders.order(created, msisdn, "test", "video");
            Identification stored = w.get(o);
            assertTrue(stored.isTracked(), "the regular plan continues: " + stored);
            w.assertConsistent(List.of(o));

            assertEquals(404, call(api, "someone-else", id, null).getStatusCode(), "a caller sees only its own");
            APIGatewayV2HTTPResponse withField = call(api, owner, id, "{\"force\":true}");
            assertEquals(400, withField.getStatusCode(), withField.getBody());
            assertTrue(withField.getBody().contains("force"), withField.getBody());
        }
    }

    static JsonNode refresh(IdentificationsHandler api, String owner, String id, String body) throws Exception {
        APIGatewayV2HTTPResponse r = call(api, owner, id, body);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return PollingWorld.JSON.readTree(r.getBody());
    }

    static APIGatewayV2HTTPResponse call(IdentificationsHandler api, String owner, String id, String body) {
        return api.handleRequest(HttpApiEvents.request("POST /identifications/{id}/refresh",
                "/identifications/" + id + "/refresh", Map.of("id", id), body, owner), null);
    }
}
