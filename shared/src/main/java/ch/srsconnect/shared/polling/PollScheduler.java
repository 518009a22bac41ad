package ch.srsconnect.shared.polling;

import ch.srsconnect.shared.log.Log;
import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One scheduler run: per shard, the items whose {@code nextPollAt} falls within the next tick (Query on the
 * sparse {@code duePolls} index, earliest first), each leased with a conditional update and sent as one
 * message delayed until its time. At most {@code maxItemsPerTick} items per run (split over the shards);
 * the rest stays due and is picked up by the next run, earliest first.
 *
 * <p>An overlapping run reads the same items but loses the lease (the condition is on the {@code nextPollAt}
 * it saw), so it never sends twice. A send that fails after the lease leaves the item leased: the next run
 * after the lease re-sends it.
 */
public final class PollScheduler {
    private static final Log LOG = Log.get(PollScheduler.class);
    static final int SEND_BATCH = 10;

    /** What one run did: items read from the index, leased (and sent), lost to another run, send failures. */
    public record TickResult(int read, int leased, int lostLease, int sendFailures, boolean more) {
    }

    private final PollSettings settings;
    private final PollPorts.DueItems due;
    private final PollPorts.Queue queue;
    private final Clock clock;

    public PollScheduler(PollSettings settings, PollPorts.DueItems due, PollPorts.Queue queue, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.due = Objects.requireNonNull(due);
        this.queue = Objects.requireNonNull(queue);
        this.clock = Objects.requireNonNull(clock);
    }

    public TickResult tick() {
        Instant now = clock.instant();
        Instant until = now.plus(settings.tick());
        int perShard = Math.max(1, (settings.maxItemsPerTick() + settings.shards() - 1) / settings.shards());
        int read = 0;
        int leased = 0;
        int lost = 0;
        int failures = 0;
        boolean more = false;
        for (int shard = 0; shard < settings.shards(); shard++) {
            List<PollMessage> batch = new ArrayList<>();
            int left = perShard;
            String cursor = null;
            do {
                Page<DuePoll> page = due.due(shard, until, Math.min(left, 1000), cursor);
                read += page.items().size();
                left -= page.items().size();
                for (DuePoll d : page.items()) {
                    Instant at = d.nextPollAt().isAfter(now) ? d.nextPollAt() : now;
                    OptionalLong version = due.lease(d.id(), d.nextPollAt(), at.plus(settings.lease()));
                    if (version.isEmpty()) {
                        lost++;
                        continue;
                    }
                    leased++;
                    batch.add(new PollMessage(d.id(), version.getAsLong(), at));
                    if (batch.size() == SEND_BATCH) {
                        failures += send(batch, now);
                        batch.clear();
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null && left > 0);
            if (cursor != null) {
                more = true;
            }
            failures += send(batch, now);
        }
        TickResult r = new TickResult(read, leased, lost, failures, more);
        LOG.info("scheduler tick", "read", read, "leased", leased, "lostLease", lost, "sendFailures", failures, "more", more);
        return r;
    }

    private int send(List<PollMessage> batch, Instant now) {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            queue.send(List.copyOf(batch), now);
            return 0;
        } catch (RuntimeException e) {
            LOG.warn("poll messages not sent; re-sent after the lease", e, "count", batch.size());
            return batch.size();
        }
    }
}
