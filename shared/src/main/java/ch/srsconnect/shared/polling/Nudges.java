package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.aws.AwsClients;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.store.DuePollLeases;
import ch.srsconnect.shared.store.TableDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An immediate poll of one tracked identification, outside its plan, because something says the user just acted (the
 * SP's frontend: the user is back from the identification partner). It takes the scheduler's lease (version + 1, so
 * any message sent before is dropped as stale: never a second poll chain) and sends one poll message due now; the
 * worker then asks SRS (or the RA) and the regular plan continues from what it finds.
 */
public final class Nudges {
    /** At most one nudge per identification this often; an identification polled this recently is not nudged either. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

    public enum Outcome {
        /** A poll message is on its way. */
        SENT,
        /** Not tracked any more: nothing to ask. */
        NOT_TRACKED,
        /** Nudged or polled within {@link #MIN_INTERVAL}: the record is as fresh as it gets. */
        TOO_SOON,
        /** The item changed under us (a poll is under way): that poll serves. */
        BUSY
    }

    private final DuePollLeases leases;
    private final PollPorts.Queue queue;
    private final Duration lease;
    private final Duration minInterval;
    private final Clock clock;

    /** @param minInterval {@link #MIN_INTERVAL}, divided by {@code POLL_TIME_SCALE} where time is compressed */
    public Nudges(DuePollLeases leases, PollPorts.Queue queue, Duration lease, Duration minInterval, Clock clock) {
        this.leases = leases;
        this.queue = queue;
        this.lease = lease;
        this.minInterval = minInterval;
        this.clock = clock;
    }

    /**
     * The production wiring: the scheduler's lease on {@code IDENTIFICATION_TABLE_NAME}, the poll queue
     * ({@code POLL_QUEUE_URL}), the lease of {@code POLL_LEASE_SECONDS}, {@link #MIN_INTERVAL}, compressed like the
     * plans where {@code POLL_TIME_SCALE} compresses time (the local runtime, the polling benchmark), never longer. Touches no
     * EventBridge class (place-order's zip has none).
     */
    public static Nudges of(Config c, Clock clock) {
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), c, EnvVar.AWS_ENDPOINT_URL_DYNAMODB)
                .httpClient(AwsClients.httpClient()).build();
        DuePollLeases leases = new DuePollLeases(dynamo, c.string(TableDefinition.TABLE_NAME_ENV), clock);
        PollSettings settings = PollSettings.fromConfig(c);
        Duration minInterval = settings.timeScale() > 1 ? settings.scaled(MIN_INTERVAL) : MIN_INTERVAL;   // never longer
        return new Nudges(leases, SqsPollQueue.fromConfig(c), settings.lease(), minInterval, clock);
    }

    /** For {@code i} as just read from the table; {@link Outcome#SENT} means the item is now at {@code version + 1}. */
    public Outcome nudge(Identification i) {
        if (i.phase() == Phase.DONE || i.nextPollAt() == null || i.status().isFailure()) {
            return Outcome.NOT_TRACKED;
        }
        Instant now = clock.instant();
        if (i.updatedAt().isAfter(now.minus(minInterval))) {
            return Outcome.TOO_SOON;
        }
        OptionalLong version = leases.lease(i.id(), i.nextPollAt(), now.plus(lease));
        if (version.isEmpty()) {
            return Outcome.BUSY;
        }
        queue.send(List.of(new PollMessage(i.id(), version.getAsLong(), now, true)), now);
        return Outcome.SENT;
    }
}
