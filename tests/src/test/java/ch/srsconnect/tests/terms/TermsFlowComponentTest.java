package ch.srsconnect.tests.terms;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.terms.TermsApi.Resp;
import ch.srsconnect.simulator.FaultSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole T&C flow through the real handler, Smart Flows and RA clients and token caches, against the simulator,
 * DynamoDB Local and the Secrets Manager stand-in: prove a number by OTP, read the evidence, fetch and confirm the
 * T&C, poll to confirmed — for a Mobile ID user and for a password+OTP user (consent page) — and the same number
 * from another caller is 403.
 */
class TermsFlowComponentTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private final TestEnvironment env = TestEnvironment.get();
    private final SimAdmin admin = new SimAdmin(env.simulator().baseUrl());

    private TermsApi api(String scenario) {
        return new TermsApi(new TermsHandler(Platform.fromConfig(env.config(scenario))));
    }

    @Test
    void mobileIdUserProvesTheNumberAcceptsTheTermsAndCanSign() {
        TermsApi api = api("terms-flow-mid");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn);

        Resp started = api.startVerificationFor("sp-alice", msisdn);
        assertEquals(201, started.status(), started.toString());
        assertEquals(msisdn, started.body().path("msisdn").asText());
        assertEquals("pending", started.body().path("status").asText());
        assertEquals("/phone-verifications/" + started.body().path("id").asText(), started.header("Location"));

        Resp checked = api.check("sp-alice", started.body().path("id").asText(), admin.otp(msisdn).toLowerCase());
        assertEquals(200, checked.status(), checked.toString());
        assertEquals("verified", checked.body().path("status").asText());
        assertNotNull(checked.body().path("provedUntil").textValue());

        Resp before = api.evidence("sp-alice", msisdn);
        assertEquals(200, before.status(), before.toString());
        assertTrue(before.body().path("registered").asBoolean());
        assertEquals("MID", before.body().path("signingStatus").asText());
        assertEquals("MOBILE_ID", before.body().path("authenticationMeans").asText());
        assertFalse(before.body().path("canSignNow").asBoolean(), "T&C not accepted yet: RA lookup fails");
        assertEquals(false, before.body().path("termsAccepted").asBoolean());
        assertEquals("ACCEPT_TERMS", before.body().path("nextAction").asText());
        assertEquals(2, before.body().path("jurisdictions").size(), before.toString());
        assertEquals(4, before.body().path("jurisdictions").path(0).path("loa").asInt());
        assertNotNull(before.body().path("loa4ExpiresOn").textValue());

        Resp link = api.terms("sp-alice", msisdn);
        assertEquals(200, link.status(), link.toString());
        assertTrue(link.body().path("termsToAccept").asBoolean());
        assertTrue(link.body().path("link").asText().contains("/t/"), link.toString());

        Resp confirm = api.confirmAll("sp-alice", msisdn);
        assertEquals(202, confirm.status(), confirm.toString());
        assertEquals("PENDING", confirm.body().path("state").asText());

        Resp done = TermsApi.await(() -> api.status("sp-alice", msisdn),
                r -> r.status() != 200 || r.body().path("done").asBoolean(), WITHIN);
        assertEquals(200, done.status(), done.toString());
        assertEquals("CONFIRMED", done.body().path("state").asText());
        assertTrue(done.body().path("confirmed").asBoolean());
        assertTrue(done.body().path("consentUrl").isNull(), "Mobile ID users confirm on the phone: " + done);

        Resp after = api.evidence("sp-alice", msisdn);
        assertTrue(after.body().path("canSignNow").asBoolean(), after.toString());
        assertEquals("SIGN", after.body().path("nextAction").asText());
        assertTrue(after.body().path("termsAccepted").asBoolean());
        assertFalse(after.body().path("evidence").path("evidenceId").asText().isBlank(), after.toString());
        assertFalse(after.body().path("expiresWithin90Days").asBoolean());

        Resp nothing = api.terms("sp-alice", msisdn);
        assertEquals(200, nothing.status());
        assertFalse(nothing.body().path("termsToAccept").asBoolean());
        assertTrue(nothing.body().path("detail").asText().startsWith("Nothing to accept"), nothing.toString());
    }

    @Test
    void passwordOtpUserConfirmsInTheConsentPage() {
        TermsApi api = api("terms-flow-sas");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn, "{\"ZERTES\":4,\"EIDAS\":3}", null);
        admin.user(msisdn, "SAS", null);
        api.prove(admin, "sp-alice", msisdn);

        Resp before = api.evidence("sp-alice", msisdn);
        assertEquals("SAS", before.body().path("signingStatus").asText(), before.toString());
        assertEquals("PASSWORD_OTP", before.body().path("authenticationMeans").asText());
        assertEquals("ACCEPT_TERMS", before.body().path("nextAction").asText());

        assertEquals(200, api.terms("sp-alice", msisdn).status());
        assertEquals(202, api.confirmAll("sp-alice", msisdn).status());

        Resp consent = TermsApi.await(() -> api.status("sp-alice", msisdn),
                r -> r.status() != 200 || !r.body().path("consentUrl").isNull() || r.body().path("done").asBoolean(), WITHIN);
        assertEquals("CONSENT_REQUIRED", consent.body().path("state").asText(), consent.toString());
        assertFalse(consent.body().path("done").asBoolean());
        String consentUrl = consent.body().path("consentUrl").asText();
        assertTrue(consentUrl.startsWith("http"), consentUrl);

        assertEquals(200, admin.completeConsent(consentUrl, msisdn), "the user confirms with password and OTP");

        Resp done = TermsApi.await(() -> api.status("sp-alice", msisdn),
                r -> r.status() != 200 || r.body().path("done").asBoolean(), WITHIN);
        assertEquals("CONFIRMED", done.body().path("state").asText(), done.toString());
        assertTrue(done.body().path("consentUrl").isNull());

        Resp after = api.evidence("sp-alice", msisdn);
        assertTrue(after.body().path("canSignNow").asBoolean(), after.toString());
        assertEquals("SIGN", after.body().path("nextAction").asText());
    }

    @Test
    void logsAtDebugCarryNoCodeNoTokenAndOnlyMaskedNumbers() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.function.Consumer<String> previous = ch.srsconnect.shared.log.LogContext.setSink(lines::add);
        try {
            TermsApi api = new TermsApi(new TermsHandler(Platform.fromConfig(env.config("terms-flow-logs")
                    .with(Map.of(ch.srsconnect.shared.config.EnvVar.LOG_LEVEL, "DEBUG")))));
            String msisdn = SimAdmin.newMsisdn();
            admin.evidence(msisdn);
            Resp started = api.startVerificationFor("sp-alice", msisdn);
            String code = admin.otp(msisdn);
            assertEquals(400, api.check("sp-alice", started.body().path("id").asText(), code.equals("ZZZZ") ? "YYYY" : "ZZZZ").status());
            assertEquals(200, api.check("sp-alice", started.body().path("id").asText(), code).status());
            String link = api.terms("sp-alice", msisdn).body().path("link").asText();
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertEquals(202, api.confirmAll("sp-alice", msisdn).status());
            TermsApi.await(() -> api.status("sp-alice", msisdn), r -> r.body().path("done").asBoolean(), WITHIN);
            api.evidence("sp-alice", msisdn);

            assertTrue(lines.size() > 5, "DEBUG lines were written: " + lines.size());
            String digits = msisdn.substring(1);
            for (String line : lines) {
                assertFalse(line.contains(digits), "unmasked msisdn: " + line);
                assertFalse(line.contains(token), "T&C token: " + line);
                assertFalse(line.contains("\"" + code + "\""), "OTP code: " + line);
                assertFalse(line.contains("Bearer"), "authorization header: " + line);
            }
        } finally {
            ch.srsconnect.shared.log.LogContext.setSink(previous);
            ch.srsconnect.shared.log.LogContext.setLevel(ch.srsconnect.shared.log.Level.WARN);
        }
    }

    @Test
    void declinedJurisdictionIsADowngrade() {
        TermsApi api = api("terms-flow-downgrade");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn);
        api.prove(admin, "sp-alice", msisdn);

        assertEquals(202, api.confirm("sp-alice", msisdn,
                "{\"decisionZertes\":true,\"decisionEidas\":false,\"knowsTheRisk\":true}").status());
        Resp done = TermsApi.await(() -> api.status("sp-alice", msisdn),
                r -> r.status() != 200 || r.body().path("done").asBoolean(), WITHIN);
        assertEquals("DOWNGRADED", done.body().path("state").asText(), done.toString());
        assertTrue(done.body().path("downgrade").asBoolean());
        assertFalse(done.body().path("confirmed").asBoolean());
    }

    @Test
    void theSameNumberFromAnotherCallerIs403WithoutAnySmartFlowsCall() {
        TermsApi api = api("terms-flow-other-caller");
        String registered = SimAdmin.newMsisdn();
        admin.evidence(registered);
        api.prove(admin, "sp-alice", registered);
        String unregistered = SimAdmin.newMsisdn();

        Map<String, Long> before = smartFlowsCalls();
        for (String msisdn : new String[] {registered, unregistered}) {
            Resp[] answers = {api.evidence("sp-bob", msisdn), api.terms("sp-bob", msisdn), api.confirmAll("sp-bob", msisdn),
                    api.status("sp-bob", msisdn)};
            for (Resp r : answers) {
                assertEquals(403, r.status(), r.toString());
                assertEquals("urn:srs-connect:problem:forbidden", r.body().path("type").asText());
            }
        }
        assertEquals(api.evidence("sp-bob", registered).body(), api.evidence("sp-bob", unregistered).body(),
                "a registered and an unregistered number get the same answer: nothing to probe");
        assertEquals(before, smartFlowsCalls(), "authorization is decided before any Smart Flows call");
        assertEquals(200, api.evidence("sp-alice", registered).status(), "the prover still gets its answer");
    }

    private Map<String, Long> smartFlowsCalls() {
        return Map.of(
                "status", env.simulator().stats().calls(SmartFlowsClient.EVIDENCE_STATUS),
                "tc", env.simulator().stats().calls(SmartFlowsClient.TERMS_LINK),
                "confirm", env.simulator().stats().calls(SmartFlowsClient.CONFIRM),
                "tcStatus", env.simulator().stats().calls(SmartFlowsClient.TERMS_STATUS));
    }

    @Test
    void aConfirmationSwisscomNoLongerKnowsIsForgottenSoTheNextStatusAsksForANewOne() {
        TermsApi api = api("terms-flow-forgotten");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn);
        Resp started = api.startVerificationFor("sp-dora", msisdn);
        assertEquals(200, api.check("sp-dora", started.body().path("id").asText(), admin.otp(msisdn)).status());
        assertEquals(202, api.confirmAll("sp-dora", msisdn).status());

        env.simulator().faults().inject(FaultSpec.status(SmartFlowsClient.TERMS_STATUS, 404).times(1));
        Resp forgotten = api.status("sp-dora", msisdn);
        assertEquals(404, forgotten.status(), forgotten.toString());
        assertEquals("urn:srs-connect:problem:no-terms-confirmation", forgotten.body().path("type").asText(), forgotten.toString());
        assertTrue(forgotten.body().path("detail").asText().contains("no longer knows"), forgotten.toString());

        // the confirmation record is gone: the next status asks for a confirmation without calling Smart Flows
        Resp next = api.status("sp-dora", msisdn);
        assertEquals(404, next.status(), next.toString());
        assertTrue(next.body().path("detail").asText().contains("POST /evidence/{msisdn}/terms/confirm first"), next.toString());
    }
}
