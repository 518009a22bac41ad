package ch.srsconnect.shared.token;

import java.util.Map;

/** OAuth2 access tokens for one scope. Implementations are thread-safe. */
public interface AccessTokens {
    /** A token valid for at least the refresh skew (may block while one refresh runs). */
    String token();

    /** Swisscom answered 401 with this token: never hand it out again. No-op if already replaced. */
    void invalidate(String token);

    /** Drops the token held in memory: the next call reads the cache secret or asks the IdP (after a SnapStart restore). */
    default void forgetCached() {
    }

    /**
     * Takes a token that the cache secret holds and that is still valid beyond the refresh skew into memory, without
     * asking the IdP; when there is none, reads the client credentials, so that the first request only asks the IdP.
     * Called during init, so that the first request finds its token there. It makes AWS calls and never a Swisscom one.
     */
    default void warmFromCacheSecret() {
    }

    /** Headers sent with every call that carries these tokens (Smart Flows' optional X-Api-Key and Referer). */
    default Map<String, String> extraHeaders() {
        return Map.of();
    }
}
