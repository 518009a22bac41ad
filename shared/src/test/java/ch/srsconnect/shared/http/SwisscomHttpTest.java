package ch.srsconnect.shared.http;

import ch.srsconnect.shared.log.LogCapture;
import ch.srsconnect.shared.testing.CountingTokens;
import ch.srsconnect.shared.testing.FakeServer;
import ch.srsconnect.shared.testing.FakeServer.Response;
import ch.srsconnect.shared.testing.RecordingSleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import static org.junit.jupiter.api.Assertions.*;

class SwisscomHttpTest {
    private static final HttpSettings SETTINGS = new HttpSettings(Duration.ofMillis(500), Duration.ofSeconds(5), 3,
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(3), 5);

    private final FakeServer server = new FakeServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        server.close();
        InvocationDeadline.clear();
    }

    private SwisscomHttp http(HttpSettings settings, double random) {
        return new SwisscomHttp(HttpTransport.of(settings), settings, sleeper, () -> random);
    }

    private static java.util.function.Function<FakeServer.Request, Response> script(Response... responses) {
        Iterator<Response> it = List.of(responses).iterator();
        return r -> it.hasNext() ? it.next() : Response.status(500);
    }

    @Test
    void idempotentCallRetriesFiveHundredsWithJitteredBackoff() {
        server.on("/x", script(Response.status(503), Response.status(502), Response.json(200, "[]")));
        HttpResult r = http(SETTINGS, 0.999).send(HttpCall.get(server.uri("/x"), "GET /x"));
        assertEquals(200, r.status());
        assertEquals(3, server.requests("/x").size());
        assertEquals(2, sleeper.sleeps.size());
        // full jitter: attempt 1 waits at most base, attempt 2 at most 2·base
        assertTrue(sleeper.sleeps.get(0).toMillis() <= 200 && sleeper.sleeps.get(0).toMillis() >= 190, sleeper.sleeps.toString());
        assertTrue(sleeper.sleeps.get(1).toMillis() <= 400 && sleeper.sleeps.get(1).toMillis() >= 390, sleeper.sleeps.toString());
    }

    @Test
    void noRetryThatCannotFinishBeforeTheInvocationsDeadline() {
        server.on("/x", r -> Response.status(503));
        InvocationDeadline.set(java.time.Instant.now().plusMillis(600));
        // attempt 1's backoff may be up to 200 ms; with the 500 ms minimum attempt that no longer fits in 600 ms
        assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.999).send(HttpCall.get(server.uri("/x"), "GET /x")));
        assertEquals(1, server.requests("/x").size());
        assertTrue(sleeper.sleeps.isEmpty(), sleeper.sleeps.toString());
    }

    @Test
    void retriesAsUsualWhenTheDeadlineLeavesRoom() {
        server.on("/x", script(Response.status(503), Response.json(200, "[]")));
        InvocationDeadline.set(java.time.Instant.now().plusSeconds(20));
        assertEquals(200, http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x")).status());
        assertEquals(2, server.requests("/x").size());
    }

    @Test
    void noAttemptAtAllOnceTheDeadlineHasPassed() {
        server.on("/x", r -> Response.json(200, "[]"));
        InvocationDeadline.set(java.time.Instant.now().minusMillis(1));
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x")));
        assertTrue(e.getMessage().contains("no time left"), e.getMessage());
        assertEquals(0, server.requests("/x").size());
    }

    @Test
    void backoffStaysWithinZeroAndTheCap() {
        SwisscomHttp high = http(SETTINGS, 0.999999);
        SwisscomHttp low = http(SETTINGS, 0.0);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long cap = Math.min(2000, 200L << Math.min(20, attempt - 1));
            long h = high.backoff(attempt).toMillis();
            assertTrue(h <= cap && h >= cap - 1, "attempt " + attempt + ": " + h);
            assertEquals(0, low.backoff(attempt).toMillis());
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAsUnavailable() {
        server.on("/x", r -> Response.status(500));
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x")));
        assertEquals(3, server.requests("/x").size());
        assertEquals(5, e.retryAfterSeconds(), "default Retry-After when Swisscom gave none");
        assertEquals("GET /x", e.endpoint());
        assertTrue(e.getMessage().contains("HTTP 500"));
    }

    @Test
    void nonIdempotentPostIsNotRetriedOnFiveHundreds() {
        server.on("/order", r -> Response.status(503));
        assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.postJson(server.uri("/order"), "POST /order", "{}")));
        assertEquals(1, server.requests("/order").size());
        assertTrue(sleeper.sleeps.isEmpty());
    }

    @Test
    void retryAfterIsHonouredUpToTheCap() {
        server.on("/x", script(Response.status(429).withHeader("Retry-After", "2"), Response.json(200, "{}")));
        assertEquals(200, http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x")).status());
        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.sleeps);

        server.on("/y", r -> Response.status(503).withHeader("Retry-After", "120"));
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/y"), "GET /y")));
        assertEquals(1, server.requests("/y").size(), "a Retry-After beyond the cap ends the retries");
        assertEquals(120, e.retryAfterSeconds(), "and is passed on to our caller");
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        assertEquals(7, SwisscomHttp.parseRetryAfter(" 7 ").getAsLong());
        assertTrue(SwisscomHttp.parseRetryAfter("soon").isEmpty());
        assertTrue(SwisscomHttp.parseRetryAfter("-3").isEmpty());
        String past = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(5));
        assertEquals(0, SwisscomHttp.parseRetryAfter(past).getAsLong());
        String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(10));
        long s = SwisscomHttp.parseRetryAfter(future).getAsLong();
        assertTrue(s > 500 && s <= 600, String.valueOf(s));
    }

    @Test
    void unauthorizedInvalidatesTheTokenAndRetriesOnce() {
        server.on("/x", r -> "Bearer tok-2".equals(r.header("Authorization")) ? Response.json(200, "{}") : Response.status(401));
        CountingTokens tokens = new CountingTokens();
        HttpResult r = http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x").bearer(tokens));
        assertEquals(200, r.status());
        assertEquals(List.of("tok-1"), tokens.invalidated);
        assertEquals(List.of("Bearer tok-1", "Bearer tok-2"), server.requests("/x").stream().map(q -> q.header("Authorization")).toList());
    }

    @Test
    void unauthorizedTwiceIsReturnedAfterOneRetryEvenForPost() {
        server.on("/x", r -> Response.status(401));
        CountingTokens tokens = new CountingTokens();
        HttpResult r = http(SETTINGS, 0.5).send(HttpCall.postJson(server.uri("/x"), "POST /x", "{}").bearer(tokens));
        assertEquals(401, r.status());
        assertEquals(2, server.requests("/x").size());
        SwisscomRejectedException e = assertThrows(SwisscomRejectedException.class, r::requireSuccess);
        assertEquals(401, e.status());
    }

    @Test
    void clientErrorsAreReturnedAndMappedWithoutBodyOrToken() {
        server.on("/x", r -> Response.json(400, "{\"error\":\"body-secret-detail\"}"));
        HttpResult r = http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x?msisdn=41791234567"), "GET /x").bearer(new CountingTokens()));
        assertEquals(400, r.status());
        assertEquals(1, server.requests("/x").size(), "4xx are not retried");
        SwisscomRejectedException e = assertThrows(SwisscomRejectedException.class, r::requireSuccess);
        assertFalse(e.getMessage().contains("body-secret-detail"));
        assertFalse(e.getMessage().contains("tok-1"));
        assertFalse(e.getMessage().contains("41791234567"));
        assertFalse(r.toString().contains("body-secret-detail"));
    }

    @Test
    void notFoundIsAnAnswerNotAnError() {
        server.on("/x", r -> Response.status(404));
        assertEquals(404, http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x")).status());
    }

    @Test
    void droppedConnectionsAreRetriedForIdempotentCallsOnly() {
        // A POST marked idempotent (the JDK client itself silently re-sends dropped GETs once, so a GET would not show ours).
        server.on("/lookup", script(Response.drop(), Response.json(200, "{\"ok\":true}")));
        HttpResult r = http(SETTINGS, 0.5).send(HttpCall.postJson(server.uri("/lookup"), "POST /lookup", "{}").idempotent(true));
        assertTrue(r.json().get("ok").asBoolean());
        assertEquals(2, server.requests("/lookup").size());
        assertEquals(1, sleeper.sleeps.size());

        server.on("/order", script(Response.drop(), Response.json(200, "{}")));
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.postJson(server.uri("/order"), "POST /order", "{}")));
        assertTrue(e.getMessage().contains("I/O error"), e.getMessage());
        assertEquals(1, server.requests("/order").size(), "a POST that may have been processed is not re-sent");
    }

    @Test
    void timeoutsAreRetriedThenReportedAsUnavailable() {
        server.on("/x", r -> Response.hang());
        HttpSettings fast = SETTINGS.withRequestTimeout(Duration.ofMillis(150)).withMaxAttempts(2);
        SwisscomUnavailableException e = assertThrows(SwisscomUnavailableException.class,
                () -> http(fast, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x").bearer(new CountingTokens())));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertFalse(e.getMessage().contains("tok-1"));
        assertEquals(2, server.requests("/x").size());
    }

    @Test
    void connectionRefusedIsRetriedEvenForPostBecauseNothingWasSent() throws Exception {
        URI dead;
        try (var s = new java.net.ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/order");
        }
        assertThrows(SwisscomUnavailableException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.postJson(dead, "POST /order", "{}")));
        assertEquals(2, sleeper.sleeps.size(), "3 attempts");
    }

    @Test
    void malformedJsonIsAProtocolError() {
        server.on("/x", r -> Response.json(200, "<html>oops token-like-thing</html>"));
        HttpResult r = http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x"), "GET /x"));
        SwisscomProtocolException e = assertThrows(SwisscomProtocolException.class, r::json);
        assertFalse(e.getMessage().contains("oops"));
        server.on("/empty", r2 -> Response.status(200));
        assertThrows(SwisscomProtocolException.class,
                () -> http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/empty"), "GET /empty")).json());
    }

    @Test
    void logsNameTheEndpointButNeverTheUriOrToken() {
        AtomicInteger n = new AtomicInteger();
        server.on("/x", r -> n.incrementAndGet() == 1 ? Response.status(503) : Response.json(200, "{}"));
        try (LogCapture cap = new LogCapture()) {
            http(SETTINGS, 0.5).send(HttpCall.get(server.uri("/x?msisdn=41791234567"), "GET /x").bearer(new CountingTokens()));
            String out = cap.all();
            assertTrue(out.contains("GET /x"));
            assertFalse(out.contains("41791234567"));
            assertFalse(out.contains("tok-1"));
        }
    }

    @Test
    void reconnectMakesNewConnectionsFromANewSocketFactoryOfTheSameTlsIdentity() {
        server.on("/x", r -> Response.json(200, "[]"));
        SwisscomHttp http = http(SETTINGS, 0.5);
        assertEquals(200, http.send(HttpCall.get(server.uri("/x"), "GET /x")).status());
        SSLSocketFactory old = http.transport().socketFactory();
        SSLContext identity = http.transport().sslContext();

        http.reconnect();

        // the JDK pools HTTPS connections per socket factory: none opened before the restore is reused
        assertNotSame(old, http.transport().socketFactory());
        assertSame(identity, http.transport().sslContext());
        assertEquals(200, http.send(HttpCall.get(server.uri("/x"), "GET /x")).status());
    }

    @Test
    void withTlsReconnectsWithTheSameTlsIdentity() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, null, null);
        SwisscomHttp http = http(SETTINGS, 0.5).withTls(tls);
        assertSame(tls, http.transport().sslContext());
        http.reconnect();
        assertSame(tls, http.transport().sslContext());
    }
}
