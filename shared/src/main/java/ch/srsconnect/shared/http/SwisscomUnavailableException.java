package ch.srsconnect.shared.http;

/** Swisscom unreachable, timing out, or answering 5xx/429 (after the allowed retries). Maps to 503 + Retry-After. */
public final class SwisscomUnavailableException extends SwisscomException {
    private final long retryAfterSeconds;

    public SwisscomUnavailableException(String endpoint, String reason, long retryAfterSeconds) {
        super(endpoint, reason + " (retry after " + retryAfterSeconds + " s)");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
