package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiStreamTest {

    /** The fields the handlers read, in API Gateway's payload format 2.0 (an event as API Gateway sends it). */
    private static final String EVENT = """
            {"version":"2.0","routeKey":"POST /identifications","rawPath":"/identifications",
             "rawQueryString":"a=1","queryStringParameters":{"a":"1"},"cookies":["c=1"],
             "headers":{"content-type":"application/json"},"pathParameters":{"id":"x1"},
             "requestContext":{"accountId":"1","apiId":"api","requestId":"req-1","routeKey":"POST /identifications",
               "stage":"$default","timeEpoch":1700000000000,"unknownNewField":{"a":1},
               "http":{"method":"POST","path":"/identifications","protocol":"HTTP/1.1","sourceIp":"1.2.3.4","userAgent":"ua"},
               "authorizer":{"jwt":{"claims":{"sub":"sp-1","scope":"srs"},"scopes":["srs"]}}},
             "body":"eyJhIjoxfQ==","isBase64Encoded":true}
            """;

    @Test
    void theEventReachesTheHandlerAsTheRuntimeClientWouldBindItAndTheResponseHasNoNullFields() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ApiStream.handle(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)), out, null, (event, context) -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                    .withHeaders(Map.of("content-type", "application/json")).withBody("{}").build();
        });

        ApiRequest request = ApiRequest.of(seen.get());
        assertEquals("POST", request.method());
        assertEquals("POST /identifications", request.routeKey());
        assertEquals("req-1", request.apiRequestId().orElseThrow());
        assertEquals("sp-1", seen.get().getRequestContext().getAuthorizer().getJwt().getClaims().get("sub"));
        assertEquals("x1", seen.get().getPathParameters().get("id"));
        assertTrue(seen.get().getIsBase64Encoded());

        JsonNode written = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(201, written.path("statusCode").asInt());
        assertEquals("application/json", written.path("headers").path("content-type").asText());
        assertEquals("{}", written.path("body").asText());
        assertFalse(written.has("multiValueHeaders"), written.toString());
        assertFalse(written.has("cookies"), written.toString());
    }

    @Test
    void anEmptyPayloadIsAnEmptyEventNotACrash() throws Exception {
        AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
        ApiStream.handle(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), null, (event, context) -> {
            seen.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(400).build();
        });
        assertEquals("", ApiRequest.of(seen.get()).routeKey());
    }
}
