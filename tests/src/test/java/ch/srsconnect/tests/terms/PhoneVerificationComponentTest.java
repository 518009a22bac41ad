package ch.srsconnect.tests.terms;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.terms.TermsWiring;
import ch.srsconnect.simulator.FaultSpec;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.terms.TermsApi.Resp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Phone OTP: wrong, expired and exhausted codes, send limits per number and per caller, ownership of verifications. */
class PhoneVerificationComponentTest {

    private final TestEnvironment env = TestEnvironment.get();
    private final SimAdmin admin = new SimAdmin(env.simulator().baseUrl());
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void clearFaults() {
        env.simulator().faults().clear();
    }

    private TermsApi api(String scenario, Map<String, String> overrides) {
        Config config = env.config(scenario).with(overrides);
        return new TermsApi(new TermsHandler(TermsWiring.of(Platform.fromConfig(config), clock)));
    }

    private TermsApi api(String scenario) {
        return api(scenario, Map.of());
    }

    private static String id(Resp started) {
        assertEquals(201, started.status(), started.toString());
        return started.body().path("id").asText();
    }

    /** A wrong code of the same shape as the one sent. */
    private static String wrong(String code) {
        return code.equals("ZZZZ") ? "YYYY" : "ZZZZ";
    }

    @Test
    void wrongCodesCountDownThenTheVerificationIsExhaustedEvenForTheRightCode() {
        TermsApi api = api("phone-exhausted");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        assertEquals(3, api.startVerificationFor("sp-carol", SimAdmin.newMsisdn()).body().path("attemptsLeft").asInt());
        String code = admin.otp(msisdn);

        Resp first = api.check("sp-alice", id, wrong(code));
        assertEquals(400, first.status(), first.toString());
        assertEquals("code", first.errorField());
        assertTrue(first.body().path("errors").path(0).path("message").asText().contains("2 attempt(s) left"), first.toString());
        assertEquals(400, api.check("sp-alice", id, wrong(code)).status());
        Resp last = api.check("sp-alice", id, wrong(code));
        assertEquals(400, last.status());
        assertTrue(last.body().path("errors").path(0).path("message").asText().contains("no attempts left"), last.toString());

        long checksBefore = env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP);
        Resp exhausted = api.check("sp-alice", id, code);
        assertEquals(410, exhausted.status(), exhausted.toString());
        assertEquals("urn:srs-connect:problem:verification-exhausted", exhausted.body().path("type").asText());
        assertEquals(checksBefore, env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP), "no Smart Flows call once exhausted");
        assertEquals(403, api.evidence("sp-alice", msisdn).status(), "nothing proved");
    }

    @Test
    void concurrentChecksNeverExceedTheAttempts() throws Exception {
        TermsApi api = api("phone-race");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        String wrong = wrong(admin.otp(msisdn));
        int callers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return api.check("sp-alice", id, wrong).status();
                }));
            }
            go.countDown();
            Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            for (var a : answers) {
                byStatus.merge(a.get(30, java.util.concurrent.TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertEquals(Map.of(400, 3, 410, callers - 3), byStatus, "exactly maxAttempts checks reach Smart Flows");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredCodeIsGoneWithoutAskingSmartFlows() {
        TermsApi api = api("phone-expired", Map.of(EnvVar.PHONE_OTP_VALIDITY_SECONDS, "120"));
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        String code = admin.otp(msisdn);

        clock.advance(Duration.ofSeconds(121));
        long checksBefore = env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP);
        Resp r = api.check("sp-alice", id, code);

        assertEquals(410, r.status(), r.toString());
        assertEquals("urn:srs-connect:problem:verification-expired", r.body().path("type").asText());
        assertEquals(checksBefore, env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP));
    }

    @Test
    void aProofIsRecentOnlyForTheConfiguredTime() {
        TermsApi api = api("phone-proof-age", Map.of(EnvVar.PHONE_PROOF_VALIDITY_SECONDS, "600"));
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn);
        api.prove(admin, "sp-alice", msisdn);
        assertEquals(200, api.evidence("sp-alice", msisdn).status());

        clock.advance(Duration.ofSeconds(601));
        assertEquals(403, api.evidence("sp-alice", msisdn).status(), "the proof is no longer recent");
    }

    @Test
    void aRetriedCheckOfTheAcceptedCodeSucceedsAgainButAnotherCodeConflicts() {
        TermsApi api = api("phone-retry");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        String code = admin.otp(msisdn);
        assertEquals(200, api.check("sp-alice", id, code).status());

        long checksBefore = env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP);
        assertEquals(200, api.check("sp-alice", id, code).status(), "the same code again (client retry)");
        assertEquals(409, api.check("sp-alice", id, wrong(code)).status());
        assertEquals(checksBefore, env.simulator().stats().calls(SmartFlowsClient.CHECK_OTP));
    }

    @Test
    void theCodeIsNeverStoredInClear() {
        TermsApi api = api("phone-hash");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        String code = admin.otp(msisdn);
        assertEquals(200, api.check("sp-alice", id, code).status());

        Map<String, AttributeValue> item = env.dynamoDb().getItem(b -> b.tableName(TestEnvironment.IDENTIFICATION_TABLE)
                .key(Map.of("id", AttributeValue.fromS("phone#" + id)))).item();
        assertEquals("VERIFIED", item.get("pvState").s());
        assertNotNull(item.get("codeHash"));
        assertNotNull(item.get("expiresAt"), "verification items expire (TTL)");
        for (AttributeValue v : item.values()) {
            String s = v.s() == null ? v.n() : v.s();
            assertFalse(s != null && s.toUpperCase().contains(code), "code in clear: " + item);
        }
    }

    @Test
    void aVerificationOfAnotherCallerIsNotFound() {
        TermsApi api = api("phone-other");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));

        Resp r = api.check("sp-bob", id, admin.otp(msisdn));
        assertEquals(404, r.status(), r.toString());
        assertEquals(404, api.check("sp-alice", "not-a-verification", "ABCD").status());
        assertEquals(403, api.evidence("sp-bob", msisdn).status());
    }

    @Test
    void sendsPerNumberAreLimitedWhoeverAsks() {
        TermsApi api = api("phone-rate-msisdn", Map.of(EnvVar.PHONE_OTP_MAX_PER_MSISDN, "2"));
        String msisdn = SimAdmin.newMsisdn();
        assertEquals(201, api.startVerificationFor("sp-alice", msisdn).status());
        assertEquals(201, api.startVerificationFor("sp-bob", msisdn).status());

        long sendsBefore = env.simulator().stats().calls(SmartFlowsClient.SEND_OTP);
        Resp limited = api.startVerificationFor("sp-carol", msisdn);
        assertEquals(429, limited.status(), limited.toString());
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1, limited.headers().toString());
        assertEquals(sendsBefore, env.simulator().stats().calls(SmartFlowsClient.SEND_OTP), "no SMS when limited");

        clock.advance(Duration.ofSeconds(EnvVar.DEFAULT_PHONE_OTP_RATE_WINDOW_SECONDS));
        assertEquals(201, api.startVerificationFor("sp-carol", msisdn).status(), "next window");
    }

    @Test
    void sendsPerCallerAreLimitedAcrossNumbers() {
        TermsApi api = api("phone-rate-caller", Map.of(EnvVar.PHONE_OTP_MAX_PER_CALLER, "2"));
        String caller = "sp-busy-" + SimAdmin.newMsisdn();
        assertEquals(201, api.startVerificationFor(caller, SimAdmin.newMsisdn()).status());
        assertEquals(201, api.startVerificationFor(caller, SimAdmin.newMsisdn()).status());
        Resp limited = api.startVerificationFor(caller, SimAdmin.newMsisdn());
        assertEquals(429, limited.status(), limited.toString());
        assertNotNull(limited.header("Retry-After"));
        assertEquals(201, api.startVerificationFor("sp-other-" + SimAdmin.newMsisdn(), SimAdmin.newMsisdn()).status());
    }

    @Test
    void badInputIs400NamingTheField() {
        TermsApi api = api("phone-bad");
        for (String bad : new String[] {"\"079 123 45 67\"", "\"+41abc\"", "null", "41791234567", "\"+0123456789\""}) {
            Resp r = api.startVerification("sp-alice", bad);
            assertEquals(400, r.status(), bad + " → " + r);
            assertEquals("msisdn", r.errorField(), r.toString());
        }
        Resp noBody = api.call(ch.srsconnect.tests.HttpApiEvents.post("POST /phone-verifications", "/phone-verifications",
                null, null, "sp-alice"));
        assertEquals(415, noBody.status(), "no Content-Type: the same rule as for orders");
        assertEquals("Content-Type", noBody.errorField());
        Resp emptyJson = api.call(ch.srsconnect.tests.HttpApiEvents.request("POST /phone-verifications", "/phone-verifications",
                Map.of(), Map.of("content-type", "application/json"), "", "sp-alice"));
        assertEquals(400, emptyJson.status());
        assertEquals("body", emptyJson.errorField());
        String id = id(api.startVerificationFor("sp-alice", SimAdmin.newMsisdn()));
        for (String badCode : new String[] {null, "", "AB CD", "<script>"}) {
            Resp r = api.check("sp-alice", id, badCode);
            assertEquals(400, r.status(), badCode + " → " + r);
            assertEquals("code", r.errorField());
        }
        Resp noCaller = api.call(ch.srsconnect.tests.HttpApiEvents.post("POST /phone-verifications", "/phone-verifications",
                null, "{\"msisdn\":\"+41791234567\"}", null));
        assertEquals(401, noCaller.status());
    }

    @Test
    void smartFlowsDownWhileCheckingGivesTheAttemptBack() {
        TermsApi api = api("phone-sf-down");
        String msisdn = SimAdmin.newMsisdn();
        String id = id(api.startVerificationFor("sp-alice", msisdn));
        String code = admin.otp(msisdn);

        env.simulator().faults().inject(FaultSpec.status(SmartFlowsClient.CHECK_OTP, 503).times(1));
        Resp down = api.check("sp-alice", id, code);
        assertEquals(503, down.status(), down.toString());
        assertNotNull(down.header("Retry-After"));

        env.simulator().faults().inject(FaultSpec.status(SmartFlowsClient.SEND_OTP, 503).times(1));
        Resp sendDown = api.startVerificationFor("sp-alice", SimAdmin.newMsisdn());
        assertEquals(503, sendDown.status(), sendDown.toString());

        Resp ok = api.check("sp-alice", id, code);
        assertEquals(200, ok.status(), ok.toString());
        assertEquals(3, ok.body().path("attemptsLeft").asInt() + 1, "only the successful check counted: " + ok);
    }
}
