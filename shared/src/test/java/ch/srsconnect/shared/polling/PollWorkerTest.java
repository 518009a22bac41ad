package ch.srsconnect.shared.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.http.SwisscomRejectedException;
import ch.srsconnect.shared.http.SwisscomUnavailableException;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.store.ConcurrentUpdateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The worker's order of effects with hand-written fakes (no AWS, no SRS). */
class PollWorkerTest {
    static final Instant NOW = PollEngineTest.T0.plus(Duration.ofMinutes(5));

    final Map<String, Identification> table = new HashMap<>();
    final List<String> effects = new ArrayList<>();
    final List<PollMessage> sent = new ArrayList<>();
    List<StatusEntry> srsHistory = new ArrayList<>();
    RuntimeException srsFailure;
    boolean conflictOnWrite;

    final PollPorts.Items items = new PollPorts.Items() {
        @Override
        public Optional<Identification> get(String id) {
            return Optional.ofNullable(table.get(id));
        }

        @Override
        public Identification update(Identification expected, Identification next) {
            if (conflictOnWrite || table.get(expected.id()).version() != expected.version()) {
                throw new ConcurrentUpdateException(expected.id(), expected.version(), OptionalLong.of(expected.version() + 1));
            }
            Identification stored = next.toBuilder().version(expected.version() + 1).build();
            table.put(stored.id(), stored);
            effects.add("write");
            return stored;
        }
    };

    Optional<RaEvidence> raAnswer = Optional.empty();
    /** Smart Flows' signing status; null: the SP does not run Smart Flows. */
    PollPorts.SigningSource signing;

