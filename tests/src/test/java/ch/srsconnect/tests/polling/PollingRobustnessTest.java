package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.polling.PollMessage;
import ch.srsconnect.shared.polling.PollPorts;
import ch.srsconnect.shared.polling.Polling;
import ch.srsconnect.shared.polling.SrsSnapshot;
import ch.srsconnect.simulator.FaultSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** Nothing lost: duplicates, stale messages, a crash before the write, an SRS outage, poison messages. */
class PollingRobustnessTest {
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @AfterEach
    void clearFaults() {
        TestEnvironment().simulator().faults().clear();
    }

    static ch.srsconnect.tests.TestEnvironment TestEnvironment() {
        return ch.srsconnect.tests.TestEnvironment.get();
    }

    /** Counts SRS status calls per refId. */
    static final class CountingSrs implements Polling.Wrap {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Override
        public PollPorts.StatusSource srs(PollPorts.StatusSource srs) {
            return (refId, issuer) -> {
                calls.computeIfAbsent(refId, k -> new AtomicInteger()).incrementAndGet();
                return srs.identification(refId, issuer);
            };
        }
    }

    @Test
    void duplicateAndStaleDeliveriesNeverDuplicateOrReorderHistory() throws Exception {
        try (PollingWorld w = new PollingWorld("dup")) {
            PollingWorld.Order o = w.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
            PollingWorld.await("SRS reaches terminated", TIMEOUT,
                    () -> w.srsHistory(o).getLast().status().is(KnownStatus.TERMINATED));
            PollingWorld.await("first check due", TIMEOUT, () -> !w.get(o).nextPollAt().isAfter(java.time.Instant.now()));
            w.scheduler.handleRequest(Map.of(), null);
            List<Message> got = PollSchedulerComponentTest.drain(w, 1);
            assertEquals(1, got.size());
            long leasedVersion = PollMessage.fromJson(got.get(0).body()).version();

            // the same message twice in one batch, and twice more concurrently
            w.deliver(List.of(got.get(0), got.get(0)));
            Thread a = Thread.ofPlatform().start(() -> w.deliver(List.of(got.get(0))));
            Thread b = Thread.ofPlatform().start(() -> w.deliver(List.of(got.get(0))));
            a.join();
            b.join();

            Identification i = w.get(o);
            assertEquals(leasedVersion + 1, i.version(), "exactly one delivery wrote");
            assertEquals(Phase.LOOKUP, i.phase());
            assertEquals(w.srsHistory(o), i.statusHistory(), "SRS's history, each entry once, in SRS's order");
            List<String> changeIds = w.events(o).stream().map(e -> e.path("changeId").asText()).distinct().toList();
            assertEquals(List.of(o.id() + ":STATUS:2", o.id() + ":STATUS:3", o.id() + ":STATUS:4"), changeIds);

            // a stale message (the lease's version) arriving after the item moved on changes nothing
            w.deliver(List.of(got.get(0)));
            assertEquals(i.version(), w.get(o).version());
            w.assertConsistent(List.of(o));
        }
    }

    @Test
    void aTokenRevokedWhileTrackingIsReplacedByTheWorkerItself() {
        try (PollingWorld w = new PollingWorld("revoked")) {
            PollingWorld.Order o = w.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
            PollingWorld.await("SRS reaches terminated", TIMEOUT,
                    () -> w.srsHistory(o).getLast().status().is(KnownStatus.TERMINATED));
            PollingWorld.await("first check due", TIMEOUT, () -> !w.get(o).nextPollAt().isAfter(Instant.now()));
            String cacheId = w.config.string(EnvVar.SRS_TOKEN_CACHE_SECRET_ID);
            String cachedBefore = TestEnvironment().secretsManager().getSecretValue(b -> b.secretId(cacheId)).secretString();

            assertTrue(TestEnvironment().simulator().revokeTokens() > 0);
            w.scheduler.handleRequest(Map.of(), null);
            w.deliver(PollSchedulerComponentTest.drain(w, 1));

            assertEquals(Phase.LOOKUP, w.get(o).phase(), "the worker read SRS with a fresh token after the 401");
            String cachedAfter = TestEnvironment().secretsManager().getSecretValue(b -> b.secretId(cacheId)).secretString();
            assertTrue(!cachedAfter.equals(cachedBefore), "the worker wrote its new token to the shared cache");
        }
    }

    @Test
    void anSrs404ForTheRefIdEndsTrackingAsFailedWithAnEventAndTheNextActionSaysSo() {
        try (PollingWorld w = new PollingWorld("refused").start(1, true)) {
            PollingWorld.Order o = w.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
            Identification placed = w.get(o);
            // SRS does not know this refId: a real 404 from the simulator on every status call
            w.store.update(placed, placed.toBuilder().refId(UUID.randomUUID().toString()).attempts(1)
                    .nextPollAt(Instant.now()).build());
            Identification done = w.awaitItem(o, "tracking failed", TIMEOUT, i -> i.phase() == Phase.DONE);
            assertTrue(done.trackingFailed(), done.toString());
            assertEquals("tracking failed: SRS answered HTTP 404 3 times in a row", done.reason());
            JsonNode failed = w.events(o).stream().filter(e -> e.path("kind").asText().equals("TRACKING_FAILED")).findFirst()
                    .orElseThrow(() -> new AssertionError("no TRACKING_FAILED event: " + w.events(o)));
            assertEquals("CONTACT_SUPPORT", failed.path("recommendedAction").asText());
            assertEquals("DONE", failed.path("phase").asText());
        }
    }

