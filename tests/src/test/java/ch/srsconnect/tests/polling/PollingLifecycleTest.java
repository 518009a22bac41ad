package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.shared.identification.Identification;
import ch.srsconnect.shared.identification.KnownStatus;
import ch.srsconnect.shared.identification.Phase;
import ch.srsconnect.shared.identification.StatusEntry;
import ch.srsconnect.shared.polling.Tracking;
import ch.srsconnect.simulator.Outcome;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole lifecycles per method in the time-compressed simulator (a simulated minute per real second), driven
 * by the real handlers through real queues: the schedule fires the scheduler every tick, two event-source
 * pollers deliver batches to the worker.
 */
class PollingLifecycleTest {
    static final Duration TIMEOUT = Duration.ofSeconds(150);
    static final List<String[]> METHODS = List.of(
            new String[] {"IDENTITY.TM", "video"}, new String[] {"KLARNA", "bank"}, new String[] {"identity-tm-eid", "eID"},
            new String[] {"nect", "robo-ident"}, new String[] {"intrum-video", "video"},
            new String[] {"intrum-autoident", "autoident"}, new String[] {"test", "video"});

    static PollingWorld world;

    @BeforeAll
    static void start() {
        world = new PollingWorld("lifecycle").start(2, true);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void everyMethodReachesCanSignAfterTermsAreAcceptedLater() {
        List<PollingWorld.Order> orders = new ArrayList<>();
        for (String[] m : METHODS) {
            orders.add(world.place(m[0], m[1], PollingWorld.randomMsisdn(), "sim:success"));
        }
        // The user accepts the T&C only after the first lookup found no usable evidence (not needed for Selfie Ident).
        java.util.Set<String> accepted = new java.util.HashSet<>();
        PollingWorld.await("every order looked up, then T&C accepted", TIMEOUT, () -> {
            for (PollingWorld.Order o : orders) {
                Identification i = world.get(o);
                if (!o.issuer().equals("nect") && !accepted.contains(o.id())) {
                    assertFalse(Boolean.TRUE.equals(i.canSign()), o + ": can sign before the T&C were accepted");
                    if (i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign())) {
                        assertTrue(world.env.simulator().acceptTerms(o.msisdn()) > 0);
                        accepted.add(o.id());
                    }
                }
            }
            return accepted.size() == orders.size() - 1;
        });
        for (PollingWorld.Order o : orders) {
            Identification done = world.awaitItem(o, "can sign", TIMEOUT, i -> i.phase() == Phase.DONE);
            assertEquals(Boolean.TRUE, done.canSign(), o.toString());
            assertEquals(KnownStatus.TERMINATED, done.status().known());
            assertNotNull(done.evidenceExpiresOn(), o.toString());
            assertNull(done.nextPollAt());
            assertEquals(List.of("created", "initialized", "identification_done", "data_ready", "terminated"),
                    done.statusHistory().stream().map(e -> e.status().value()).toList(), o.toString());
            Map<String, Object> view = Tracking.view(done, Instant.now());
            assertEquals("READY_TO_SIGN", view.get("recommendedAction"));
            assertEquals(Boolean.FALSE, view.get("evidenceExpiresWithin90Days"));

            List<JsonNode> events = world.events(o);
            List<String> statusEvents = events.stream().filter(e -> e.path("kind").asText().equals("STATUS"))
                    .map(e -> e.path("oldStatus").asText() + ">" + e.path("newStatus").asText()).distinct().toList();
            assertEquals(List.of("initialized>identification_done", "identification_done>data_ready", "data_ready>terminated"),
                    statusEvents, o.toString());
            assertTrue(events.stream().anyMatch(e -> e.path("kind").asText().equals("CAN_SIGN")
                    && e.path("canSign").asBoolean() && e.path("recommendedAction").asText().equals("READY_TO_SIGN")));
        }
        assertNoPersonalData(orders);
        world.assertConsistent(orders);
    }

    @Test
    void failureOutcomesEndTrackingWithTheirRecommendedAction() {
        Map<String, String> expected = Map.of("error", "NEW_ORDER", "negatively_conducted", "CHECK_REASON_THEN_NEW_ORDER",
                "timeout", "NEW_ORDER", "canceled", "NEW_ORDER");
        List<PollingWorld.Order> orders = new ArrayList<>();
        List<String> outcomes = List.of("error", "negatively_conducted", "timeout", "canceled");
        int k = 0;
        for (String outcome : outcomes) {
            for (int n = 0; n < 2; n++) {
                String[] m = METHODS.get((k++) % METHODS.size());
                orders.add(world.place(m[0], m[1], PollingWorld.randomMsisdn(), "sim:" + outcome + ":reason-" + outcome));
            }
        }
        for (PollingWorld.Order o : orders) {
            Identification done = world.awaitItem(o, "ends", TIMEOUT, i -> i.phase() == Phase.DONE);
            String outcome = done.status().value();
            assertTrue(outcomes.contains(outcome), o + " ended in " + outcome);
            assertEquals("reason-" + outcome, done.reason(), "SRS's reason is kept");
            assertNull(done.canSign(), "no lookup after a failure");
            List<JsonNode> events = world.events(o);
            JsonNode last = events.getLast();
            assertEquals(outcome, last.path("newStatus").asText());
            assertEquals(expected.get(outcome), last.path("recommendedAction").asText());
        }
        world.assertConsistent(orders);
    }

