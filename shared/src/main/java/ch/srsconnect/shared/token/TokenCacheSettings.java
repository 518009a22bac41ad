package ch.srsconnect.shared.token;

import java.time.Duration;
import java.util.Objects;

/**
 * One scope's token cache.
 *
 * @param scope               OAuth2 scope ({@code miss}, {@code smartflow})
 * @param credentialsSecretId secret {@code {"clientId","clientSecret"}}
 * @param cacheSecretId       secret {@code {"accessToken","expiresAt"}} shared by all containers
 * @param refreshSkew         a token with less life left than this is not used
 */
public record TokenCacheSettings(String scope, String credentialsSecretId, String cacheSecretId, Duration refreshSkew) {
    /** Lifetime assumed when the IdP's answer has no usable {@code expires_in}. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    public TokenCacheSettings {
        Objects.requireNonNull(scope);
        Objects.requireNonNull(credentialsSecretId);
        Objects.requireNonNull(cacheSecretId);
        Objects.requireNonNull(refreshSkew);
    }
}