    @Test
    void aCrashBetweenTheSrsCallAndTheWriteIsRetried() {
        CountingSrs counting = new CountingSrs();
        AtomicInteger crashes = new AtomicInteger();
        Polling.Wrap wrap = new Polling.Wrap() {
            @Override
            public PollPorts.StatusSource srs(PollPorts.StatusSource srs) {
                return counting.srs(srs);
            }

            @Override
            public PollPorts.Items items(PollPorts.Items items) {
                return new PollPorts.Items() {
                    @Override
                    public java.util.Optional<Identification> get(String id) {
                        return items.get(id);
                    }

                    @Override
                    public Identification update(Identification expected, Identification next) {
                        if (next.status().is(KnownStatus.TERMINATED) && expected.phase() == Phase.STATUS
                                && crashes.getAndIncrement() == 0) {
                            throw new IllegalStateException("simulated crash after the SRS call, before the write");
                        }
                        return items.update(expected, next);
                    }
                };
            }
        };
        try (PollingWorld w = new PollingWorld("crash", Map.of(), wrap).start(2, true)) {
            PollingWorld.Order o = w.place("nect", "robo-ident", PollingWorld.randomMsisdn(), "sim:success");
            Identification done = w.awaitItem(o, "can sign despite the crash", TIMEOUT, i -> i.phase() == Phase.DONE);
            assertEquals(Boolean.TRUE, done.canSign());
            assertTrue(crashes.get() >= 1, "the crash happened");
            assertEquals(w.srsHistory(o), done.statusHistory());
            assertEquals(0, w.dlqDepth());
            w.assertConsistent(List.of(o));
        }
    }

    @Test
    void anSrsOutageMidFlightBacksOffWithoutBurningTheDeadlineThenRecovers() {
        try (PollingWorld w = new PollingWorld("outage").start(2, true)) {
            List<PollingWorld.Order> orders = new ArrayList<>();
            PollingWorld.Order lookup = w.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
            orders.add(lookup);
            orders.add(w.place("intrum-autoident", "autoident", PollingWorld.randomMsisdn(), "sim:success"));
            orders.add(w.place("identity-tm-eid", "eID", PollingWorld.randomMsisdn(), "sim:error"));
            w.awaitItem(lookup, "in LOOKUP", TIMEOUT, i -> i.phase() == Phase.LOOKUP);

            var sim = TestEnvironment().simulator();
            sim.faults().inject(new FaultSpec(SrsSnapshot.ENDPOINT, 503, 0, false, null, null, 1),
                    new FaultSpec(ch.srsconnect.shared.ra.RaClient.LOOKUP, 503, 0, false, null, null, 1));
            sim.acceptTerms(lookup.msisdn());      // accepted while RA is down
            long failedBefore = sim.stats().calls(ch.srsconnect.shared.ra.RaClient.LOOKUP);
            // the outage lasts beyond the 20-minute (scaled: 20 s) lookup deadline
            PollingWorld.await("outage outlasting the lookup deadline", Duration.ofSeconds(60), () -> {
                Identification i = w.get(lookup);
                return java.time.Instant.now().isAfter(i.statusHistory().getLast().date().plusSeconds(24));
            });
            assertTrue(sim.stats().calls(ch.srsconnect.shared.ra.RaClient.LOOKUP) > failedBefore, "RA was asked during the outage");
            for (PollingWorld.Order o : orders) {
                Identification i = w.get(o);
                assertTrue(i.phase() != Phase.DONE || i.status().isFailure(), o + " ended during the outage");
            }
            w.assertConsistent(orders, false);
            assertEquals(0, w.dlqDepth(), "an outage is no poison");

            sim.faults().clear();
            Identification done = w.awaitItem(lookup, "can sign after recovery", TIMEOUT, i -> i.phase() == Phase.DONE);
            assertEquals(Boolean.TRUE, done.canSign(), "the deadline passed during the outage but was not burnt");
            for (PollingWorld.Order o : orders) {
                w.awaitItem(o, "end state", TIMEOUT, i -> i.phase() == Phase.DONE);
            }
            w.assertConsistent(orders);
        }
    }

    @Test
    void poisonMessagesLandInTheDlqAndRaiseTheMetric() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Consumer<String> previous = LogContext.setSink(lines::add);
        try (PollingWorld w = new PollingWorld("poison").start(1, false)) {
            w.sqs.sendMessage(b -> b.queueUrl(w.queueUrl).messageBody("{\"not\":\"a poll message\"}"));
            PollingWorld.await("poison message in the DLQ", Duration.ofSeconds(60), () -> w.dlqDepth() == 1);
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"PollPoisonMessages\"") && l.contains("_aws")),
                    "EMF metric PollPoisonMessages");
        } finally {
            LogContext.setSink(previous);
        }
    }
}
