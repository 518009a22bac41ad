package ch.srsconnect.shared.api;

import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.LogCapture;
import ch.srsconnect.shared.log.LogContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ch.srsconnect.shared.testing.FakeContext;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ApiHandlerTest {

    static Context context(String requestId) {
        return new FakeContext(requestId);
    }

    static APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("GET /methods");
        e.setRawQueryString("loa=4");
        return e;
    }

    @AfterEach
    void clear() {
        LogContext.clearRequestId();
    }

    @Test
    void successIsPassedThroughAndLoggedWithTheLambdaRequestId() throws Exception {
        try (LogCapture cap = new LogCapture()) {
            APIGatewayV2HTTPResponse r = ApiHandler.run(event(), context("lambda-1"),
                    req -> ApiResponse.json(200, Map.of("loa", req.query("loa").orElseThrow())).build());
            assertEquals(200, r.getStatusCode());
            assertEquals("4", Json.parse(r.getBody()).get("loa").asText());
            var access = Json.parse(cap.lines().get(cap.lines().size() - 1));
            assertEquals("request", access.get("msg").asText());
            assertEquals("lambda-1", access.get("requestId").asText());
            assertEquals("GET /methods", access.get("route").asText());
            assertEquals(200, access.get("status").asInt());
        }
    }

    @Test
    void failuresBecomeProblems() throws Exception {
        try (LogCapture cap = new LogCapture()) {
            APIGatewayV2HTTPResponse bad = ApiHandler.run(event(), context("r"),
                    req -> { throw Problem.invalidParameters(List.of(new FieldError("loa", "must be 3 or 4"))).asException(); });
            assertEquals(400, bad.getStatusCode());
            assertEquals("loa", Json.parse(bad.getBody()).get("errors").get(0).get("field").asText());

            APIGatewayV2HTTPResponse down = ApiHandler.run(event(), context("r"),
                    req -> { throw new SwisscomUnavailableException("GET /api/providers", "HTTP 503", 30); });
            assertEquals(503, down.getStatusCode());
            assertEquals("30", down.getHeaders().get("Retry-After"));

            APIGatewayV2HTTPResponse bug = ApiHandler.run(event(), context("r"),
                    req -> { throw new NullPointerException("internal detail"); });
            assertEquals(500, bug.getStatusCode());
            assertFalse(bug.getBody().contains("internal detail"));
            assertTrue(cap.lines().stream().anyMatch(l -> l.contains("\"level\":\"ERROR\"") && l.contains("NullPointerException")));
            assertEquals(500, ApiHandler.run(event(), null, req -> null).getStatusCode());
        }
    }
}