    @Test
    void abortedStaysTrackedWithRetryAdviceThenTheRetrySucceeds() {
        PollingWorld.Order o = world.place("intrum-video", "video", PollingWorld.randomMsisdn(), "sim:aborted");
        Identification aborted = world.awaitItem(o, "aborted", TIMEOUT, i -> i.status().is(KnownStatus.ABORTED));
        assertEquals(Phase.STATUS, aborted.phase());
        assertNotNull(aborted.nextPollAt(), "aborted: the same target URL may be retried, tracking goes on");
        assertEquals("OFFER_RETRY_SAME_URL", Tracking.recommendedAction(aborted).name());
        world.assertConsistent(List.of(o));

        world.env.simulator().complete(o.refId(), Outcome.SUCCESS, null);
        world.awaitItem(o, "lookup after the retry", TIMEOUT, i -> i.phase() == Phase.LOOKUP);
        world.env.simulator().acceptTerms(o.msisdn());
        Identification done = world.awaitItem(o, "can sign", TIMEOUT, i -> i.phase() == Phase.DONE);
        assertEquals(Boolean.TRUE, done.canSign());
        List<String> history = done.statusHistory().stream().map(e -> e.status().value()).toList();
        assertEquals(List.of("created", "initialized", "aborted", "identification_done", "data_ready", "terminated"), history);
        world.assertConsistent(List.of(o));
    }

    @Test
    void termsNeverAcceptedEndsAtTheLookupDeadline() {
        PollingWorld.Order o = world.place("KLARNA", "bank", PollingWorld.randomMsisdn(), "sim:success");
        Identification done = world.awaitItem(o, "deadline", TIMEOUT, i -> i.phase() == Phase.DONE);
        assertEquals(Boolean.FALSE, done.canSign());
        assertEquals(KnownStatus.TERMINATED, done.status().known());
        StatusEntry terminated = done.statusHistory().getLast();
        assertTrue(done.updatedAt().isAfter(terminated.date().plus(Duration.ofSeconds(19))),
                "not before the (scaled) 20-minute lookup deadline");
        JsonNode last = world.events(o).getLast();
        assertEquals("DEADLINE", last.path("kind").asText());
        assertFalse(last.path("canSign").asBoolean());
        assertEquals("CHECK_TERMS", last.path("recommendedAction").asText());
        world.assertConsistent(List.of(o));
    }

    /** The README's local flow, continued: a tester chooses success on the target URL's page. */
    @Test
    void testOrderWithSuccessChosenOnItsPageReachesCanSignAfterTermsAndItsEventsAreSeen() throws Exception {
        PollingWorld.Order o = world.place("test", "video", PollingWorld.randomMsisdn(), null);
        String targetUrl = world.get(o).targetUrl();
        var http = java.net.http.HttpClient.newHttpClient();
        var page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(targetUrl)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("value=\"success\""), "the page offers the outcomes");
        var chosen = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(targetUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("outcome=success")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chosen.statusCode(), chosen.body());

        Identification lookup = world.awaitItem(o, "terminated, looking up", TIMEOUT,
                i -> i.phase() == Phase.LOOKUP && Boolean.FALSE.equals(i.canSign()));
        assertNotNull(lookup.nextPollAt());
        world.env.simulator().acceptTerms(o.msisdn());
        Identification done = world.awaitItem(o, "can sign", TIMEOUT, i -> i.phase() == Phase.DONE);
        assertEquals(Boolean.TRUE, done.canSign());
        List<String> kinds = world.events(o).stream()
                .map(e -> e.path("kind").asText() + ":" + e.path("newStatus").asText()).distinct().toList();
        assertEquals(List.of("STATUS:identification_done", "STATUS:data_ready", "STATUS:terminated", "CAN_SIGN:terminated"), kinds);
        world.assertConsistent(List.of(o));
    }

    static void assertNoPersonalData(List<PollingWorld.Order> orders) {
        for (PollingWorld.SeenEvent e : world.allEvents()) {
            assertEquals("Identification Status Changed", e.detailType());
            for (PollingWorld.Order o : orders) {
                assertFalse(e.detail().contains(o.msisdn().substring(1)), "no msisdn in events");
                assertFalse(e.detail().contains("/ipsp/"), "no target URL in events");
                assertFalse(e.detail().contains("Muster"), "no names in events");
            }
        }
    }
}
