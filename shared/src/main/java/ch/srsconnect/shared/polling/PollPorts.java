package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What the polling use cases need from the outside world; wired in {@link Polling}. */
public final class PollPorts {
    private PollPorts() {
    }

    /** The identification table. {@code update} is conditional on the version (ConcurrentUpdateException). */
    public interface Items {
        Optional<Identification> get(String id);

        Identification update(Identification expected, Identification next);
    }

    /** The due-poll index and the scheduler's lease. */
    public interface DueItems {
        Page<DuePoll> due(int shard, Instant until, int limit, String cursor);

        /**
         * Moves {@code nextPollAt} from {@code seen} to {@code leaseUntil} (version + 1) if it is still {@code seen}.
         *
         * @return the new version, or empty when another run (or the worker) got there first
         */
        OptionalLong lease(String id, Instant seen, Instant leaseUntil);
    }

    /** SRS's view of an order; {@code issuer} tells a mock order (issuer {@code test}) from a real one. */
    public interface StatusSource {
        SrsSnapshot identification(String refId, String issuer);
    }

    /** Cancels an order at SRS: false when SRS no longer knows the refId; a refusal is a SwisscomRejectedException. */
    public interface Cancels {
        boolean cancel(String refId);
    }

    public interface EvidenceSource {
        Optional<RaEvidence> lookup(String msisdn);
    }

    /**
     * Smart Flows' evidence status of a number, asked before announcing can-sign where the SP runs Smart Flows
     * ({@code TERMS_FLOW_ENABLED}); absent otherwise.
     */
    public interface SigningSource {
        EvidenceStatus status(String msisdn);
    }

    public interface Events {
        void publish(List<StatusChange> changes);
    }

    /** Sends poll messages, each delayed until its {@code at} (at most 15 minutes). */
    public interface Queue {
        void send(List<PollMessage> messages, Instant now);
    }
}
