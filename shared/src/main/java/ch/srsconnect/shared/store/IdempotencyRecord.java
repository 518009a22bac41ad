package ch.srsconnect.shared.store;

import java.time.Instant;

/**
 * A remembered request for one {@code Idempotency-Key}, scoped by owner: two callers may use the same key.
 *
 * <p>Holds a hash of the request, never the request itself (it carries personal data). The stored
 * response is what the API answered; it must not carry names, date of birth, email or place of birth.
 *
 * @param owner          caller id
 * @param key            the caller's Idempotency-Key
 * @param requestHash    caller-computed hash of the request (to tell a retry from a different request)
 * @param state          IN_PROGRESS while the first request runs, COMPLETED once its response is stored
 * @param responseStatus HTTP status of the stored response (COMPLETED only)
 * @param responseBody   body of the stored response (COMPLETED only)
 * @param startedAt      when the first request began
 * @param leaseExpiresAt until when an IN_PROGRESS record blocks retries (a crashed request frees the key then)
 * @param expiresAt      TTL: when the record is forgotten
 */
public record IdempotencyRecord(String owner, String key, String requestHash, State state, Integer responseStatus,
        String responseBody, Instant startedAt, Instant leaseExpiresAt, Instant expiresAt) {

    public enum State { IN_PROGRESS, COMPLETED }
}
