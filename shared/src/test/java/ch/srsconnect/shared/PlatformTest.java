package ch.srsconnect.shared;

import ch.srsconnect.shared.api.Problem;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.http.SwisscomProtocolException;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.log.LogCapture;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.token.CredentialsUnavailableException;
import ch.srsconnect.shared.token.InMemorySecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** The wiring end to end: IdP + SRS on a fake server, secrets in memory. */
class PlatformTest {
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.platform-test-token.c2lnbmF0dXJl";
    static final String SECOND_TOKEN = "eyJhbGciOiJSUzI1NiJ9.second-platform-token.c2ln";
    static final String CLIENT_SECRET = "missswaggerclientsecret-xyz";

    final FakeServer swisscom = new FakeServer();
    final InMemorySecretStore secrets = new InMemorySecretStore()
            .put("creds", "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"" + CLIENT_SECRET + "\"}");

    @AfterEach
    void stop() {
        swisscom.close();
        LogContext.clearRequestId();
    }

    Map<String, String> env() {
        return env(swisscom);
    }

    /** A platform's environment against {@code swisscom}: IdP, SRS, credentials "creds", cache secrets per scope. */
    static Map<String, String> env(FakeServer swisscom) {
        Map<String, String> env = new HashMap<>();
        env.put("SRS_BASE_URL", swisscom.uri("").toString());
        env.put("IDP_TOKEN_URL", swisscom.uri("/oauth/token").toString());
        env.put("SRS_CREDENTIALS_SECRET_ID", "creds");
        env.put("SRS_TOKEN_CACHE_SECRET_ID", "cache-miss");
        env.put("SMARTFLOWS_TOKEN_CACHE_SECRET_ID", "cache-smartflow");
        env.put("SRS_MAX_ATTEMPTS", "2");
        env.put("LOG_LEVEL", "DEBUG");
        return env;
    }

    @Test
    void missingRequiredVariableIsNamed() {
        Map<String, String> env = env();
        env.remove("SRS_TOKEN_CACHE_SECRET_ID");
        ConfigException e = assertThrows(ConfigException.class, () -> Platform.withSecretStore(Config.of(env), secrets));
        assertEquals("SRS_TOKEN_CACHE_SECRET_ID", e.variable());
    }

