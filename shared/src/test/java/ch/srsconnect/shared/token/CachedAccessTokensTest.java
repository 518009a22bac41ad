package ch.srsconnect.shared.token;

import ch.srsconnect.shared.http.HttpSettings;
import ch.srsconnect.shared.http.HttpTransport;
import ch.srsconnect.shared.http.SwisscomHttp;
import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.LogCapture;
import ch.srsconnect.shared.smartflows.SmartFlowsClient;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.testing.MutableClock;
import ch.srsconnect.shared.testing.RecordingSleeper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

class CachedAccessTokensTest {
    static final String CREDS = "srs/credentials";
    static final String CACHE = "srs/token-cache/miss";
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    final FakeServer idp = new FakeServer();
    final InMemorySecretStore store = new InMemorySecretStore()
            .put(CREDS, "{\"clientId\":\"srs-client\",\"clientSecret\":\"s3cret-Old-Value\"}");
    final MutableClock clock = new MutableClock(T0);
    final AtomicInteger issued = new AtomicInteger();

    @AfterEach
    void stop() {
        idp.close();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** IdP that accepts the given secrets and issues idp-token-1, idp-token-2, ... valid for an hour. */
    Function<FakeServer.Request, Response> idpAccepting(Set<String> secrets) {
        return r -> {
            boolean ok = secrets.stream().anyMatch(s -> basic("srs-client", s).equals(r.header("Authorization")));
            if (!ok) {
                return Response.json(401, "{\"error\":\"invalid_client\"}");
            }
            return Response.json(200, "{\"access_token\":\"idp-token-" + issued.incrementAndGet()
                    + "-abcdef\",\"token_type\":\"bearer\",\"expires_in\":3600,\"scope\":\"miss\"}");
        };
    }

    CachedAccessTokens tokens(SecretStore secrets) {
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 5);
        SwisscomHttp http = new SwisscomHttp(HttpTransport.of(settings), settings, new RecordingSleeper(), () -> 0.5);
        return new CachedAccessTokens(new TokenCacheSettings("miss", CREDS, CACHE, Duration.ofSeconds(120)),
                secrets, new IdpClient(http, idp.uri("/oauth/token")), clock);
    }

    void putCache(String token, Instant expiresAt) {
        store.put(CACHE, "{\"accessToken\":\"" + token + "\",\"expiresAt\":" + expiresAt.getEpochSecond() + "}");
    }

