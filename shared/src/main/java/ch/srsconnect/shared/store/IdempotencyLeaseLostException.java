package ch.srsconnect.shared.store;

/** {@code complete} found the record no longer held with this lease (it expired and another request took over, or it vanished). */
public class IdempotencyLeaseLostException extends RuntimeException {
    public IdempotencyLeaseLostException(String message) {
        super(message);
    }
}
