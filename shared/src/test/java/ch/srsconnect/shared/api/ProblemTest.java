package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProblemTest {

    @Test
    void invalidParametersCarriesFieldErrors() throws Exception {
        APIGatewayV2HTTPResponse r = Problem.invalidParameters(List.of(
                new FieldError("loa", "must be 3 or 4"), new FieldError("jurisdiction", "unknown: XX"))).toResponse();
        assertEquals(400, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        assertEquals("no-store", r.getHeaders().get("Cache-Control"));
        assertNull(r.getHeaders().get("Retry-After"));
        JsonNode n = Json.parse(r.getBody());
        assertEquals("urn:srs-connect:problem:invalid-parameters", n.get("type").asText());
        assertEquals(400, n.get("status").asInt());
        assertEquals("Invalid parameters", n.get("title").asText());
        assertEquals(2, n.get("errors").size());
        assertEquals("loa", n.get("errors").get(0).get("field").asText());
        assertEquals("must be 3 or 4", n.get("errors").get(0).get("message").asText());
    }

    @Test
    void serviceUnavailableHasRetryAfter() throws Exception {
        APIGatewayV2HTTPResponse r = Problem.serviceUnavailable(30).toResponse();
        assertEquals(503, r.getStatusCode());
        assertEquals("30", r.getHeaders().get("Retry-After"));
        assertEquals("urn:srs-connect:problem:service-unavailable", Json.parse(r.getBody()).get("type").asText());
        assertEquals("1", Problem.serviceUnavailable(0).toResponse().getHeaders().get("Retry-After"), "at least 1 s");
    }

    @Test
    void otherFactories() throws Exception {
        assertEquals(401, Problem.unauthorized().status());
        assertEquals(502, Problem.badGateway().toResponse().getStatusCode());
        Problem nf = Problem.notFound("No identification with this id.");
        JsonNode n = Json.parse(nf.toResponse().getBody());
        assertEquals("urn:srs-connect:problem:not-found", n.get("type").asText());
        assertEquals("No identification with this id.", n.get("detail").asText());
        assertNull(n.get("errors"), "no empty errors array");
        ProblemException ex = Problem.conflict("busy").asException();
        assertEquals(409, ex.problem().status());
    }

    @Test
    void jsonResponsesDefaultToNoStoreAndCanBeCached() throws Exception {
        APIGatewayV2HTTPResponse r = ApiResponse.json(200, Map.of("a", 1)).header("X-Test", "y").build();
        assertEquals(200, r.getStatusCode());
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        assertEquals("no-store", r.getHeaders().get("Cache-Control"));
        assertEquals("y", r.getHeaders().get("X-Test"));
        assertEquals(1, Json.parse(r.getBody()).get("a").asInt());
        assertEquals("private, max-age=300",
                ApiResponse.json(200, List.of()).cacheFor(Duration.ofMinutes(5)).build().getHeaders().get("Cache-Control"));
        APIGatewayV2HTTPResponse none = ApiResponse.noContent().build();
        assertEquals(204, none.getStatusCode());
        assertNull(none.getBody());
        assertThrows(IllegalArgumentException.class, () -> ApiResponse.empty(42));
    }
}
