package ch.srsconnect.simulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Opaque bearer tokens issued by the simulated IdP. */
final class Tokens {

    record Token(String value, String scope, Instant expiresAt) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong issued = new AtomicLong();

    Token issue(String scope, long ttlSeconds) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        Token t = new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(b), scope,
                Instant.now().plusSeconds(ttlSeconds));
        tokens.put(t.value(), t);
        issued.incrementAndGet();
        return t;
    }

    /** The token if known, unrevoked and unexpired; else null. */
    Token valid(String value) {
        Token t = value == null ? null : tokens.get(value);
        if (t == null) {
            return null;
        }
        if (!Instant.now().isBefore(t.expiresAt())) {
            tokens.remove(value);
            return null;
        }
        return t;
    }

    int revokeAll() {
        int n = tokens.size();
        tokens.clear();
        return n;
    }

    long issued() {
        return issued.get();
    }

    void resetIssued() {
        issued.set(0);
    }
}
