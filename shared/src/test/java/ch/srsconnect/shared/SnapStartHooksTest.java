package ch.srsconnect.shared;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.http.InvocationDeadline;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.token.InMemorySecretStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SnapStart restore hooks, invoked directly as Lambda's runtime would after restoring a snapshot (decision 0056). */
class SnapStartHooksTest {
    final FakeServer swisscom = new FakeServer();
    final InMemorySecretStore secrets = new InMemorySecretStore()
            .put("creds", "{\"clientId\":\"missswaggerclient\",\"clientSecret\":\"missswaggerclientsecret-xyz\"}");
    final AtomicInteger issued = new AtomicInteger();

    @AfterEach
    void stop() {
        swisscom.close();
        InvocationDeadline.clear();
        LogContext.clearRequestId();
    }

    Platform platform() {
        swisscom.on("/oauth/token", r -> Response.json(200, "{\"access_token\":\"idp-token-" + issued.incrementAndGet()
                + "\",\"token_type\":\"bearer\",\"expires_in\":3600}"));
        swisscom.on("/api/providers", r -> Response.json(200, "[]"));
        return Platform.withSecretStore(Config.of(PlatformTest.env(swisscom)), secrets);
    }

    String lastBearer() {
        var calls = swisscom.requests("/api/providers");
        return calls.get(calls.size() - 1).header("Authorization");
    }

    /** Another restored copy refreshed the shared token: the cache secret now holds its token. */
    void anotherCopyCachedItsToken(String secretId, String token) {
        long expiresAt = Instant.now().plusSeconds(3600).getEpochSecond();
        secrets.put(secretId, "{\"accessToken\":\"" + token + "\",\"expiresAt\":" + expiresAt + "}");
    }

    @Test
    void afterARestoreTheTokenHeldInMemoryIsDroppedAndTheCacheSecretDecides() {
        Platform p = platform();
        p.srs().listProviders(Map.of());
        assertEquals("Bearer idp-token-1", lastBearer());
        anotherCopyCachedItsToken("cache-miss", "other-copy-token");

        p.srs().listProviders(Map.of());
        assertEquals("Bearer idp-token-1", lastBearer(), "without a restore the container keeps its token in memory");

        new SnapStartHooks(p).afterRestore(null);
        p.srs().listProviders(Map.of());
        assertEquals("Bearer other-copy-token", lastBearer(), "after a restore the cache secret is read again");
        assertEquals(1, issued.get(), "no IdP call: the cached token is still valid");
    }

    @Test
    void smartFlowsTokensAreDroppedTooOnceBuilt() {
        Platform p = platform();
        assertEquals("idp-token-1", p.smartFlowsTokens().token());
        anotherCopyCachedItsToken("cache-smartflow", "other-copy-smartflow-token");
        new SnapStartHooks(p).afterRestore(null);
        assertEquals("other-copy-smartflow-token", p.smartFlowsTokens().token());
    }

    @Test
    void afterARestoreTheSwisscomCallsGoOverANewClientAndRegisteredActionsRun() {
        Platform p = platform();
        p.srs().listProviders(Map.of());
        AtomicInteger raReconnects = new AtomicInteger();
        p.onRestore(raReconnects::incrementAndGet);

        new SnapStartHooks(p).afterRestore(null);

        assertEquals(1, raReconnects.get());
        assertDoesNotThrow(() -> p.srs().listProviders(Map.of()), "calls work over the new client");
        assertEquals(2, swisscom.requests("/api/providers").size());
    }

    @Test
    void aRestoreReseedsTheIdsAndClearsTheInvocationDeadline() {
        Platform p = platform();
        Object before = Randomness.source();
        InvocationDeadline.set(Instant.now().plusSeconds(20));

        new SnapStartHooks(p).afterRestore(null);

        assertNotSame(before, Randomness.source(), "a restored copy draws from a source of its own");
        assertTrue(InvocationDeadline.current().isEmpty(), "no deadline left over from the snapshot's invocation");
    }

    @Test
    void theSnapshotIsTakenWithoutADeadline() {
        InvocationDeadline.set(Instant.now().plusSeconds(20));
        new SnapStartHooks(platform()).beforeCheckpoint(null);
        assertTrue(InvocationDeadline.current().isEmpty());
    }

    @Test
    void idsAreVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID u = UUID.fromString(Randomness.uuid());
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            seen.add(u.toString());
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void registeringOnAJvmWithoutCracIsHarmless() {
        assertDoesNotThrow(() -> SnapStartHooks.register(platform()));
    }
}
