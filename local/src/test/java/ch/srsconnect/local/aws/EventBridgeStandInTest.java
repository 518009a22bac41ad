package ch.srsconnect.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeEventBusResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(SharedAws.class)
class EventBridgeStandInTest {

    private static EventBridgeClient events;

    @BeforeAll
    static void client() {
        events = SharedAws.client(EventBridgeClient.builder(), SharedAws.aws().eventBridgeEndpoint());
    }

    @AfterAll
    static void closeClient() {
        events.close();
    }

    private static EventBridgeStandIn standIn() {
        return SharedAws.aws().eventBridge();
    }

    private static PutEventsRequestEntry entry(String bus, String source, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source)
                .detailType("Identification Status Changed").detail(detail).build();
    }

    @Test
    void putEventsOnDefaultBus() {
        String source = "srs-connect.test." + UUID.randomUUID();
        Instant time = Instant.parse("2026-01-02T03:04:05Z");
        PutEventsResponse reply = events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source(source).detailType("Identification Status Changed")
                        .detail("{\"id\":\"i-1\",\"status\":\"terminated\"}")
                        .resources("arn:aws:dynamodb:eu-central-2:000000000000:table/identifications")
                        .time(time).build(),
                entry("default", source, "{\"id\":\"i-2\"}")));

        assertEquals(0, reply.failedEntryCount());
        assertEquals(2, reply.entries().size());
        reply.entries().forEach(e -> {
            assertNotNull(e.eventId());
            assertNull(e.errorCode());
        });
        List<EventBridgeStandIn.Event> got = standIn().events().stream()
                .filter(e -> e.source().equals(source)).toList();
        assertEquals(2, got.size());
        EventBridgeStandIn.Event first = got.getFirst();
        assertEquals("default", first.eventBusName());
        assertEquals("Identification Status Changed", first.detailType());
        assertEquals("{\"id\":\"i-1\",\"status\":\"terminated\"}", first.detail());
        assertEquals(time, first.time());
        assertEquals(List.of("arn:aws:dynamodb:eu-central-2:000000000000:table/identifications"), first.resources());
        assertEquals(reply.entries().getFirst().eventId(), first.id());
        assertEquals("eu-central-2", first.region());
        assertEquals("000000000000", first.account());
        assertTrue(standIn().callCount("PutEvents") >= 1);
    }

    @Test
    void createdBusReceivesEventsAndIsListedDescribedDeleted() {
        String bus = "srs-connect-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = events.createEventBus(b -> b.name(bus).description("identifications")).eventBusArn();
        assertEquals("arn:aws:events:eu-central-2:000000000000:event-bus/" + bus, arn);
        assertThrows(ResourceAlreadyExistsException.class, () -> events.createEventBus(b -> b.name(bus)));

        DescribeEventBusResponse described = events.describeEventBus(b -> b.name(bus));
        assertEquals(bus, described.name());
        assertEquals(arn, described.arn());
        assertEquals("identifications", described.description());
        assertNotNull(described.creationTime());
        assertEquals("default", events.describeEventBus(b -> { }).name());

        List<String> listed = events.listEventBuses(b -> { }).eventBuses().stream().map(EventBus::name).toList();
        assertTrue(listed.contains("default") && listed.contains(bus), listed.toString());
        assertEquals(List.of(bus), events.listEventBuses(b -> b.namePrefix(bus)).eventBuses().stream()
                .map(EventBus::name).toList());

        String source = "srs-connect.test." + UUID.randomUUID();
        PutEventsResponse byName = events.putEvents(b -> b.entries(entry(bus, source, "{\"n\":1}")));
        PutEventsResponse byArn = events.putEvents(b -> b.entries(entry(arn, source, "{\"n\":2}")));
        assertEquals(0, byName.failedEntryCount());
        assertEquals(0, byArn.failedEntryCount());
        List<EventBridgeStandIn.Event> onBus = standIn().events(bus);
        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), onBus.stream().map(EventBridgeStandIn.Event::detail).toList());

        events.deleteEventBus(b -> b.name(bus));
        assertThrows(ResourceNotFoundException.class, () -> events.describeEventBus(b -> b.name(bus)));
        EventBridgeException e = assertThrows(EventBridgeException.class,
                () -> events.deleteEventBus(b -> b.name("default")));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    @Test
    void entriesOver256KbTogetherFailTheWholeRequestAsAwsDoes() {
        String source = "srs-connect.test." + UUID.randomUUID();
        String half = "{\"pad\":\"" + "x".repeat(130 * 1024) + "\"}";
        EventBridgeException e = assertThrows(EventBridgeException.class,
                () -> events.putEvents(b -> b.entries(entry(null, source, half), entry(null, source, half))));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(0, standIn().events().stream().filter(ev -> ev.source().equals(source)).count(), "nothing accepted");
        assertEquals(0, events.putEvents(b -> b.entries(entry(null, source, half))).failedEntryCount(), "one half fits");
    }

    @Test
    void unknownBusAndMalformedEntriesFailPerEntry() {
        String source = "srs-connect.test." + UUID.randomUUID();
        int before = standIn().events().size();
        PutEventsResponse reply = events.putEvents(b -> b.entries(
                entry("no-such-bus", source, "{}"),
                entry(null, source, "{\"ok\":true}"),
                entry(null, source, "not json"),
                PutEventsRequestEntry.builder().detailType("x").detail("{}").build()));

        assertEquals(3, reply.failedEntryCount());
        assertEquals("ResourceNotFoundException", reply.entries().get(0).errorCode());
        assertTrue(reply.entries().get(0).errorMessage().contains("no-such-bus"));
        assertNull(reply.entries().get(0).eventId());
        assertNotNull(reply.entries().get(1).eventId());
        assertEquals("MalformedDetail", reply.entries().get(2).errorCode());
        assertEquals("InvalidArgument", reply.entries().get(3).errorCode());
        assertTrue(standIn().events().size() <= before + 1);
        assertEquals(1, standIn().events().stream().filter(e -> e.source().equals(source)).count());
    }

    @Test
    void tooManyEntriesIsAValidationError() {
        PutEventsRequestEntry one = entry(null, "s", "{}");
        EventBridgeException e = assertThrows(EventBridgeException.class, () -> events.putEvents(b -> b.entries(
                one, one, one, one, one, one, one, one, one, one, one)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
    }

    @Test
    void eventsAreServedAsJsonOverHttp() throws Exception {
        String bus = "http-view-" + UUID.randomUUID().toString().substring(0, 8);
        events.createEventBus(b -> b.name(bus));
        events.putEvents(b -> b.entries(entry(bus, "srs-connect.test", "{\"id\":\"i-9\",\"status\":\"done\"}")));

        URI uri = URI.create(SharedAws.aws().eventBridgeEndpoint() + "/_events?bus="
                + URLEncoder.encode(bus, StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode array = new ObjectMapper().readTree(response.body());
        assertEquals(1, array.size());
        JsonNode event = array.get(0);
        assertEquals("Identification Status Changed", event.get("detail-type").asText());
        assertEquals("srs-connect.test", event.get("source").asText());
        assertEquals("done", event.get("detail").get("status").asText(), "detail is JSON, not a string");
        assertEquals("000000000000", event.get("account").asText());
        assertEquals("eu-central-2", event.get("region").asText());
        assertEquals(bus, event.get("event-bus-name").asText());
        assertNotNull(Instant.parse(event.get("time").asText()));

        HttpResponse<String> all = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SharedAws.aws().eventBridgeEndpoint() + "/_events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(new ObjectMapper().readTree(all.body()).size() >= 1);
    }

    @Test
    void eventStoreIsBoundedNewestLast() throws Exception {
        try (EventBridgeStandIn small = new EventBridgeStandIn(0, "eu-central-2", "000000000000", 3);
             EventBridgeClient client = SharedAws.client(EventBridgeClient.builder(), small.endpoint())) {
            for (int i = 1; i <= 5; i++) {
                int n = i;
                client.putEvents(b -> b.entries(entry(null, "s", "{\"n\":" + n + "}")));
            }
            assertEquals(List.of("{\"n\":3}", "{\"n\":4}", "{\"n\":5}"),
                    small.events().stream().map(EventBridgeStandIn.Event::detail).toList());
            assertEquals(5, small.callCount("PutEvents"));
        }
    }
}
