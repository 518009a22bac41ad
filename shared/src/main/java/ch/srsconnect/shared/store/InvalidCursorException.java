package ch.srsconnect.shared.store;

/** A listing cursor that this store did not issue for this query (malformed, edited or from another query): a 400. */
public class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
