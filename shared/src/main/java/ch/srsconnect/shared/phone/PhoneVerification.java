package ch.srsconnect.shared.phone;

import java.time.Instant;
import java.util.Objects;

/**
 * One OTP sent to a number at a caller's request. The code itself is Smart Flows' (sent by SMS, checked by
 * Smart Flows); we keep only the state, the attempts and, once verified, a salted hash of the accepted code
 * (so a retried check with the same code is answered without asking Smart Flows again).
 */
public record PhoneVerification(String id, String owner, String msisdn, State state, int attempts, int maxAttempts,
                                Instant createdAt, Instant validUntil, String codeHash) {

    public enum State { PENDING, VERIFIED, EXHAUSTED }

    public PhoneVerification {
        Objects.requireNonNull(id);
        Objects.requireNonNull(owner);
        Objects.requireNonNull(msisdn);
        Objects.requireNonNull(state);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(validUntil);
    }

    public int attemptsLeft() {
        return Math.max(0, maxAttempts - attempts);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(validUntil);
    }

    @Override
    public String toString() {
        return "PhoneVerification[id=" + id + ", state=" + state + ", attempts=" + attempts + "/" + maxAttempts + "]";
    }
}
