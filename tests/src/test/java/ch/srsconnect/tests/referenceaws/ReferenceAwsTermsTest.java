package ch.srsconnect.tests.referenceaws;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The terms scenarios with DynamoDB (phone verifications, counters, proofs: conditional updates) and Secrets Manager
 * (the smartflow token cache) in a reference AWS emulator ({@link ReferenceAws}: LocalStack where
 * Docker runs, else moto) instead of the embedded stand-ins. Skipped only where neither is installed.
 */
class ReferenceAwsTermsTest {

    static final String TABLE = "srs-connect-terms";

    private static ReferenceAwsStack aws;
    private static String sfCache;

    @BeforeAll
    static void clients() {
        aws = new ReferenceAwsStack(ReferenceAws.require(), TABLE);
    }

    @AfterAll
    static void close() {
        if (aws != null) {
            aws.close();
        }
    }

    private static TermsHandler handler() {
        Map<String, String> vars = aws.functionEnvironment("terms");
        sfCache = vars.get(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID);
        vars.put(EnvVar.PHONE_OTP_MAX_ATTEMPTS, "2");
        return new TermsHandler(Platform.fromConfig(Config.of(vars)));
    }

    private static JsonNode call(TermsHandler h, APIGatewayV2HTTPEvent e, int expected) throws Exception {
        var r = h.handleRequest(e, null);
        assertEquals(expected, r.getStatusCode(), r.getBody());
        return Json.MAPPER.readTree(r.getBody());
    }

    private static String otp(String msisdn) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                TestEnvironment.get().simulator().baseUrl().resolve("/_admin/otp/" + msisdn.substring(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Json.MAPPER.readTree(body).path("code").asText();
    }

    @Test
    void proveExhaustAndBindAgainstTheReferenceEmulator() throws Exception {
        TermsHandler h = handler();
        String msisdn = "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(TestEnvironment.get().simulator().baseUrl().resolve("/_admin/evidences"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"msisdn\":\"" + msisdn + "\"}")).build(), HttpResponse.BodyHandlers.ofString());

        String first = call(h, HttpApiEvents.post("POST /phone-verifications", "/phone-verifications", null,
                "{\"msisdn\":\"" + msisdn + "\"}", "alice"), 201).path("id").asText();
        for (int i = 0; i < 2; i++) {
            call(h, HttpApiEvents.post("POST /phone-verifications/{id}/check", "/phone-verifications/" + first + "/check",
                    Map.of("id", first), "{\"code\":\"ZZZZ\"}", "alice"), 400);
        }
        call(h, HttpApiEvents.post("POST /phone-verifications/{id}/check", "/phone-verifications/" + first + "/check",
                Map.of("id", first), "{\"code\":\"" + otp(msisdn) + "\"}", "alice"), 410);

        String second = call(h, HttpApiEvents.post("POST /phone-verifications", "/phone-verifications", null,
                "{\"msisdn\":\"" + msisdn + "\"}", "alice"), 201).path("id").asText();
        call(h, HttpApiEvents.post("POST /phone-verifications/{id}/check", "/phone-verifications/" + second + "/check",
                Map.of("id", second), "{\"code\":\"" + otp(msisdn) + "\"}", "alice"), 200);

        String encoded = "/evidence/" + msisdn.replace("+", "%2B");
        JsonNode evidence = call(h, HttpApiEvents.request("GET /evidence/{msisdn}", encoded, Map.of("msisdn", msisdn), null, "alice"), 200);
        assertEquals("ACCEPT_TERMS", evidence.path("nextAction").asText());
        call(h, HttpApiEvents.request("GET /evidence/{msisdn}", encoded, Map.of("msisdn", msisdn), null, "bob"), 403);

        JsonNode cache = Json.MAPPER.readTree(aws.secretsManager().getSecretValue(b -> b.secretId(sfCache)).secretString());
        assertNotNull(cache.get("accessToken"));
        assertFalse(cache.path("accessToken").asText().isBlank());
    }
}
