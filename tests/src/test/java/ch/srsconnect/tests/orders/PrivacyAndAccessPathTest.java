package ch.srsconnect.tests.orders;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.config.EnvVar;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.log.LogContext;
import ch.srsconnect.shared.order.IdentificationService;
import ch.srsconnect.shared.order.OrderSettings;
import ch.srsconnect.shared.store.IdempotencyStore;
import ch.srsconnect.shared.store.IdentificationStore;
import ch.srsconnect.simulator.FaultSpec;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** Personal data never reaches logs; the request paths never Scan; the sample events run through the handler. */
class PrivacyAndAccessPathTest {

    @AfterEach
    void restore() {
        LogContext.resetSink();
        TestEnvironment.get().simulator().faults().clear();
    }

    @Test
    void logsAtDebugCarryNoPersonalDataAndOnlyMaskedMsisdns() {
        Orders orders = new Orders("orders-logs", Map.of(EnvVar.LOG_LEVEL, "DEBUG", EnvVar.SRS_REQUEST_TIMEOUT_MS, "700"));
        List<String> lines = new CopyOnWriteArrayList<>();
        LogContext.setSink(lines::add);
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        ObjectNode order = Orders.testVideo(msisdn);

        String first = orders.post(owner, order.toString()).json().path("id").asText();
        orders.post(owner, order.toString());                                   // cancels the first
        ObjectNode invalid = order.deepCopy();
        ((ObjectNode) invalid.get("person")).put("dob", "1980-02-30");
        orders.post(owner, invalid.toString());                                 // 422
        orders.env.simulator().faults().inject(FaultSpec.latency(Orders.ORDER_ENDPOINT, 2000).times(1));
        orders.post(owner, order.toString());                                   // unknown outcome
        orders.get(owner, first);
        orders.list(owner, "msisdn=" + msisdn.replace("+", "%2B"));

        assertTrue(lines.size() > 5, "logs were captured: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("order placed")), lines.toString());
        String all = String.join("\n", lines);
        for (String personal : List.of("Maximilian", "Mustermann", "1980-12-31", "1980-02-30", "Winterthur",
                "maximilian.mustermann", msisdn, msisdn.substring(1))) {
            assertFalse(all.contains(personal), "logged: " + personal);
        }
        assertTrue(all.contains(msisdn.substring(0, 5)) && all.contains(msisdn.substring(msisdn.length() - 2)),
                "masked msisdns still help: " + all);
    }

    @Test
    void noUseCaseScansTheTable() {
        TestEnvironment env = TestEnvironment.get();
        List<String> ops = new CopyOnWriteArrayList<>();
        DynamoDbClient real = env.dynamoDb();
        DynamoDbClient recording = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    ops.add(method.getName());
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Orders orders = new Orders("orders-noscan");
        String table = TestEnvironment.IDENTIFICATION_TABLE;
        IdentificationService service = new IdentificationService(orders.srs(), new IdentificationStore(recording, table),
                new IdempotencyStore(recording, table), new ch.srsconnect.shared.order.MsisdnLocks(recording, table,
                Clock.systemUTC(), java.time.Duration.ofSeconds(35)), OrderSettings.defaults(), Clock.systemUTC());
        IdentificationsHandler handler = new IdentificationsHandler(service);
        String owner = Orders.newOwner();
        String msisdn = Orders.newMsisdn();
        String body = Orders.testVideo(msisdn).toString();

        var r1 = handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications", body,
                Map.of("idempotency-key", "ns"), owner), null);
        handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications", body,
                Map.of("idempotency-key", "ns"), owner), null);
        handler.handleRequest(HttpApiEvents.postJson("POST /identifications", "/identifications", body, Map.of(), owner), null);
        String id = parse(r1.getBody()).path("id").asText();
        handler.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}", "/identifications/" + id, Map.of("id", id), owner), null);
        handler.handleRequest(HttpApiEvents.get("GET /identifications", "/identifications", "status=canceled&limit=1", owner), null);
        handler.handleRequest(HttpApiEvents.get("GET /identifications", "/identifications", "msisdn=" + msisdn.replace("+", "%2B"), owner), null);
        handler.handleRequest(HttpApiEvents.withPathParameters("DELETE /identifications/{id}", "/identifications/" + id, Map.of("id", id), owner), null);

        assertTrue(ops.containsAll(List.of("putItem", "getItem", "query")), ops.toString());
        assertFalse(ops.stream().anyMatch(op -> op.toLowerCase().contains("scan")), "scanned: " + ops);
    }

    @Test
    void theSampleEventsRunThroughTheHandler() throws Exception {
        Orders orders = new Orders("orders-events");
        JsonNode post = parse(Files.readString(TestEnvironment.projectRoot().resolve("events/place-order-post.json")));
        ((ObjectNode) post.path("headers")).put("idempotency-key", java.util.UUID.randomUUID().toString());
        var placed = orders.handler.handleRequest(Json.MAPPER.treeToValue(post,
                com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class), null);
        assertEquals(201, placed.getStatusCode(), placed.getBody());
        String id = parse(placed.getBody()).path("id").asText();
        for (String name : List.of("get", "delete", "list")) {
            String text = Files.readString(TestEnvironment.projectRoot().resolve("events/place-order-" + name + ".json"))
                    .replace("5b0e8f7a-3c1d-4e2f-9a8b-7c6d5e4f3a2b", id);
            var r = orders.handler.handleRequest(Json.MAPPER.readValue(text,
                    com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class), null);
            assertEquals(200, r.getStatusCode(), name + ": " + r.getBody());
        }
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(s, e);
        }
    }
}
