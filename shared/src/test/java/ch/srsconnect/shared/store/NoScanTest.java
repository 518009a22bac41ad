package ch.srsconnect.shared.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.IdentificationStatus;
import ch.srsconnect.shared.identification.Phase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store must answer every request and polling path by key or Query: never a Scan. */
class NoScanTest {

    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void everyStoreOperationAvoidsScan() {
        String table = LocalDynamo.newTable();
        int before = LocalDynamo.operations().size();
        IdentificationStore store = new IdentificationStore(LocalDynamo.client(), table);
        IdempotencyStore idem = new IdempotencyStore(LocalDynamo.client(), table);

        IdempotencyBegin.Started started = (IdempotencyBegin.Started) idem.begin("sp-a", "k", "h");
        Identification v1 = store.create(IdentificationStoreTest.identification("n-1", "sp-a", "+41791234567", T0).build());
        idem.complete("sp-a", "k", started.leaseToken(), 201, "{}");
        idem.begin("sp-a", "k", "h");
        idem.begin("sp-a", "k", "other");
        store.get("n-1");
        store.getOwned("sp-b", "n-1");
        store.listByOwner(ListQuery.of("sp-a").pageSize(1));
        store.listByOwner(ListQuery.of("sp-a").msisdn("+41791234567").phases(Phase.STATUS)
                .statuses(IdentificationStatus.INITIALIZED));
        store.dueForPolling(v1.pollShard(), T0.plusSeconds(3600), 10);
        Identification v2 = store.update(v1, v1.toBuilder().status(IdentificationStatus.ERROR).done().build());
        try {
            store.update(v1, v2);
        } catch (ConcurrentUpdateException expected) {
            // the conflict path must not scan either
        }

        List<String> ops = LocalDynamo.operations().subList(before, LocalDynamo.operations().size());
        assertTrue(ops.contains("query") && ops.contains("putItem") && ops.contains("getItem"), ops.toString());
        assertFalse(ops.stream().anyMatch(op -> op.toLowerCase().startsWith("scan")), "store scanned: " + ops);
    }

    @Test
    void theRecorderSeesAScan() {
        String table = LocalDynamo.newTable();
        int before = LocalDynamo.operations().size();
        LocalDynamo.client().scan(b -> b.tableName(table));
        assertTrue(LocalDynamo.operations().subList(before, LocalDynamo.operations().size()).contains("scan"));
    }
}
