package ch.srsconnect.tests.e2e;

import ch.srsconnect.local.LocalRuntime;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Terms locally", like a frontend over HTTP through the local runtime (JWT authorizer, the terms and
 * place-order zips in their own JVMs, the table and secrets template.yaml declares): prove a number by OTP, read its
 * evidence, fetch and confirm the T&C, poll to confirmed; another caller gets 403. And a silent-SMS identification
 * taken from order to "can sign" through this flow, the order's own number needing no OTP.
 */
class TermsEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static LocalRuntime runtime;
    private static FrontendClient frontend;
    private static URI sim;
    private static final HttpClient ADMIN = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = TestEnvironment.get().localRuntime();
        frontend = new FrontendClient(runtime.baseUrl());
        sim = TestEnvironment.get().simulator().baseUrl();
    }

    private static String msisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    private static String enc(String msisdn) {
        return msisdn.replace("+", "%2B");
    }

    private static FrontendClient.Response post(String token, String path, String json) {
        return frontend.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static String admin(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(sim.resolve(path));
        b = json == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            return ADMIN.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static FrontendClient.Response await(String path, String token, Predicate<FrontendClient.Response> done) {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        FrontendClient.Response r = frontend.get(path, token);
        while (!done.test(r)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + WITHIN + ": " + r.status() + " " + r.body());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            r = frontend.get(path, token);
        }
        return r;
    }

    private static void acceptTermsAndAwaitSigning(String token, String msisdn) {
        FrontendClient.Response link = frontend.get("/evidence/" + enc(msisdn) + "/terms", token);
        assertEquals(200, link.status(), link.body());
        assertTrue(link.json().path("termsToAccept").asBoolean(), link.body());

        FrontendClient.Response confirm = post(token, "/evidence/" + enc(msisdn) + "/terms/confirm",
                "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true}");
        assertEquals(202, confirm.status(), confirm.body());

        FrontendClient.Response status = await("/evidence/" + enc(msisdn) + "/terms/status", token,
                r -> r.status() != 200 || r.json().path("done").asBoolean());
        assertEquals("CONFIRMED", status.json().path("state").asText(), status.body());

        JsonNode evidence = frontend.get("/evidence/" + enc(msisdn), token).json();
        assertTrue(evidence.path("canSignNow").asBoolean(), evidence.toString());
        assertEquals("SIGN", evidence.path("nextAction").asText());
    }

    @Test
    void proveByOtpReadEvidenceAcceptTermsAndAnotherCallerIsForbidden() {
        String alice = runtime.mintToken("e2e-terms-alice-" + UUID.randomUUID());
        String bob = runtime.mintToken("e2e-terms-bob-" + UUID.randomUUID());
        String msisdn = msisdn();
        admin("POST", "/_admin/evidences", "{\"msisdn\":\"" + msisdn + "\"}");

        assertEquals(403, frontend.get("/evidence/" + enc(msisdn), alice).status(), "not proved yet");
        FrontendClient.Response started = post(alice, "/phone-verifications", "{\"msisdn\":\"" + msisdn + "\"}");
        assertEquals(201, started.status(), started.body());
        String code = admin("GET", "/_admin/otp/" + msisdn.substring(1), null).replaceAll(".*\"code\":\"([A-Z]+)\".*", "$1");
        FrontendClient.Response checked = post(alice, "/phone-verifications/" + started.json().path("id").asText() + "/check",
                "{\"code\":\"" + code + "\"}");
        assertEquals(200, checked.status(), checked.body());

        FrontendClient.Response evidence = frontend.get("/evidence/" + enc(msisdn), alice);
        assertEquals(200, evidence.status(), evidence.body());
        assertEquals("ACCEPT_TERMS", evidence.json().path("nextAction").asText(), evidence.body());

        acceptTermsAndAwaitSigning(alice, msisdn);

        FrontendClient.Response forbidden = frontend.get("/evidence/" + enc(msisdn), bob);
        assertEquals(403, forbidden.status(), forbidden.body());
        assertEquals("application/problem+json", forbidden.contentType());
        assertEquals(403, frontend.get("/evidence/" + enc(msisdn) + "/terms", bob).status());
        assertEquals(401, frontend.get("/evidence/" + enc(msisdn), null).status());
    }

    @Test
    void aSilentSmsIdentificationGoesFromOrderToCanSignThroughThisFlow() {
        String carol = runtime.mintToken("e2e-terms-carol-" + UUID.randomUUID());
        String msisdn = msisdn();
        FrontendClient.Response placed = post(carol, "/identifications", "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\""
                + msisdn + "\",\"language\":\"en\",\"silentSms\":true,"
                + "\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\",\"dob\":\"1980-12-31\"}}");
        assertEquals(201, placed.status(), placed.body());

        FrontendClient.Response chosen = frontend.send(HttpRequest.newBuilder(URI.create(placed.json().path("targetUrl").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=success")).build());
        assertEquals(200, chosen.status(), chosen.body());

        // bound by the caller's own identification: no OTP
        FrontendClient.Response registered = await("/evidence/" + enc(msisdn), carol,
                r -> r.status() != 200 || r.json().path("registered").asBoolean());
        assertEquals(200, registered.status(), registered.body());
        assertFalse(registered.json().path("canSignNow").asBoolean(), "silent SMS: nobody asked the user for the T&C yet");
        assertEquals("ACCEPT_TERMS", registered.json().path("nextAction").asText());

        acceptTermsAndAwaitSigning(carol, msisdn);
    }
}
