package ch.srsconnect.shared.token;

/** The client credentials secret is missing, unreadable or malformed (names the secret id, not its content). */
public final class CredentialsUnavailableException extends RuntimeException {
    public CredentialsUnavailableException(String message) {
        super(message, null, false, true);
    }
}
