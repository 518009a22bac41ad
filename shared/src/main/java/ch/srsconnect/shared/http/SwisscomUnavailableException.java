package ch.srsconnect.shared.http;

/** Swisscom unreachable, timing out, or answering 5xx/429 (after the allowed retries). Maps to 503 + Retry-After. */
public final class SwisscomUnavailableException extends SwisscomException {
    private final long retryAfterSeconds;
    private final boolean mayHaveBeenProcessed;

    public SwisscomUnavailableException(String endpoint, String reason, long retryAfterSeconds) {
        this(endpoint, reason, retryAfterSeconds, false);
    }

    /**
     * @param mayHaveBeenProcessed the request was sent and no answer came back (read timeout, connection reset
     *                             after sending, 504 from a gateway): Swisscom may have acted on it
     */
    public SwisscomUnavailableException(String endpoint, String reason, long retryAfterSeconds, boolean mayHaveBeenProcessed) {
        super(endpoint, reason + " (retry after " + retryAfterSeconds + " s)");
        this.retryAfterSeconds = retryAfterSeconds;
        this.mayHaveBeenProcessed = mayHaveBeenProcessed;
    }

    /**
     * True when the request reached Swisscom (or may have) without an answer: for a non-idempotent call such as
     * placing an order, its effect is unknown and must be reconciled. False when it was never sent (connection
     * refused, connect timeout) or Swisscom answered with an error status (its refusal).
     */
    public boolean mayHaveBeenProcessed() {
        return mayHaveBeenProcessed;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
