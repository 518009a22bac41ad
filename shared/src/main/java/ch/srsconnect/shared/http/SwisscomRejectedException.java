package ch.srsconnect.shared.http;

/** Swisscom answered a 4xx other than 429 (and other than a 401 cured by a fresh token). */
public final class SwisscomRejectedException extends SwisscomException {
    private final int status;

    public SwisscomRejectedException(String endpoint, int status) {
        super(endpoint, "rejected with HTTP " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
