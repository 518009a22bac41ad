package ch.srsconnect.shared.order;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the identification use cases (set from env vars by the handler).
 *
 * @param ownerClaim          JWT claim naming the caller
 * @param cancelEarlier       cancel the caller's earlier pending orders for the same msisdn at SRS first
 * @param retention           how long items are kept (TTL from creation)
 * @param pollShards          shards of the due-poll index
 * @param firstPollDelay      when the poller first asks SRS about a new order
 * @param idempotencyWait     how long a request waits for a concurrent one with the same key before answering 409
 */
public record OrderSettings(String ownerClaim, boolean cancelEarlier, Duration retention, int pollShards,
                            Duration firstPollDelay, Duration idempotencyWait) {
    public static final Duration DEFAULT_FIRST_POLL_DELAY = Duration.ofSeconds(60);
    public static final Duration DEFAULT_IDEMPOTENCY_WAIT = Duration.ofSeconds(12);

    public OrderSettings {
        Objects.requireNonNull(ownerClaim, "ownerClaim");
        if (pollShards < 1) {
            throw new IllegalArgumentException("pollShards must be at least 1");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    public static OrderSettings defaults() {
        return new OrderSettings("sub", true, Duration.ofDays(90), 4, DEFAULT_FIRST_POLL_DELAY, DEFAULT_IDEMPOTENCY_WAIT);
    }

    public OrderSettings withCancelEarlier(boolean v) {
        return new OrderSettings(ownerClaim, v, retention, pollShards, firstPollDelay, idempotencyWait);
    }

    public OrderSettings withOwnerClaim(String v) {
        return new OrderSettings(v, cancelEarlier, retention, pollShards, firstPollDelay, idempotencyWait);
    }
}
