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

    @Test
    void requestsArrivingWhileTheFirstWaitsForSrsGetItsAnswerAndSrsSeesOneOrder() throws Exception {
        // SRS takes 1.5 s for this order: the duplicates certainly arrive while the first holds the key.
        orders.env.simulator().faults().inject(ch.srsconnect.simulator.FaultSpec.latency(Orders.ORDER_ENDPOINT, 1500).times(1));
        try {
            String owner = Orders.newOwner();
            String body = Orders.testVideo(Orders.newMsisdn()).toString();
            Map<String, String> key = Map.of("idempotency-key", "slow-race-" + owner);
            long before = orders.srsOrders();
            try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
                Future<Orders.Response> first = pool.submit(() -> orders.post(owner, body, key));
                awaitSrsOrderCalls(before + 1);
                Future<Orders.Response> second = pool.submit(() -> orders.post(owner, body, key));
                Future<Orders.Response> third = pool.submit(() -> orders.post(owner, body, key));
                JsonNode a = first.get().json();
                assertEquals(201, first.get().status(), first.get().body());
                assertEquals(201, second.get().status(), second.get().body());
                assertEquals(201, third.get().status(), third.get().body());
                assertEquals(a, second.get().json());
                assertEquals(a, third.get().json());
                assertEquals("true", second.get().header("Idempotent-Replayed"));
            }
            assertEquals(before + 1, orders.srsOrders(), "one order at SRS");
        } finally {
            orders.env.simulator().faults().clear();
        }
    }

    private void awaitSrsOrderCalls(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (orders.srsOrders() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the first request never reached SRS");
            Thread.onSpinWait();
            Thread.sleep(5);
        }
    }

    @Test
    void concurrentOrdersForOneMsisdnWithDifferentKeysLeaveExactlyOnePendingAtSrs() throws Exception {
        // The first order is slow at SRS: the second arrives while it is being placed.
        orders.env.simulator().faults().inject(ch.srsconnect.simulator.FaultSpec.latency(Orders.ORDER_ENDPOINT, 1500).times(1));
        try {
            String owner = Orders.newOwner();
            String msisdn = Orders.newMsisdn();
            String body = Orders.testVideo(msisdn).toString();
            long before = orders.srsOrders();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Orders.Response> first = pool.submit(() -> orders.post(owner, body, Map.of("idempotency-key", "a-" + owner)));
                awaitSrsOrderCalls(before + 1);
                Future<Orders.Response> second = pool.submit(() -> orders.post(owner, body, Map.of("idempotency-key", "b-" + owner)));
                assertEquals(201, first.get().status(), first.get().body());
                assertEquals(201, second.get().status(), second.get().body());
                String firstRef = first.get().json().path("refId").asText();
                String secondRef = second.get().json().path("refId").asText();
                assertEquals("canceled", orders.srsStatus(firstRef), "the earlier one was canceled at SRS");
                assertEquals("initialized", orders.srsStatus(secondRef));
            }
            assertEquals(1, orders.list(owner, "status=initialized").json().path("items").size());
        } finally {
            orders.env.simulator().faults().clear();
        }
    }
}
