package ch.srsconnect.shared.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.store.DuePoll;
import ch.srsconnect.shared.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The scheduler's budget and leases with an in-memory due index. */
class PollSchedulerTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    final Map<Integer, List<DuePoll>> index = new HashMap<>();
    final Map<String, Long> versions = new HashMap<>();
    final List<PollMessage> sent = new ArrayList<>();

    final PollPorts.DueItems due = new PollPorts.DueItems() {
        @Override
        public Page<DuePoll> due(int shard, Instant until, int limit, String cursor) {
            // like DynamoDB: sorted by (nextPollAt, id); the cursor is the last key read, valid after writes
            java.util.Comparator<DuePoll> order = java.util.Comparator.comparing(DuePoll::nextPollAt).thenComparing(DuePoll::id);
            List<DuePoll> all = index.getOrDefault(shard, List.of()).stream().filter(d -> !d.nextPollAt().isAfter(until))
                    .sorted(order).toList();
            List<DuePoll> page = new ArrayList<>();
            for (DuePoll d : all) {
                if (cursor != null) {
                    String[] k = cursor.split("\\|", 2);
                    DuePoll last = new DuePoll(k[1], shard, Instant.ofEpochMilli(Long.parseLong(k[0])));
                    if (order.compare(d, last) <= 0) {
                        continue;
                    }
                }
                if (page.size() == limit) {
                    break;
                }
                page.add(d);
            }
            String next = page.size() == limit ? page.getLast().nextPollAt().toEpochMilli() + "|" + page.getLast().id() : null;
            return new Page<>(page, next);
        }

        @Override
        public OptionalLong lease(String id, Instant seen, Instant leaseUntil) {
            for (List<DuePoll> shard : index.values()) {
                shard.removeIf(d -> d.id().equals(id));   // leased: beyond the tick now
            }
            return OptionalLong.of(versions.merge(id, 1L, Long::sum));
        }
    };

    void seed(int shard, int count, Instant at) {
        for (int k = 0; k < count; k++) {
            index.computeIfAbsent(shard, s -> new ArrayList<>()).add(new DuePoll(shard + "-" + k + "-" + at, shard, at));
        }
    }

    PollScheduler scheduler(int maxItems) {
        PollSettings d = PollSettings.defaults();
        PollSettings s = new PollSettings(4, d.tick(), d.lease(), maxItems, d.maxSelfDelay(), d.trackingLimit(),
                d.lookupDeadline(), d.maxReceiveCount(), 1, false, 1.0);
        return new PollScheduler(s, due, (messages, now) -> sent.addAll(messages), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theBudgetAQuietShardLeavesGoesToABusyOne() {
        seed(0, 700, NOW.minusSeconds(5));
        seed(1, 100, NOW.minusSeconds(5));
        seed(2, 150, NOW.plusSeconds(30));
        seed(3, 50, NOW.plusSeconds(59));
        seed(3, 10, NOW.plusSeconds(61));  // beyond the tick
        PollScheduler.TickResult r = scheduler(1000).tick();
        assertEquals(1000, r.leased());
        assertEquals(1000, r.read());
        assertEquals(1000, sent.size());
        assertTrue(sent.stream().allMatch(m -> !m.at().isBefore(NOW)), "overdue items are sent at once, not in the past");
        assertEquals(NOW.plusSeconds(59), sent.stream().map(PollMessage::at).max(Instant::compareTo).orElseThrow());
    }

    @Test
    void overBudgetTheRestWaitsForTheNextTick() {
        seed(0, 600, NOW.minusSeconds(5));
        seed(1, 600, NOW.minusSeconds(5));
        PollScheduler.TickResult r = scheduler(1000).tick();
        assertEquals(1000, r.leased());
        assertTrue(r.more());
        PollScheduler.TickResult next = scheduler(1000).tick();
        assertEquals(200, next.leased(), "the rest, next tick");
        assertFalse(next.more());
        assertEquals(1200, sent.stream().map(PollMessage::id).distinct().count());
    }
}
