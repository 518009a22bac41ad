package ch.srsconnect.tests.orders;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.simulator.FaultSpec;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SRS faults at each step of placing, canceling and the token: either the order is recorded and tracked, or the
 * caller gets a clear error and no order exists at SRS; where SRS may have created it, it is recorded as unknown.
 */
class OrderFaultsTest {

    /** A short request timeout so that a slow SRS looks like a timeout after sending. */
    private final Orders orders = new Orders("orders-faults", Map.of(EnvVar.SRS_REQUEST_TIMEOUT_MS, "700"));

    @AfterEach
    void clearFaults() {
        orders.env.simulator().faults().clear();
    }

    @Test
    void srsUnavailableBeforeCreatingTheOrderGivesA503AndStoresNothing() {
        String owner = Orders.newOwner();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.ORDER_ENDPOINT, 503).withRetryAfter(7).times(1));
        long before = orders.srsOrders();
        Orders.Response r = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString(), Map.of("idempotency-key", "k1"));

        assertEquals(503, r.status(), r.body());
        assertEquals("7", r.header("Retry-After"));
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals(before + 1, orders.srsOrders(), "an order POST is never re-sent");
        assertEquals(0, orders.countOwned(owner), "nothing stored");

        Orders.Response retry = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString(), Map.of("idempotency-key", "k2"));
        assertEquals(201, retry.status(), retry.body());
    }

    @Test
    void retryWithTheSameKeyAfterA503PlacesTheOrder() {
        String owner = Orders.newOwner();
        String body = Orders.testVideo(Orders.newMsisdn()).toString();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.ORDER_ENDPOINT, 500).times(1));
        assertEquals(503, orders.post(owner, body, Map.of("idempotency-key", "same")).status());
        Orders.Response retry = orders.post(owner, body, Map.of("idempotency-key", "same"));
        assertEquals(201, retry.status(), retry.body());
        assertEquals(1, orders.countOwned(owner));
    }

    @Test
    void srsRefusingTheDataGivesA422AndStoresNothing() {
        String owner = Orders.newOwner();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.ORDER_ENDPOINT, 400).times(1));
        Orders.Response r = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString());
        assertEquals(422, r.status(), r.body());
        assertEquals("urn:srs-connect:problem:rejected-by-srs", r.json().path("type").asText());
        assertFalse(r.body().contains("injected"), "no SRS internals: " + r.body());
        assertEquals(0, orders.countOwned(owner));
    }

    @Test
    void aTimeoutAfterSendingIsRecordedAsUnknownAndARetryPlacesANewOrder() {
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        String body = Orders.testVideo(msisdn).toString();
        orders.env.simulator().faults().inject(FaultSpec.latency(Orders.ORDER_ENDPOINT, 2500).times(1));
        long before = orders.srsOrders();

        Orders.Response r = orders.post(owner, body, Map.of("idempotency-key", "slow"));
        assertEquals(502, r.status(), r.body());
        assertEquals("urn:srs-connect:problem:order-outcome-unknown", r.json().path("type").asText());
        String unknownId = r.json().path("identificationId").asText();
        assertEquals(before + 1, orders.srsOrders(), "sent once, never re-sent");

        JsonNode recorded = orders.get(owner, unknownId).json();
        assertEquals("unknown", recorded.path("status").asText());
        assertEquals("DONE", recorded.path("phase").asText(), "not polled: there is no refId to ask SRS about");
        assertEquals("NEW_ORDER", recorded.path("nextAction").path("action").asText());
        assertTrue(recorded.path("refId").isNull());
        Map<String, AttributeValue> item = orders.item(unknownId);
        assertFalse(item.containsKey("nextPollAt"), item.toString());

        Orders.Response retry = orders.post(owner, body, Map.of("idempotency-key", "slow"));
        assertEquals(201, retry.status(), retry.body());
        assertNotEquals(unknownId, retry.json().path("id").asText());
        assertEquals(2, orders.countOwned(owner), "the unknown record stays visible beside the new order");
        assertEquals(1, orders.list(owner, "status=unknown").json().path("items").size());
    }

    @Test
    void anUnusableSuccessAnswerIsRecordedAsUnknown() {
        String owner = Orders.newOwner();
        orders.env.simulator().faults().inject(FaultSpec.malformed(Orders.ORDER_ENDPOINT).times(1));
        Orders.Response r = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString());
        assertEquals(502, r.status(), r.body());
        assertEquals("unknown", orders.get(owner, r.json().path("identificationId").asText()).json().path("status").asText());
    }

    @Test
    void tokenEndpointDownGivesA503AndNothingIsOrdered() {
        Orders fresh = new Orders("orders-faults-token");
        String owner = Orders.newOwner();
        orders.env.simulator().faults().inject(FaultSpec.status("POST /oauth/token", 503).times(10));
        long before = orders.srsOrders();
        Orders.Response r = fresh.post(owner, Orders.testVideo(Orders.newMsisdn()).toString());
        assertEquals(503, r.status(), r.body());
        assertNotNull(r.header("Retry-After"));
        assertEquals(before, orders.srsOrders());
        assertEquals(0, fresh.countOwned(owner));
    }

    @Test
    void whenEarlierOrdersCannotBeCanceledNoNewOrderIsPlaced() {
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        JsonNode first = orders.post(owner, Orders.testVideo(msisdn).toString()).json();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.CANCEL_ENDPOINT, 503).times(10));
        long before = orders.srsOrders();

        Orders.Response second = orders.post(owner, Orders.testVideo(msisdn).toString());
        assertEquals(503, second.status(), second.body());
        assertEquals(before, orders.srsOrders(), "no second order at SRS");
        assertEquals(1, orders.countOwned(owner));
        orders.env.simulator().faults().clear();
        assertEquals("initialized", orders.srsStatus(first.path("refId").asText()));
        assertEquals("initialized", orders.get(owner, first.path("id").asText()).json().path("status").asText());
    }

    @Test
    void deleteWhileSrsIsDownChangesNothing() {
        String owner = Orders.newOwner();
        JsonNode placed = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString()).json();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.CANCEL_ENDPOINT, 503).times(10));
        Orders.Response r = orders.delete(owner, placed.path("id").asText());
        assertEquals(503, r.status(), r.body());
        orders.env.simulator().faults().clear();
        assertEquals("initialized", orders.get(owner, placed.path("id").asText()).json().path("status").asText());
        assertEquals("initialized", orders.srsStatus(placed.path("refId").asText()));
    }

    @Test
    void aMethodSrsDoesNotOfferIsA422NamingTheMethod() {
        String owner = Orders.newOwner();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.ORDER_ENDPOINT, 404).times(1));
        Orders.Response r = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString());
        assertEquals(422, r.status(), r.body());
        assertEquals(java.util.List.of("method"), r.errorFields());
        assertEquals(0, orders.countOwned(owner));
    }

    @Test
    void anOrderSrsNoLongerKnowsIsMarkedCanceledWithANote() {
        String owner = Orders.newOwner();
        JsonNode placed = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString()).json();
        orders.env.simulator().faults().inject(FaultSpec.status(Orders.CANCEL_ENDPOINT, 404).times(1));
        Orders.Response r = orders.delete(owner, placed.path("id").asText());
        assertEquals(200, r.status(), r.body());
        assertEquals("canceled", r.json().path("status").asText());
        assertTrue(r.json().path("reason").asText().contains("no longer knows"), r.body());
    }
}
