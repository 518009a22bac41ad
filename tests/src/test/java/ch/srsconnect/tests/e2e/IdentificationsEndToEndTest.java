package ch.srsconnect.tests.e2e;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's local flow, like a frontend: place a test/video order over HTTP through the local runtime (JWT
 * authorizer, the place-order zip in its own JVM, the table template.yaml declares), open its target URL, pick an
 * outcome at the simulated IPSP, place a second order for the same msisdn and see the first one canceled.
 */
class IdentificationsEndToEndTest {

    private static LocalRuntime runtime;
    private static FrontendClient frontend;

    @BeforeAll
    static void start() {
        runtime = TestEnvironment.get().localRuntime();
        frontend = new FrontendClient(runtime.baseUrl());
    }

    private static FrontendClient.Response post(String token, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/identifications"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return frontend.send(b.build());
    }

    private static FrontendClient.Response delete(String token, String id) {
        return frontend.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/identifications/" + id))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).DELETE().build());
    }

    private static String order(String msisdn) {
        return "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn + "\",\"language\":\"en\","
                + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}";
    }

    private static String msisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    @Test
    void placeOpenChooseOutcomeThenASecondOrderCancelsTheFirst() {
        String token = runtime.mintToken("e2e-orders-" + UUID.randomUUID());
        String msisdn = msisdn();

        FrontendClient.Response placed = post(token, order(msisdn), UUID.randomUUID().toString());
        assertEquals(201, placed.status(), placed.body());
        JsonNode first = placed.json();
        assertTrue(first.path("redirectNotice").path("text").asText().contains(first.path("targetUrl").asText()));

        FrontendClient.Response page = frontend.send(HttpRequest.newBuilder(URI.create(first.path("targetUrl").asText())).GET().build());
        assertEquals(200, page.status());
        assertTrue(page.body().contains("name=\"outcome\""), "the IPSP page offers outcomes");

        // The tester picks "aborted" (the user stopped; the order stays pending and cancelable).
        FrontendClient.Response chosen = frontend.send(HttpRequest.newBuilder(URI.create(first.path("targetUrl").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=aborted&reason=user+closed+the+tab")).build());
        assertEquals(200, chosen.status(), chosen.body());

        FrontendClient.Response second = post(token, order(msisdn), null);
        assertEquals(201, second.status(), second.body());
        assertEquals(first.path("id").asText(), second.json().path("canceledEarlier").get(0).path("id").asText());

        FrontendClient.Response firstNow = frontend.get("/identifications/" + first.path("id").asText(), token);
        assertEquals(200, firstNow.status(), firstNow.body());
        assertEquals("canceled", firstNow.json().path("status").asText());
        assertEquals(java.util.List.of("created", "initialized", "aborted", "canceled"),
                firstNow.json().path("statusHistory").findValuesAsText("status"),
                "what happened at SRS since the last poll (aborted) is recorded with the cancel");
        assertEquals("user closed the tab", firstNow.json().path("statusHistory").get(2).path("reason").asText());

        FrontendClient.Response listed = frontend.get("/identifications?msisdn=" + msisdn.replace("+", "%2B"), token);
        assertEquals(200, listed.status(), listed.body());
        assertEquals(2, listed.json().path("items").size(), listed.body());
    }

    @Test
    void anotherCallerSeesNothingAndDeleteCancels() {
        String alice = runtime.mintToken("e2e-alice-" + UUID.randomUUID());
        String bob = runtime.mintToken("e2e-bob-" + UUID.randomUUID());
        String id = post(alice, order(msisdn()), null).json().path("id").asText();

        assertEquals(404, frontend.get("/identifications/" + id, bob).status());
        assertEquals(404, delete(bob, id).status());
        assertEquals(0, frontend.get("/identifications", bob).json().path("items").size());
        assertEquals(401, frontend.get("/identifications/" + id, null).status());

        FrontendClient.Response canceled = delete(alice, id);
        assertEquals(200, canceled.status(), canceled.body());
        assertEquals("canceled", canceled.json().path("status").asText());
    }

    @Test
    void invalidOrdersAreProblemsNamingTheField() {
        String token = runtime.mintToken("e2e-invalid-" + UUID.randomUUID());
        FrontendClient.Response r = post(token, "{\"issuer\":\"KLARNA\",\"method\":\"bank\",\"msisdn\":\"079\"}", null);
        assertEquals(422, r.status(), r.body());
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.json().path("errors").findValuesAsText("field").contains("msisdn"), r.body());
        assertEquals(0, frontend.get("/identifications", token).json().path("items").size());
    }
}
