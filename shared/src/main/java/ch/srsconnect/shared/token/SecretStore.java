package ch.srsconnect.shared.token;

import java.util.Optional;

/** The few Secrets Manager operations the token cache needs. Failures are {@link SecretStoreException}s. */
public interface SecretStore {
    /** The secret's current string value; empty if the secret does not exist or has no value yet. */
    Optional<String> read(String secretId);

    /** Stores a new current value (PutSecretValue). */
    void write(String secretId, String value);
}
