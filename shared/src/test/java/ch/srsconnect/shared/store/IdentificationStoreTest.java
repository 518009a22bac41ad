package ch.srsconnect.shared.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdentificationStoreTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123456Z");

    IdentificationStore store;
    String table;

    @BeforeEach
    void setUp() {
        table = LocalDynamo.newTable();
        store = new IdentificationStore(LocalDynamo.client(), table, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
    }

    static Identification.Builder identification(String id, String owner, String msisdn, Instant createdAt) {
        return Identification.builder().id(id).owner(owner).refId("ref-" + id).orderId("ord-" + id)
                .targetUrl("https://ipsp.example/t/" + id).issuer("intrum-video").method("video").msisdn(msisdn)
                .externalId("cust-42").status(IdentificationStatus.INITIALIZED)
                .statusHistory(List.of(StatusEntry.fromWire("created", "2026-11-22T10:00:00.001Z", null, null),
                        StatusEntry.fromWire("initialized", "2026-11-22T10:00:00.002Z", null, null)))
                .phase(Phase.STATUS).nextPollAt(createdAt.plusSeconds(300))
                .pollShard(Identification.pollShardOf(id, 4))
                .createdAt(createdAt).updatedAt(createdAt).expiresAt(createdAt.plusSeconds(90L * 86400));
    }

    @Test
    void createThenGetRoundTripsEveryField() {
        Identification in = identification("idn-1", "sp-a", "+41791234567", T0)
                .reason("because").canSign(false).evidenceExpiresOn(LocalDate.of(2031, 1, 1)).attempts(2)
                .evidenceId("ev-9").refusals(2).trackingFailed(true).orderedMsisdn("+41797654321")
                .signingStatus("MISMATCH_MID").build();
        Identification stored = store.create(in);
        assertEquals(1, stored.version());
        assertEquals(T0.plusSeconds(5).toEpochMilli(), stored.updatedAt().toEpochMilli());
        Identification read = store.get("idn-1").orElseThrow();
        assertEquals(stored, read);
        assertEquals(in.statusHistory(), read.statusHistory());
        assertEquals(in.targetUrl(), read.targetUrl());
        assertEquals(in.msisdn(), read.msisdn());
        assertEquals(LocalDate.of(2031, 1, 1), read.evidenceExpiresOn());
        assertEquals(Boolean.FALSE, read.canSign());
        assertEquals(T0.toEpochMilli(), read.createdAt().toEpochMilli());
        assertEquals("ev-9", read.evidenceId());
        assertEquals(2, read.refusals());
        assertEquals(true, read.trackingFailed());
        assertEquals("+41797654321", read.orderedMsisdn());
        assertEquals("MISMATCH_MID", read.signingStatus());
    }

    @Test
    void unknownStatusSurvivesStorageVerbatim() {
        store.create(identification("idn-u", "sp-a", null, T0).status(IdentificationStatus.parse("Video Review Pending"))
                .statusHistory(List.of(StatusEntry.fromWire("Video Review Pending", null, null, null))).build());
        Identification read = store.get("idn-u").orElseThrow();
        assertEquals("Video Review Pending", read.status().value());
        assertFalse(read.status().isKnown());
        assertNull(read.statusHistory().getFirst().date());
        assertNull(read.msisdn());
    }

    @Test
    void createRefusesAnExistingId() {
        store.create(identification("idn-1", "sp-a", "+41791234567", T0).build());
        assertThrows(IdentificationExistsException.class,
                () -> store.create(identification("idn-1", "sp-b", "+41790000000", T0).build()));
        assertEquals("sp-a", store.get("idn-1").orElseThrow().owner());
    }

    @Test
    void createRefusesReservedIdsAndMsisdnsThatWouldBreakTheIndexKey() {
        assertThrows(IllegalArgumentException.class,
                () -> store.create(identification("idempotency#x", "sp-a", null, T0).build()));
        assertThrows(IllegalArgumentException.class,
                () -> store.create(identification("idn-2", "sp-a", "+41#79", T0).build()));
    }

    @Test
    void getOwnedHidesOtherOwnersItems() {
        store.create(identification("idn-1", "sp-a", "+41791234567", T0).build());
        assertTrue(store.getOwned("sp-a", "idn-1").isPresent());
        assertEquals(Optional.empty(), store.getOwned("sp-b", "idn-1"));
        assertEquals(Optional.empty(), store.getOwned("sp-a", "idn-missing"));
        assertEquals(Optional.empty(), store.get("idn-missing"));
    }

    @Test
    void getNeverReturnsAnIdempotencyRecord() {
        IdempotencyStore idem = new IdempotencyStore(LocalDynamo.client(), table);
        idem.begin("sp-a", "k1", "h1");
        assertEquals(Optional.empty(), store.get(IdempotencyStore.itemId("sp-a", "k1")));
    }

    @Test
    void updateIncrementsVersionAndDetectsConcurrentWriters() {
        Identification v1 = store.create(identification("idn-1", "sp-a", "+41791234567", T0).build());
        Identification v2 = store.update(v1, v1.toBuilder().status(IdentificationStatus.IDENTIFICATION_DONE).attempts(1).build());
        assertEquals(2, v2.version());
        assertEquals(v2, store.get("idn-1").orElseThrow());

        // a second writer still holding v1 loses and learns the current version
        ConcurrentUpdateException e = assertThrows(ConcurrentUpdateException.class,
                () -> store.update(v1, v1.toBuilder().status(IdentificationStatus.CANCELED).done().build()));
        assertEquals(1, e.expectedVersion());
        assertEquals(2, e.currentVersion().orElseThrow());
        assertEquals(IdentificationStatus.IDENTIFICATION_DONE, store.get("idn-1").orElseThrow().status());

        // retry after reloading succeeds
        Identification fresh = store.get("idn-1").orElseThrow();
        Identification v3 = store.update(fresh, fresh.toBuilder().status(IdentificationStatus.CANCELED).done().build());
        assertEquals(3, v3.version());
    }

    @Test
    void updateOfAMissingItemIsAConflictWithoutCurrentVersion() {
        Identification never = identification("idn-ghost", "sp-a", null, T0).version(1).build();
        ConcurrentUpdateException e = assertThrows(ConcurrentUpdateException.class,
                () -> store.update(never, never.toBuilder().attempts(1).build()));
        assertTrue(e.currentVersion().isEmpty());
        assertTrue(store.get("idn-ghost").isEmpty(), "a conditional update never creates an item");
    }

    @Test
    void updateCannotChangeIdentityFields() {
        Identification v1 = store.create(identification("idn-1", "sp-a", null, T0).build());
        assertThrows(IllegalArgumentException.class, () -> store.update(v1, v1.toBuilder().owner("sp-b").build()));
        assertThrows(IllegalArgumentException.class, () -> store.update(v1, v1.toBuilder().id("idn-2").build()));
    }

    @Test
    void listsAnOwnersItemsNewestFirstAcrossPages() {
        for (int i = 0; i < 7; i++) {
            store.create(identification("a-" + i, "sp-a", "+4179000000" + (i % 2), T0.plusSeconds(i)).build());
        }
        store.create(identification("b-0", "sp-b", "+41790000000", T0.plusSeconds(100)).build());

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Identification> page = store.listByOwner(ListQuery.of("sp-a").pageSize(3).cursor(cursor));
            assertTrue(page.items().size() <= 3);
            page.items().forEach(i -> seen.add(i.id()));
            cursor = page.nextCursor();
            pages++;
            if (cursor != null) {
                assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe cursor: " + cursor);
            }
        } while (cursor != null && pages < 10);
        assertEquals(List.of("a-6", "a-5", "a-4", "a-3", "a-2", "a-1", "a-0"), seen);
    }

    @Test
    void listsByMsisdnAndFiltersByStatusAndPhase() {
        for (int i = 0; i < 6; i++) {
            Identification.Builder b = identification("a-" + i, "sp-a", i < 4 ? "+41791111111" : "+41792222222", T0.plusSeconds(i));
            if (i == 1) {
                b.status(IdentificationStatus.CANCELED).done();
            }
            if (i == 2) {
                b.status(IdentificationStatus.TERMINATED).phase(Phase.LOOKUP);
            }
            store.create(b.build());
        }
        store.create(identification("b-0", "sp-b", "+41791111111", T0).build());

        assertEquals(List.of("a-3", "a-2", "a-1", "a-0"),
                ids(store.listByOwner(ListQuery.of("sp-a").msisdn("+41791111111"))));
        assertEquals(List.of("b-0"), ids(store.listByOwner(ListQuery.of("sp-b").msisdn("+41791111111"))));
        assertEquals(List.of(), ids(store.listByOwner(ListQuery.of("sp-b").msisdn("+41792222222"))));
        // the caller's pending orders for this msisdn
        assertEquals(List.of("a-3", "a-0"),
                ids(store.listByOwner(ListQuery.of("sp-a").msisdn("+41791111111").phases(Phase.STATUS))));
        assertEquals(List.of("a-2"),
                ids(store.listByOwner(ListQuery.of("sp-a").statuses(IdentificationStatus.TERMINATED))));
        assertEquals(List.of("a-2", "a-1"), ids(store.listByOwner(ListQuery.of("sp-a")
                .statuses(IdentificationStatus.TERMINATED, IdentificationStatus.CANCELED))));
    }

    @Test
    void spelledOutListingMatchesTheQueryForm() {
        store.create(identification("a-0", "sp-a", "+41791111111", T0).build());
        store.create(identification("a-1", "sp-a", "+41791111111", T0.plusSeconds(1)).status(IdentificationStatus.ABORTED).build());
        store.create(identification("a-2", "sp-a", "+41792222222", T0.plusSeconds(2)).status(IdentificationStatus.ABORTED).build());
        assertEquals(List.of("a-1"), ids(store.listByOwner("sp-a", "+41791111111", Set.of(IdentificationStatus.ABORTED), 10, null)));
        assertEquals(List.of("a-2", "a-1", "a-0"), ids(store.listByOwner("sp-a", null, null, 10, null)));
    }

    @Test
    void filteredListingPagesNeverLoseOrRepeatItems() {
        for (int i = 0; i < 20; i++) {
            Identification.Builder b = identification("a-" + i, "sp-a", "+41791111111", T0.plusSeconds(i));
            if (i % 3 != 0) {
                b.status(IdentificationStatus.ERROR).done();
            }
            store.create(b.build());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Identification> page = store.listByOwner(ListQuery.of("sp-a").phases(Phase.STATUS).pageSize(2).cursor(cursor));
            page.items().forEach(i -> seen.add(i.id()));
            cursor = page.nextCursor();
        } while (cursor != null && ++pages < 50);
        assertEquals(List.of("a-18", "a-15", "a-12", "a-9", "a-6", "a-3", "a-0"), seen);
    }

    @Test
    void cursorsAreBoundToTheirListing() {
        for (int i = 0; i < 3; i++) {
            store.create(identification("a-" + i, "sp-a", "+41791111111", T0.plusSeconds(i)).build());
            store.create(identification("b-" + i, "sp-b", "+41791111111", T0.plusSeconds(i)).build());
        }
        String cursor = store.listByOwner(ListQuery.of("sp-a").pageSize(1)).nextCursor();
        assertTrue(cursor != null);
        // another owner cannot use it
        assertThrows(InvalidCursorException.class, () -> store.listByOwner(ListQuery.of("sp-b").pageSize(1).cursor(cursor)));
        // nor another index
        assertThrows(InvalidCursorException.class,
                () -> store.listByOwner(ListQuery.of("sp-a").msisdn("+41791111111").cursor(cursor)));
        assertThrows(InvalidCursorException.class, () -> store.dueForPolling(0, T0, 10, cursor));
        // garbage and edits
        for (String bad : List.of("x", "!!!", "%%", "", "e30", base64("{\"v\":1,\"i\":\"byOwner\",\"k\":{}}"),
                base64("{\"v\":1,\"i\":\"byOwner\",\"k\":{\"id\":[\"S\",\"a-1\"],\"owner\":[\"S\",\"sp-a\"],\"createdAt\":[\"S\",\"x\"]}}"),
                base64("{\"v\":1,\"i\":\"byOwner\",\"k\":{\"id\":[\"S\",\"a-1\"],\"owner\":[\"S\",\"sp-a\"],\"createdAt\":[\"N\",\"1\"],\"extra\":[\"S\",\"x\"]}}"),
                base64("[1,2]"), base64("null"), cursor.substring(0, cursor.length() / 2))) {
            assertThrows(InvalidCursorException.class, () -> store.listByOwner(ListQuery.of("sp-a").cursor(bad)), bad);
        }
        // an edited but well-formed cursor in the caller's own partition only moves the start
        String edited = base64("{\"v\":1,\"i\":\"byOwner\",\"k\":{\"id\":[\"S\",\"zz\"],\"owner\":[\"S\",\"sp-a\"],\"createdAt\":[\"N\","
                + "\"" + T0.plusSeconds(1).toEpochMilli() + "\"]}}");
        List<String> after = ids(store.listByOwner(ListQuery.of("sp-a").cursor(edited)));
        assertTrue(after.stream().allMatch(id -> id.startsWith("a-")), after.toString());
    }

    @Test
    void dueQueryReturnsOnlyTrackedDueItemsOfTheShard() {
        Instant now = T0.plusSeconds(3600);
        // due, in shard
        List<String> expectedDue = new ArrayList<>();
        int shard = Identification.pollShardOf("x", 4);
        int made = 0;
        for (int i = 0; made < 12; i++) {
            String id = "p-" + i;
            int s = Identification.pollShardOf(id, 4);
            Identification.Builder b = identification(id, "sp-a", null, T0).pollShard(s);
            switch (made % 4) {
                case 0 -> b.nextPollAt(now.minusSeconds(60 - i));      // due
                case 1 -> b.nextPollAt(now.plusSeconds(600));          // later
                case 2 -> b.status(IdentificationStatus.ERROR).done(); // not tracked any more
                default -> b.nextPollAt(now);                          // due exactly now
            }
            if (s == shard && (made % 4 == 0 || made % 4 == 3)) {
                expectedDue.add(id);
            }
            if (s == shard || made % 4 == 0) {
                store.create(b.build());
                made++;
            }
        }
        Page<DuePoll> due = store.dueForPolling(shard, now, 100);
        assertEquals(Set.copyOf(expectedDue), new HashSet<>(due.items().stream().map(DuePoll::id).toList()));
        assertTrue(due.items().stream().allMatch(d -> d.pollShard() == shard && !d.nextPollAt().isAfter(now)));
        for (int i = 1; i < due.items().size(); i++) {
            assertFalse(due.items().get(i).nextPollAt().isBefore(due.items().get(i - 1).nextPollAt()), "earliest first");
        }
    }

    @Test
    void endingPollingRemovesTheItemFromTheDueIndexAndPagesWork() {
        Instant now = T0.plusSeconds(3600);
        List<Identification> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(store.create(identification("d-" + i, "sp-a", null, T0).pollShard(1).nextPollAt(now.minusSeconds(10 - i)).build()));
        }
        Identification first = created.getFirst();
        store.update(first, first.toBuilder().status(IdentificationStatus.TIMEOUT).done().build());

        List<String> seen = new ArrayList<>();
        Page<DuePoll> page = store.dueForPolling(1, now, 2);
        seen.addAll(page.items().stream().map(DuePoll::id).toList());
        int guard = 0;
        while (page.hasMore() && guard++ < 10) {
            page = store.dueForPolling(1, now, 2, page.nextCursor());
            seen.addAll(page.items().stream().map(DuePoll::id).toList());
        }
        assertEquals(List.of("d-1", "d-2", "d-3", "d-4"), seen);
        assertNotEquals(Optional.empty(), store.get("d-0"));
    }

    static List<String> ids(Page<Identification> page) {
        return page.items().stream().map(Identification::id).toList();
    }

    static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
