package ch.srsconnect.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.simulator.SrsSimulator;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 9, through the HTTP API of the local runtime: every write route reads its body by the same rules
 * (content type, size, JSON object, control characters, unknown fields) before anything reaches Swisscom or the table.
 */
class WriteRouteBodyRulesEndToEndTest {

    static final String SEND_OTP = "POST /api/public/phone/verification";
    static final String CHECK_OTP = "POST /api/public/phone/verification/code";
    static final String ORDER = "POST /api/providers/{issuer}/{method}";
    static final String CONFIRM = "POST /api/public/confirm";

    static LocalRuntime rt;
    static FrontendClient client;
    static SrsSimulator sim;
    static String token;

    @BeforeAll
    static void start() {
        TestEnvironment env = TestEnvironment.get();
        rt = env.localRuntime();
        sim = env.simulator();
        client = new FrontendClient(rt.baseUrl());
        token = rt.mintToken("body-rules-" + UUID.randomUUID());
    }

    static FrontendClient.Response post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rt.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        return client.send(b.build());
    }

    static void assertProblem(FrontendClient.Response r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        JsonNode errors = r.json().path("errors");
        boolean named = false;
        for (JsonNode e : errors) named |= e.path("field").asText().equals(field);
        assertTrue(named, "names " + field + ": " + r.body());
    }

    static long calls(String endpoint) {
        return sim.stats().calls(endpoint);
    }

    @Test
    void everyWriteRouteRefusesTheSameBadBodiesBeforeAnythingIsSent() {
        String msisdn = "+4179" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String big = "{\"msisdn\":\"" + msisdn + "\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}";
        long otps = calls(SEND_OTP);
        assertProblem(post("/phone-verifications", "text/plain", "{\"msisdn\":\"" + msisdn + "\"}"), 415, "Content-Type");
        assertProblem(post("/phone-verifications", null, "{\"msisdn\":\"" + msisdn + "\"}"), 415, "Content-Type");
        assertProblem(post("/phone-verifications", "application/json", big), 413, "body");
        assertProblem(post("/phone-verifications", "application/json", "[\"" + msisdn + "\"]"), 400, "body");
        assertProblem(post("/phone-verifications", "application/json", "{\"msisdn\":\"" + msisdn + "\",\"lang\":\"de\"}"), 400, "lang");
        assertEquals(otps, calls(SEND_OTP), "no SMS was sent");

        FrontendClient.Response started = post("/phone-verifications", "application/json", "{\"msisdn\":\"" + msisdn + "\"}");
        assertEquals(201, started.status(), started.body());
        String id = started.json().path("id").asText();
        int attempts = started.json().path("attemptsLeft").asInt();
        long checks = calls(CHECK_OTP);
        assertProblem(post("/phone-verifications/" + id + "/check", "text/plain", "{\"code\":\"123456\"}"), 415, "Content-Type");
        assertProblem(post("/phone-verifications/" + id + "/check", "application/json", "{\"code\":\"12\\t3456\"}"), 400, "code");
        assertEquals(checks, calls(CHECK_OTP), "no code was checked at Smart Flows");
        FrontendClient.Response wrong = post("/phone-verifications/" + id + "/check", "application/json", "{\"code\":\"000000\"}");
        assertTrue(wrong.body().contains("wrong code; " + (attempts - 1) + " attempt(s) left"),
                "the refused requests spent none of the user's " + attempts + " attempts: " + wrong.body());

        long confirms = calls(CONFIRM);
        String confirm = "/evidence/" + msisdn.replace("+", "%2B") + "/terms/confirm";
        assertProblem(post(confirm, "application/json",
                "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true,\"note\":\"x\"}"), 400, "note");
        assertProblem(post(confirm, "text/plain", "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true}"),
                415, "Content-Type");
        assertEquals(confirms, calls(CONFIRM));

        long orders = calls(ORDER);
        for (String lastName : List.of("Xxx\\nINFO forged", "Xxx\\tY", "Xxx\\u2028Y", "Xxx\\u202EY")) {
            FrontendClient.Response r = post("/identifications", "application/json", "{\"issuer\":\"test\",\"method\":\"video\","
                    + "\"msisdn\":\"" + msisdn + "\",\"person\":{\"firstName\":\"Max\",\"lastName\":\"" + lastName + "\"}}");
            assertProblem(r, 400, "person.lastName");
        }
        assertEquals(orders, calls(ORDER), "no order reached SRS");
    }
}
