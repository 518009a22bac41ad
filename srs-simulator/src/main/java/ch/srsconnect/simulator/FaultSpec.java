package ch.srsconnect.simulator;

import java.util.Objects;

/**
 * One injected fault for an endpoint key such as {@code "GET /api/providers"} or
 * {@code "GET /api/identifications/{refId}"}.
 *
 * @param endpoint   endpoint key ({@code METHOD /template}); {@code "*"} matches every non-admin endpoint
 * @param status     HTTP status to answer with; 0 = answer normally (latency only)
 * @param latencyMs  delay before answering
 * @param malformed  answer 200 with a broken JSON body
 * @param count      fire on the next N matching calls; null = no limit
 * @param ratio      fire with this probability (seeded random); null = always
 * @param retryAfter value of a {@code Retry-After} header (seconds); null = none
 */
public record FaultSpec(String endpoint, int status, long latencyMs, boolean malformed,
                        Integer count, Double ratio, Integer retryAfter) {

    public FaultSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be 100..599 or 0: " + status);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        if (count != null && count < 1) {
            throw new IllegalArgumentException("count must be >= 1");
        }
        if (ratio != null && (ratio < 0 || ratio > 1)) {
            throw new IllegalArgumentException("ratio must be 0..1");
        }
        if (status == 0 && !malformed && latencyMs == 0) {
            throw new IllegalArgumentException("a fault needs a status, malformed or latencyMs");
        }
    }

    /** Answer {@code status} on every call of {@code endpoint} (narrow with {@link #times} or {@link #ratio(double)}). */
    public static FaultSpec status(String endpoint, int status) {
        return new FaultSpec(endpoint, status, 0, false, null, null, null);
    }

    /** Answer 200 with a broken JSON body. */
    public static FaultSpec malformed(String endpoint) {
        return new FaultSpec(endpoint, 0, 0, true, null, null, null);
    }

    /** Delay the normal answer. */
    public static FaultSpec latency(String endpoint, long latencyMs) {
        return new FaultSpec(endpoint, 0, latencyMs, false, null, null, null);
    }

    public FaultSpec times(int n) {
        return new FaultSpec(endpoint, status, latencyMs, malformed, n, ratio, retryAfter);
    }

    public FaultSpec ratio(double r) {
        return new FaultSpec(endpoint, status, latencyMs, malformed, count, r, retryAfter);
    }

    public FaultSpec withLatencyMs(long ms) {
        return new FaultSpec(endpoint, status, ms, malformed, count, ratio, retryAfter);
    }

    public FaultSpec withRetryAfter(int seconds) {
        return new FaultSpec(endpoint, status, latencyMs, malformed, count, ratio, seconds);
    }
}
