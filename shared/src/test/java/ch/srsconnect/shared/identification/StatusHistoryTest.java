package ch.srsconnect.shared.identification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHistoryTest {

    static final StatusEntry CREATED = StatusEntry.fromWire("created", "2020-02-04T10:49:17.343Z", null, null);
    static final StatusEntry INITIALIZED = StatusEntry.fromWire("initialized", "2020-02-04T10:49:17.361Z", null, null);
    static final StatusEntry DONE = StatusEntry.fromWire("IDENTIFICATION_DONE", "2020-02-04T11:02:00Z", null, null);
    static final StatusEntry TERMINATED = StatusEntry.fromWire("Terminated", "2020-02-04T11:20:00Z", null, null);

    @Test
    void firstPollTakesEverything() {
        StatusHistory.Merge m = StatusHistory.merge(List.of(), List.of(CREATED, INITIALIZED));
        assertEquals(List.of(CREATED, INITIALIZED), m.added());
        assertEquals(List.of(CREATED, INITIALIZED), m.history());
        assertEquals(IdentificationStatus.INITIALIZED, m.current());
        assertTrue(m.changed());
    }

    @Test
    void appendsOnlyTheNewTail() {
        StatusHistory.Merge m = StatusHistory.merge(List.of(CREATED, INITIALIZED), List.of(CREATED, INITIALIZED, DONE));
        assertEquals(List.of(DONE), m.added());
        assertEquals(List.of(CREATED, INITIALIZED, DONE), m.history());
    }

    @Test
    void redeliveryOfTheSameAnswerAddsNothing() {
        List<StatusEntry> stored = StatusHistory.merge(List.of(), List.of(CREATED, INITIALIZED, DONE)).history();
        StatusHistory.Merge again = StatusHistory.merge(stored, List.of(CREATED, INITIALIZED, DONE));
        assertFalse(again.changed());
        assertEquals(stored, again.history());
    }

    @Test
    void olderAnswerProcessedAfterANewerOneNeitherShortensNorReorders() {
        List<StatusEntry> stored = List.of(CREATED, INITIALIZED, DONE, TERMINATED);
        StatusHistory.Merge m = StatusHistory.merge(stored, List.of(CREATED, INITIALIZED));
        assertFalse(m.changed());
        assertEquals(stored, m.history());
        assertEquals(IdentificationStatus.TERMINATED, m.current());
    }

    @Test
    void repeatedEntriesFromSrsAreTakenOnce() {
        StatusHistory.Merge m = StatusHistory.merge(List.of(CREATED),
                List.of(CREATED, INITIALIZED, INITIALIZED, CREATED, DONE, DONE));
        assertEquals(List.of(INITIALIZED, DONE), m.added());
        assertEquals(List.of(CREATED, INITIALIZED, DONE), m.history());
    }

    @Test
    void differentSpellingsOfTheSameEventAreOneEvent() {
        StatusEntry upper = StatusEntry.fromWire("TERMINATED", "2020-02-04T11:20:00.000Z", "", null);
        StatusHistory.Merge m = StatusHistory.merge(List.of(CREATED, TERMINATED), List.of(CREATED, upper));
        assertFalse(m.changed());
    }

    @Test
    void theSameStatusAtAnotherTimeIsANewEvent() {
        StatusEntry aborted1 = StatusEntry.fromWire("aborted", "2020-02-04T11:00:00Z", "user left", null);
        StatusEntry aborted2 = StatusEntry.fromWire("aborted", "2020-02-04T12:00:00Z", "user left", null);
        StatusHistory.Merge m = StatusHistory.merge(List.of(CREATED, INITIALIZED, aborted1),
                List.of(CREATED, INITIALIZED, aborted1, INITIALIZED, aborted2));
        assertEquals(List.of(aborted2), m.added());
    }

    @Test
    void repeatedRandomRedeliveryConvergesToSrsHistory() {
        List<StatusEntry> full = List.of(CREATED, INITIALIZED, DONE, TERMINATED);
        List<StatusEntry> stored = new ArrayList<>();
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            List<StatusEntry> snapshot = full.subList(0, 1 + r.nextInt(full.size()));
            stored = new ArrayList<>(StatusHistory.merge(stored, snapshot).history());
            for (int j = 0; j < stored.size(); j++) {
                assertEquals(full.get(j), stored.get(j), "stored history stays a prefix of SRS's history");
            }
        }
        assertEquals(full, stored);
    }

    @Test
    void emptyHistoryHasNoCurrentStatus() {
        assertNull(StatusHistory.merge(List.of(), List.of()).current());
    }

    @Test
    void wireDatesAreReadTolerantly() {
        assertEquals(Instant.parse("2020-02-04T10:49:17.343Z"), StatusEntry.parseDate("2020-02-04T10:49:17.343Z"));
        assertEquals(Instant.parse("2020-02-04T09:49:17Z"), StatusEntry.parseDate("2020-02-04T10:49:17+01:00"));
        assertEquals(Instant.parse("2020-02-04T10:49:17Z"), StatusEntry.parseDate("2020-02-04T10:49:17"));
        assertNull(StatusEntry.parseDate("yesterday"));
        assertNull(StatusEntry.parseDate(null));
    }

    @Test
    void aLongHistoryIsBoundedAndNothingDroppedComesBack() {
        List<StatusEntry> srs = new ArrayList<>();
        List<StatusEntry> stored = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            srs.add(StatusEntry.fromWire(n % 2 == 0 ? "PENDING_REVIEW" : "data_ready", Instant.EPOCH.plusSeconds(n).toString(), "r" + n, null));
            StatusHistory.Merge m = StatusHistory.merge(stored, srs);
            assertEquals(List.of(srs.getLast()), m.added(), "each poll adds exactly the one new entry");
            stored = m.history();
            assertTrue(stored.size() <= StatusHistory.MAX_ENTRIES, "bounded: " + stored.size());
        }
        assertEquals(srs.subList(0, StatusHistory.KEEP_FIRST), stored.subList(0, StatusHistory.KEEP_FIRST), "the start is kept");
        assertEquals(srs.getLast(), stored.getLast(), "the current status is the last");
        assertFalse(StatusHistory.merge(stored, srs).changed(), "SRS's full answer again adds nothing");
    }

    @Test
    void srsTextsAreCutToTheirLimitsTheSameWayEveryTime() {
        String reason = "é".repeat(StatusEntry.MAX_REASON_LENGTH * 3);
        StatusEntry a = StatusEntry.fromWire("X".repeat(500), "2020-02-04T10:49:17Z", reason, "k".repeat(500));
        StatusEntry b = StatusEntry.fromWire("X".repeat(500), "2020-02-04T10:49:17Z", reason, "k".repeat(500));
        assertEquals(a, b);
        assertEquals(StatusEntry.MAX_REASON_LENGTH, a.reason().length());
        assertEquals(StatusEntry.MAX_KIND_LENGTH, a.kind().length());
        assertEquals(StatusEntry.MAX_STATUS_LENGTH, a.status().value().length());
        assertEquals("a😀…", StatusEntry.cap("a😀bcdef", 4), "never half a surrogate pair");
        assertEquals("a…", StatusEntry.cap("a😀bcdef", 3));
    }
}
