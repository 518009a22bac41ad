package ch.srsconnect.shared.http;

/**
 * A call to Swisscom (IdP, SRS, RA, Smart Flows) failed. Messages name the endpoint label
 * (e.g. {@code GET /api/providers}) and the status — never tokens, URLs with personal data, or response bodies.
 */
public abstract sealed class SwisscomException extends RuntimeException
        permits SwisscomUnavailableException, SwisscomRejectedException, SwisscomProtocolException {
    private final String endpoint;

    SwisscomException(String endpoint, String message) {
        super(endpoint + ": " + message, null, false, true);
        this.endpoint = endpoint;
    }

    /** Endpoint label, e.g. {@code GET /api/providers}. */
    public String endpoint() {
        return endpoint;
    }
}
