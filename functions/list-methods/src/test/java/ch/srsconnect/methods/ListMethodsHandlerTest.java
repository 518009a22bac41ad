package ch.srsconnect.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.catalogue.MethodsService;
import ch.srsconnect.shared.catalogue.ProvidersSource;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.log.Level;
import ch.srsconnect.shared.log.LogContext;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListMethodsHandlerTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** What a preprod SRS lists: the six v1.8 methods and the mock, as srs-api.md §2 shapes them. */
    private static final String ALL_METHODS = """
            [{"issuer":"IDENTITY.TM","method":"video","methodType":"Video","name":"SRS Video EU",
              "jurisdictions":[{"jurisdiction":"EIDAS","loa":4},{"jurisdiction":"ZERTES","loa":3}]},
             {"issuer":"KLARNA","method":"bank","methodType":"Bank",
              "jurisdictions":[{"jurisdiction":"EIDAS","loa":4},{"jurisdiction":"ZERTES","loa":3}]},
             {"issuer":"identity-tm-eid","method":"eID","methodType":"eID",
              "jurisdictions":[{"jurisdiction":"EIDAS","loa":4},{"jurisdiction":"ZERTES","loa":3}]},
             {"issuer":"nect","method":"robo-ident","methodType":"Robo-ident",
              "jurisdictions":[{"jurisdiction":"EIDAS","loa":4},{"jurisdiction":"ZERTES","loa":3}]},
             {"issuer":"intrum-video","method":"video","methodType":"Video","name":"SRS Video-Ident-CH",
              "jurisdictions":[{"jurisdiction":"ZERTES","loa":4},{"jurisdiction":"EIDAS","loa":3}],
              "offline":false,"webFlow":true,"realTime":true,"languages":["de","en","fr","it"],
              "evidenceValidity":"P5Y"},
             {"issuer":"intrum-autoident","method":"autoident","methodType":"Autoident",
              "jurisdictions":[{"jurisdiction":"ZERTES","loa":4},{"jurisdiction":"EIDAS","loa":3}]},
             {"issuer":"test","method":"video","methodType":"Video",
              "jurisdictions":[{"jurisdiction":"EIDAS","loa":4},{"jurisdiction":"ZERTES","loa":4}]}]
            """;

    static final class FixedClock extends Clock {
        Instant now = Instant.parse("2026-11-22T22:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A hand-written SRS stand-in: records queries, answers JSON text or throws. */
    static final class FakeSrs implements ProvidersSource {
        final List<Map<String, List<String>>> queries = new ArrayList<>();
        String answer = ALL_METHODS;
        RuntimeException failure;

        @Override
        public JsonNode listProviders(Map<String, List<String>> srsQuery) {
            queries.add(srsQuery);
            if (failure != null) {
                throw failure;
            }
            try {
                return M.readTree(answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final FakeSrs srs = new FakeSrs();
    private final FixedClock clock = new FixedClock();
    private final ListMethodsHandler handler = new ListMethodsHandler(
            new MethodsService(srs, clock, Duration.ofSeconds(300), Duration.ofSeconds(300)));
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private Consumer<String> previousSink;
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousSink = LogContext.setSink(logs::add);
        previousLevel = LogContext.level();
        LogContext.setLevel(Level.INFO);
    }

    @AfterEach
    void restoreLogs() {
        LogContext.setSink(previousSink);
        LogContext.setLevel(previousLevel);
    }

    private static APIGatewayV2HTTPEvent get(String rawQuery) {
        APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
        e.setRouteKey("GET /methods");
        e.setRawPath("/methods");
        e.setRawQueryString(rawQuery);
        return e;
    }

    private APIGatewayV2HTTPResponse call(String rawQuery) {
        return handler.handleRequest(get(rawQuery), new FakeContext("req-" + rawQuery.length()));
    }

    private static JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
        return M.readTree(r.getBody());
    }

    private static List<String> issuers(APIGatewayV2HTTPResponse r) throws Exception {
        List<String> out = new ArrayList<>();
        body(r).get("methods").forEach(m -> out.add(m.get("issuer").asText()));
        return out;
    }

    @Test
    void listsAllMethodsWithCacheControl() throws Exception {
        APIGatewayV2HTTPResponse r = call("");
        assertEquals(200, r.getStatusCode());
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        assertEquals("private, max-age=300", r.getHeaders().get("Cache-Control"));
        assertEquals(List.of("IDENTITY.TM", "KLARNA", "identity-tm-eid", "nect", "intrum-video",
                "intrum-autoident", "test"), issuers(r));
        JsonNode klarna = body(r).get("methods").get(1);
        assertEquals("SRS Bank DE", klarna.get("displayName").asText());
        assertEquals(5, klarna.get("mandatoryFields").size());
        assertEquals(700, klarna.at("/targetUrl/approxLength").asInt());
        assertTrue(klarna.at("/targetUrl/useVerbatim").asBoolean());
        assertEquals(List.of(Map.of()), srs.queries);
    }

    @Test
    void zertesLoa4GivesTheIntrumMethodsAndTheMock() throws Exception {
        APIGatewayV2HTTPResponse r = call("jurisdiction=ZERTES&loa=4");
        assertEquals(200, r.getStatusCode());
        assertEquals(List.of("intrum-video", "intrum-autoident", "test"), issuers(r),
                "SRS answered everything; the local filter keeps only ZERTES LOA 4");
        assertEquals(List.of(Map.of("jurisdiction", List.of("ZERTES"), "loa", List.of("4"))), srs.queries);
    }

    @Test
    void eidasLoa3GivesAllCurrentMethods() throws Exception {
        assertEquals(7, issuers(call("jurisdiction=eidas&loa=3")).size());
    }

    @Test
    void repeatedParametersAreRead() {
        call("issuer=klarna&issuer=NECT&jurisdiction=EIDAS&jurisdiction=ZERTES");
        assertEquals(Map.of("issuer", List.of("KLARNA", "nect"), "jurisdiction", List.of("EIDAS", "ZERTES")),
                srs.queries.get(0));
    }

    @Test
    void secondCallIsServedFromTheContainerCache() {
        call("loa=4");
        clock.now = clock.now.plusSeconds(100);
        APIGatewayV2HTTPResponse r = call("loa=4");
        assertEquals(1, srs.queries.size());
        assertEquals("private, max-age=200", r.getHeaders().get("Cache-Control"));
    }

    @Test
    void badParametersAre400NamingEachParameter() throws Exception {
        APIGatewayV2HTTPResponse r = call("loa=5&offline=maybe&jurisdiction=MARS&colour=blue");
        assertEquals(400, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        JsonNode p = body(r);
        assertEquals("urn:srs-connect:problem:invalid-parameters", p.get("type").asText());
        assertEquals(400, p.get("status").asInt());
        List<String> fields = new ArrayList<>();
        p.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        assertEquals(List.of("colour", "jurisdiction", "loa", "offline"), fields);
        assertTrue(p.at("/errors/2/message").asText().contains("'5'"));
        assertTrue(srs.queries.isEmpty(), "SRS is not asked for an invalid filter");
    }

    @Test
    void srsUnavailableIs503WithRetryAfter() throws Exception {
        srs.failure = new SwisscomUnavailableException("GET /api/providers", "HTTP 503", 30);
        APIGatewayV2HTTPResponse r = call("loa=4");
        assertEquals(503, r.getStatusCode());
        assertEquals("30", r.getHeaders().get("Retry-After"));
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        assertEquals("urn:srs-connect:problem:service-unavailable", body(r).get("type").asText());
        assertFalse(r.getBody().contains("api/providers"), "no SRS internals to the caller");
    }

    @Test
    void failureIsNotCachedNextCallSucceeds() {
        srs.failure = new SwisscomUnavailableException("GET /api/providers", "timeout", 5);
        assertEquals(503, call("").getStatusCode());
        srs.failure = null;
        assertEquals(200, call("").getStatusCode());
        assertEquals(2, srs.queries.size());
    }

    @Test
    void srsNonsenseIs502() throws Exception {
        srs.failure = new SwisscomProtocolException("GET /api/providers", "expected a JSON array, got OBJECT");
        APIGatewayV2HTTPResponse r = call("");
        assertEquals(502, r.getStatusCode());
        assertEquals("urn:srs-connect:problem:bad-gateway", body(r).get("type").asText());
        assertNull(r.getHeaders().get("Retry-After"));
    }

    @Test
    void nonArrayAnswerIs502() {
        srs.answer = "{\"methods\":[]}";
        assertEquals(502, call("").getStatusCode());
    }

    @Test
    void srsRejectionIs502() {
        srs.failure = new SwisscomRejectedException("GET /api/providers", 400);
        assertEquals(502, call("").getStatusCode());
    }

    @Test
    void staleAnswerServedWithMaxAgeZeroWhenSrsFails() throws Exception {
        call("");
        clock.now = clock.now.plusSeconds(400);
        srs.failure = new SwisscomUnavailableException("GET /api/providers", "HTTP 503", 30);
        APIGatewayV2HTTPResponse r = call("");
        assertEquals(200, r.getStatusCode());
        assertEquals("private, max-age=0", r.getHeaders().get("Cache-Control"));
        assertEquals(7, issuers(r).size());
        assertTrue(logs.stream().anyMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("past its TTL")));
    }

    @Test
    void uncataloguedMethodIsListedAndLogged() throws Exception {
        srs.answer = "[{\"issuer\":\"new-ipsp\",\"method\":\"video\",\"methodType\":\"Video\"}]";
        APIGatewayV2HTTPResponse r = call("");
        assertEquals(200, r.getStatusCode());
        JsonNode m = body(r).get("methods").get(0);
        assertFalse(m.get("catalogued").asBoolean());
        assertEquals("new-ipsp", m.get("issuer").asText());
        assertTrue(logs.stream().anyMatch(l -> l.contains("does not know") && l.contains("new-ipsp/video")));
    }

    @Test
    void logLinesCarryTheLambdaRequestIdOfTheInvocation() {
        handler.handleRequest(get("loa=3"), new FakeContext("aws-req-42"));
        assertTrue(logs.stream().anyMatch(l -> l.contains("\"requestId\":\"aws-req-42\"")
                && l.contains("methods listed")), logs.toString());
        assertNull(LogContext.requestId(), "cleared after the invocation");
    }

    @Test
    void cacheTtlComesFromTheEnvironment() {
        assertEquals(Duration.ofSeconds(300), ListMethodsHandler.cacheTtl(Config.of(Map.of())));
        assertEquals(Duration.ofSeconds(60),
                ListMethodsHandler.cacheTtl(Config.of(Map.of("METHODS_CACHE_TTL_SECONDS", "60"))));
    }

    @Test
    void warmUpNeedsNoSrs() {
        ListMethodsHandler.warmUp();
        assertTrue(srs.queries.isEmpty());
    }

    /** The few Context methods a handler may touch. */
    static final class FakeContext implements Context {
        private final String requestId;

        FakeContext(String requestId) {
            this.requestId = requestId;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/list-methods";
        }

        @Override
        public String getLogStreamName() {
            return "stream";
        }

        @Override
        public String getFunctionName() {
            return "list-methods";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-central-2:000000000000:function:list-methods";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
