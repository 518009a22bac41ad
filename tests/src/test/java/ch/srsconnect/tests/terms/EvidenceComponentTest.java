package ch.srsconnect.tests.terms;

import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.ra.RaClient;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.simulator.FaultSpec;
import ch.srsconnect.terms.TermsHandler;
import ch.srsconnect.tests.TestEnvironment;
import ch.srsconnect.tests.terms.TermsApi.Resp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evidence status merged from Smart Flows and RA, every signingStatus family, T&C edge cases and Swisscom faults. */
class EvidenceComponentTest {

    private final TestEnvironment env = TestEnvironment.get();
    private final SimAdmin admin = new SimAdmin(env.simulator().baseUrl());

    @AfterEach
    void clearFaults() {
        env.simulator().faults().clear();
    }

    private Config config;

    private TermsApi api(String scenario) {
        config = env.config(scenario);
        return new TermsApi(new TermsHandler(Platform.fromConfig(config)));
    }

    /** A number proved by alice, with an evidence unless {@code registered} is false. */
    private String proved(TermsApi api, boolean registered) {
        String msisdn = SimAdmin.newMsisdn();
        if (registered) {
            admin.evidence(msisdn);
        }
        api.prove(admin, "sp-alice", msisdn);
        return msisdn;
    }

    @Test
    void notAbleToRetrieveIs503WithRetryAfter() {
        TermsApi api = api("evidence-not-able");
        String msisdn = proved(api, true);
        admin.user(msisdn, null, "NOT_ABLE_TO_RETRIEVE");

        Resp r = api.evidence("sp-alice", msisdn);
        assertEquals(503, r.status(), r.toString());
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1);
        assertEquals("application/problem+json", r.header("Content-Type"));
    }

    @Test
    void mismatchesMeanReIdentifyInBothSpellings() {
        TermsApi api = api("evidence-mismatch");
        String msisdn = proved(api, true);
        admin.acceptTermsFor(msisdn);
        for (String[] c : new String[][] {{"MISSMATCH_SAS_BUT_MID", "MOBILE_ID"}, {"MISSMATCH_SAS_CHANGE_SN", "PASSWORD_OTP"},
                {"MISMATCH_MID", "MOBILE_ID"}, {"MISSMATCH", null}}) {
            admin.user(msisdn, null, c[0]);
            Resp r = api.evidence("sp-alice", msisdn);
            assertEquals(200, r.status(), r.toString());
            assertEquals("RE_IDENTIFY", r.body().path("nextAction").asText(), c[0] + " " + r);
            assertFalse(r.body().path("canSignNow").asBoolean(), c[0]);
            assertEquals(c[0].replace("MISSMATCH", "MISMATCH"), r.body().path("signingStatus").asText());
            assertEquals(c[1], r.body().path("authenticationMeans").textValue(), c[0]);
        }
    }

    @Test
    void anUnregisteredNumberMustGetIdentifiedAndHasNothingToAccept() {
        TermsApi api = api("evidence-unregistered");
        String msisdn = proved(api, false);

        Resp r = api.evidence("sp-alice", msisdn);
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.body().path("registered").asBoolean());
        assertEquals("GET_IDENTIFIED", r.body().path("nextAction").asText());
        assertEquals("NOT_REGISTERED_AT_ALL", r.body().path("signingStatus").asText());
        assertTrue(r.body().path("termsAccepted").isNull(), "RA not asked for a number Smart Flows does not know");

        admin.user(msisdn, null, "NOT_RA_MID_SAS");
        assertEquals("GET_IDENTIFIED", api.evidence("sp-alice", msisdn).body().path("nextAction").asText());

        Resp link = api.terms("sp-alice", msisdn);
        assertEquals(200, link.status());
        assertFalse(link.body().path("termsToAccept").asBoolean());
        long confirmsBefore = env.simulator().stats().calls(SmartFlowsClient.CONFIRM);
        Resp confirm = api.confirmAll("sp-alice", msisdn);
        assertEquals(409, confirm.status(), confirm.toString());
        assertEquals("urn:srs-connect:problem:nothing-to-accept", confirm.body().path("type").asText());
        assertEquals(confirmsBefore, env.simulator().stats().calls(SmartFlowsClient.CONFIRM));
        assertEquals(404, api.status("sp-alice", msisdn).status(), "no confirmation under way");
    }

    @Test
    void anEvidenceExpiringSoonIsFlaggedWithItsLoa4Expiry() {
        TermsApi api = api("evidence-expiring");
        String msisdn = SimAdmin.newMsisdn();
        String expires = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        admin.evidence(msisdn, "{\"ZERTES\":4,\"EIDAS\":4}", expires);
        api.prove(admin, "sp-alice", msisdn);

        Resp pending = api.evidence("sp-alice", msisdn);
        assertEquals(expires, pending.body().path("loa4ExpiresOn").asText(), pending.toString());
        assertTrue(pending.body().path("expiresWithin90Days").asBoolean(), "from Smart Flows' LOA 4 expiry");

        admin.acceptTermsFor(msisdn);
        Resp r = api.evidence("sp-alice", msisdn);
        assertTrue(r.body().path("canSignNow").asBoolean(), r.toString());
        assertTrue(r.body().path("expiresWithin90Days").asBoolean(), "from RA");
        assertEquals(expires, r.body().path("evidence").path("expiresOn").asText());
    }

    @Test
    void aLoa3OnlyEvidenceHasNoLoa4Expiry() {
        TermsApi api = api("evidence-loa3");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn, "{\"ZERTES\":3,\"EIDAS\":3}", null);
        api.prove(admin, "sp-alice", msisdn);

        Resp r = api.evidence("sp-alice", msisdn);
        assertTrue(r.body().path("loa4ExpiresOn").isNull(), r.toString());
        r.body().path("jurisdictions").forEach(j -> assertEquals(3, j.path("loa").asInt()));
    }

    @Test
    void aNumberUsedInOneOfTheCallersOwnIdentificationsNeedsNoOtp() {
        TermsApi api = api("evidence-own-identification");
        String msisdn = SimAdmin.newMsisdn();
        admin.evidence(msisdn);
        String owner = "sp-dave-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        new IdentificationStore(env.dynamoDb(), TestEnvironment.IDENTIFICATION_TABLE).create(Identification.builder()
                .id(UUID.randomUUID().toString()).owner(owner).msisdn(msisdn).issuer("test").method("video")
                .status(IdentificationStatus.TERMINATED).createdAt(now).updatedAt(now).expiresAt(now.plus(30, ChronoUnit.DAYS))
                .build());

        Resp r = api.evidence(owner, msisdn);
        assertEquals(200, r.status(), r.toString());
        assertEquals("ACCEPT_TERMS", r.body().path("nextAction").asText());
        assertEquals(403, api.evidence("sp-eve", msisdn).status(), "another caller's identification binds nothing");
    }

    @Test
    void confirmRequiresKnowsTheRiskAndNeverTakesATokenFromTheCaller() {
        TermsApi api = api("evidence-confirm-input");
        String msisdn = proved(api, true);
        long confirmsBefore = env.simulator().stats().calls(SmartFlowsClient.CONFIRM);

        Resp risk = api.confirm("sp-alice", msisdn, "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":false}");
        assertEquals(400, risk.status(), risk.toString());
        assertEquals("knowsTheRisk", risk.errorField());
        Resp token = api.confirm("sp-alice", msisdn,
                "{\"decisionZertes\":true,\"decisionEidas\":true,\"knowsTheRisk\":true,\"token\":\"stolen\"}");
        assertEquals(400, token.status(), token.toString());
        assertEquals("token", token.errorField());
        Resp missing = api.confirm("sp-alice", msisdn, "{\"knowsTheRisk\":true}");
        assertEquals(400, missing.status());
        assertEquals("decisionZertes", missing.errorField());
        Resp none = api.confirm("sp-alice", msisdn, "{\"decisionZertes\":false,\"decisionEidas\":false,\"knowsTheRisk\":true}");
        assertEquals(400, none.status());
        Resp notJson = api.confirm("sp-alice", msisdn, "yes");
        assertEquals(400, notJson.status());
        assertEquals(confirmsBefore, env.simulator().stats().calls(SmartFlowsClient.CONFIRM), "nothing reached Smart Flows");

        Resp badNumber = api.evidence("sp-alice", "not-a-number");
        assertEquals(400, badNumber.status());
        assertEquals("msisdn", badNumber.errorField());
    }

    @Test
    void smartFlowsAndRaFaultsBecome503Or502WithoutInternals() {
        TermsApi api = api("evidence-faults");
        String msisdn = proved(api, true);

        env.simulator().faults().inject(FaultSpec.status(SmartFlowsClient.EVIDENCE_STATUS, 503).times(10));
        Resp down = api.evidence("sp-alice", msisdn);
        assertEquals(503, down.status(), down.toString());
        assertNotNull(down.header("Retry-After"));
        env.simulator().faults().clear();

        env.simulator().faults().inject(FaultSpec.malformed(SmartFlowsClient.EVIDENCE_STATUS).times(10));
        assertEquals(502, api.evidence("sp-alice", msisdn).status());
        env.simulator().faults().clear();

        env.simulator().faults().inject(FaultSpec.status(RaClient.LOOKUP, 503).times(10));
        assertEquals(503, api.evidence("sp-alice", msisdn).status(), "RA down");
        env.simulator().faults().clear();

        env.simulator().faults().inject(FaultSpec.malformed(SmartFlowsClient.TERMS_LINK).times(10));
        assertEquals(502, api.terms("sp-alice", msisdn).status());
        env.simulator().faults().clear();

        env.simulator().faults().inject(FaultSpec.status(SmartFlowsClient.CONFIRM, 500).times(10));
        Resp confirm = api.confirmAll("sp-alice", msisdn);
        assertEquals(503, confirm.status(), confirm.toString());
        assertFalse(confirm.body().toString().contains("/t/"), "no T&C link or token in errors: " + confirm);
        assertEquals(404, api.status("sp-alice", msisdn).status(), "a failed confirm leaves nothing to poll");
    }

    @Test
    void smartFlowsTokensHaveScopeSmartflowAndTheirOwnCacheSecret() throws Exception {
        TermsApi api = api("evidence-tokens");
        String msisdn = proved(api, true);
        env.simulator().revokeTokens();
        assertEquals(200, api.evidence("sp-alice", msisdn).status(), "a revoked token is replaced once (401 → retry)");

        var sf = Json.MAPPER.readTree(env.secretsManager().getSecretValue(b -> b.secretId(
                config.string(EnvVar.SMARTFLOWS_TOKEN_CACHE_SECRET_ID))).secretString());
        var miss = Json.MAPPER.readTree(env.secretsManager().getSecretValue(b -> b.secretId(
                config.string(EnvVar.SRS_TOKEN_CACHE_SECRET_ID))).secretString());
        assertFalse(sf.path("accessToken").asText().isBlank(), "smartflow token cached in its own secret");
        assertEquals("mtls", config.string(EnvVar.RA_AUTH));
        assertTrue(miss.path("accessToken").asText("").isBlank(),
                "the RA lookup authenticates with the client certificate (RA_AUTH=mtls): no scope miss token fetched");
    }
}
