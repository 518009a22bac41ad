package ch.srsconnect.shared.http;

/** Swisscom answered something we cannot use (not JSON, wrong shape, missing field). Maps to 502. */
public final class SwisscomProtocolException extends SwisscomException {
    public SwisscomProtocolException(String endpoint, String reason) {
        super(endpoint, reason);
    }
}
