package ch.srsconnect.tests.orders;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.simulator.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** POST/GET/DELETE /identifications: the real handler against the simulator and DynamoDB Local. */
class IdentificationsComponentTest {

    private final Orders orders = new Orders("orders");

    @Test
    void placesATestVideoOrderAndStoresNoPersonalDataBeyondTheMsisdn() {
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        ObjectNode order = Orders.testVideo(msisdn).put("externalId", "customer-4711");
        Orders.Response r = orders.post(owner, order.toString());

        assertEquals(201, r.status(), r.body());
        JsonNode b = r.json();
        String id = b.path("id").asText();
        assertEquals("/identifications/" + id, r.header("Location"));
        assertEquals("initialized", b.path("status").asText());
        assertEquals("SEND_USER_TO_TARGET_URL", b.path("nextAction").path("action").asText());
        assertFalse(b.path("refId").asText().isBlank());
        assertFalse(b.path("orderId").asText().isBlank());
        assertTrue(b.path("targetUrl").asText().startsWith(orders.env.simulator().baseUrl() + "/ipsp/"), b.toString());
        assertEquals("de", b.path("redirectNotice").path("language").asText());
        assertTrue(b.path("redirectNotice").path("text").asText().contains(b.path("targetUrl").asText()));
        assertTrue(b.path("redirectNotice").path("text").asText().startsWith("Durch den Aufruf"));
        assertTrue(b.has("expectedResult"));
        assertEquals(b.path("refId").asText(), b.path("support").path("refId").asText());
        assertEquals("initialized", orders.srsStatus(b.path("refId").asText()), "the order exists at SRS");

        Map<String, AttributeValue> item = orders.item(id);
        System.out.println("[must-show] stored DynamoDB item for one order: " + new TreeMap<>(item));
        String all = item.toString();
        for (String personal : List.of("Maximilian", "Mustermann", "1980-12-31", "Winterthur", "example.com")) {
            assertFalse(all.contains(personal), "personal data stored: " + personal);
        }
        assertEquals(msisdn, item.get("msisdn").s());
        assertEquals(owner, item.get("owner").s());
        assertEquals("customer-4711", item.get("externalId").s());
        assertEquals(b.path("targetUrl").asText(), item.get("targetUrl").s());
        assertTrue(item.containsKey("expiresAt") && item.containsKey("version") && item.containsKey("nextPollAt"), all);
        assertEquals("STATUS", item.get("phase").s());
        assertFalse(r.body().contains("Maximilian") || r.body().contains("1980-12-31"), "answer echoes personal data");
    }

    @Test
    void klarnaTargetUrlIsReturnedVerbatimAndOpensAtTheIpsp() throws Exception {
        String owner = Orders.newOwner();
        Orders.Response r = orders.post(owner, Orders.validOrders(Orders.newMsisdn()).get("KLARNA/bank").toString());
        assertEquals(201, r.status(), r.body());
        String url = r.json().path("targetUrl").asText();
        assertTrue(url.length() > 600, "Klarna's URL is ~700 characters: " + url.length());
        assertEquals(orders.srs().identification(r.json().path("refId").asText()).orElseThrow().path("targetUrl").asText(), url);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the IPSP refuses an altered URL: " + page.body());
        assertEquals(url, orders.item(r.json().path("id").asText()).get("targetUrl").s());
    }

    @Test
    void everyCurrentMethodAcceptsAValidOrder() {
        String owner = Orders.newOwner();
        for (Map.Entry<String, ObjectNode> e : Orders.validOrders(Orders.newMsisdn()).entrySet()) {
            Orders.Response r = orders.post(owner, e.getValue().toString());
            assertEquals(201, r.status(), e.getKey() + ": " + r.body());
        }
    }

