package ch.srsconnect.shared.token;

/** Secrets Manager could not be read or written. The message names the secret id, never a value. */
public final class SecretStoreException extends RuntimeException {
    public SecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
