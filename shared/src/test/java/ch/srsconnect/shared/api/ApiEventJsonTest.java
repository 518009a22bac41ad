package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tree binding against the reference it replaced: Jackson's bean binding of the event classes. */
class ApiEventJsonTest {

    /** Every field of the event classes, and some they do not have. */
    private static final String FULL = """
            {"version":"2.0","routeKey":"POST /identifications/{id}/refresh","rawPath":"/identifications/x1/refresh",
             "rawQueryString":"a=1&a=2&b","cookies":["c=1","d=2"],
             "headers":{"content-type":"application/json","x-number":42,"x-bool":true,"x-null":null},
             "queryStringParameters":{"a":"1,2","b":""},"pathParameters":{"id":"x1"},"stageVariables":{"s":"v"},
             "body":"eyJhIjoxfQ==","isBase64Encoded":true,"newTopLevelField":[1,2],
             "requestContext":{"accountId":"123456789012","apiId":"api","domainName":"d.example","domainPrefix":"d",
               "requestId":"req-1","routeKey":"POST /identifications/{id}/refresh","stage":"$default",
               "time":"22/Nov/2026:21:40:00 +0000","timeEpoch":1795470000000,"unknownNewField":{"a":1},
               "http":{"method":"POST","path":"/identifications/x1/refresh","protocol":"HTTP/1.1","sourceIp":"1.2.3.4",
                       "userAgent":"ua"},
               "authorizer":{"jwt":{"claims":{"sub":"sp-1","scope":"srs","exp":1795472000},"scopes":["srs","openid"]},
                 "lambda":{"tenant":"t1","level":3,"ratio":0.5,"flag":false,"nested":{"k":["v",1]},"none":null},
                 "iam":{"accessKey":"AKIA","accountId":"1","callerId":"c","principalOrgId":"o","userArn":"arn:aws:iam::1:user/u",
                   "userId":"u","cognitoIdentity":{"amr":["authenticated"],"identityId":"i","identityPoolId":"p"}}}}}
            """;

    @Test
    void everyFieldIsBoundAsJacksonsBeanBindingBindsIt() throws IOException {
        assertBoundAsBeanBinding(FULL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("httpApiEvents")
    void theSampleEventsAreBoundAsJacksonsBeanBindingBindsThem(Path file) throws IOException {
        assertBoundAsBeanBinding(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Stream<Path> httpApiEvents() throws IOException {
        try (var files = Files.list(Path.of("..", "events"))) {
            List<Path> api = files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .filter(f -> read(f).has("routeKey")).toList();
            assertFalse(api.isEmpty(), "no HTTP API events found in ../events");
            return api.stream();
        }
    }

    @Test
    void whatIsNotAnObjectIsAnEmptyEvent() throws IOException {
        assertEquals(new APIGatewayV2HTTPEvent(), ApiEventJson.event(Json.MAPPER.readTree("null")));
        assertEquals(new APIGatewayV2HTTPEvent(), ApiEventJson.event(Json.MAPPER.readTree("[1]")));
        APIGatewayV2HTTPEvent odd = ApiEventJson.event(Json.MAPPER.readTree("{\"headers\":\"x\",\"requestContext\":7}"));
        assertNull(odd.getHeaders());
        assertNull(odd.getRequestContext());
    }

    @Test
    void theResponseHasEveryFieldTheBeanHasExceptItsNulls() {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("vary", List.of("origin", "accept"));
        JsonNode full = ApiEventJson.response(APIGatewayV2HTTPResponse.builder().withStatusCode(503)
                .withHeaders(Map.of("retry-after", "5")).withMultiValueHeaders(multi).withCookies(List.of("c=1"))
                .withBody("{\"type\":\"x\"}").withIsBase64Encoded(false).build());
        assertEquals(Json.MAPPER.valueToTree(Map.of("statusCode", 503, "headers", Map.of("retry-after", "5"),
                "multiValueHeaders", multi, "cookies", List.of("c=1"), "body", "{\"type\":\"x\"}",
                "isBase64Encoded", false)), full);

        JsonNode bare = ApiEventJson.response(APIGatewayV2HTTPResponse.builder().withStatusCode(204).build());
        assertEquals(List.of("statusCode", "isBase64Encoded"), List.copyOf(iterable(bare)));
        assertTrue(bare.path("statusCode").isInt());
    }

    private static void assertBoundAsBeanBinding(String json) throws IOException {
        APIGatewayV2HTTPEvent reference = Json.MAPPER.readValue(json, APIGatewayV2HTTPEvent.class);
        APIGatewayV2HTTPEvent bound = ApiEventJson.event(Json.MAPPER.readTree(json));
        assertEquals(reference, bound);
        assertEquals(Json.MAPPER.valueToTree(reference), Json.MAPPER.valueToTree(bound));
    }

    private static JsonNode read(Path f) {
        try {
            return Json.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(f + ": " + e.getMessage(), e);
        }
    }

    private static List<String> iterable(JsonNode n) {
        return n.properties().stream().map(Map.Entry::getKey).toList();
    }
}