    @Test
    void smartFlowsCallsCarryTheOptionalApiKeyAndRefererOfTheCredentialsSecret() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        List<FakeServer.Request> seen = new CopyOnWriteArrayList<>();
        idp.on("/api/public/evidence/status", r -> {
            seen.add(r);
            return Response.json(200, "{\"status\":[],\"loa4ExpiryDate\":null,\"signingStatus\":\"NOT_REGISTERED_AT_ALL\",\"notFound\":true}");
        });
        store.put(CREDS, "{\"clientId\":\"srs-client\",\"clientSecret\":\"s3cret-Old-Value\","
                + "\"smartFlowsApiKey\":\"legacy-key-123\",\"smartFlowsReferer\":\"https://sp.example.ch\"}");
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 3,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1), 5);
        SwisscomHttp http = new SwisscomHttp(HttpTransport.of(settings), settings, new RecordingSleeper(), () -> 0.5);
        CachedAccessTokens smartflow = new CachedAccessTokens(new TokenCacheSettings("smartflow", CREDS, "sf-cache",
                Duration.ofSeconds(120)), store, new IdpClient(http, idp.uri("/oauth/token")), clock);
        new SmartFlowsClient(http, smartflow, idp.uri("/")).evidenceStatus("+41790000001");
        assertEquals("legacy-key-123", seen.getFirst().header("X-Api-Key"));
        assertEquals("https://sp.example.ch", seen.getFirst().header("Referer"));
        assertEquals("application/json", seen.getFirst().header("Accept"), "as the Smart Flows guide sends it");
        assertEquals(Map.of(), tokens(store).extraHeaders(), "scope miss (SRS, RA) never sends them");

        store.put(CREDS, "{\"clientId\":\"srs-client\",\"clientSecret\":\"s3cret-Old-Value\"}");
        CachedAccessTokens without = new CachedAccessTokens(new TokenCacheSettings("smartflow", CREDS, "sf-cache-2",
                Duration.ofSeconds(120)), store, new IdpClient(http, idp.uri("/oauth/token")), clock);
        assertEquals(Map.of(), without.extraHeaders(), "absent unless the SP put them there");
    }

    @Test
    void idpRequestIsAClientCredentialsGrantWithBasicAuth() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        assertEquals("idp-token-1-abcdef", tokens(store).token());
        FakeServer.Request r = idp.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("application/x-www-form-urlencoded", r.header("Content-Type"));
        assertEquals("grant_type=client_credentials&scope=miss", r.body());
        assertEquals(basic("srs-client", "s3cret-Old-Value"), r.header("Authorization"));
    }

    @Test
    void memoryHitAfterOneIdpCallWhichIsWrittenToTheCacheSecret() throws Exception {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        assertEquals("idp-token-1-abcdef", t.token());
        int readsAfterFirst = store.reads();
        assertEquals("idp-token-1-abcdef", t.token());
        assertEquals("idp-token-1-abcdef", t.token());
        assertEquals(1, idp.requests().size());
        assertEquals(readsAfterFirst, store.reads(), "memory hits touch no secret");
        JsonNode cached = Json.parse(store.peek(CACHE).orElseThrow());
        assertEquals("idp-token-1-abcdef", cached.get("accessToken").asText());
        assertEquals(T0.plusSeconds(3600).getEpochSecond(), cached.get("expiresAt").asLong());
        assertEquals(1, store.writes());
    }

    @Test
    void cacheSecretHitAvoidsTheIdpAndTheCredentials() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        putCache("shared-token-xyz", T0.plusSeconds(1800));
        InMemorySecretStore noCreds = new InMemorySecretStore();
        noCreds.put(CACHE, store.peek(CACHE).orElseThrow());
        CachedAccessTokens t = tokens(noCreds);
        assertEquals("shared-token-xyz", t.token());
        assertEquals(0, idp.requests().size());
        assertEquals(0, noCreds.writes());
    }

    @Test
    void cacheSecretTokenWithinTheSkewIsNotUsed() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        putCache("almost-expired-token", T0.plusSeconds(100)); // 100 s left < 120 s skew
        assertEquals("idp-token-1-abcdef", tokens(store).token());
        assertEquals(1, idp.requests().size());
        assertTrue(store.peek(CACHE).orElseThrow().contains("idp-token-1-abcdef"), "the cache secret is replaced");
    }

    @Test
    void memoryTokenIsRefreshedOnceItEntersTheSkew() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        assertEquals("idp-token-1-abcdef", t.token());
        clock.advance(Duration.ofSeconds(3600 - 121));
        assertEquals("idp-token-1-abcdef", t.token(), "121 s left: still good");
        clock.advance(Duration.ofSeconds(2));
        assertEquals("idp-token-2-abcdef", t.token(), "119 s left: refreshed (the cache secret holds the same old token)");
        assertEquals(2, idp.requests().size());
    }

    @Test
    void anotherContainersFresherTokenInTheCacheSecretIsPreferredOverTheIdp() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        t.token();
        putCache("other-container-token", T0.plusSeconds(7000));
        clock.advance(Duration.ofSeconds(3500));
        assertEquals("other-container-token", t.token());
        assertEquals(1, idp.requests().size());
    }

    @Test
    void invalidatedTokenIsNotReReadFromTheCacheSecret() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        putCache("revoked-token-123", T0.plusSeconds(3000));
        CachedAccessTokens t = tokens(store);
        assertEquals("revoked-token-123", t.token());
        t.invalidate("revoked-token-123");
        assertEquals("idp-token-1-abcdef", t.token());
        assertEquals(1, idp.requests().size());
        assertTrue(store.peek(CACHE).orElseThrow().contains("idp-token-1-abcdef"));
    }

    @Test
    void afterARejectedTokenTheNextOneComesFromTheIdpNotFromTheCacheAnotherContainerFilled() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        String first = t.token();                                     // from the IdP, cached
        putCache("revoked-by-now-too-456", T0.plusSeconds(3000));    // another container's token, revoked as well
        t.invalidate(first);                                         // SRS answered 401 for ours
        assertEquals("idp-token-2-abcdef", t.token(), "the retry's token is fresh from the IdP");
        assertEquals(2, idp.requests().size());
        assertTrue(store.peek(CACHE).orElseThrow().contains("idp-token-2-abcdef"), "and shared with the others");
        clock.advance(Duration.ofMinutes(59));                       // past the refresh point: the cache is read again
        putCache("shared-later-789", T0.plusSeconds(7200));
        assertEquals("shared-later-789", t.token());
    }

    @Test
    void anIdpOutageWhileReplacingARejectedTokenIsAnOutageNotARejection() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        String first = t.token();
        putCache("revoked-by-now-too-456", T0.plusSeconds(3000));
        idp.on("/oauth/token", r -> Response.status(503).withHeader("Retry-After", "7"));
        t.invalidate(first);
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class, t::token,
                "503 + Retry-After for the caller, never the revoked cached token and a 401 turned into 502");
        assertTrue(e.retryAfterSeconds() >= 1);
    }

    @Test
    void invalidatingAnAlreadyReplacedTokenDoesNotRefresh() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        String first = t.token();
        t.invalidate(first);
        String second = t.token();
        t.invalidate(first); // a slow caller reporting the old token
        t.invalidate(null);
        assertEquals(second, t.token());
        assertEquals(2, idp.requests().size());
    }

    @Test
    void idpUnauthorizedReReadsRotatedCredentialsOnce() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        String first = t.token();
        // rotation: new secret stored, IdP accepts only the new one from now on
        store.put(CREDS, "{\"clientId\":\"srs-client\",\"clientSecret\":\"s3cret-New-Value\"}");
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-New-Value")));
        t.invalidate(first);
        assertEquals("idp-token-2-abcdef", t.token());
        List<String> auth = idp.requests().stream().map(r -> r.header("Authorization")).toList();
        assertEquals(List.of(basic("srs-client", "s3cret-Old-Value"), basic("srs-client", "s3cret-Old-Value"),
                basic("srs-client", "s3cret-New-Value")), auth);
        t.invalidate("idp-token-2-abcdef");
        assertEquals("idp-token-3-abcdef", t.token());
        assertEquals(basic("srs-client", "s3cret-New-Value"), idp.requests().get(3).header("Authorization"),
                "the rotated credentials are kept");
    }

    @Test
    void idpUnauthorizedWithUnchangedCredentialsFailsWithoutLeakingThem() {
        idp.on("/oauth/token", idpAccepting(Set.of("something-else")));
        SwisscomRejectedException e = assertThrows(SwisscomRejectedException.class, () -> tokens(store).token());
        assertEquals(401, e.status());
        assertEquals(1, idp.requests().size());
        assertFalse(e.getMessage().contains("s3cret"));
    }

    @Test
    void missingOrMalformedCredentialsNameTheSecretOnly() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CredentialsUnavailableException missing = assertThrows(CredentialsUnavailableException.class,
                () -> tokens(new InMemorySecretStore()).token());
        assertTrue(missing.getMessage().contains(CREDS));
        CredentialsUnavailableException malformed = assertThrows(CredentialsUnavailableException.class,
                () -> tokens(new InMemorySecretStore().put(CREDS, "{\"clientId\":\"x\",\"password\":\"pw-leak-check\"}")).token());
        assertFalse(malformed.getMessage().contains("pw-leak-check"));
        assertEquals(0, idp.requests().size());
    }

    @Test
    void malformedCacheSecretDegradesToTheIdpWithoutLoggingItsContent() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        store.put(CACHE, "{\"accessToken\":\"half-written-token-777\", \"expiresAt\": ");
        try (LogCapture cap = new LogCapture()) {
            assertEquals("idp-token-1-abcdef", tokens(store).token());
            assertTrue(cap.all().contains("malformed"));
            assertFalse(cap.all().contains("half-written-token-777"));
        }
    }

    @Test
    void theTemplatesEmptyCacheSecretIsNoWarningJustAMiss() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        store.put(CACHE, "{}");
        try (LogCapture cap = new LogCapture()) {
            assertEquals("idp-token-1-abcdef", tokens(store).token());
            assertFalse(cap.all().contains("malformed"), cap.all());
            assertFalse(cap.all().contains("\"level\":\"WARN\""), cap.all());
        }
        assertEquals(1, idp.requests().size());
    }

    /** A store whose reads or writes of the cache secret fail. */
    static final class FailingCacheStore implements SecretStore {
        final InMemorySecretStore inner;
        final boolean failReads;
        final boolean failWrites;

        FailingCacheStore(InMemorySecretStore inner, boolean failReads, boolean failWrites) {
            this.inner = inner;
            this.failReads = failReads;
            this.failWrites = failWrites;
        }

        @Override
        public Optional<String> read(String id) {
            if (failReads && id.equals(CACHE)) {
                throw new SecretStoreException("reading secret " + id + " failed (SdkClientException)", null);
            }
            return inner.read(id);
        }

        @Override
        public void write(String id, String value) {
            if (failWrites) {
                throw new SecretStoreException("writing secret " + id + " failed (LimitExceededException)", null);
            }
            inner.write(id, value);
        }
    }

    @Test
    void cacheSecretReadFailureDegradesWithAWarning() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        try (LogCapture cap = new LogCapture()) {
            assertEquals("idp-token-1-abcdef", tokens(new FailingCacheStore(store, true, false)).token());
            assertTrue(cap.lines().stream().anyMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("could not be read")));
        }
    }

    @Test
    void putSecretValueFailureStillServesTheIdpToken() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        try (LogCapture cap = new LogCapture()) {
            CachedAccessTokens t = tokens(new FailingCacheStore(store, false, true));
            assertEquals("idp-token-1-abcdef", t.token());
            assertEquals("idp-token-1-abcdef", t.token(), "and keeps it in memory");
            assertEquals(1, idp.requests().size());
            assertTrue(cap.lines().stream().anyMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("could not be written")));
        }
    }

    @Test
    void shortLivedTokensAreKeptForHalfTheirLifeInsteadOfRefreshingOnEveryCall() {
        idp.on("/oauth/token", r -> Response.json(200, "{\"access_token\":\"short-" + issued.incrementAndGet()
                + "-token\",\"expires_in\":60}"));
        CachedAccessTokens t = tokens(store);
        assertEquals("short-1-token", t.token());
        clock.advance(Duration.ofSeconds(29));
        assertEquals("short-1-token", t.token());
        clock.advance(Duration.ofSeconds(2));
        assertEquals("short-2-token", t.token());
    }

    @Test
    void idpAnswerWithoutAccessTokenIsAProtocolError() {
        idp.on("/oauth/token", r -> Response.json(200, "{\"token_type\":\"bearer\"}"));
        assertThrows(ch.srsconnect.shared.http.SwisscomProtocolException.class, () -> tokens(store).token());
    }

    @Test
    void concurrentCallersShareOneRefresh() throws Exception {
        CountDownLatch idpEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        idp.on("/oauth/token", r -> {
            idpEntered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return idpAccepting(Set.of("s3cret-Old-Value")).apply(r);
        });
        CachedAccessTokens t = tokens(store);
        int threads = 8;
        CountDownLatch ready = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    return t.token();
                }));
            }
            assertTrue(ready.await(10, TimeUnit.SECONDS));
            assertTrue(idpEntered.await(10, TimeUnit.SECONDS));
            awaitWaiting(t, threads - 1);
            release.countDown();
            for (Future<String> f : results) {
                assertEquals("idp-token-1-abcdef", f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, idp.requests().size());
            assertEquals(1, store.writes());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCallersShareOneFailedRefresh() throws Exception {
        CountDownLatch idpEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        idp.on("/oauth/token", r -> {
            idpEntered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.status(400);
        });
        CachedAccessTokens t = tokens(store);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(t::token));
            }
            assertTrue(idpEntered.await(10, TimeUnit.SECONDS));
            awaitWaiting(t, 3);
            release.countDown();
            for (Future<String> f : results) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertInstanceOf(SwisscomRejectedException.class, e.getCause());
            }
            assertEquals(1, idp.requests().size(), "the three waiters got the leader's failure, no refresh of their own");
            // after a failure the next call tries again
            idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
            assertTrue(t.token().startsWith("idp-token-"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void warmingOnAnEmptyCacheReadsTheCredentialsSoThatTheFirstRequestOnlyAsksTheIdp() {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        CachedAccessTokens t = tokens(store);
        t.warmFromCacheSecret();
        assertEquals(2, store.reads(), "the cache secret, then the credentials");
        assertEquals(0, idp.requests().size(), "warming never asks the IdP");

        assertEquals("idp-token-1-abcdef", t.token());
        assertEquals(3, store.reads(), "the cache secret once more (another container may have filled it), no credentials");
        assertEquals(1, idp.requests().size());
    }

    @Test
    void aRequestDuringTheWarmUpWaitsForItInsteadOfReadingTheSecretsItself() throws Exception {
        idp.on("/oauth/token", idpAccepting(Set.of("s3cret-Old-Value")));
        putCache("shared-token-xyz", T0.plusSeconds(1800));
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        SecretStore slow = new SecretStore() {
            @Override
            public Optional<String> read(String id) {
                reads.incrementAndGet();
                reading.countDown();
                try {
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return store.read(id);
            }

            @Override
            public void write(String id, String value) {
                store.write(id, value);
            }
        };
        CachedAccessTokens t = tokens(slow);
        Thread warm = Thread.ofPlatform().start(t::warmFromCacheSecret);
        assertTrue(reading.await(10, TimeUnit.SECONDS));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = pool.submit(t::token);
            awaitWaiting(t, 1);
            release.countDown();
            assertEquals("shared-token-xyz", first.get(10, TimeUnit.SECONDS));
            warm.join(10_000);
            assertEquals(1, reads.get(), "one read of the cache secret, by the warm-up");
            assertEquals(0, idp.requests().size());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (bounded) until n callers block on the leader's refresh. */
    static void awaitWaiting(CachedAccessTokens t, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.waitingForRefresh() < n) {
            assertTrue(System.nanoTime() < deadline, "waiters: " + t.waitingForRefresh());
            Thread.yield();
        }
    }

    @Test
    void idpUnavailableIsReportedAsUnavailable() {
        idp.on("/oauth/token", r -> Response.status(503));
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class, () -> tokens(store).token());
        assertEquals(3, idp.requests().size(), "the token POST is retried like an idempotent call");
        assertTrue(e.getMessage().startsWith("POST /oauth/token"));
    }
}
