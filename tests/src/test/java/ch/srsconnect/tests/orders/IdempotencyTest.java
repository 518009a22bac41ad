package ch.srsconnect.tests.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Idempotency-Key on POST /identifications: one SRS order per key and body, also for concurrent requests. */
class IdempotencyTest {

    private final Orders orders = new Orders("orders-idem");

    @Test
    void sameKeyAndBodyGivesTheSameAnswerAndNoSecondOrder() {
        String owner = Orders.newOwner();
        ObjectNode order = Orders.testVideo(Orders.newMsisdn());
        Map<String, String> key = Map.of("idempotency-key", "k-" + owner);

        Orders.Response first = orders.post(owner, order.toString(), key);
        // Same JSON with another key order and spacing is the same request.
        Orders.Response again = orders.post(owner, reordered(order), key);

        assertEquals(201, first.status(), first.body());
        assertEquals(201, again.status(), again.body());
        assertEquals(first.json(), again.json());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(1, orders.countOwned(owner), "one identification");
        assertEquals(0, first.json().path("canceledEarlier").size());
        assertEquals("initialized", orders.srsStatus(first.json().path("refId").asText()),
                "the replay did not cancel the first order as an 'earlier' one");
    }

    @Test
    void sameKeyWithAnotherBodyIsAConflict() {
        String owner = Orders.newOwner();
        Map<String, String> key = Map.of("idempotency-key", "k-" + owner);
        assertEquals(201, orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString(), key).status());
        long before = orders.srsOrders();
        Orders.Response other = orders.post(owner, Orders.testVideo(Orders.newMsisdn()).toString(), key);
        assertEquals(409, other.status(), other.body());
        assertEquals(List.of("Idempotency-Key"), other.errorFields());
        assertEquals(before, orders.srsOrders());
        assertEquals(1, orders.countOwned(owner));
    }

    @Test
    void keysAreScopedByCaller() {
        Map<String, String> key = Map.of("idempotency-key", "shared-key-" + System.nanoTime());
        String body = Orders.testVideo(Orders.newMsisdn()).toString();
        String alice = Orders.newOwner();
        String bob = Orders.newOwner();
        JsonNode a = orders.post(alice, body, key).json();
        JsonNode b = orders.post(bob, body, key).json();
        assertNotEquals(a.path("id").asText(), b.path("id").asText(), "bob never gets alice's answer");
    }

    @Test
    void concurrentRequestsWithTheSameKeyPlaceOneOrderAndAllGetItsAnswer() throws Exception {
        String owner = Orders.newOwner();
        String body = Orders.testVideo(Orders.newMsisdn()).toString();
        Map<String, String> key = Map.of("idempotency-key", "race-" + owner);
        int n = 6;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Orders.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return orders.post(owner, body, key);
                }));
            }
            start.countDown();
            List<Orders.Response> responses = new ArrayList<>();
            for (Future<Orders.Response> f : futures) {
                responses.add(f.get());
            }
            Set<Integer> statuses = responses.stream().map(Orders.Response::status).collect(Collectors.toSet());
            assertEquals(Set.of(201), statuses, responses.toString());
            Set<String> ids = responses.stream().map(r -> r.json().path("id").asText()).collect(Collectors.toSet());
            assertEquals(1, ids.size(), "every request got the same identification");
        }
        assertEquals(1, orders.countOwned(owner), "exactly one order");
    }

    @Test
    void aBadKeyIsRefusedNamingTheHeader() {
        Orders.Response r = orders.post(Orders.newOwner(), Orders.testVideo(Orders.newMsisdn()).toString(),
                Map.of("idempotency-key", "x".repeat(256)));
        assertEquals(400, r.status());
        assertEquals(List.of("Idempotency-Key"), r.errorFields());
    }

    private static String reordered(ObjectNode order) {
        List<String> names = new ArrayList<>();
        order.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "" : " , ").append('"').append(names.get(i)).append("\" : ").append(order.get(names.get(i)));
        }
        return b.append(" }").toString();
    }
}
