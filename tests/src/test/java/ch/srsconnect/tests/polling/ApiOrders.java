package ch.srsconnect.tests.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.srsconnect.orders.IdentificationsHandler;
import ch.srsconnect.tests.HttpApiEvents;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Orders as an SP's backend places them, through the place-order handler, and the user's choice at the partner. */
public final class ApiOrders {
    private ApiOrders() {
    }

    /** A mock video order (issuer test) with a number and a name. */
    public static JsonNode placeVideo(IdentificationsHandler api, String owner, String msisdn) throws Exception {
        return place(api, owner, "{\"issuer\":\"test\",\"method\":\"video\",\"msisdn\":\"" + msisdn
                + "\",\"language\":\"en\",\"person\":{\"firstName\":\"Max\",\"lastName\":\"Muster\"}}");
    }

    /** The user picks an outcome on the simulator's IPSP page. */
    public static void choose(HttpClient http, String targetUrl, String outcome) throws Exception {
        HttpResponse<String> chosen = http.send(HttpRequest.newBuilder(URI.create(targetUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("outcome=" + outcome)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chosen.statusCode(), chosen.body());
    }

    /** POST /identifications through the place-order handler: the 201 body. */
    public static JsonNode place(IdentificationsHandler api, String owner, String body) throws Exception {
        APIGatewayV2HTTPResponse placed = api.handleRequest(
                HttpApiEvents.postJson("POST /identifications", "/identifications", body, Map.of(), owner), null);
        assertEquals(201, placed.getStatusCode(), placed.getBody());
        return PollingWorld.JSON.readTree(placed.getBody());
    }

    public static PollingWorld.Order order(JsonNode created, String msisdn, String issuer, String method) {
        return new PollingWorld.Order(created.path("id").asText(), created.path("refId").asText(), msisdn, issuer, method);
    }

    public static JsonNode get(IdentificationsHandler api, String owner, String id) throws Exception {
        APIGatewayV2HTTPResponse r = api.handleRequest(HttpApiEvents.withPathParameters("GET /identifications/{id}",
                "/identifications/" + id, Map.of("id", id), owner), null);
        assertEquals(200, r.getStatusCode(), r.getBody());
        return PollingWorld.JSON.readTree(r.getBody());
    }
}
