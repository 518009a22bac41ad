package ch.srsconnect.shared.http;

import com.amazonaws.services.lambda.runtime.Context;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the current Lambda invocation must have its answer ready. Swisscom calls never start an attempt, a retry
 * or a backoff that would run past it: API Gateway gives up after 30 s, and an SRS order whose answer arrives
 * after the function was killed is an orphan. Set at the start of each invocation (one at a time per container),
 * absent outside Lambda (tests without a context): then only the per-attempt timeouts bound a call.
 */
public final class InvocationDeadline {

    /** Kept back from Lambda's remaining time: mapping the result, writing state and answering. */
    public static final Duration MARGIN = Duration.ofMillis(1500);

    private static volatile Instant deadline;

    private InvocationDeadline() {
    }

    public static void begin(Context context) {
        deadline = context == null ? null : Instant.now().plusMillis(context.getRemainingTimeInMillis()).minus(MARGIN);
    }

    /** For tests and batch workers that set their own budget. */
    public static void set(Instant at) {
        deadline = at;
    }

    public static void clear() {
        deadline = null;
    }

    public static Optional<Instant> current() {
        return Optional.ofNullable(deadline);
    }

    /** Time left before the deadline (negative when past), or empty when there is none. */
    static Optional<Duration> remaining() {
        Instant d = deadline;
        return d == null ? Optional.empty() : Optional.of(Duration.between(Instant.now(), d));
    }
}
