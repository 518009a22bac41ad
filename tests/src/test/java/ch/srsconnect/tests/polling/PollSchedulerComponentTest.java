package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.polling.PollMessage;
import ch.srsconnect.shared.polling.PollSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** The scheduler against DynamoDB Local and ElasticMQ: leases, bounded work per tick, DelaySeconds. */
class PollSchedulerComponentTest {

    static List<String> seed(PollingWorld w, int count, Instant nextPollAt) {
        List<String> ids = new ArrayList<>();
        Instant now = Instant.now();
        for (int k = 0; k < count; k++) {
            String id = UUID.randomUUID().toString();
            w.store.create(Identification.builder().id(id).owner("sp-sched").refId("ref-" + id).issuer("KLARNA").method("bank")
                    .status(IdentificationStatus.INITIALIZED).phase(Phase.STATUS).nextPollAt(nextPollAt)
                    .pollShard(Identification.pollShardOf(id, w.engine.settings().shards()))
                    .createdAt(now).updatedAt(now).expiresAt(now.plus(Duration.ofDays(1))).build());
            ids.add(id);
        }
        return ids;
    }

    static List<Message> drain(PollingWorld w, int expected) {
        List<Message> all = new ArrayList<>();
        PollingWorld.await(expected + " messages", Duration.ofSeconds(30), () -> {
            List<Message> got = w.sqs.receiveMessage(b -> b.queueUrl(w.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(60)).messages();
            all.addAll(got);
            return all.size() >= expected;
        });
        List<Message> extra = w.sqs.receiveMessage(b -> b.queueUrl(w.queueUrl).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        all.addAll(extra);
        return all;
    }

    @Test
    void overlappingRunsLeaseEachDueItemOnceAndSendOneMessageEach() throws Exception {
        try (PollingWorld w = new PollingWorld("sched-overlap")) {
            List<String> ids = seed(w, 40, Instant.now().minusSeconds(5));
            seed(w, 5, Instant.now().plus(Duration.ofHours(1)));  // not due: never read
            int runs = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(runs);
            List<Future<Map<String, Object>>> results = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return w.scheduler.handleRequest(new HashMap<>(), null);
                }));
            }
            go.countDown();
            int leased = 0;
            int lost = 0;
            for (Future<Map<String, Object>> f : results) {
                leased += (Integer) f.get().get("leased");
                lost += (Integer) f.get().get("lostLease");
            }
            pool.shutdown();
            assertEquals(40, leased, "every due item leased exactly once across overlapping runs");
            assertTrue(lost >= 0);
            List<Message> messages = drain(w, 40);
            Set<String> seen = new HashSet<>();
            for (Message m : messages) {
                PollMessage pm = PollMessage.fromJson(m.body());
                assertTrue(seen.add(pm.id()), "sent twice: " + pm.id());
                Identification i = w.store.get(pm.id()).orElseThrow();
                assertEquals(i.version(), pm.version(), "the message carries the leased version");
                assertTrue(i.nextPollAt().isAfter(Instant.now()), "leased: nextPollAt moved past the lease");
            }
            assertEquals(new HashSet<>(ids), seen);
            assertEquals(0, (Integer) w.scheduler.handleRequest(new HashMap<>(), null).get("leased"), "leased items are not due");
        }
    }

    @Test
    void boundedWorkPerTickThenTheRestNextTickEarliestFirst() {
        try (PollingWorld w = new PollingWorld("sched-bounded", Map.of(PollSettings.POLL_MAX_ITEMS_PER_TICK, "10",
                PollSettings.POLL_SHARDS, "1"), ch.srsconnect.shared.polling.Polling.Wrap.NONE)) {
            Instant base = Instant.now().minusSeconds(60);
            List<String> early = seed(w, 10, base);
            seed(w, 15, base.plusSeconds(30));
            Map<String, Object> first = w.scheduler.handleRequest(Map.of(), null);
            assertEquals(10, first.get("read"));
            assertEquals(10, first.get("leased"));
            assertEquals(true, first.get("more"));
            Set<String> firstIds = new HashSet<>();
            drain(w, 10).forEach(m -> firstIds.add(PollMessage.fromJson(m.body()).id()));
            assertEquals(new HashSet<>(early), firstIds, "earliest due first");
            assertEquals(10, w.scheduler.handleRequest(Map.of(), null).get("leased"));
            Map<String, Object> third = w.scheduler.handleRequest(Map.of(), null);
            assertEquals(5, third.get("leased"));
            assertEquals(false, third.get("more"));
        }
    }

    @Test
    void futureItemsWithinTheTickAreSentWithDelaySecondsAndLaterOnesWait() {
        try (PollingWorld w = new PollingWorld("sched-delay", Map.of(PollSettings.POLL_TICK_SECONDS, "4"),
                ch.srsconnect.shared.polling.Polling.Wrap.NONE)) {
            seed(w, 1, Instant.now().plusSeconds(3));
            seed(w, 1, Instant.now().plusSeconds(60));
            Map<String, Object> r = w.scheduler.handleRequest(Map.of(), null);
            assertEquals(1, r.get("read"));
            List<Message> immediately = w.sqs.receiveMessage(b -> b.queueUrl(w.queueUrl).maxNumberOfMessages(10)).messages();
            assertTrue(immediately.isEmpty(), "delayed until its nextPollAt");
            assertFalse(drain(w, 1).isEmpty());
        }
    }
}
