package ch.srsconnect.tests;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** API Gateway HTTP API (payload 2.0) events as the gateway builds them, for in-process handler tests. */
public final class HttpApiEvents {
    private HttpApiEvents() {
    }

    /** {@code GET path?rawQuery} by the JWT subject {@code sub}; repeated parameters comma-joined like API Gateway. */
    public static APIGatewayV2HTTPEvent get(String routeKey, String path, String rawQuery, String sub) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(Map.of("accept", "application/json", "authorization", "Bearer test"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(routeKey.substring(0, routeKey.indexOf(' ')))
                                .withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", sub, "iss", "https://issuer.test", "aud", "srs-connect"))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /**
     * Any request: {@code routeKey} like {@code "POST /identifications"}, path parameters, headers (lower-case names
     * as API Gateway delivers them), a body (or null), by the JWT subject {@code sub} (null: no claims at all).
     */
    public static APIGatewayV2HTTPEvent request(String routeKey, String path, Map<String, String> pathParameters,
                                                Map<String, String> headers, String body, String sub) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("accept", "application/json");
        h.put("authorization", "Bearer test");
        headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString("")
                .withPathParameters(pathParameters == null || pathParameters.isEmpty() ? null : pathParameters)
                .withHeaders(h)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(routeKey.substring(0, routeKey.indexOf(' ')))
                                .withPath(path).withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .withAuthorizer(sub == null ? null : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", sub, "iss", "https://issuer.test", "aud", "srs-connect"))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /** {@code POST path} with a JSON body and optional extra headers. */
    public static APIGatewayV2HTTPEvent postJson(String routeKey, String path, String body, Map<String, String> headers, String sub) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.putAll(headers);
        return request(routeKey, path, Map.of(), h, body, sub);
    }

    /** {@code DELETE path} (or any body-less method) with path parameters. */
    public static APIGatewayV2HTTPEvent withPathParameters(String routeKey, String path, Map<String, String> pathParameters, String sub) {
        return request(routeKey, path, pathParameters, Map.of(), null, sub);
    }

    /** Any route with path parameters and an optional JSON body, by {@code sub} (null: no JWT claims). */
    public static APIGatewayV2HTTPEvent request(String routeKey, String path, Map<String, String> pathParameters,
                                                String jsonBody, String sub) {
        return request(routeKey, path, pathParameters,
                jsonBody == null ? Map.of() : Map.of("content-type", "application/json"), jsonBody, sub);
    }

    /** {@code POST path} with a JSON body and path parameters. */
    public static APIGatewayV2HTTPEvent post(String routeKey, String path, Map<String, String> pathParameters,
                                             String jsonBody, String sub) {
        return request(routeKey, path, pathParameters, jsonBody, sub);
    }
}
