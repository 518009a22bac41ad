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
        Counts c = new Counts();
        int shards = settings.shards();
        String[] cursors = new String[shards];
        boolean[] more = new boolean[shards];
        int budget = settings.maxItemsPerTick();
        // Pass 1: each shard its share of what is left; pass 2: budget a quiet shard left over goes to busy ones.
        for (int shard = 0; shard < shards; shard++) {
            int share = Math.max(1, budget / (shards - shard));
            int used = drain(shard, until, now, share, null, cursors, c);
            more[shard] = cursors[shard] != null;
            budget -= used;
        }
        for (int shard = 0; shard < shards && budget > 0; shard++) {
            if (more[shard]) {
                budget -= drain(shard, until, now, budget, cursors[shard], cursors, c);
                more[shard] = cursors[shard] != null;
            }
        }
        boolean anyMore = false;
        for (boolean m : more) {
            anyMore |= m;
        }
        TickResult r = new TickResult(c.read, c.leased, c.lost, c.failures, anyMore);
        LOG.info("scheduler tick", "read", r.read(), "leased", r.leased(), "lostLease", r.lostLease(),
                "sendFailures", r.sendFailures(), "more", r.more());
        return r;
    }

    private static final class Counts {
        int read;
        int leased;
        int lost;
        int failures;
    }

    /** Reads up to {@code limit} due items of one shard from {@code cursor} on, leases and sends them; returns how many it read. */
    private int drain(int shard, Instant until, Instant now, int limit, String cursor, String[] cursors, Counts c) {
        List<PollMessage> batch = new ArrayList<>();
        int left = limit;
        String next = cursor;
        do {
            Page<DuePoll> page = due.due(shard, until, Math.min(left, 1000), next);
            c.read += page.items().size();
            left -= page.items().size();
            for (DuePoll d : page.items()) {
                Instant at = d.nextPollAt().isAfter(now) ? d.nextPollAt() : now;
                OptionalLong version = due.lease(d.id(), d.nextPollAt(), at.plus(settings.lease()));
                if (version.isEmpty()) {
                    c.lost++;
                    continue;
                }
                c.leased++;
                batch.add(new PollMessage(d.id(), version.getAsLong(), at));
                if (batch.size() == SEND_BATCH) {
                    c.failures += send(batch, now);
                    batch.clear();
                }
            }
            next = page.nextCursor();
        } while (next != null && left > 0);
        c.failures += send(batch, now);
        cursors[shard] = next;
        return limit - left;
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
