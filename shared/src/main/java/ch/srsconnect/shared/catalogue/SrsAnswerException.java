package ch.srsconnect.shared.catalogue;

/** SRS's method list is not the JSON array srs-api.md §2 describes: the caller answers 502. */
public class SrsAnswerException extends RuntimeException {
    public SrsAnswerException(String message) {
        super(message);
    }
}