    PollWorker worker() {
        PollEngine engine = new PollEngine(PollSettings.defaults());
        return new PollWorker(engine, items, (refId, issuer) -> {
            srsCalls.n++;
            if (srsFailure != null) {
                throw srsFailure;
            }
            effects.add("srs");
            return new SrsSnapshot(srsHistory, null);
        }, msisdn -> {
            effects.add("ra");
            return raAnswer;
        }, Optional.ofNullable(signing).map(sf -> msisdn -> {
            effects.add("smartflows");
            return sf.status(msisdn);
        }), refId -> {
            effects.add("cancel " + refId);
            if (cancelFailure != null) {
                throw cancelFailure;
            }
            return true;
        }, changes -> {
            effects.add("publish " + changes.size());
            published.addAll(changes);
        }, (messages, now) -> sent.addAll(messages), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    RuntimeException cancelFailure;
    final List<StatusChange> published = new ArrayList<>();

    /** A Selfie Ident order whose 30-day target URL lifetime ended without the user starting. */
    Identification stalePending() {
        Identification i = seed("nect", "robo-ident").toBuilder().createdAt(NOW.minus(Duration.ofDays(31))).attempts(3).build();
        table.put(i.id(), i);
        return i;
    }

    @Test
    void aPendingOrderIsCanceledAtSrsOnceAtItsTrackingDeadline() {
        Identification i = stalePending();
        assertEquals(PollWorker.Outcome.POLLED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertEquals(List.of("srs", "cancel ref-1", "publish 2", "write"), effects);
        Identification stored = table.get(i.id());
        assertEquals(Phase.DONE, stored.phase());
        assertEquals("canceled", stored.status().value());
        assertEquals("tracking deadline passed: canceled at SRS", stored.reason());
        assertEquals("canceled", stored.statusHistory().getLast().status().value());
        assertEquals(List.of(StatusChange.Kind.DEADLINE, StatusChange.Kind.STATUS), published.stream().map(StatusChange::kind).toList());
        assertEquals("canceled", published.getLast().newStatus());
        assertEquals(PollWorker.Outcome.DROPPED, worker().process(new PollMessage(i.id(), stored.version(), NOW)), "once");
    }

    @Test
    void srsRefusingTheCancelIsRecordedAndAnOutageTriesAgainLater() {
        Identification i = stalePending();
        cancelFailure = new SwisscomRejectedException("DELETE /api/identifications/{refId}", 409);
        worker().process(new PollMessage(i.id(), i.version(), NOW));
        Identification refused = table.get(i.id());
        assertEquals(Phase.DONE, refused.phase());
        assertEquals("initialized", refused.status().value());
        assertEquals("tracking deadline passed; SRS refused to cancel the pending order (HTTP 409)", refused.reason());

        Identification j = stalePending().toBuilder().id("id-2").build();
        table.put(j.id(), j);
        cancelFailure = new SwisscomUnavailableException("DELETE /api/identifications/{refId}", "HTTP 503", 7, false);
        worker().process(new PollMessage(j.id(), j.version(), NOW));
        Identification later = table.get(j.id());
        assertEquals(Phase.STATUS, later.phase(), "still tracked: the cancel is tried again");
        assertTrue(later.nextPollAt().isAfter(NOW));
    }

    @Test
    void aRefusalIsNoOutageNoBreakerAndTheThirdInARowEndsTracking() {
        Identification i = seed("KLARNA", "bank");
        srsFailure = new SwisscomRejectedException("GET /api/identifications/{refId}", 404);
        PollWorker w = worker();
        Identification cur = i;
        for (int n = 1; n <= PollEngine.MAX_REFUSALS; n++) {
            w.process(new PollMessage(cur.id(), cur.version(), NOW));
            cur = table.get(i.id());
        }
        assertEquals(PollEngine.MAX_REFUSALS, srsCalls.n, "each refusal was a real call: no breaker opened");
        assertEquals(Phase.DONE, cur.phase());
        assertTrue(cur.trackingFailed());
        assertEquals(StatusChange.Kind.TRACKING_FAILED, published.getLast().kind());
    }

    @Test
    void anOrderTheUserFinishedIsNotCanceledAtTheDeadline() {
        Identification i = stalePending();
        srsHistory.add(PollEngineTest.entry("identification_done", NOW.minus(Duration.ofDays(2))));
        worker().process(new PollMessage(i.id(), i.version(), NOW));
        assertTrue(effects.stream().noneMatch(e -> e.startsWith("cancel")), effects.toString());
        assertEquals(Phase.DONE, table.get(i.id()).phase());
    }

    Identification seed(String issuer, String method) {
        Identification i = PollEngineTest.tracked(issuer, method, "+41791234567").toBuilder().nextPollAt(NOW).build();
        table.put(i.id(), i);
        srsHistory = new ArrayList<>(i.statusHistory());
        return i;
    }

    @Test
    void changesArePublishedBeforeTheWriteAndAShortWaitIsSentByTheWorkerUnderLease() {
        Identification i = seed("KLARNA", "bank");
        srsHistory.add(PollEngineTest.entry("identification_done", NOW.minusSeconds(10)));
        assertEquals(PollWorker.Outcome.POLLED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertEquals(List.of("srs", "publish 1", "write"), effects);
        Identification stored = table.get(i.id());
        assertEquals(1, sent.size());
        PollMessage next = sent.getFirst();
        assertEquals(stored.version(), next.version());
        assertEquals(NOW.plusSeconds(30), next.at(), "Bank, user finished: 30 s");
        assertEquals(next.at().plus(PollSettings.defaults().lease()), stored.nextPollAt(), "leased: scheduler stays away");
    }

    @Test
    void aNewOrderIsNotAskedAboutBeforeItsMethodsFirstCheck() {
        Identification i = seed("IDENTITY.TM", "video").toBuilder().createdAt(NOW.minusSeconds(60)).build();
        table.put(i.id(), i);
        assertEquals(PollWorker.Outcome.POLLED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertEquals(List.of("write"), effects, "no SRS call");
        assertEquals(NOW.plus(Duration.ofMinutes(9)), sent.getFirst().at(), "Video EU: first check 10 min after the order");
    }

    @Test
    void aLongWaitIsLeftToTheScheduler() {
        Identification i = seed("KLARNA", "bank").toBuilder().phase(Phase.LOOKUP).attempts(6)
                .statusHistory(List.of(PollEngineTest.entry("terminated", NOW.minusSeconds(3600)))).build();
        table.put(i.id(), i);
        worker().process(new PollMessage(i.id(), i.version(), NOW));
        assertTrue(sent.isEmpty(), "more than 15 minutes: no message, the scheduler sends it");
        assertEquals(NOW.plus(Duration.ofMinutes(30)), table.get(i.id()).nextPollAt(), "lookup ceiling, no lease added");
    }

    @Test
    void smartFlowsIsAskedOnlyOnceTheRaFoundTheEvidenceAndItsMismatchEndsTracking() {
        signing = msisdn -> PollEngineTest.signing("MISSMATCH_MID");
        Identification i = seed("KLARNA", "bank").toBuilder().phase(Phase.LOOKUP)
                .statusHistory(List.of(PollEngineTest.entry("terminated", NOW.minusSeconds(60)))).build();
        table.put(i.id(), i);
        worker().process(new PollMessage(i.id(), i.version(), NOW));
        assertEquals(List.of("ra", "write"), effects, "no evidence at the RA: Smart Flows is not asked");

        effects.clear();
        raAnswer = Optional.of(new RaEvidence("ev", 4, List.of("ZERTES"), null, false));
        Identification again = table.get(i.id()).toBuilder().nextPollAt(NOW).build();
        table.put(i.id(), again);
        worker().process(new PollMessage(i.id(), again.version(), NOW));
        assertEquals(List.of("ra", "smartflows", "publish 1", "write"), effects);
        Identification ended = table.get(i.id());
        assertEquals(Phase.DONE, ended.phase());
        assertEquals(Boolean.FALSE, ended.canSign());
        assertEquals("MISMATCH_MID", ended.signingStatus());
        assertEquals(StatusChange.Kind.RE_IDENTIFY, published.getLast().kind());
    }

    @Test
    void aSmartFlowsOutageWhileConfirmingIsAnOutage() {
        signing = msisdn -> {
            throw new SwisscomUnavailableException("GET /api/public/evidence/status", "HTTP 503", 5, false);
        };
        raAnswer = Optional.of(new RaEvidence("ev", 4, List.of("ZERTES"), null, false));
        Identification i = seed("KLARNA", "bank").toBuilder().phase(Phase.LOOKUP)
                .statusHistory(List.of(PollEngineTest.entry("terminated", NOW.minusSeconds(60)))).build();
        table.put(i.id(), i);
        worker().process(new PollMessage(i.id(), i.version(), NOW));
        Identification later = table.get(i.id());
        assertEquals(Phase.LOOKUP, later.phase(), "still tracked");
        assertNull(later.canSign());
        assertTrue(published.isEmpty(), "nothing announced");
    }

    @Test
    void staleDuplicateAndUnknownMessagesAreDroppedWithoutCallingSrs() {
        Identification i = seed("KLARNA", "bank");
        assertEquals(PollWorker.Outcome.DROPPED, worker().process(new PollMessage(i.id(), i.version() - 1, NOW)));
        assertEquals(PollWorker.Outcome.DROPPED, worker().process(new PollMessage("nope", 1, NOW)));
        table.put(i.id(), i.toBuilder().done().build());
        assertEquals(PollWorker.Outcome.DROPPED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertTrue(effects.isEmpty());
    }

    @Test
    void anEarlyMessageIsResentWithTheRemainingDelay() {
        Identification i = seed("KLARNA", "bank");
        PollMessage m = new PollMessage(i.id(), i.version(), NOW.plus(Duration.ofMinutes(40)));
        assertEquals(PollWorker.Outcome.RESENT_EARLY, worker().process(m));
        assertEquals(List.of(m), sent);
        assertTrue(effects.isEmpty());
    }

    @Test
    void losingTheWriteRaceDropsTheMessage_andAnOutageReschedulesWithoutEvents() {
        Identification i = seed("KLARNA", "bank");
        conflictOnWrite = true;
        assertEquals(PollWorker.Outcome.DROPPED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertTrue(sent.isEmpty());

        conflictOnWrite = false;
        effects.clear();
        srsFailure = new SwisscomUnavailableException(SrsSnapshot.ENDPOINT, "503", 90);
        assertEquals(PollWorker.Outcome.POLLED, worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertEquals(List.of("write"), effects);
        assertEquals(NOW.plusSeconds(90), sent.getFirst().at(), "Retry-After respected");
        assertEquals(Phase.STATUS, table.get(i.id()).phase());
    }

    @Test
    void duringAnOutageTheRestOfTheBatchIsRescheduledWithoutCalling() {
        Identification a = seed("KLARNA", "bank");
        Identification b = a.toBuilder().id("id-2").build();
        table.put(b.id(), b);
        srsFailure = new SwisscomUnavailableException(SrsSnapshot.ENDPOINT, "timed out", 5);
        PollWorker w = worker();
        AtomicCalls calls = new AtomicCalls();
        srsCalls = calls;
        w.process(new PollMessage(a.id(), a.version(), NOW));
        w.process(new PollMessage(b.id(), b.version(), NOW));
        assertEquals(1, calls.n, "the second poll did not wait for another timeout");
        assertEquals(Phase.STATUS, table.get(b.id()).phase());
        assertTrue(table.get(b.id()).nextPollAt().isAfter(NOW));
    }

    static final class AtomicCalls {
        int n;
    }

    AtomicCalls srsCalls = new AtomicCalls();

    @Test
    void anUnexpectedFailureEscapesSoTheMessageIsRetried() {
        Identification i = seed("KLARNA", "bank");
        srsFailure = new IllegalStateException("bug");
        assertThrows(IllegalStateException.class, () -> worker().process(new PollMessage(i.id(), i.version(), NOW)));
        assertEquals(i, table.get(i.id()));
    }

    @Test
    void pollMessagesRoundTripAndRejectGarbage() {
        PollMessage m = new PollMessage("id-1", 7, NOW);
        assertEquals(m, PollMessage.fromJson(m.toJson()));
        for (String bad : List.of("", "nope", "{}", "{\"id\":\"x\",\"version\":\"a\",\"at\":1}", "[1]")) {
            assertThrows(IllegalArgumentException.class, () -> PollMessage.fromJson(bad), bad);
        }
        assertEquals(0, SqsPollQueue.delaySeconds(NOW.minusSeconds(5), NOW));
        assertEquals(2, SqsPollQueue.delaySeconds(NOW.plusMillis(1001), NOW));
        assertEquals(900, SqsPollQueue.delaySeconds(NOW.plus(Duration.ofHours(2)), NOW));
        assertNull(null);
    }
}
