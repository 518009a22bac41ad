package ch.srsconnect.shared.token;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.util.Optional;
import java.util.function.Supplier;

/** {@link SecretStore} on AWS Secrets Manager (GetSecretValue / PutSecretValue). */
public final class SecretsManagerStore implements SecretStore {
    private final Supplier<SecretsManagerClient> client;

    public SecretsManagerStore(SecretsManagerClient client) {
        this(() -> client);
    }

    /** The client is obtained on first use (lets a container skip building it until a token is needed). */
    public SecretsManagerStore(Supplier<SecretsManagerClient> client) {
        this.client = client;
    }

    @Override
    public Optional<String> read(String secretId) {
        try {
            return Optional.ofNullable(client.get().getSecretValue(b -> b.secretId(secretId)).secretString());
        } catch (ResourceNotFoundException e) {
            // Missing secret, or a secret created without a value yet (no AWSCURRENT version).
            return Optional.empty();
        } catch (SdkException e) {
            throw new SecretStoreException("reading secret " + secretId + " failed (" + describe(e) + ")", e);
        }
    }

    /** Error code (e.g. AccessDeniedException) or exception class — never the service's message text. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null) {
            return ase.awsErrorDetails().errorCode() + ", HTTP " + ase.statusCode();
        }
        return e.getClass().getSimpleName();
    }

    @Override
    public void write(String secretId, String value) {
        try {
            client.get().putSecretValue(b -> b.secretId(secretId).secretString(value));
        } catch (SdkException e) {
            throw new SecretStoreException("writing secret " + secretId + " failed (" + describe(e) + ")", e);
        }
    }
}
