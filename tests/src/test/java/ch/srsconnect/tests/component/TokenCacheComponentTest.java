package ch.srsconnect.tests.component;

import ch.srsconnect.methods.ListMethodsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OAuth token cache across Lambda containers: each {@link Platform} here is one container (its own memory,
 * HTTP client and token cache), all share one Secrets Manager (the stand-in) and the simulator's IdP.
 * The method-list cache is off, so every request needs a token for SRS.
 */
class TokenCacheComponentTest {

    private final TestEnvironment env = TestEnvironment.get();

    private List<ListMethodsHandler> containers(Config config, int n) {
        List<ListMethodsHandler> handlers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            handlers.add(new ListMethodsHandler(Platform.fromConfig(config)));
        }
        return handlers;
    }

    private static Config withoutMethodCache(Config config) {
        return config.with(Map.of(EnvVar.METHODS_CACHE_TTL_SECONDS, "0"));
    }

    private static int status(ListMethodsHandler handler) {
        return handler.handleRequest(HttpApiEvents.get("GET /methods", "/methods", "jurisdiction=EIDAS", "alice"), null)
                .getStatusCode();
    }

    @Test
    void fourContainersShareOneIdpTokenThroughTheCacheSecret() {
        List<ListMethodsHandler> handlers = containers(withoutMethodCache(env.config("token-shared")), 4);
        long tokensBefore = env.simulator().stats().tokensIssued();
        long srsBefore = env.simulator().stats().calls("GET /api/providers");

        for (int i = 0; i < 200; i++) {
            assertEquals(200, status(handlers.get(i % 4)));
        }

        assertEquals(1, env.simulator().stats().tokensIssued() - tokensBefore, "IdP calls for 200 requests over 4 containers");
        assertEquals(200, env.simulator().stats().calls("GET /api/providers") - srsBefore, "every request reached SRS");
    }

    @Test
    void containersColdStartingTogetherAskTheIdpAtMostOnceEach() throws Exception {
        List<ListMethodsHandler> handlers = containers(withoutMethodCache(env.config("token-stampede")), 4);
        long tokensBefore = env.simulator().stats().tokensIssued();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (ListMethodsHandler h : handlers) {
                results.add(pool.submit(() -> {
                    go.await();
                    return status(h);
                }));
            }
            go.countDown();
            for (Future<Integer> r : results) {
                assertEquals(200, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long issued = env.simulator().stats().tokensIssued() - tokensBefore;
        assertTrue(issued >= 1 && issued <= 4, "one refresh per container at most, got " + issued);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndRequestsKeepSucceeding() {
        List<ListMethodsHandler> handlers = containers(withoutMethodCache(env.config("token-revoked")), 2);
        assertEquals(200, status(handlers.get(0)));
        assertEquals(200, status(handlers.get(1)));
        long tokensBefore = env.simulator().stats().tokensIssued();

        env.simulator().revokeTokens();
        for (int i = 0; i < 10; i++) {
            assertEquals(200, status(handlers.get(i % 2)), "request " + i + " after revocation");
        }

        long issued = env.simulator().stats().tokensIssued() - tokensBefore;
        assertTrue(issued >= 1 && issued <= 2, "the second container picks up the first one's new token, got " + issued);
    }
}
