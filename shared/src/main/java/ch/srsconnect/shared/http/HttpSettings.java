package ch.srsconnect.shared.http;

import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.contract.SwisscomContract;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Timeouts and retry policy for calls to Swisscom.
 *
 * @param maxAttempts         attempts for idempotent calls (1 = no retry)
 * @param baseBackoff         full-jitter backoff: attempt n waits a random time in [0, min(maxBackoff, base·2^(n-1))]
 * @param maxRetryAfter       a {@code Retry-After} up to this is honoured by waiting; a longer one ends the retries
 *                            and is passed on to our caller
 * @param defaultRetryAfterSeconds what we tell our caller when Swisscom gave no {@code Retry-After}
 * @param contract            the assumed wire details ({@code Accept} per call, IdP client authentication, ...)
 */
public record HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                           Duration baseBackoff, Duration maxBackoff, Duration maxRetryAfter,
                           long defaultRetryAfterSeconds, SwisscomContract contract) {

    public static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(3);
    public static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

    public HttpSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(contract, "contract");
    }

    /** With the contract's defaults. */
    public HttpSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration baseBackoff,
                        Duration maxBackoff, Duration maxRetryAfter, long defaultRetryAfterSeconds) {
        this(connectTimeout, requestTimeout, maxAttempts, baseBackoff, maxBackoff, maxRetryAfter, defaultRetryAfterSeconds,
                SwisscomContract.DEFAULTS);
    }

    public static HttpSettings fromConfig(Config c) {
        int attempts = c.integer(EnvVar.SRS_MAX_ATTEMPTS, EnvVar.DEFAULT_SRS_MAX_ATTEMPTS);
        if (attempts < 1) {
            throw new ConfigException(EnvVar.SRS_MAX_ATTEMPTS, "must be at least 1");
        }
        return new HttpSettings(
                c.duration(EnvVar.SRS_CONNECT_TIMEOUT_MS, ChronoUnit.MILLIS, EnvVar.DEFAULT_SRS_CONNECT_TIMEOUT_MS),
                c.duration(EnvVar.SRS_REQUEST_TIMEOUT_MS, ChronoUnit.MILLIS, EnvVar.DEFAULT_SRS_REQUEST_TIMEOUT_MS),
                attempts, DEFAULT_BASE_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS,
                SwisscomContract.fromConfig(c));
    }

    public HttpSettings withMaxAttempts(int n) {
        return new HttpSettings(connectTimeout, requestTimeout, n, baseBackoff, maxBackoff, maxRetryAfter, defaultRetryAfterSeconds,
                contract);
    }

    public HttpSettings withRequestTimeout(Duration d) {
        return new HttpSettings(connectTimeout, d, maxAttempts, baseBackoff, maxBackoff, maxRetryAfter, defaultRetryAfterSeconds,
                contract);
    }
}
