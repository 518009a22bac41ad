package ch.srsconnect.shared.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ch.srsconnect.shared.testing.MutableClock;
import org.junit.jupiter.api.Test;

class MethodsServiceTest {

    /** Records the SRS queries it is asked and answers with {@code answer} or throws {@code failure}. */
    static final class FakeSource implements ProvidersSource {
        final List<Map<String, List<String>>> calls = new ArrayList<>();
        JsonNode answer = EnricherTest.json("[" + EnricherTest.INTRUM + ",{'issuer':'KLARNA','method':'bank'}]");
        RuntimeException failure;

        @Override
        public JsonNode listProviders(Map<String, List<String>> srsQuery) {
            calls.add(srsQuery);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T22:00:00Z"));
    private final FakeSource source = new FakeSource();
    private final MethodsService service = new MethodsService(source, clock, Duration.ofSeconds(300),
            Duration.ofSeconds(300));

    private static MethodsQuery q(String... kv) {
        java.util.Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return MethodsQuery.parse(m).query();
    }

    @Test
    void firstCallAsksSrsWithTheNormalisedQuery() {
        MethodsService.Listing l = service.list(q("jurisdiction", "zertes", "loa", "3"));
        assertEquals(List.of(Map.of("jurisdiction", List.of("ZERTES"), "loa", List.of("3"))), source.calls);
        assertFalse(l.fromCache());
        assertEquals(Duration.ofSeconds(300), l.maxAge());
        assertEquals(2, l.methods().size());
    }

    @Test
    void secondCallWithinTtlIsACacheHit() {
        service.list(q("loa", "3"));
        clock.advance(Duration.ofSeconds(299));
        MethodsService.Listing l = service.list(q("loa", "3"));
        assertEquals(1, source.calls.size());
        assertTrue(l.fromCache());
        assertEquals(Duration.ofSeconds(1), l.maxAge(), "remaining freshness");
    }

    @Test
    void equivalentQueriesShareOneEntry() {
        service.list(q("issuer", "klarna", "issuer", "NECT"));
        service.list(q("issuer", "Nect,KLARNA"));
        assertEquals(1, source.calls.size());
        service.list(q("issuer", "klarna"));
        assertEquals(2, source.calls.size(), "a different filter is a different entry");
    }

    @Test
    void expiredEntryIsFetchedAgain() {
        service.list(MethodsQuery.ALL);
        clock.advance(Duration.ofSeconds(300));
        MethodsService.Listing l = service.list(MethodsQuery.ALL);
        assertEquals(2, source.calls.size());
        assertFalse(l.fromCache());
    }

    @Test
    void failuresAreNotCached() {
        RuntimeException down = new IllegalStateException("SRS down");
        source.failure = down;
        assertSame(down, assertThrows(IllegalStateException.class, () -> service.list(MethodsQuery.ALL)));
        source.failure = null;
        assertEquals(2, service.list(MethodsQuery.ALL).methods().size());
        assertEquals(2, source.calls.size());
        assertEquals(1, service.cachedQueries());
    }

    @Test
    void nonsenseIsNotCachedAndPropagates() {
        source.answer = EnricherTest.json("{'error':'oops'}");
        assertThrows(SrsAnswerException.class, () -> service.list(MethodsQuery.ALL));
        assertEquals(0, service.cachedQueries());
    }

    @Test
    void staleAnswerIsServedWhenSrsFailsWithinTheStaleWindow() {
        service.list(MethodsQuery.ALL);
        clock.advance(Duration.ofSeconds(500));
        RuntimeException down = new IllegalStateException("SRS down");
        source.failure = down;
        MethodsService.Listing l = service.list(MethodsQuery.ALL);
        assertTrue(l.stale());
        assertSame(down, l.staleCause());
        assertEquals(Duration.ZERO, l.maxAge());
        assertEquals(2, l.methods().size());
        assertEquals(2, source.calls.size(), "SRS was asked again first");

        source.failure = null;
        MethodsService.Listing fresh = service.list(MethodsQuery.ALL);
        assertFalse(fresh.stale(), "recovers as soon as SRS answers");
    }

    @Test
    void tooOldAnswerIsNotServed() {
        service.list(MethodsQuery.ALL);
        clock.advance(Duration.ofSeconds(600));
        source.failure = new IllegalStateException("SRS down");
        assertThrows(IllegalStateException.class, () -> service.list(MethodsQuery.ALL));
    }

    @Test
    void zeroTtlDisablesTheCache() {
        MethodsService noCache = new MethodsService(source, clock, Duration.ZERO, Duration.ZERO);
        noCache.list(MethodsQuery.ALL);
        noCache.list(MethodsQuery.ALL);
        assertEquals(2, source.calls.size());
        assertEquals(0, noCache.cachedQueries());
    }

    @Test
    void answerIsFilteredLocallyToo() {
        // SRS ignored the filter and returned Klarna (ZERTES LOA 3 only) for ZERTES LOA 4.
        MethodsService.Listing l = service.list(q("jurisdiction", "ZERTES", "loa", "4"));
        assertEquals(List.of("intrum-video"), l.methods().stream().map(MethodView::issuer).toList());
        assertEquals(List.of("KLARNA/bank"), l.filteredOut());
    }

    @Test
    void cacheIsBounded() {
        for (int i = 0; i < MethodsService.MAX_ENTRIES + 5; i++) {
            service.list(q("issuer", "ipsp" + i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(MethodsService.MAX_ENTRIES, service.cachedQueries());
        int calls = source.calls.size();
        service.list(q("issuer", "ipsp" + (MethodsService.MAX_ENTRIES + 4)));
        assertEquals(calls, source.calls.size(), "newest entries stay");
        service.list(q("issuer", "ipsp0"));
        assertEquals(calls + 1, source.calls.size(), "oldest was evicted");
    }
}
