package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 2: cancels the product makes itself — DELETE /identifications/{id}, and an earlier pending order
 * superseded by a new one — reach the SP's backend as an {@code Identification Status Changed} event, like any other
 * change, and tracking then ends without asking SRS again.
 */
class CancelEventsTest {

    @Test
    void deleteAndSupersedeEachPutOneCanceledEvent() throws Exception {
        try (PollingWorld w = new PollingWorld("cancel-events").start(2, true)) {
            IdentificationsHandler api = new IdentificationsHandler(Platform.fromConfig(w.config));
            String owner = "owner-" + UUID.randomUUID();
            String msisdn = PollingWorld.randomMsisdn();
            PollingWorld.Order first = place(api, owner, msisdn);

            // a second order for the number supersedes the first one
            PollingWorld.Order second = place(api, owner, msisdn);
            JsonNode shown = ApiOrders.get(api, owner, first.id());
            assertEquals("canceled", shown.path("status").asText());
            assertEquals("DONE", shown.path("phase").asText(), "the SP sees it ended at once: " + shown);

            APIGatewayV2HTTPResponse deleted = api.handleRequest(HttpApiEvents.withPathParameters("DELETE /identifications/{id}",
                    "/identifications/" + second.id(), Map.of("id", second.id()), owner), null);
            assertEquals(200, deleted.getStatusCode(), deleted.getBody());

            for (PollingWorld.Order o : List.of(first, second)) {
                w.awaitItem(o, "announced and ended", Duration.ofSeconds(60), i -> i.phase() == Phase.DONE);
                List<JsonNode> canceled = w.events(o).stream().filter(e -> e.path("newStatus").asText().equals("canceled")).toList();
                assertEquals(1, canceled.size(), "one event: " + w.events(o));
                JsonNode e = canceled.getFirst();
                assertEquals("STATUS", e.path("kind").asText());
                assertEquals("initialized", e.path("oldStatus").asText());
                assertEquals("DONE", e.path("phase").asText());
                assertEquals("NEW_ORDER", e.path("recommendedAction").asText());
                assertTrue(e.path("changeId").asText().startsWith(o.id() + ":STATUS:"), e.toString());
            }
            w.assertConsistent(List.of(first, second), false);
        }
    }

    private static PollingWorld.Order place(IdentificationsHandler api, String owner, String msisdn) throws Exception {
        JsonNode created = ApiOrders.place(api, owner, "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\""
                + msisdn + "\",\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\"}}");
        return ApiOrders.order(created, msisdn, "test", "video");
    }
}
