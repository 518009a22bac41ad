package ch.srsconnect.shared.api;

import ch.srsconnect.shared.json.Json;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Authorizer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.IAM;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway's payload format 2.0 to and from the event classes, through Jackson's tree model. Binding the event
 * bean instead made Jackson introspect it on the first request: about 200 classes and reflection over every getter
 * and setter, for a shape that is fixed (docs/performance.md, cold start). Every field of the event classes is read;
 * fields they do not have are ignored, as the bean binding did. {@code ApiEventJsonTest} holds this to Jackson's
 * bean binding for every event in {@code events/}.
 */
final class ApiEventJson {

    private ApiEventJson() {}

    /** The event of a JSON object; an empty event for anything else ({@code null}, an empty payload). */
    static APIGatewayV2HTTPEvent event(JsonNode n) {
        if (n == null || !n.isObject()) {
            return new APIGatewayV2HTTPEvent();
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion(text(n, "version"))
                .withRouteKey(text(n, "routeKey"))
                .withRawPath(text(n, "rawPath"))
                .withRawQueryString(text(n, "rawQueryString"))
                .withCookies(texts(n.get("cookies")))
                .withHeaders(textMap(n.get("headers")))
                .withQueryStringParameters(textMap(n.get("queryStringParameters")))
                .withPathParameters(textMap(n.get("pathParameters")))
                .withStageVariables(textMap(n.get("stageVariables")))
                .withBody(text(n, "body"))
                .withIsBase64Encoded(n.path("isBase64Encoded").asBoolean(false))
                .withRequestContext(requestContext(n.get("requestContext")))
                .build();
    }

    private static RequestContext requestContext(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return RequestContext.builder()
                .withRouteKey(text(n, "routeKey"))
                .withAccountId(text(n, "accountId"))
                .withStage(text(n, "stage"))
                .withApiId(text(n, "apiId"))
                .withDomainName(text(n, "domainName"))
                .withDomainPrefix(text(n, "domainPrefix"))
                .withTime(text(n, "time"))
                .withTimeEpoch(n.path("timeEpoch").asLong(0))
                .withRequestId(text(n, "requestId"))
                .withHttp(http(n.get("http")))
                .withAuthorizer(authorizer(n.get("authorizer")))
                .build();
    }

    private static Http http(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        return Http.builder().withMethod(text(n, "method")).withPath(text(n, "path"))
                .withProtocol(text(n, "protocol")).withSourceIp(text(n, "sourceIp"))
                .withUserAgent(text(n, "userAgent")).build();
    }

    private static Authorizer authorizer(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode jwt = n.get("jwt");
        return Authorizer.builder()
                .withJwt(jwt == null || !jwt.isObject() ? null : Authorizer.JWT.builder()
                        .withClaims(textMap(jwt.get("claims"))).withScopes(texts(jwt.get("scopes"))).build())
                .withLambda(objectMap(n.get("lambda")))
                .withIam(iam(n.get("iam")))
                .build();
    }

    private static IAM iam(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode cognito = n.get("cognitoIdentity");
        return IAM.builder().withAccessKey(text(n, "accessKey")).withAccountId(text(n, "accountId"))
                .withCallerId(text(n, "callerId")).withPrincipalOrgId(text(n, "principalOrgId"))
                .withUserArn(text(n, "userArn")).withUserId(text(n, "userId"))
                .withCognitoIdentity(cognito == null || !cognito.isObject() ? null : CognitoIdentity.builder()
                        .withAmr(texts(cognito.get("amr"))).withIdentityId(text(cognito, "identityId"))
                        .withIdentityPoolId(text(cognito, "identityPoolId")).build())
                .build();
    }

    /** The response as API Gateway reads it, without the null fields the bean has. */
    static ObjectNode response(APIGatewayV2HTTPResponse response) {
        ObjectNode out = Json.object();
        out.put("statusCode", response.getStatusCode());
        if (response.getHeaders() != null) {
            ObjectNode headers = out.putObject("headers");
            response.getHeaders().forEach(headers::put);
        }
        if (response.getMultiValueHeaders() != null) {
            ObjectNode headers = out.putObject("multiValueHeaders");
            response.getMultiValueHeaders().forEach((name, values) -> values.forEach(headers.withArray(name)::add));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(out.putArray("cookies")::add);
        }
        if (response.getBody() != null) {
            out.put("body", response.getBody());
        }
        out.put("isBase64Encoded", response.getIsBase64Encoded());
        return out;
    }

    /** A scalar as text (numbers and booleans as the bean binding coerced them); null for null, objects and arrays. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }

    private static List<String> texts(JsonNode n) {
        if (n == null || !n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(n.size());
        n.forEach(v -> out.add(v.isNull() ? null : v.asText()));
        return out;
    }

    private static Map<String, String> textMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().isValueNode() && !e.getValue().isNull()
                ? e.getValue().asText() : null));
        return out;
    }

    private static Map<String, Object> objectMap(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    /** A Lambda authorizer's context as the bean binding gave it: maps, lists, strings, numbers, booleans. */
    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            return objectMap(v);
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>(v.size());
            v.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isNull() ? null : v.asText();
    }
}
