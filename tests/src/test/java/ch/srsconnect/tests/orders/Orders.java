package ch.srsconnect.tests.orders;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.shared.Platform;
import ch.srsconnect.shared.config.Config;
import ch.srsconnect.shared.json.Json;
import ch.srsconnect.shared.srs.SrsClient;
import ch.srsconnect.tests.HttpApiEvents;
import ch.srsconnect.tests.TestEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers for the identification tests: a handler on the shared environment, one caller and msisdn per test. */
final class Orders {
    static final String ORDER_ENDPOINT = "POST /api/providers/{issuer}/{method}";
    static final String CANCEL_ENDPOINT = "DELETE /api/identifications/{refId}";

    final TestEnvironment env = TestEnvironment.get();
    final IdentificationsHandler handler;
    final Platform platform;

    Orders(String scenario) {
        this(scenario, Map.of());
    }

    Orders(String scenario, Map<String, String> envOverrides) {
        Map<String, String> e = new HashMap<>(env.functionEnvironment(scenario));
        e.putAll(envOverrides);
        platform = Platform.fromConfig(Config.of(e));
        handler = new IdentificationsHandler(platform);
    }

    static String newOwner() {
        return "owner-" + UUID.randomUUID();
    }

    static String newMsisdn() {
        return "+4179" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    SrsClient srs() {
        return platform.srs();
    }

    Response post(String owner, String body) {
        return post(owner, body, Map.of());
    }

    Response post(String owner, String body, Map<String, String> headers) {
        return call(HttpApiEvents.postJson("POST /identifications", "/identifications", body, headers, owner));
    }

    Response get(String owner, String id) {
        return call(HttpApiEvents.withPathParameters("GET /identifications/{id}", "/identifications/" + id, Map.of("id", id), owner));
    }

    Response delete(String owner, String id) {
        return call(HttpApiEvents.withPathParameters("DELETE /identifications/{id}", "/identifications/" + id, Map.of("id", id), owner));
    }

    Response list(String owner, String rawQuery) {
        return call(HttpApiEvents.get("GET /identifications", "/identifications", rawQuery, owner));
    }

    Response call(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        return new Response(r.getStatusCode(), r.getHeaders(), r.getBody());
    }

    /** The caller's identifications as the API lists them (all pages). */
    int countOwned(String owner) {
        int n = 0;
        String cursor = null;
        do {
            Response r = list(owner, "limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            n += r.json().path("items").size();
            cursor = r.json().path("nextCursor").isNull() ? null : r.json().path("nextCursor").asText();
        } while (cursor != null);
        return n;
    }

    long srsOrders() {
        return env.simulator().stats().calls(ORDER_ENDPOINT);
    }

    /** The raw DynamoDB item. */
    Map<String, AttributeValue> item(String id) {
        return env.dynamoDb().getItem(b -> b.tableName(TestEnvironment.IDENTIFICATION_TABLE)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
    }

    /** Current SRS status (last entry) of an order at the simulator. */
    String srsStatus(String refId) {
        JsonNode statuses = srs().identification(refId).orElseThrow().path("statuses");
        return statuses.get(statuses.size() - 1).path("status").asText();
    }

    static ObjectNode testVideo(String msisdn) {
        ObjectNode o = Json.object();
        o.put("issuer", "test").put("method", "video").put("msisdn", msisdn).put("language", "de");
        o.putObject("person").put("firstName", "Maximilian").put("lastName", "Mustermann").put("dob", "1980-12-31")
                .put("placeOfBirth", "Winterthur").put("email", "maximilian.mustermann@example.com").put("nationality", "CH");
        return o;
    }

    /** A complete, valid order for each current method (mandatory fields plus what the method accepts). */
    static Map<String, ObjectNode> validOrders(String msisdn) {
        Map<String, ObjectNode> m = new java.util.LinkedHashMap<>();
        ObjectNode videoEu = Json.object().put("issuer", "IDENTITY.TM").put("method", "video").put("msisdn", msisdn).put("language", "en");
        videoEu.putObject("person").put("firstName", "Max").put("lastName", "Muster").put("dob", "1980-12-31")
                .put("placeOfBirth", "Bern").put("nationality", "CH");
        m.put("IDENTITY.TM/video", videoEu);
        ObjectNode bank = Json.object().put("issuer", "KLARNA").put("method", "bank").put("msisdn", msisdn).put("language", "de");
        bank.putObject("person").put("firstName", "Max").put("lastName", "Muster").put("dob", "1980-12-31").put("country", "DE");
        m.put("KLARNA/bank", bank);
        ObjectNode eid = Json.object().put("issuer", "identity-tm-eid").put("method", "eID").put("msisdn", msisdn);
        eid.putObject("person").put("firstName", "Max").put("lastName", "Muster").put("dob", "1980-12-31");
        m.put("identity-tm-eid/eID", eid);
        m.put("nect/robo-ident", Json.object().put("issuer", "nect").put("method", "robo-ident"));
        ObjectNode intrum = Json.object().put("issuer", "intrum-video").put("method", "video").put("msisdn", msisdn).put("language", "fr");
        intrum.putObject("person").put("firstName", "Max").put("lastName", "Muster");
        m.put("intrum-video/video", intrum);
        ObjectNode auto = Json.object().put("issuer", "intrum-autoident").put("method", "autoident").put("msisdn", msisdn);
        auto.putObject("person").put("firstName", "Max").put("lastName", "Muster");
        m.put("intrum-autoident/autoident", auto);
        m.put("test/video", testVideo(msisdn));
        return m;
    }

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        List<String> errorFields() {
            return json().path("errors").findValuesAsText("field");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
