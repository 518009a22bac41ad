package ch.srsconnect.shared.token;

/** OAuth2 access tokens for one scope. Implementations are thread-safe. */
public interface AccessTokens {
    /** A token valid for at least the refresh skew (may block while one refresh runs). */
    String token();

    /** Swisscom answered 401 with this token: never hand it out again. No-op if already replaced. */
    void invalidate(String token);
}