    @Test
    void getShowsStateHistoryNextActionAndSupportData() {
        String owner = Orders.newOwner();
        String id = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString()).json().path("id").asText();
        Orders.Response r = orders.get(owner, id);
        assertEquals(200, r.status(), r.body());
        JsonNode b = r.json();
        assertEquals(id, b.path("id").asText());
        assertEquals(List.of("created", "initialized"), b.path("statusHistory").findValuesAsText("status"),
                "SRS's history with its dates");
        assertFalse(b.path("statusHistory").get(0).path("date").asText().isBlank());
        assertEquals("SEND_USER_TO_TARGET_URL", b.path("nextAction").path("action").asText());
        assertEquals("test", b.path("support").path("issuer").asText());
        assertFalse(b.path("support").path("orderId").asText().isBlank());
    }

    @Test
    void anotherCallersIdIsNotFoundAndNeverListed() {
        String alice = Orders.newOwner();
        String mallory = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        String id = orders.post(alice, Orders.testVideo(msisdn).toString()).json().path("id").asText();

        Orders.Response get = orders.get(mallory, id);
        assertEquals(404, get.status());
        assertFalse(get.body().contains(msisdn) || get.body().contains(id), get.body());
        assertEquals(404, orders.delete(mallory, id).status());
        assertEquals(0, orders.countOwned(mallory));
        assertEquals(0, orders.list(mallory, "msisdn=" + msisdn.replace("+", "%2B")).json().path("items").size());
        assertEquals("initialized", orders.get(alice, id).json().path("status").asText(), "mallory's DELETE changed nothing");
        assertEquals(404, orders.get(alice, "not-a-uuid").status());
        assertEquals(401, orders.call(ch.srsconnect.tests.HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + id, Map.of("id", id), null)).status());
    }

    @Test
    void ownerClaimIsConfigurable() {
        Orders byEmailClaim = new Orders("orders-claim", Map.of(EnvVar.OWNER_CLAIM, "aud"));
        String owner = Orders.newOwner();
        Orders.Response r = byEmailClaim.post(owner, Orders.testVideo(Orders.newMsisdn()).toString());
        assertEquals(201, r.status(), r.body());
        assertEquals("srs-connect", byEmailClaim.item(r.json().path("id").asText()).get("owner").s(),
                "the owner comes from the configured claim");
    }

    @Test
    void listsTheCallersOwnPaginatedAndFiltered() {
        String owner = Orders.newOwner();
        String m1 = Orders.newMsisdn();
        String m2 = Orders.newMsisdn();
        String a = orders.post(owner, Orders.testVideo(m1).toString()).json().path("id").asText();
        String b = orders.post(owner, Orders.testVideo(m2).toString()).json().path("id").asText();
        String c = orders.post(owner, Orders.testVideo(m2).toString()).json().path("id").asText(); // cancels b

        Orders.Response page1 = orders.list(owner, "limit=2");
        assertEquals(200, page1.status(), page1.body());
        assertEquals(List.of(c, b), page1.json().path("items").findValuesAsText("id"), "newest first");
        String cursor = page1.json().path("nextCursor").asText();
        Orders.Response page2 = orders.list(owner, "limit=2&cursor=" + cursor);
        assertEquals(List.of(a), page2.json().path("items").findValuesAsText("id"));

        assertEquals(List.of(c, b), orders.list(owner, "msisdn=" + m2.replace("+", "%2B")).json().path("items").findValuesAsText("id"));
        assertEquals(List.of(c, b), orders.list(owner, "msisdn=" + m2).json().path("items").findValuesAsText("id"),
                "an unencoded + (decoded as a space) still finds the msisdn");
        assertEquals(List.of(b), orders.list(owner, "msisdn=" + m2.replace("+", "%2B") + "&status=canceled")
                .json().path("items").findValuesAsText("id"));
        assertEquals(List.of(c, a), orders.list(owner, "status=initialized").json().path("items").findValuesAsText("id"));

        assertEquals(List.of("limit"), orders.list(owner, "limit=0").errorFields());
        assertEquals(List.of("status"), orders.list(owner, "status=nonsense").errorFields());
        assertEquals(List.of("msisdn"), orders.list(owner, "msisdn=12").errorFields());
        assertEquals(List.of("cursor"), orders.list(Orders.newOwner(), "cursor=" + cursor).errorFields(),
                "a cursor works only for its own listing");
    }

    @Test
    void aSecondOrderForTheSameMsisdnCancelsTheFirstAtSrsAndRecordsIt() {
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        JsonNode first = orders.post(owner, Orders.testVideo(msisdn).toString()).json();
        Orders.Response second = orders.post(owner, Orders.testVideo(msisdn).toString());

        assertEquals(201, second.status(), second.body());
        assertEquals(first.path("id").asText(), second.json().path("canceledEarlier").get(0).path("id").asText());
        assertEquals("canceled", orders.srsStatus(first.path("refId").asText()), "canceled at SRS");
        JsonNode firstNow = orders.get(owner, first.path("id").asText()).json();
        assertEquals("canceled", firstNow.path("status").asText());
        assertEquals("DONE", firstNow.path("phase").asText());
        assertEquals(List.of("created", "initialized", "canceled"), firstNow.path("statusHistory").findValuesAsText("status"));
        assertTrue(firstNow.path("reason").asText().contains(second.json().path("id").asText()), firstNow.toString());
        assertEquals("initialized", orders.srsStatus(second.json().path("refId").asText()));

        // Another caller's order for the same msisdn is none of this caller's business.
        String other = Orders.newOwner();
        JsonNode others = orders.post(other, Orders.testVideo(msisdn).toString()).json();
        assertEquals(0, others.path("canceledEarlier").size());
        assertEquals("initialized", orders.srsStatus(second.json().path("refId").asText()));
    }

    @Test
    void cancelingEarlierOrdersCanBeSwitchedOff() {
        Orders keep = new Orders("orders-keep", Map.of(EnvVar.CANCEL_EARLIER_PENDING_ORDERS, "false"));
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        JsonNode first = keep.post(owner, Orders.testVideo(msisdn).toString()).json();
        assertEquals(201, keep.post(owner, Orders.testVideo(msisdn).toString()).status());
        assertEquals("initialized", keep.srsStatus(first.path("refId").asText()));
        assertEquals("initialized", keep.get(owner, first.path("id").asText()).json().path("status").asText());
    }

    @Test
    void anOrderUnderWayAtSrsIsNotCanceledByTheNextOne() {
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        JsonNode first = orders.post(owner, Orders.testVideo(msisdn).toString()).json();
        orders.env.simulator().complete(first.path("refId").asText(), Outcome.SUCCESS, null); // user finished: identification_done
        Orders.Response second = orders.post(owner, Orders.testVideo(msisdn).toString());
        assertEquals(201, second.status(), second.body());
        assertNotEquals("canceled", orders.srsStatus(first.path("refId").asText()));
        assertNotEquals("canceled", orders.get(owner, first.path("id").asText()).json().path("status").asText());
    }

    @Test
    void deleteCancelsAtSrsThenMarksCanceledAndAFinishedOneIsAConflict() {
        String owner = Orders.newOwner();
        JsonNode placed = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString()).json();
        String id = placed.path("id").asText();

        Orders.Response del = orders.delete(owner, id);
        assertEquals(200, del.status(), del.body());
        assertEquals("canceled", del.json().path("status").asText());
        assertEquals("NEW_ORDER", del.json().path("nextAction").path("action").asText());
        assertEquals("canceled", orders.srsStatus(placed.path("refId").asText()));
        assertEquals("canceled", orders.get(owner, id).json().path("status").asText());
        assertEquals(200, orders.delete(owner, id).status(), "canceling twice is harmless");

        JsonNode done = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString()).json();
        orders.env.simulator().complete(done.path("refId").asText(), Outcome.SUCCESS, null);
        Orders.Response conflict = orders.delete(owner, done.path("id").asText());
        assertEquals(409, conflict.status(), conflict.body());
        assertEquals("application/problem+json", conflict.header("Content-Type"));
        assertNotEquals("canceled", orders.get(owner, done.path("id").asText()).json().path("status").asText());
    }

    @Test
    void theAnswerSaysWhenToExpectAResultPerMethod() {
        String owner = Orders.newOwner();
        JsonNode videoEu = orders.post(owner, Orders.validOrders(Orders.newMsisdn()).get("IDENTITY.TM/video").toString()).json();
        assertEquals("orderPlaced", videoEu.path("expectedResult").path("after").asText(), videoEu.toString());
        assertEquals("PT10M", videoEu.path("expectedResult").path("minDelay").asText());
        assertEquals(java.time.Instant.parse(videoEu.path("createdAt").asText()).plus(java.time.Duration.ofMinutes(10)),
                java.time.Instant.parse(videoEu.path("expectedResult").path("earliestAt").asText()));
        assertEquals("en", videoEu.path("redirectNotice").path("language").asText());

        JsonNode intrum = orders.post(owner, Orders.validOrders(Orders.newMsisdn()).get("intrum-video/video").toString()).json();
        assertEquals("userStarted", intrum.path("expectedResult").path("after").asText());
        assertEquals("PT15M", intrum.path("expectedResult").path("maxDelay").asText());
        assertEquals("en", intrum.path("redirectNotice").path("language").asText(), "fr requested: the notice exists in de/en only");
    }
}
