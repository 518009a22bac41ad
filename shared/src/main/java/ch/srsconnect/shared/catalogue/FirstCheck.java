package ch.srsconnect.shared.catalogue;

import java.time.Duration;

/**
 * When it is worth checking for the result (verify / lookup) the first time: between {@code minDelay} and
 * {@code maxDelay} after {@code anchor}.
 */
public record FirstCheck(Anchor anchor, Duration minDelay, Duration maxDelay) {

    public enum Anchor {
        /** The SP placed the order ("after video identification is triggered by the Service Provider"). */
        ORDER_PLACED,
        /** The user started the process at the target URL (not visible as an SRS status). */
        USER_STARTED,
        /** SRS status reached {@code terminated}. */
        TERMINATED
    }

    public static FirstCheck of(Anchor anchor, Duration min, Duration max) {
        return new FirstCheck(anchor, min, max);
    }
}