    @Test
    void listProvidersEndToEndAndTokensNeverReachLogsOrExceptions() {
        AtomicInteger issued = new AtomicInteger();
        swisscom.on("/oauth/token", r -> Response.json(200, "{\"access_token\":\""
                + (issued.incrementAndGet() == 1 ? TOKEN : SECOND_TOKEN) + "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
        AtomicInteger calls = new AtomicInteger();
        swisscom.on("/api/providers", r -> switch (calls.incrementAndGet()) {
            case 1 -> Response.json(200, "[{\"issuer\":\"test\",\"method\":\"video\"}]");
            case 2 -> Response.status(401);                       // revoked: invalidate, refresh, retry once
            case 3 -> Response.json(200, "[]");
            case 4 -> Response.json(400, "{\"echo\":\"" + r.header("Authorization") + "\"}");
            default -> Response.json(200, "{\"not\":\"an array\"}");
        });
        Platform p = Platform.withSecretStore(Config.of(env()), secrets);
        StringBuilder exceptionText = new StringBuilder();
        try (LogCapture cap = new LogCapture()) {
            LogContext.setRequestId("lambda-req-1");
            assertEquals(1, p.srs().listProviders(Map.of("loa", List.of("4"))).size());
            assertEquals(0, p.srs().listProviders(Map.of()).size());
            SwisscomRejectedException rejected = assertThrows(SwisscomRejectedException.class, () -> p.srs().listProviders(Map.of()));
            exceptionText.append(rejected).append(Problem.forFailure(rejected).toResponse().getBody());
            SwisscomProtocolException protocol = assertThrows(SwisscomProtocolException.class, () -> p.srs().listProviders(Map.of()));
            exceptionText.append(protocol).append(Problem.forFailure(protocol).toResponse().getBody());

            String out = cap.all();
            assertFalse(cap.lines().isEmpty());
            for (String secret : List.of(TOKEN, SECOND_TOKEN, CLIENT_SECRET)) {
                assertFalse(out.contains(secret), "log output contains a secret");
                assertFalse(exceptionText.toString().contains(secret), "exception text contains a secret");
            }
            assertFalse(secrets.peek("cache-miss").orElseThrow().contains(CLIENT_SECRET));
            assertFalse(out.contains("[REDACTED]"), "nothing even tried to log a token (the redaction net stayed unused)");
            assertTrue(out.contains("\"requestId\":\"lambda-req-1\""));
        }
        assertEquals(2, issued.get(), "one refresh after the 401");
        assertTrue(secrets.peek("cache-miss").orElseThrow().contains(SECOND_TOKEN), "cache secret holds the fresh token");
        assertEquals("Bearer " + SECOND_TOKEN, swisscom.requests("/api/providers").get(2).header("Authorization"));
    }

    @Test
    void failuresBecomeProblems() {
        swisscom.on("/oauth/token", r -> Response.status(503).withHeader("Retry-After", "60"));
        Platform p = Platform.withSecretStore(Config.of(env()), secrets);
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class, () -> p.srs().listProviders(Map.of()));
        Problem problem = Problem.forFailure(e);
        assertEquals(503, problem.status());
        assertEquals(60, problem.retryAfterSeconds().orElseThrow());

        Platform noCreds = Platform.withSecretStore(Config.of(env()), new InMemorySecretStore());
        CredentialsUnavailableException c = assertThrows(CredentialsUnavailableException.class, () -> noCreds.srs().listProviders(Map.of()));
        assertEquals(503, Problem.forFailure(c).status());
        assertEquals(502, Problem.forFailure(new SwisscomProtocolException("GET /x", "bad")).status());
        assertEquals(500, Problem.forFailure(new IllegalStateException("bug")).status());
    }

    @Test
    void smartFlowsTokensUseTheirOwnScopeAndCacheSecret() {
        swisscom.on("/oauth/token", r -> Response.json(200, "{\"access_token\":\"sf-token-" + r.body().contains("scope=smartflow")
                + "\",\"expires_in\":3600}"));
        Platform p = Platform.withSecretStore(Config.of(env()), secrets);
        assertSame(p.smartFlowsTokens(), p.smartFlowsTokens());
        assertEquals("sf-token-true", p.smartFlowsTokens().token());
        assertTrue(secrets.peek("cache-smartflow").orElseThrow().contains("sf-token-true"));
        assertTrue(secrets.peek("cache-miss").isEmpty());
    }

    @Test
    void initTakesTheCachedTokenIntoMemoryWithoutAskingTheIdp() throws Exception {
        AtomicInteger idp = new AtomicInteger();
        swisscom.on("/oauth/token", r -> {
            idp.incrementAndGet();
            return Response.json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3600}");
        });
        swisscom.on("/api/providers", r -> Response.json(200, "[]"));
        long expiresAt = Instant.now().plusSeconds(3600).getEpochSecond();
        secrets.put("cache-miss", "{\"accessToken\":\"" + SECOND_TOKEN + "\",\"expiresAt\":" + expiresAt + "}");
        Platform p = Platform.withSecretStore(Config.of(env()), secrets);

        p.warmInBackground().join(5_000);
        int readsAfterInit = secrets.reads();
        p.srs().listProviders(Map.of());

        assertEquals("Bearer " + SECOND_TOKEN, swisscom.requests("/api/providers").get(0).header("Authorization"));
        assertEquals(0, idp.get(), "init never calls Swisscom, and the first request needs no IdP call");
        assertEquals(readsAfterInit, secrets.reads(), "the first request found its token in memory");
    }
}
