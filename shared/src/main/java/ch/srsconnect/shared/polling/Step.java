package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.Identification;
import java.time.Instant;
import java.util.List;

/**
 * The result of one poll: the identification to store (its {@code nextPollAt} is the planned next check,
 * null when tracking ended) and the changes to announce.
 */
public record Step(Identification next, List<StatusChange> changes) {
    public Step {
        changes = List.copyOf(changes);
    }

    /** When to check next; null when tracking ended. */
    public Instant nextCheck() {
        return next.nextPollAt();
    }
}
