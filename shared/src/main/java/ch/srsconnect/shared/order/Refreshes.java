package ch.srsconnect.shared.order;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.polling.Nudges;
import ch.srsconnect.shared.store.IdentificationStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /identifications/{id}/refresh}: the SP's frontend says the user is back (from the identification partner's
 * page, or on the status page), so the identification is polled now instead of at its next planned check. Answers the
 * record once the poll recorded what SRS said, or after {@code wait} with the record as it stands (the poll still
 * lands). At most once per {@link Nudges#MIN_INTERVAL} per identification; more often is not an error, just the record.
 */
public final class Refreshes {
    private static final Log LOG = Log.get(Refreshes.class);
    static final Duration POLL_PAUSE = Duration.ofMillis(100);

    private final IdentificationStore store;
    private final Nudges nudges;
    private final Duration wait;
    private final Clock clock;

    public Refreshes(IdentificationStore store, Nudges nudges, Duration wait, Clock clock) {
        this.store = store;
        this.nudges = nudges;
        this.wait = wait;
        this.clock = clock;
    }

    public Reply refresh(String owner, String id) {
        Optional<Identification> found = id == null || !IdentificationService.ID.matcher(id).matches()
                ? Optional.empty() : store.getOwned(owner, id);
        if (found.isEmpty()) {
            return Reply.notFound();
        }
        Identification before = found.get();
        Nudges.Outcome outcome;
        try {
            outcome = nudges.nudge(before);
        } catch (RuntimeException e) {
            // the lease may be taken: the scheduler re-sends the poll after it; the record is still the answer
            LOG.warn("refresh could not send the poll; the scheduler sends it after the lease", e, "id", id);
            outcome = Nudges.Outcome.BUSY;
        }
        Identification latest = outcome == Nudges.Outcome.SENT ? awaitPoll(owner, before) : before;
        ObjectNode body = IdentificationViews.detail(latest);
        body.putObject("refresh")
                .put("outcome", outcome.name())
                .put("polled", latest.version() > before.version() + 1);
        return Reply.json(200, body);
    }

    /** The record once the worker stored its poll (version beyond the lease's), or as it is when {@code wait} ran out. */
    private Identification awaitPoll(String owner, Identification before) {
        Instant until = clock.instant().plus(wait);
        Identification latest = before;
        while (clock.instant().isBefore(until)) {
            try {
                Thread.sleep(POLL_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            latest = store.getOwned(owner, before.id()).orElse(latest);
            if (latest.version() > before.version() + 1) {
                break;
            }
        }
        return latest;
    }
}
