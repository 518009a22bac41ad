package ch.srsconnect.shared.store;

/** {@code create} found an item with the same id. */
public class IdentificationExistsException extends RuntimeException {
    public IdentificationExistsException(String id) {
        super("an item with id " + id + " already exists");
    }
}
