package ch.srsconnect.shared.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.catalogue.Catalogue;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.config.ConfigException;
import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.NextAction;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.ra.RaEvidence;
import ch.srsconnect.shared.smartflows.EvidenceStatus;
import ch.srsconnect.shared.smartflows.SigningStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollEngineTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    final PollSettings settings = PollSettings.defaults();
    final PollEngine engine = new PollEngine(settings);

    static StatusEntry entry(String status, Instant at) {
        return new StatusEntry(IdentificationStatus.parse(status), at, null, null);
    }

    static Identification tracked(String issuer, String method, String msisdn) {
        return Identification.builder().id("id-1").owner("sp").refId("ref-1").issuer(issuer).method(method).msisdn(msisdn)
                .status(IdentificationStatus.INITIALIZED)
                .statusHistory(List.of(entry("created", T0), entry("initialized", T0.plusMillis(1))))
                .phase(Phase.STATUS).nextPollAt(T0.plusSeconds(600)).version(3).createdAt(T0).updatedAt(T0)
                .expiresAt(T0.plus(Duration.ofDays(120))).build();
    }

    static SrsSnapshot srs(Identification i, StatusEntry... more) {
        List<StatusEntry> all = new ArrayList<>(i.statusHistory());
        all.addAll(List.of(more));
        return new SrsSnapshot(all, null);
    }

    @Test
    void firstCheckFollowsTheMethodsTypicalDuration() {
        assertEquals(T0.plus(Duration.ofMinutes(10)), engine.firstCheck("IDENTITY.TM", "video", T0));
        assertEquals(T0.plus(Duration.ofMinutes(2)), engine.firstCheck("nect", "robo-ident", T0));
        assertEquals(T0.plus(Duration.ofMinutes(5)), engine.firstCheck("intrum-video", "video", T0));
        assertEquals(T0.plus(Duration.ofMinutes(1)), engine.firstCheck("KLARNA", "bank", T0));
        PollEngine scaled = new PollEngine(new PollSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(5), 10,
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(10), 3, 60, false, 1.0));
        assertEquals(T0.plus(Duration.ofSeconds(10)), scaled.firstCheck("IDENTITY.TM", "video", T0));
    }

    @Test
    void unchangedStatusBacksOffUpToTheCeilingAndAChangeResetsIt() {
        Identification i = tracked("intrum-video", "video", "+41791234567");
        List<Duration> waits = new ArrayList<>();
        Instant now = T0.plus(Duration.ofMinutes(5));
        for (int k = 0; k < 20; k++) {
            Step s = engine.onStatus(i, srs(i), now);
            waits.add(Duration.between(now, s.nextCheck()));
            assertTrue(s.changes().isEmpty());
            now = s.nextCheck();
            i = s.next();
        }
        for (int k = 1; k < waits.size(); k++) {
            assertTrue(waits.get(k).compareTo(waits.get(k - 1)) >= 0, "non-decreasing: " + waits);
        }
        assertEquals(Duration.ofMinutes(15), waits.getLast(), "ceiling");
        assertEquals(Duration.ofMinutes(150).dividedBy(60), waits.getFirst(), "within 5-15 min: a quarter of the window");

        Step changed = engine.onStatus(i, srs(i, entry("identification_done", now.minusSeconds(5))), now);
        assertEquals(0, changed.next().attempts());
        Duration afterChange = Duration.between(now, changed.nextCheck());
        assertTrue(afterChange.compareTo(Duration.ofMinutes(15)) < 0, "a change resets the backoff: " + afterChange);
        assertEquals(1, changed.changes().size());
        StatusChange c = changed.changes().getFirst();
        assertEquals("initialized", c.oldStatus());
        assertEquals("identification_done", c.newStatus());
        assertEquals("id-1:STATUS:2", c.changeId());
    }

    @Test
    void failuresEndTrackingWithTheirAction() {
        for (String failure : List.of("error", "negatively_conducted", "timeout", "canceled")) {
            Identification i = tracked("KLARNA", "bank", "+41791234567");
            Step s = engine.onStatus(i, srs(i, entry(failure, T0.plusSeconds(90))), T0.plusSeconds(120));
            assertEquals(Phase.DONE, s.next().phase(), failure);
            assertNull(s.nextCheck());
            assertEquals(failure, s.next().status().value());
            NextAction expected = failure.equals("negatively_conducted") ? NextAction.CHECK_REASON_THEN_NEW_ORDER : NextAction.NEW_ORDER;
            assertEquals(expected, s.changes().getLast().recommendedAction(), failure);
        }
    }

    @Test
    void abortedKeepsPollingAndRecommendsARetryWithTheSameUrl() {
        Identification i = tracked("intrum-video", "video", "+41791234567");
        Step s = engine.onStatus(i, srs(i, entry("aborted", T0.plusSeconds(200))), T0.plusSeconds(300));
        assertEquals(Phase.STATUS, s.next().phase());
        assertTrue(s.next().isTracked());
        assertEquals(NextAction.OFFER_RETRY_SAME_URL, s.changes().getLast().recommendedAction());
    }

    @Test
    void terminatedSwitchesToLookupAfterTheMethodsDelay() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        Instant now = T0.plusSeconds(300);
        Step s = engine.onStatus(i, srs(i, entry("identification_done", T0.plusSeconds(100)),
                entry("data_ready", T0.plusSeconds(150)), entry("terminated", T0.plusSeconds(200))), now);
        assertEquals(Phase.LOOKUP, s.next().phase());
        assertEquals(now.plusSeconds(30), s.nextCheck(), "Klarna: first lookup 30 s after terminated");
        assertEquals(List.of("initialized>identification_done", "identification_done>data_ready", "data_ready>terminated"),
                s.changes().stream().map(c -> c.oldStatus() + ">" + c.newStatus()).toList());
        assertEquals(NextAction.CHECK_TERMS, s.changes().getLast().recommendedAction());

        Identification selfie = tracked("nect", "robo-ident", "+41791234567");
        Step n = engine.onStatus(selfie, srs(selfie, entry("terminated", T0.plusSeconds(200))), now);
        assertEquals(now, n.nextCheck(), "Selfie Ident: confirm by one lookup at once");
    }

    @Test
    void terminatedWithoutAnyMsisdnEndsWithoutLookup_andSrsMobileFillsAMissingMsisdn() {
        Identification none = tracked("IDENTITY.TM", "video", null);
        Step s = engine.onStatus(none, srs(none, entry("terminated", T0.plusSeconds(200))), T0.plusSeconds(300));
        assertEquals(Phase.DONE, s.next().phase());

        SrsSnapshot withMobile = new SrsSnapshot(srs(none, entry("terminated", T0.plusSeconds(200))).statuses(), "+41790000001");
        Step m = engine.onStatus(none, withMobile, T0.plusSeconds(300));
        assertEquals(Phase.LOOKUP, m.next().phase());
        assertEquals("+41790000001", m.next().msisdn());
    }

    @Test
    void selfieIdentTerminatedWithoutAnyNumberEndsAsCanSignOnTheGuidesWord() {
        Identification none = tracked("nect", "robo-ident", null);
        Step s = engine.onStatus(none, srs(none, entry("terminated", T0.plusSeconds(200))), T0.plusSeconds(300));
        assertEquals(Phase.DONE, s.next().phase());
        assertEquals(Boolean.TRUE, s.next().canSign());
        assertEquals(StatusChange.Kind.CAN_SIGN, s.changes().getLast().kind(), s.changes().toString());
        assertEquals("SRS_TERMINATED_SELFIE_IDENT", Tracking.view(s.next(), T0).get("canSignBasis"));
        assertEquals("READY_TO_SIGN", Tracking.view(s.next(), T0).get("recommendedAction"));

        // with SRS's number the lookup still confirms it
        SrsSnapshot withMobile = new SrsSnapshot(srs(none, entry("terminated", T0.plusSeconds(200))).statuses(), "+41790000002");
        Step m = engine.onStatus(none, withMobile, T0.plusSeconds(300));
        assertEquals(Phase.LOOKUP, m.next().phase());
        assertEquals("+41790000002", m.next().msisdn());
    }

    @Test
    void repeatedRefusalsEndTrackingAsFailedAndAGoodAnswerInBetweenForgivesThem() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        Step first = engine.onRefused(i, 404, T0.plusSeconds(60));
        assertEquals(Phase.STATUS, first.next().phase());
        assertEquals(1, first.next().refusals());
        assertTrue(first.changes().isEmpty());
        Step good = engine.onStatus(first.next(), srs(first.next()), T0.plusSeconds(120));
        assertEquals(0, good.next().refusals(), "a good answer resets the count");

        Identification cur = i;
        Step s = null;
        for (int n = 1; n <= PollEngine.MAX_REFUSALS; n++) {
            s = engine.onRefused(cur, 404, T0.plusSeconds(60L * n));
            cur = s.next();
        }
        assertEquals(Phase.DONE, cur.phase());
        assertTrue(cur.trackingFailed());
        assertEquals("tracking failed: SRS answered HTTP 404 3 times in a row", cur.reason());
        assertEquals(StatusChange.Kind.TRACKING_FAILED, s.changes().getFirst().kind());
        assertEquals(NextAction.CONTACT_SUPPORT, s.changes().getFirst().recommendedAction());
        assertEquals("CONTACT_SUPPORT", Tracking.view(cur, T0).get("recommendedAction"));
        assertEquals(true, Tracking.view(cur, T0).get("trackingFailed"));
    }

    @Test
    void aNumberChangedAtThePartnerIsTheOneLookedUpAndTheOrderedOneIsKept() {
        Identification i = tracked("IDENTITY.TM", "video", "+41791234567");
        SrsSnapshot changed = new SrsSnapshot(srs(i, entry("terminated", T0.plusSeconds(200))).statuses(), "+41797654321");
        Step s = engine.onStatus(i, changed, T0.plusSeconds(300));
        assertEquals(Phase.LOOKUP, s.next().phase());
        assertEquals("+41797654321", s.next().msisdn(), "the RA is asked for SRS's number");
        assertEquals("+41791234567", s.next().orderedMsisdn());
        Step again = engine.onStatus(i.toBuilder().msisdn("+41797654321").orderedMsisdn("+41791234567").build(),
                changed, T0.plusSeconds(300));
        assertEquals("+41791234567", again.next().orderedMsisdn(), "the first ordered number stays");
        Step same = engine.onStatus(i, new SrsSnapshot(changed.statuses(), "+41791234567"), T0.plusSeconds(300));
        assertEquals(null, same.next().orderedMsisdn());
    }

    @Test
    void srsMobileIsTakenOnlyWhenItIsAPhoneNumber() {
        assertEquals("+41791234567", SrsSnapshot.phoneNumber("+41 79 123 45 67"));
        assertEquals(null, SrsSnapshot.phoneNumber("0791234567"));
        assertEquals(null, SrsSnapshot.phoneNumber("+41" + "7".repeat(100_000)));
        assertEquals(null, SrsSnapshot.phoneNumber(""));
        assertEquals(null, SrsSnapshot.phoneNumber(null));
    }

    @Test
    void srsEvidenceIdIsKeptForSupportAndAnAbsurdOneIsNot() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        List<StatusEntry> history = srs(i, entry("terminated", T0.plusSeconds(200))).statuses();
        Step s = engine.onStatus(i, new SrsSnapshot(history, null, "ev-123"), T0.plusSeconds(300));
        assertEquals("ev-123", s.next().evidenceId());
        assertEquals(null, new SrsSnapshot(history, null, "x".repeat(SrsSnapshot.MAX_EVIDENCE_ID_LENGTH + 1)).evidenceId());
        assertEquals(null, new SrsSnapshot(history, null, " ").evidenceId());
        Step later = engine.onStatus(i, new SrsSnapshot(history, null, null), T0.plusSeconds(300));
        assertEquals(null, later.next().evidenceId(), "nothing reported, nothing invented");
    }

    @Test
    void lookupEndsWhenTheUserCanSignOrAtTheDeadline() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        Instant terminated = T0.plusSeconds(200);
        i = engine.onStatus(i, srs(i, entry("terminated", terminated)), T0.plusSeconds(300)).next();
        Step notYet = engine.onLookup(i, Optional.empty(), T0.plusSeconds(330));
        assertEquals(Phase.LOOKUP, notYet.next().phase());
        assertEquals(Boolean.FALSE, notYet.next().canSign());
        assertTrue(notYet.changes().isEmpty());

        LocalDate expires = LocalDate.parse("2028-01-01");
        Step ok = engine.onLookup(notYet.next(), Optional.of(new RaEvidence("ev", 4, List.of("ZERTES"), expires, false)),
                T0.plusSeconds(400));
        assertEquals(Phase.DONE, ok.next().phase());
        assertEquals(Boolean.TRUE, ok.next().canSign());
        assertEquals(expires, ok.next().evidenceExpiresOn());
        assertEquals(NextAction.READY_TO_SIGN, ok.changes().getFirst().recommendedAction());
        assertEquals(StatusChange.Kind.CAN_SIGN, ok.changes().getFirst().kind());

        Step late = engine.onLookup(notYet.next(), Optional.empty(), terminated.plus(settings.lookupDeadline()));
        assertEquals(Phase.DONE, late.next().phase());
        assertEquals(Boolean.FALSE, late.next().canSign());
        assertEquals(StatusChange.Kind.DEADLINE, late.changes().getFirst().kind());
        assertEquals(NextAction.CHECK_TERMS, late.changes().getFirst().recommendedAction());
    }

    static EvidenceStatus signing(String wire) {
        return new EvidenceStatus(List.of(new EvidenceStatus.Level("ZERTES", 4)), null, SigningStatus.parse(wire), wire, false);
    }

    @Test
    void whereSmartFlowsRunsItsSigningStatusDecidesWhatTheRasEvidenceMeans() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        Instant terminated = T0.plusSeconds(200);
        Identification lookup = engine.onStatus(i, srs(i, entry("terminated", terminated)), T0.plusSeconds(300)).next();
        RaEvidence found = new RaEvidence("ev", 4, List.of("ZERTES"), LocalDate.parse("2028-01-01"), false);
        Instant now = T0.plusSeconds(400);

        Step mid = engine.onSigningStatus(lookup, found, signing("MID"), now);
        assertEquals(Boolean.TRUE, mid.next().canSign());
        assertEquals("MID", mid.next().signingStatus());
        assertEquals("RA_LOOKUP_AND_SMART_FLOWS", Tracking.view(mid.next(), now).get("canSignBasis"));
        assertEquals(StatusChange.Kind.CAN_SIGN, mid.changes().getFirst().kind());

        for (String mismatch : List.of("MISSMATCH_MID", "MISSMATCH_SAS_CHANGE_SN", "MISMATCH_SAS_BUT_MID")) {
            Step re = engine.onSigningStatus(lookup, found, signing(mismatch), now);
            assertEquals(Phase.DONE, re.next().phase(), mismatch);
            assertEquals(Boolean.FALSE, re.next().canSign(), mismatch);
            assertEquals(NextAction.RE_IDENTIFY, Tracking.recommendedAction(re.next()), mismatch);
            assertEquals(List.of(StatusChange.Kind.RE_IDENTIFY), re.changes().stream().map(StatusChange::kind).toList());
            assertEquals(NextAction.RE_IDENTIFY, re.changes().getFirst().recommendedAction());
            assertTrue(re.next().reason().contains("serial mismatch"), re.next().reason());
        }

        Step notRegistered = engine.onSigningStatus(lookup, found, signing("NOT_RA_MID_SAS"), now);
        assertEquals(Phase.LOOKUP, notRegistered.next().phase(), "not registered yet: look up again");
        assertEquals(Boolean.FALSE, notRegistered.next().canSign());
        assertTrue(notRegistered.changes().isEmpty());
        Step none = engine.onSigningStatus(lookup, found,
                new EvidenceStatus(List.of(), null, SigningStatus.UNKNOWN, null, true), now);
        assertEquals(Phase.LOOKUP, none.next().phase(), "Smart Flows has no evidence yet: look up again");
        Step late = engine.onSigningStatus(lookup, found, signing("NOT_REGISTERED_AT_ALL"),
                terminated.plus(settings.lookupDeadline()));
        assertEquals(StatusChange.Kind.DEADLINE, late.changes().getFirst().kind(), "the lookup deadline applies");

        Step down = engine.onSigningStatus(lookup, found, signing("NOT_ABLE_TO_RETRIEVE"), now);
        assertEquals(Phase.LOOKUP, down.next().phase());
        assertNull(down.next().canSign(), "an outage at Smart Flows says nothing about the user");
        assertTrue(down.next().nextPollAt().isAfter(now));

        Step unknown = engine.onSigningStatus(lookup, found, signing("SOMETHING_NEW"), now);
        assertEquals(Boolean.TRUE, unknown.next().canSign(), "an unknown value: the RA's word holds");
        assertEquals("UNKNOWN", unknown.next().signingStatus());
        assertEquals("RA_LOOKUP", Tracking.view(unknown.next(), now).get("canSignBasis"));
    }

    @Test
    void statusDeadlineIsTheTargetUrlLifetime() {
        Identification i = tracked("nect", "robo-ident", "+41791234567");
        Step before = engine.onStatus(i, srs(i), T0.plus(Duration.ofDays(30)).minusSeconds(1));
        assertEquals(Phase.STATUS, before.next().phase());
        Step after = engine.onStatus(i, srs(i), T0.plus(Duration.ofDays(30)));
        assertEquals(Phase.DONE, after.next().phase());
        assertEquals(NextAction.NEW_ORDER, after.changes().getFirst().recommendedAction());
        assertEquals(NextAction.NEW_ORDER, Tracking.recommendedAction(after.next()));
    }

    @Test
    void anOutageBacksOffAndNeverEndsTrackingEvenPastTheDeadline() {
        Identification i = tracked("nect", "robo-ident", "+41791234567");
        Instant late = T0.plus(Duration.ofDays(31));
        Step s = engine.onUnavailable(i, Duration.ofSeconds(120), late);
        assertEquals(Phase.STATUS, s.next().phase());
        assertEquals(late.plusSeconds(120), s.nextCheck(), "Retry-After respected");
        Step again = engine.onUnavailable(s.next(), null, late);
        Step third = engine.onUnavailable(again.next(), null, late);
        assertTrue(Duration.between(late, third.nextCheck()).compareTo(Duration.between(late, again.nextCheck())) > 0);
        assertTrue(s.changes().isEmpty());
    }

    @Test
    void aRepeatedOrOlderSrsAnswerChangesNothing() {
        Identification i = tracked("KLARNA", "bank", "+41791234567");
        Step s = engine.onStatus(i, srs(i, entry("identification_done", T0.plusSeconds(100))), T0.plusSeconds(120));
        Step older = engine.onStatus(s.next(), srs(i), T0.plusSeconds(130));
        assertEquals(s.next().statusHistory(), older.next().statusHistory());
        assertEquals("identification_done", older.next().status().value());
        assertTrue(older.changes().isEmpty());
    }

    @Test
    void naivePolicyPollsEvery30Seconds() {
        PollSettings d = PollSettings.defaults();
        PollEngine naive = new PollEngine(new PollSettings(d.shards(), d.tick(), d.lease(), d.maxItemsPerTick(), d.maxSelfDelay(),
                d.trackingLimit(), d.lookupDeadline(), d.maxReceiveCount(), 1, true, 1.0));
        Identification i = tracked("IDENTITY.TM", "video", "+41791234567");
        assertEquals(T0.plusSeconds(30), naive.firstCheck("IDENTITY.TM", "video", T0));
        for (int k = 0; k < 5; k++) {
            Step s = naive.onStatus(i, srs(i), T0.plusSeconds(100));
            assertEquals(T0.plusSeconds(130), s.nextCheck());
            i = s.next();
        }
    }

    @Test
    void everyCatalogueMethodHasAPlanWithinSqsAndDeadlineBounds() {
        for (var e : Catalogue.ALL) {
            PollPlan p = PollPlan.forEntry(e, settings);
            assertFalse(p.firstCheck().isNegative(), e.key());
            assertTrue(p.waitingCeiling().compareTo(PollSettings.SQS_MAX_DELAY) <= 0, e.key());
            assertTrue(p.activeCeiling().compareTo(PollSettings.SQS_MAX_DELAY) <= 0, e.key());
            assertTrue(p.statusDeadline().compareTo(Duration.ofMinutes(30)) > 0, e.key());
        }
    }

    @Test
    void aNewOrderWithoutHistoryAnnouncesOnlyWhatFollowsItsStatus() {
        Identification fresh = tracked("KLARNA", "bank", "+41791234567").toBuilder().statusHistory(List.of()).build();
        Step s = engine.onStatus(fresh, new SrsSnapshot(List.of(entry("created", T0), entry("initialized", T0.plusMillis(1)),
                entry("identification_done", T0.plusSeconds(60))), null), T0.plusSeconds(90));
        assertEquals(List.of("initialized>identification_done"),
                s.changes().stream().map(c -> c.oldStatus() + ">" + c.newStatus()).toList());
        assertEquals(3, s.next().statusHistory().size());
        assertEquals("id-1:STATUS:2", s.changes().getFirst().changeId());
    }

    @Test
    void aPlanIntervalFactorScalesTheRepeatIntervalsOnlyAndABadPolicyIsNamed() {
        PollPlan p = PollPlan.forMethod("IDENTITY.TM", "video", PollSettings.defaults());
        PollPlan half = p.withIntervalFactor(0.5);
        assertEquals(p.active().dividedBy(2), half.active());
        assertEquals(p.lookupInterval().dividedBy(2), half.lookupInterval());
        assertEquals(p.waitingCeiling().dividedBy(2), half.waitingCeiling());
        assertEquals(p.firstCheck(), half.firstCheck());
        assertEquals(p.lookupDeadline(), half.lookupDeadline());
        assertEquals(0.5, PollSettings.fromConfig(Config.of(Map.of(PollSettings.POLL_POLICY, "planned:0.5"))).intervalFactor());
        assertEquals(1.0, PollSettings.fromConfig(Config.of(Map.of())).intervalFactor());
        ConfigException e = assertThrows(ConfigException.class,
                () -> PollSettings.fromConfig(Config.of(Map.of(PollSettings.POLL_POLICY, "planned:-1"))));
        assertEquals(PollSettings.POLL_POLICY, e.variable());
    }
}
