package ch.srsconnect.shared.api;

/** The request cannot be read at all (bad base64 body, unparseable JSON). Maps to a 400 problem. */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String message) {
        super(message);
    }
}
