package ch.srsconnect.shared.http;

import ch.srsconnect.shared.Randomness;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.log.Metrics;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLContext;

/**
 * Sends {@link HttpCall}s to Swisscom over {@link HttpTransport} with timeouts, bounded full-jitter retries
 * (idempotent calls only), {@code Retry-After} handling and 401 → invalidate token → retry once.
 *
 * <p>Returns an {@link HttpResult} for every status below 500 except 429 (callers decide what a 404 means);
 * throws {@link SwisscomUnavailableException} when Swisscom stays unavailable. Never logs URIs, headers or bodies.
 */
public final class SwisscomHttp {
    private static final Log LOG = Log.get(SwisscomHttp.class);

    private final HttpTransport transport;
    private final HttpSettings settings;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    public SwisscomHttp(HttpTransport transport, HttpSettings settings) {
        this(transport, settings, Sleeper.REAL, Randomness::nextDouble);
    }

    /** For tests: a fake sleeper and a deterministic random source in [0, 1). */
    public SwisscomHttp(HttpTransport transport, HttpSettings settings, Sleeper sleeper, DoubleSupplier random) {
        this.transport = transport;
        this.settings = settings;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Over {@link HttpTransport#of(HttpSettings)}: the JVM's TLS context. */
    public static SwisscomHttp of(HttpSettings settings) {
        return new SwisscomHttp(HttpTransport.of(settings), settings);
    }

    public HttpSettings settings() {
        return settings;
    }

    public HttpResult send(HttpCall call) {
        int attempt = 1;
        boolean tokenRetried = false;
        long started = System.nanoTime();
        while (true) {
            Duration timeout = attemptTimeout(call, started);
            String token = call.tokens == null ? null : call.tokens.token();
            HttpTransport.Response response;
            try {
                response = transport.exchange(call.method, call.uri, headers(call, token), call.body, timeout);
            } catch (IOException e) {
                boolean notSent = e instanceof HttpTransport.NotSentException;
                Throwable cause = notSent ? e.getCause() : e;
                String reason = cause instanceof SocketTimeoutException && !notSent
                        ? "timed out" : "I/O error (" + cause.getClass().getSimpleName() + ")";
                Duration wait = backoff(attempt);
                if ((call.idempotent || notSent) && attempt < settings.maxAttempts() && timeLeftFor(wait)) {
                    LOG.warn("swisscom call failed, retrying", "endpoint", call.endpoint, "attempt", attempt, "reason", reason);
                    pause(call, wait);
                    attempt++;
                    continue;
                }
                record(call, "unavailable", started);
                throw new SwisscomUnavailableException(call.endpoint, reason + " after " + attempt + " attempt(s)",
                        settings.defaultRetryAfterSeconds(), !notSent);
            }

            int status = response.status();
            if (status == 401 && token != null && !tokenRetried) {
                // Stale or revoked token: drop it and retry once with a fresh one (the request was not processed).
                call.tokens.invalidate(token);
                tokenRetried = true;
                LOG.info("swisscom answered 401, retrying with a fresh token", "endpoint", call.endpoint);
                continue;
            }
            if (status >= 500 || status == 429) {
                OptionalLong retryAfter = response.header("Retry-After").map(SwisscomHttp::parseRetryAfter)
                        .orElse(OptionalLong.empty());
                boolean retryAfterTooLong = retryAfter.isPresent()
                        && retryAfter.getAsLong() > settings.maxRetryAfter().toSeconds();
                Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsLong()) : backoff(attempt);
                if (call.idempotent && attempt < settings.maxAttempts() && !retryAfterTooLong && timeLeftFor(wait)) {
                    LOG.warn("swisscom call failed, retrying", "endpoint", call.endpoint, "attempt", attempt, "status", status);
                    pause(call, wait);
                    attempt++;
                    continue;
                }
                record(call, "unavailable", started);
                throw new SwisscomUnavailableException(call.endpoint, "HTTP " + status + " after " + attempt + " attempt(s)",
                        retryAfter.isPresent() ? Math.max(1, retryAfter.getAsLong()) : settings.defaultRetryAfterSeconds(),
                        status == 504);
            }
            record(call, status < 400 ? "ok" : "rejected", started);
            LOG.debug("swisscom call", "endpoint", call.endpoint, "status", status, "attempts", attempt);
            return new HttpResult(call.endpoint, status, response.headers(), response.body());
        }
    }

    /** Shortest attempt worth starting: less than this left before the invocation's deadline and we give up. */
    static final Duration MIN_ATTEMPT = Duration.ofMillis(500);

    /** The request timeout, cut to what the invocation has left; none left → the call fails at once. */
    private Duration attemptTimeout(HttpCall call, long startedNanos) {
        Optional<Duration> left = InvocationDeadline.remaining();
        if (left.isEmpty()) {
            return settings.requestTimeout();
        }
        if (left.get().compareTo(MIN_ATTEMPT) < 0) {
            record(call, "unavailable", startedNanos);
            throw new SwisscomUnavailableException(call.endpoint, "no time left in this invocation",
                    settings.defaultRetryAfterSeconds());
        }
        return left.get().compareTo(settings.requestTimeout()) < 0 ? left.get() : settings.requestTimeout();
    }

    /** Whether waiting {@code wait} still leaves time for a worthwhile attempt before the invocation's deadline. */
    private static boolean timeLeftFor(Duration wait) {
        return InvocationDeadline.remaining().map(left -> left.compareTo(wait.plus(MIN_ATTEMPT)) > 0).orElse(true);
    }

    /** Full jitter: uniform in [0, min(maxBackoff, base · 2^(attempt-1))]. */
    Duration backoff(int attempt) {
        long capMillis = Math.min(settings.maxBackoff().toMillis(),
                settings.baseBackoff().toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return Duration.ofMillis((long) (random.getAsDouble() * capMillis));
    }

    private void pause(HttpCall call, Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwisscomUnavailableException(call.endpoint, "interrupted", settings.defaultRetryAfterSeconds());
        }
    }

    /** The same settings and retries over a transport that presents the TLS identity of {@code tls} (mTLS). */
    public SwisscomHttp withTls(SSLContext tls) {
        return new SwisscomHttp(HttpTransport.of(settings, tls), settings, sleeper, random);
    }

    /**
     * New connections from now on: after a SnapStart restore the pooled ones belong to the snapshot's host, and a
     * non-idempotent call (an order) sent over one of them would fail without a retry.
     */
    public void reconnect() {
        transport.reconnect();
    }

    /** For tests: the transport in use. */
    HttpTransport transport() {
        return transport;
    }

    /** The request's headers: the contract's Accept unless the call names one, the tokens' extras, the bearer. */
    private Map<String, String> headers(HttpCall call, String token) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!call.headers.containsKey("Accept")) {
            h.put("Accept", settings.contract().acceptFor(call.endpoint));
        }
        if (call.tokens != null) {
            h.putAll(call.tokens.extraHeaders());
        }
        h.putAll(call.headers);
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return h;
    }

    /** {@code Retry-After} as delta-seconds or HTTP-date; unparseable → empty. */
    static OptionalLong parseRetryAfter(String v) {
        String s = v.trim();
        try {
            long n = Long.parseLong(s);
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (NumberFormatException ignored) {
            // try HTTP-date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
            long secs = Duration.between(Instant.now(), at.toInstant()).toSeconds();
            return OptionalLong.of(Math.max(0, secs));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
    }

    private static void record(HttpCall call, String outcome, long startedNanos) {
        Metrics.millis("SwisscomCallMillis", (System.nanoTime() - startedNanos) / 1_000_000,
                Map.of("endpoint", call.endpoint, "outcome", outcome));
    }
}
