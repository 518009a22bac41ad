package ch.srsconnect.shared.store;

import ch.srsconnect.shared.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    MutableClock clock;
    IdempotencyStore idem;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        idem = new IdempotencyStore(LocalDynamo.client(), LocalDynamo.newTable(), clock, Duration.ofHours(24),
                Duration.ofSeconds(60));
    }

    @Test
    void firstBeginStartsRetryWhileRunningIsInProgressThenReplaysTheResponse() {
        IdempotencyBegin first = idem.begin("sp-a", "key-1", "hash-1");
        String token = assertInstanceOf(IdempotencyBegin.Started.class, first).leaseToken();

        IdempotencyBegin.InProgress running = assertInstanceOf(IdempotencyBegin.InProgress.class,
                idem.begin("sp-a", "key-1", "hash-1"));
        assertEquals(T0.plusSeconds(60), running.leaseExpiresAt());

        IdempotencyRecord done = idem.complete("sp-a", "key-1", token, 201, "{\"id\":\"idn-1\"}");
        assertEquals(IdempotencyRecord.State.COMPLETED, done.state());

        IdempotencyBegin.Completed replay = assertInstanceOf(IdempotencyBegin.Completed.class,
                idem.begin("sp-a", "key-1", "hash-1"));
        assertEquals(201, replay.record().responseStatus());
        assertEquals("{\"id\":\"idn-1\"}", replay.record().responseBody());
        assertEquals("hash-1", replay.record().requestHash());
        assertEquals(T0.plus(Duration.ofHours(24)), replay.record().expiresAt());
    }

    @Test
    void sameKeyWithAnotherRequestIsAConflictWhetherRunningOrDone() {
        String token = ((IdempotencyBegin.Started) idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        assertInstanceOf(IdempotencyBegin.Conflict.class, idem.begin("sp-a", "key-1", "hash-2"));
        idem.complete("sp-a", "key-1", token, 201, "{}");
        assertInstanceOf(IdempotencyBegin.Conflict.class, idem.begin("sp-a", "key-1", "hash-2"));
    }

    @Test
    void keysAreScopedByOwner() {
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-a", "key-1", "hash-1"));
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-b", "key-1", "hash-other"));
        // owner/key boundaries cannot be forged with the separator
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-a#key", "1", "hash-1"));
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp", "a#key-1", "hash-1"));
    }

    @Test
    void anExpiredLeaseOfTheSameRequestCanBeTakenOverAndTheOldHolderCannotComplete() {
        String oldToken = ((IdempotencyBegin.Started) idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        clock.advance(Duration.ofSeconds(61));
        assertInstanceOf(IdempotencyBegin.Conflict.class, idem.begin("sp-a", "key-1", "hash-2"));
        String newToken = assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        assertNotEquals(oldToken, newToken);
        assertThrows(IdempotencyLeaseLostException.class, () -> idem.complete("sp-a", "key-1", oldToken, 201, "{}"));
        idem.complete("sp-a", "key-1", newToken, 201, "{\"new\":true}");
        assertEquals("{\"new\":true}",
                ((IdempotencyBegin.Completed) idem.begin("sp-a", "key-1", "hash-1")).record().responseBody());
    }

    @Test
    void anExpiredRecordIsForgottenEvenBeforeTtlDeletesIt() {
        String token = ((IdempotencyBegin.Started) idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        idem.complete("sp-a", "key-1", token, 201, "{}");
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-a", "key-1", "hash-2"));
    }

    @Test
    void releaseFreesTheKeyForARetryOnlyForTheHolder() {
        String token = ((IdempotencyBegin.Started) idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        assertFalse(idem.release("sp-a", "key-1", "not-the-token"));
        assertInstanceOf(IdempotencyBegin.InProgress.class, idem.begin("sp-a", "key-1", "hash-1"));
        assertTrue(idem.release("sp-a", "key-1", token));
        assertInstanceOf(IdempotencyBegin.Started.class, idem.begin("sp-a", "key-1", "hash-1"));
    }

    @Test
    void completingTwiceOrWithoutBeginFails() {
        String token = ((IdempotencyBegin.Started) idem.begin("sp-a", "key-1", "hash-1")).leaseToken();
        idem.complete("sp-a", "key-1", token, 201, "{}");
        assertThrows(IdempotencyLeaseLostException.class, () -> idem.complete("sp-a", "key-1", token, 500, "{}"));
        assertThrows(IdempotencyLeaseLostException.class, () -> idem.complete("sp-a", "never", token, 201, "{}"));
    }

    @Test
    void rejectsUnusableKeys() {
        assertThrows(IllegalArgumentException.class, () -> idem.begin("sp-a", "", "h"));
        assertThrows(IllegalArgumentException.class, () -> idem.begin("sp-a", "k".repeat(256), "h"));
        assertThrows(IllegalArgumentException.class, () -> idem.begin(" ", "k", "h"));
        assertThrows(IllegalArgumentException.class, () -> idem.begin("sp-a", "k", ""));
    }

    @Test
    void ofTwoRacingRequestsExactlyOneStarts() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                String key = "race-" + round;
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<IdempotencyBegin>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return idem.begin("sp-a", key, "hash-1");
                    }));
                }
                int started = 0;
                int inProgress = 0;
                for (Future<IdempotencyBegin> f : results) {
                    IdempotencyBegin r = f.get();
                    if (r instanceof IdempotencyBegin.Started) {
                        started++;
                    } else if (r instanceof IdempotencyBegin.InProgress) {
                        inProgress++;
                    }
                }
                assertEquals(1, started, "round " + round);
                assertEquals(1, inProgress, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
