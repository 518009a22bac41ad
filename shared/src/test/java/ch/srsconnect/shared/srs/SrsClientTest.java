package ch.srsconnect.shared.srs;

import ch.srsconnect.shared.http.HttpSettings;
import ch.srsconnect.shared.http.HttpTransport;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.testing.CountingTokens;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.testing.RecordingSleeper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SrsClientTest {
    static final String PROVIDERS = "[{\"issuer\":\"intrum-video\",\"method\":\"video\",\"jurisdictions\":[{\"jurisdiction\":\"ZERTES\",\"loa\":4}]}]";

    final FakeServer srs = new FakeServer();
    final CountingTokens tokens = new CountingTokens();

    @AfterEach
    void stop() {
        srs.close();
    }

    SrsClient client() {
        HttpSettings s = new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 5);
        return new SrsClient(new SwisscomHttp(HttpTransport.of(s), s, new RecordingSleeper(), () -> 0.5),
                tokens, srs.uri("/srs/"));
    }

    @Test
    void listProvidersSendsRepeatedParametersAndBearerToken() {
        srs.on("/srs/api/providers", r -> Response.json(200, PROVIDERS));
        Map<String, List<String>> q = new LinkedHashMap<>();
        q.put("jurisdiction", List.of("ZERTES", "EIDAS"));
        q.put("loa", List.of("4"));
        JsonNode body = client().listProviders(q);
        assertEquals("intrum-video", body.get(0).get("issuer").asText());
        FakeServer.Request r = srs.requests().get(0);
        assertEquals("GET", r.method());
        assertEquals("jurisdiction=ZERTES&jurisdiction=EIDAS&loa=4", r.rawQuery());
        assertEquals("Bearer tok-1", r.header("Authorization"));
        assertEquals("*/*", r.header("Accept"), "as the Postman sample sends it (SwisscomContract)");
    }

    @Test
    void withoutParametersThereIsNoQueryString() {
        srs.on("/srs/api/providers", r -> Response.json(200, "[]"));
        assertEquals(0, client().listProviders(Map.of()).size());
        assertNull(srs.requests().get(0).rawQuery());
    }

    @Test
    void anythingButAnArrayIsAProtocolError() {
        srs.on("/srs/api/providers", r -> Response.json(200, "{\"providers\":[]}"));
        assertThrows(SwisscomProtocolException.class, () -> client().listProviders(Map.of()));
        srs.on("/srs/api/providers", r -> Response.json(200, "not json"));
        assertThrows(SwisscomProtocolException.class, () -> client().listProviders(Map.of()));
    }

    @Test
    void staleTokenIsInvalidatedAndTheCallRetriedOnce() {
        srs.on("/srs/api/providers", r -> "Bearer tok-1".equals(r.header("Authorization"))
                ? Response.status(401) : Response.json(200, PROVIDERS));
        assertEquals(1, client().listProviders(Map.of()).size());
        assertEquals(List.of("tok-1"), tokens.invalidated);
        assertEquals(2, srs.requests().size());
    }

    @Test
    void failuresMapToTypedExceptions() {
        srs.on("/srs/api/providers", r -> Response.status(503));
        assertThrows(SwisscomUnavailableException.class, () -> client().listProviders(Map.of()));
        assertEquals(3, srs.requests().size());
        srs.on("/srs/api/providers", r -> Response.json(403, "{\"message\":\"internal srs detail\"}"));
        SwisscomRejectedException e = assertThrows(SwisscomRejectedException.class, () -> client().listProviders(Map.of()));
        assertEquals(403, e.status());
        assertFalse(e.getMessage().contains("internal srs detail"));
        assertEquals("GET /api/providers: rejected with HTTP 403", e.getMessage());
    }

    @Test
    void placeOrderPostsOnceWithTheProviderMediaType() {
        srs.on("/srs/api/providers/intrum-video/video", r -> Response.json(201,
                "{\"refId\":\"r-1\",\"targetUrl\":\"https://ipsp.example/t\",\"orderId\":\"o-1\",\"status\":\"initialized\"}"));
        JsonNode order = ch.srsconnect.shared.json.Json.object().put("mobile", "+41791234567");
        JsonNode answer = client().placeOrder("intrum-video", "video", order);
        assertEquals("r-1", answer.get("refId").asText());
        FakeServer.Request r = srs.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals(SrsClient.PROVIDER_V1, r.header("Content-Type"));
        assertEquals(SrsClient.PROVIDER_V1, r.header("Accept"));
        assertEquals("{\"mobile\":\"+41791234567\"}", r.body());

        srs.on("/srs/api/providers/intrum-video/video", q -> Response.status(502));
        assertThrows(SwisscomUnavailableException.class, () -> client().placeOrder("intrum-video", "video", order));
        assertEquals(2, srs.requests().size(), "an order is never re-sent after a 5xx");

        srs.on("/srs/api/providers/intrum-video/video", q -> Response.json(200, "{\"refId\":\"r-2\"}"));
        assertThrows(SwisscomProtocolException.class, () -> client().placeOrder("intrum-video", "video", order));
    }

    @Test
    void identificationAndCancelTreatUnknownRefIdsAsAbsent() {
        srs.on("/srs/api/identifications/r-1", r -> r.method().equals("DELETE") ? Response.status(204)
                : Response.json(200, "{\"refId\":\"r-1\",\"statuses\":[{\"status\":\"created\"}]}"));
        assertEquals("created", client().identification("r-1").orElseThrow().get("statuses").get(0).get("status").asText());
        assertTrue(client().cancelIdentification("r-1"));
        assertTrue(client().identification("r-9").isEmpty());
        assertFalse(client().cancelIdentification("r-9"));
    }

    @Test
    void anOrderWithoutAnswerMayHaveBeenPlacedButARefusalOrAConnectFailureWasNot() {
        JsonNode order = ch.srsconnect.shared.json.Json.object().put("mobile", "+41791234567");
        HttpSettings s = new HttpSettings(Duration.ofSeconds(1), Duration.ofMillis(300), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 5);
        SrsClient shortTimeout = new SrsClient(new SwisscomHttp(HttpTransport.of(s), s, new RecordingSleeper(),
                () -> 0.5), tokens, srs.uri("/srs/"));
        srs.on("/srs/api/providers/test/video", r -> Response.hang());
        SwisscomUnavailableException timedOut = assertThrows(SwisscomUnavailableException.class,
                () -> shortTimeout.placeOrder("test", "video", order));
        assertTrue(timedOut.mayHaveBeenProcessed(), "sent, no answer: SRS may have created the order");
        assertEquals(1, srs.requests("/srs/api/providers/test/video").size(), "never re-sent");

        srs.on("/srs/api/providers/test/video", r -> Response.status(503));
        assertFalse(assertThrows(SwisscomUnavailableException.class, () -> client().placeOrder("test", "video", order))
                .mayHaveBeenProcessed());
        srs.on("/srs/api/providers/test/video", r -> Response.status(504));
        assertTrue(assertThrows(SwisscomUnavailableException.class, () -> client().placeOrder("test", "video", order))
                .mayHaveBeenProcessed());

        SrsClient refused = new SrsClient(new SwisscomHttp(HttpTransport.of(s), s, new RecordingSleeper(),
                () -> 0.5), tokens, java.net.URI.create("http://127.0.0.1:1/"));
        assertFalse(assertThrows(SwisscomUnavailableException.class, () -> refused.placeOrder("test", "video", order))
                .mayHaveBeenProcessed());
    }
}
