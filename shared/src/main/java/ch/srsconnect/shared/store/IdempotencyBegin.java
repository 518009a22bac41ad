package ch.srsconnect.shared.store;

import java.time.Instant;

/** Outcome of {@link IdempotencyStore#begin}. */
public sealed interface IdempotencyBegin {

    /** First time for this key (or the previous holder's lease ran out): run the request, then complete or release. */
    record Started(String leaseToken) implements IdempotencyBegin {
    }

    /** The same request is running elsewhere: answer 409 with Retry-After. */
    record InProgress(Instant leaseExpiresAt) implements IdempotencyBegin {
    }

    /** The same request already completed: replay the stored response. */
    record Completed(IdempotencyRecord record) implements IdempotencyBegin {
    }

    /** The key was used for a different request: answer 422 (or 409), never replay. */
    record Conflict() implements IdempotencyBegin {
    }
}
